"""The dashboards' navigation entry (listed in dealership.navigation.NAV_APPS)."""

from django.utils.translation import gettext_lazy as _

from dealership.dashboard.rules import DASHBOARD_ROLES
from dealership.navigation import NavItem

NAV_ITEMS = [
    NavItem("dashboard", _("Dashboards"), "dashboard:kpi", roles=DASHBOARD_ROLES, order=70),
]
