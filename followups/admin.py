"""Admin of the follow-ups: the cadence rules, first-service intervals and
reminder policies are configuration (RULES.md FU-*, [config]); tasks are for
inspection only (they change through the services)."""

from __future__ import annotations

from django.contrib import admin, messages
from django.utils import timezone
from django.utils.translation import gettext as _

from dealership.admin import (
    RetiredNotDeletedAdmin,
    ScopedListFiltersMixin,
    SharedCatalogueAdmin,
    StoreScopedAdmin,
)
from dealership.text import join_list
from followups.holidays import holiday_gaps
from followups.models import (
    DmsDiscrepancy,
    DmsReconciliation,
    FirstServiceInterval,
    Followup,
    FollowupPolicy,
    FollowupRule,
    Holiday,
)
from followups.rules import HolidaySource
from followups.windows import local_date


@admin.register(FollowupRule)
class FollowupRuleAdmin(RetiredNotDeletedAdmin):
    """FU-*: switched off with "active", not deleted."""

    list_display = [
        "code",
        "grade",
        "window_start_days",
        "window_end_days",
        "window_start_hours",
        "window_end_hours",
        "grace_hours",
        "missed_after_days",
        "late_rule_code",
        "missed_rule_code",
        "is_active",
    ]
    list_editable = [
        "window_start_days",
        "window_end_days",
        "grace_hours",
        "missed_after_days",
        "late_rule_code",
        "missed_rule_code",
        "is_active",
    ]
    # A rule's code fixes its grade (FU-H is the H customers' cadence): a
    # grade typed differently ("h") would follow up nobody.
    readonly_fields = ["code", "grade"]

    def has_add_permission(self, request) -> bool:
        return False  # one row per rule ID, loaded by the migration


@admin.register(FirstServiceInterval)
class FirstServiceIntervalAdmin(SharedCatalogueAdmin):
    list_display = ["model_name", "months", "km"]
    list_editable = ["months", "km"]
    search_fields = ["model_name"]


@admin.register(FollowupPolicy)
class FollowupPolicyAdmin(StoreScopedAdmin):
    list_display = [
        "store",
        "staff_sms_reminders",
        "reminder_hour",
        "care_lead_days",
        "dms_due_days",
    ]

    list_select_related = ["store"]


@admin.register(Followup)
class FollowupAdmin(StoreScopedAdmin):
    list_display = ["kind", "customer", "owner", "due_from", "due_by", "status", "completed_at"]
    list_filter = ["kind", "status", "store"]
    search_fields = ["customer__name", "customer__mobile", "owner__full_name", "slot"]
    date_hierarchy = "due_by"
    list_select_related = ["customer", "owner"]

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


@admin.register(Holiday)
class HolidayAdmin(SharedCatalogueAdmin):
    """FU-CARE: the holiday greeting days. Pre-filled from chinesecalendar and
    computed for fixed dates; the lunar festivals of a year the library does
    not know yet are entered here. The list warns while a year lacks some."""

    list_display = ["year", "key", "day", "source", "is_active"]
    list_editable = ["day", "is_active"]
    list_filter = ["year", "key", "source", "is_active"]
    fields = ["key", "year", "day", "is_active", "source"]
    readonly_fields = ["source"]

    def changelist_view(self, request, extra_context=None):
        if not self.has_change_permission(request):
            return super().changelist_view(request, extra_context)  # nothing to ask of them
        for year, labels in holiday_gaps(today=local_date(None, timezone.now())).items():
            self.message_user(
                request,
                _("%(year)s has no greeting day yet for: %(holidays)s. Enter them here.")
                % {"year": year, "holidays": join_list(labels)},
                messages.WARNING,
            )
        return super().changelist_view(request, extra_context)

    def save_model(self, request, obj, form, change):
        if form.changed_data and obj.source != HolidaySource.MANUAL:
            obj.source = HolidaySource.MANUAL  # a person's correction is theirs
        super().save_model(request, obj, form, change)

    def has_delete_permission(self, request, obj=None) -> bool:
        return False  # untick "greet" instead: a deleted row is filled in again


class DmsDiscrepancyInline(admin.TabularInline):
    model = DmsDiscrepancy
    fields = ["followup", "issue", "note", "created_by", "created_at"]
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None) -> bool:
        return False


@admin.register(DmsReconciliation)
class DmsReconciliationAdmin(ScopedListFiltersMixin, admin.ModelAdmin):
    """FU-DMS: for inspection; supervisors reconcile on the DMS page."""

    list_display = [
        "week_start",
        "consultant",
        "store",
        "status",
        "due_by",
        "reconciled_at",
        "reconciled_by",
    ]
    list_filter = ["status", "store", "week_start"]
    list_select_related = ["consultant", "store", "reconciled_by"]
    inlines = [DmsDiscrepancyInline]

    def get_queryset(self, request):
        qs = super().get_queryset(request)
        return qs if request.user.is_superuser else qs.filter(store__staff=request.user)

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False
