from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DashboardConfig(AppConfig):
    """The managers' dashboards (RPT-KPI-DAILY, RPT-KANBAN, RPT-STOCK-DAILY,
    RPT-ORDER-PLAN, RPT-LOST)."""

    name = "dealership.dashboard"
    label = "dashboard"
    verbose_name = _("Dashboards")
