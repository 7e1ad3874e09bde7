"""Navigation of the follow-ups app: consultants' Today, managers' compliance,
supervisors' weekly DMS reconciliation."""

from django.utils.translation import gettext_lazy as _

from dealership.navigation import NavItem
from followups.rules import DMS_VIEWER_ROLES, MANAGER_ROLES, TODAY_ROLES

NAV_ITEMS = [
    NavItem("followups_today", _("Today"), "followups:today", roles=TODAY_ROLES, order=5),
    NavItem(
        "followups_compliance",
        _("Follow-up compliance"),
        "followups:compliance",
        roles=MANAGER_ROLES,
        order=60,
    ),
    NavItem(
        "followups_dms",
        _("DMS reconciliation"),
        "followups:dms",
        roles=DMS_VIEWER_ROLES,
        order=61,
    ),
]
