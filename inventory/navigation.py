"""Navigation of the stock app (ORG-2): clerks scan and see stock, finance
its confirmations, managers approvals and stock, consultants their requests."""

from django.utils.translation import gettext_lazy as _

from dealership.navigation import NavItem
from dealership.rules import Role

_MANAGERS = frozenset({Role.SALES_MANAGER, Role.GM_OFFICE})

NAV_ITEMS = [
    NavItem(
        "inventory_scan", _("Scan"), "inventory:scan", frozenset({Role.WAREHOUSE_CLERK}), order=30
    ),
    NavItem(
        "inventory_stock",
        _("Stock"),
        "inventory:stock",
        frozenset({Role.WAREHOUSE_CLERK, Role.INFO_OFFICER, Role.SALES_SUPERVISOR}) | _MANAGERS,
        order=31,
    ),
    NavItem(
        "inventory_vehicles",
        _("Vehicles"),
        "inventory:vehicle_list",
        frozenset({Role.WAREHOUSE_CLERK, Role.INFO_OFFICER}) | _MANAGERS,
        order=31,
    ),
    NavItem(
        "inventory_payments",
        _("Payments and release slips"),
        "inventory:payments",
        frozenset({Role.FINANCE}),
        order=32,
    ),
    NavItem(
        "inventory_approvals", _("Stock approvals"), "inventory:approvals", _MANAGERS, order=33
    ),
    NavItem(
        "inventory_selection",
        _("Car-selection requests"),
        "inventory:selection_requests",
        frozenset({Role.SALES_CONSULTANT}),
        order=34,
    ),
    NavItem(
        "inventory_care",
        _("Storage care"),
        "inventory:care",
        frozenset({Role.WAREHOUSE_CLERK, Role.TECHNICIAN}),
        order=35,
    ),
    NavItem(
        "inventory_spot_checks",
        _("Random spot checks"),
        "inventory:spot_checks",
        frozenset({Role.WAREHOUSE_CLERK}),
        order=36,
    ),
]
