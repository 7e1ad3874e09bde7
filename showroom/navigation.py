"""Showroom pages in the navigation (ORG-2)."""

from django.utils.translation import gettext_lazy as _

from dealership.navigation import NavItem
from showroom.rules import BOARD_ROLES, RUN_VIEWER_ROLES

NAV_ITEMS = [
    NavItem(
        "desk_board", _("Front desk"), "showroom:desk_board", roles=frozenset(BOARD_ROLES), order=15
    ),
    NavItem(
        "morning_check",
        _("Morning check"),
        "showroom:run_list",
        roles=frozenset(RUN_VIEWER_ROLES),
        order=63,
    ),
    NavItem(
        "desk_plan",
        _("Front-desk rota"),
        "showroom:desk_plan",
        roles=frozenset(RUN_VIEWER_ROLES),
        order=64,
    ),
    NavItem(
        "desk_findings",
        _("Front-desk findings"),
        "showroom:desk_incidents",
        roles=frozenset(RUN_VIEWER_ROLES),
        order=65,
    ),
    NavItem(
        "spots",
        _("Display cars"),
        "showroom:spot_list",
        roles=frozenset(RUN_VIEWER_ROLES),
        order=66,
    ),
]
