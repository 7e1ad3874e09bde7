"""Navigation of the follow-ups app: consultants' Today, managers' compliance."""

from django.utils.translation import gettext_lazy as _

from dealership.navigation import NavItem
from followups.rules import MANAGER_ROLES, TODAY_ROLES

NAV_ITEMS = [
    NavItem("followups_today", _("Today"), "followups:today", roles=TODAY_ROLES, order=5),
    NavItem(
        "followups_compliance",
        _("Follow-up compliance"),
        "followups:compliance",
        roles=MANAGER_ROLES,
        order=60,
    ),
]
