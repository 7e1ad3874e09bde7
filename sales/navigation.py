from django.utils.translation import gettext_lazy as _

from dealership.navigation import NavItem
from sales.rules import AFFAIRS_ROLES, LOAN_TRACKER_ROLES
from sales.selectors.access import SALES_MANAGEMENT_ROLES
from sales.views.common import SALES_ROLES

ROLES = frozenset(SALES_ROLES)
MANAGERS = frozenset(SALES_MANAGEMENT_ROLES)

NAV_ITEMS = [
    NavItem("visit_new", _("Log a visit"), "sales:visit_new", roles=ROLES, order=10),
    NavItem("customers", _("Customers"), "sales:customer_list", roles=ROLES, order=11),
    NavItem("day_view", _("Reception log"), "sales:day_view", roles=ROLES, order=12),
    NavItem("orders", _("Orders"), "sales:order_list", roles=ROLES, order=13),
    NavItem("deliveries", _("Deliveries"), "sales:delivery_list", roles=ROLES, order=14),
    NavItem(
        "affairs",
        _("Vehicle affairs"),
        "sales:affairs_desk",
        roles=frozenset(AFFAIRS_ROLES),
        order=15,
    ),
    NavItem(
        "loans",
        _("Loan follow-up"),
        "sales:loan_list",
        roles=frozenset(LOAN_TRACKER_ROLES),
        order=16,
    ),
    NavItem("lost", _("Lost requests"), "sales:lost_list", roles=MANAGERS, order=60),
    NavItem("reassign", _("Reassignment"), "sales:reassign", roles=MANAGERS, order=61),
    NavItem("spot_check", _("Spot check"), "sales:spot_check", roles=MANAGERS, order=62),
]
