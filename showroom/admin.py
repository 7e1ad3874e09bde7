"""Showroom configuration (checklist items, showroom spots) and read-only
inspection of the morning checks and front-desk records."""

from django.contrib import admin

from dealership.admin import RetiredNotDeletedAdmin, StoreScopedAdmin
from showroom.models import (
    ChecklistItem,
    ChecklistRun,
    DeskIncident,
    DeskShift,
    RunCheck,
    ShowroomSpot,
)


class ReadOnlyAdmin(StoreScopedAdmin):
    """Records written by the services only; the admin inspects them."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(ChecklistItem)
class ChecklistItemAdmin(RetiredNotDeletedAdmin):
    list_display = ["position", "kind", "code", "text", "text_en", "blocks_test_drive", "is_active"]
    list_editable = ["text", "text_en", "blocks_test_drive", "is_active"]
    list_display_links = ["code"]
    list_filter = ["kind", "is_active", "blocks_test_drive"]
    search_fields = ["code", "text", "text_en"]


@admin.register(ShowroomSpot)
class ShowroomSpotAdmin(StoreScopedAdmin):
    list_display = ["store", "position", "code", "name", "vehicle", "is_active"]
    list_filter = ["store", "is_active"]
    list_select_related = ["store", "vehicle"]
    # The car on a spot changes only through the stock movement (services).
    readonly_fields = ["vehicle"]


class RunCheckInline(admin.TabularInline):
    model = RunCheck
    fields = ["item", "vehicle", "test_car", "result", "note", "photo", "responsible", "fixed_at"]
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(ChecklistRun)
class ChecklistRunAdmin(ReadOnlyAdmin):
    list_display = ["day", "store", "signed_off_at", "signed_off_by"]
    list_filter = ["store", "day"]
    date_hierarchy = "day"
    inlines = [RunCheckInline]


@admin.register(RunCheck)
class RunCheckAdmin(ReadOnlyAdmin):
    store_field = "run__store"
    list_display = [
        "run",
        "item",
        "vehicle",
        "test_car",
        "result",
        "responsible",
        "checked_by",
        "fixed_at",
    ]
    list_filter = ["result", "item__kind"]
    list_select_related = ["run__store", "item", "vehicle", "test_car", "responsible", "checked_by"]


@admin.register(DeskShift)
class DeskShiftAdmin(ReadOnlyAdmin):
    list_display = ["day", "starts_at", "ends_at", "store", "sales_group", "first", "second"]
    list_filter = ["store", "sales_group"]
    date_hierarchy = "day"


@admin.register(DeskIncident)
class DeskIncidentAdmin(ReadOnlyAdmin):
    list_display = ["occurred_at", "store", "kind", "shift", "person", "recorded_by"]
    list_filter = ["store", "kind"]
