"""Sales configuration (store policy: SMS deadline and template, reassignment
days, spot-check size; test cars) and read-mostly inspection of the records."""

from django.contrib import admin

from dealership.admin import StoreScopedAdmin
from sales.models import (
    Customer,
    Delivery,
    GradeChange,
    LostRequest,
    Order,
    OrderAccessory,
    Reassignment,
    SalesPolicy,
    SmsMessage,
    TestCar,
    TestDrive,
    Visit,
)


@admin.register(SalesPolicy)
class SalesPolicyAdmin(StoreScopedAdmin):
    list_display = [
        "store",
        "sms_deadline_minutes",
        "reassign_after_days",
        "management_after_days",
        "gm_office_after_days",
        "spot_check_sample",
        "morning_check_due_at",
    ]


@admin.register(TestCar)
class TestCarAdmin(StoreScopedAdmin):
    list_display = ["model_name", "plate", "vin", "store", "is_active"]
    list_filter = ["store", "is_active"]


class ReadOnlyAdmin(StoreScopedAdmin):
    """Records are written through the pages (services); the admin inspects."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class GradeChangeInline(admin.TabularInline):
    model = GradeChange
    extra = 0
    can_delete = False
    readonly_fields = ["from_grade", "to_grade", "reason", "changed_by", "changed_at"]

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Customer)
class CustomerAdmin(ReadOnlyAdmin):
    list_display = [
        "name",
        "mobile",
        "grade",
        "consultant",
        "owner",
        "source_channel",
        "created_at",
    ]
    list_filter = ["store", "grade", "owner", "source_channel"]
    search_fields = ["name", "mobile"]
    list_select_related = ["consultant"]
    inlines = [GradeChangeInline]


@admin.register(Visit)
class VisitAdmin(ReadOnlyAdmin):
    list_display = ["started_at", "customer", "consultant", "kind", "source_channel", "is_first"]
    list_filter = ["store", "kind", "source_channel"]
    list_select_related = ["customer", "consultant"]


@admin.register(SmsMessage)
class SmsAdmin(ReadOnlyAdmin):
    list_display = ["mobile", "due_at", "sent_at", "backend", "error"]
    list_filter = ["store", "backend"]


@admin.register(TestDrive)
class TestDriveAdmin(ReadOnlyAdmin):
    list_display = ["started_at", "customer", "test_car", "driver_name", "ended_at"]
    list_select_related = ["customer", "test_car"]


class AccessoryInline(admin.TabularInline):
    model = OrderAccessory
    extra = 0
    can_delete = False
    readonly_fields = ["name", "quantity", "unit_price", "installed_at"]

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Order)
class OrderAdmin(ReadOnlyAdmin):
    list_display = ["number", "full_name", "model_name", "price", "status", "consultant"]
    list_filter = ["store", "status"]
    search_fields = ["number", "full_name", "mobile"]
    list_select_related = ["consultant"]
    inlines = [AccessoryInline]


@admin.register(Delivery)
class DeliveryAdmin(ReadOnlyAdmin):
    list_display = ["delivered_at", "order", "vin", "class_done_at", "three_guarantee_confirmed_at"]
    list_select_related = ["order"]


@admin.register(LostRequest)
class LostRequestAdmin(ReadOnlyAdmin):
    list_display = ["customer", "reason", "competitor_brand", "competitor_price", "status"]
    list_filter = ["store", "status", "reason"]
    list_select_related = ["customer"]


@admin.register(Reassignment)
class ReassignmentAdmin(ReadOnlyAdmin):
    list_display = ["at", "customer", "kind", "from_consultant", "to_consultant", "by"]
    list_select_related = ["customer", "from_consultant", "to_consultant", "by"]
