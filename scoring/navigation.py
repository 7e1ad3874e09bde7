"""Pages of the scoring app in the navigation (ORG-2)."""

from django.utils.translation import gettext_lazy as _

from dealership.navigation import NavItem
from scoring.rules import (
    APPEAL_DECIDER_ROLES,
    INCENTIVE_ROLES,
    MANUAL_ENTRY_ROLES,
    REPORT_WRITER_ROLES,
)

NAV_ITEMS = [
    NavItem("scoring_statement", _("Points"), "scoring:statement", order=60),
    NavItem(
        "scoring_reports",
        _("Reports and logs"),
        "scoring:report_home",
        roles=REPORT_WRITER_ROLES,
        order=61,
    ),
    NavItem(
        "scoring_entry_create",
        _("Record penalty"),
        "scoring:entry_create",
        roles=MANUAL_ENTRY_ROLES,
        order=62,
    ),
    NavItem(
        "scoring_appeals", _("Appeals"), "scoring:appeal_list", roles=APPEAL_DECIDER_ROLES, order=63
    ),
    NavItem(
        "scoring_incentives",
        _("Incentives"),
        "scoring:incentives",
        roles=INCENTIVE_ROLES,
        order=67,
    ),
]
