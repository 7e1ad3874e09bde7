"""Admin of the stock app: rule configuration (PDI checklist, care intervals,
stock policy) and inspection. A vehicle's state and the forms are read-only
here: they change only through the services (the bulk release action calls
vehicle_release, so an unpaid car is refused here too, STK-OUT-1)."""

from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _

from dealership.admin import RetiredNotDeletedAdmin, StoreScopedAdmin
from dealership.errors import DomainError
from inventory import models, services


@admin.register(models.Warehouse)
class WarehouseAdmin(StoreScopedAdmin):
    list_display = ["code", "name", "kind", "store", "capacity"]
    list_filter = ["store", "kind"]
    search_fields = ["code", "name"]


class KeyInline(admin.TabularInline):
    model = models.VehicleKey
    fields = ["number", "is_spare", "cabinet_slot", "custody"]
    readonly_fields = ["custody"]
    extra = 0


class DocumentInline(admin.TabularInline):
    model = models.VehicleDocument
    fields = ["kind", "number", "custody", "location"]
    readonly_fields = ["custody"]
    extra = 0


@admin.register(models.Vehicle)
class VehicleAdmin(StoreScopedAdmin):
    list_display = ["vin", "model_name", "colour", "state", "warehouse", "bay", "order", "store"]
    list_filter = ["store", "state", "model_name"]
    search_fields = ["vin", "engine_number", "order__number"]
    list_select_related = ["warehouse", "order", "store"]
    readonly_fields = [
        "state", "order", "store", "vin", "arrival_date", "arrived_at", "arrived_by",
        "warehouse", "bay",
    ]  # fmt: skip
    inlines = [KeyInline, DocumentInline]
    actions = ["release_selected"]

    def has_add_permission(self, request):
        return False  # registration goes through vehicle_register (VIN check)

    @admin.action(description=_("Release the selected cars (outbound form)"))
    def release_selected(self, request, queryset):
        for vehicle in queryset:
            try:
                services.vehicle_release(vehicle=vehicle, by=request.user)
            except DomainError as exc:
                self.message_user(request, f"{vehicle.vin}: {exc.message}", messages.ERROR)
            else:
                self.message_user(request, f"{vehicle.vin}: OK", messages.SUCCESS)


class ReadOnlyAdmin(StoreScopedAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(models.Movement)
class MovementAdmin(ReadOnlyAdmin):
    list_display = ["at", "vehicle", "action", "from_state", "to_state", "form_number", "by"]
    list_filter = ["store", "action"]
    search_fields = ["vehicle__vin", "form_number"]


for _model in (
    models.InboundForm,
    models.OutboundForm,
    models.PaymentConfirmation,
    models.ReleaseSlip,
    models.GatePass,
    models.DeliveryConfirmation,
    models.Transfer,
    models.Dispatch,
    models.CarSelectionRequest,
    models.KeyLog,
    models.PdiInspection,
    models.CareTask,
    models.StormAlert,
    models.StockSpotCheck,
):
    admin.site.register(_model, ReadOnlyAdmin)


@admin.register(models.PdiChecklistItem)
class PdiChecklistItemAdmin(RetiredNotDeletedAdmin):
    """STK-IN-1: the PDI form's items are data."""

    list_display = ["position", "code", "name", "name_en", "is_active"]
    list_editable = ["name", "name_en", "is_active"]
    list_display_links = ["code"]


@admin.register(models.CareRule)
class CareRuleAdmin(RetiredNotDeletedAdmin):
    """MNT-*: how often each storage-care task recurs."""

    list_display = ["kind", "period", "min_days_in_stock", "reading", "is_active"]
    list_editable = ["period", "min_days_in_stock", "is_active"]


@admin.register(models.StockPolicy)
class StockPolicyAdmin(StoreScopedAdmin):
    list_display = [
        "store", "key_return_hours", "not_started_days", "pdi_due_hours", "spot_checks_per_month",
    ]  # fmt: skip
