"""Monthly KPI targets are edited here (RPT-KANBAN); order plans and the
lost-customer analyses are written on the dashboard and only inspected here."""

from django.contrib import admin

from dealership.dashboard.models import KpiTarget, LostAnalysisReport, OrderPlan


class StoreScopedAdmin(admin.ModelAdmin):
    """A manager sees only the records of their stores (ORG-1)."""

    def get_queryset(self, request):
        return super().get_queryset(request).for_user(request.user)

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "store" and not request.user.is_superuser:
            kwargs["queryset"] = request.user.stores.all()
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


@admin.register(KpiTarget)
class KpiTargetAdmin(StoreScopedAdmin):
    list_display = [
        "month",
        "store",
        "consultant",
        "visits",
        "new_leads",
        "test_drives",
        "orders",
        "deliveries",
    ]
    list_filter = ["store", "month"]
    autocomplete_fields = ["consultant"]


@admin.register(OrderPlan)
class OrderPlanAdmin(StoreScopedAdmin):
    list_display = ["month", "store", "model_name", "n_half", "n_plus_2", "n_plus_3", "by", "at"]
    list_filter = ["store", "month"]
    readonly_fields = ["by", "at", "first_at"]


@admin.register(LostAnalysisReport)
class LostAnalysisReportAdmin(StoreScopedAdmin):
    """RPT-LOST: read-only; the supervisor submits on the lost-customer board."""

    list_display = ["month", "store", "submitted_by", "submitted_at"]
    list_filter = ["store", "month"]

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False
