"""Monthly KPI targets are edited here (RPT-KANBAN); order plans and the
lost-customer analyses are written on the dashboard and only inspected here."""

from django.contrib import admin

from dealership.admin import StoreScopedAdmin
from dealership.dashboard.models import KpiTarget, LostAnalysisReport, OrderPlan


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
