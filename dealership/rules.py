"""Organisation rules (RULES.md section 1, ORG-1..5): roles, sales groups and
what each role may do. Roles are Django groups; this module is the one place
that says which permissions a role carries, so a rule changes in one place.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal
from importlib import import_module

from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    """ORG-2: the roles of the seed's job-duty chapters. The value is the Django
    group's name (stable); the label is what people read."""

    GM_OFFICE = "gm_office", _("General manager's office")
    SALES_MANAGER = "sales_manager", _("Sales manager")
    SALES_SUPERVISOR = "sales_supervisor", _("Sales supervisor")
    TRAINING_SUPERVISOR = "training_supervisor", _("Training supervisor")
    GROUP_LEADER = "group_leader", _("Sales group leader")
    SALES_CONSULTANT = "sales_consultant", _("Sales consultant")
    INFO_OFFICER = "info_officer", _("Information officer")
    DCC = "dcc", _("DCC specialist")
    MARKETING = "marketing", _("Marketing")
    WAREHOUSE_CLERK = "warehouse_clerk", _("Vehicle administrator / warehouse clerk")
    VEHICLE_AFFAIRS = "vehicle_affairs", _("Vehicle affairs clerk")
    FINANCE = "finance", _("Finance")
    TECHNICIAN = "technician", _("After-sales technician")
    ADMINISTRATION = "administration", _("Administration")


class SalesGroup(models.TextChoices):
    """ORG-3: consultants belong to group A or B; LEAD-8 reassigns across them."""

    A = "A", _("Group A")
    B = "B", _("Group B")


def other_sales_group(group: str) -> str:
    """LEAD-8: A's customers go to group B and B's to group A."""
    return SalesGroup.B if group == SalesGroup.A else SalesGroup.A


# Roles that see every record of their stores (not only their own).
STORE_WIDE_ROLES = frozenset(
    {
        Role.GM_OFFICE,
        Role.SALES_MANAGER,
        Role.SALES_SUPERVISOR,
        Role.INFO_OFFICER,
    }
)

# ORG-2: roles of the dealer group's office, granted in the admin by a
# superuser only (a store's manager grants the store's roles).
GROUP_LEVEL_ROLES = frozenset({Role.GM_OFFICE})

# [seed] 车辆管理员岗位职责: "如遇休息，应将本职工作与销售主管交接清楚，以便工作
# 的正常开展". On a day every vehicle administrator of a store is on a rest day
# (DayOff), the store's sales supervisors hold that role in the store: cars
# still arrive, are received and leave. {absent role: the role that stands in}.
STAND_INS = {Role.WAREHOUSE_CLERK: Role.SALES_SUPERVISOR}

# ORG-3: roles whose holder belongs to sales group A or B.
GROUPED_ROLES = frozenset({Role.SALES_CONSULTANT, Role.GROUP_LEADER})

# Roles that may look at the organisation pages of their stores.
ORGANISATION_VIEWER_ROLES = frozenset(
    {Role.GM_OFFICE, Role.SALES_MANAGER, Role.SALES_SUPERVISOR, Role.ADMINISTRATION}
)

# ORG-2: permissions each role's group carries ("app_label.codename") for the
# organisation. Each app adds its own in its rules.ROLE_PERMISSIONS.
ROLE_PERMISSIONS: dict[str, set[str]] = {
    Role.GM_OFFICE: {
        "dealership.view_store",
        "dealership.view_user",
        "dealership.view_heartbeat",
    },
    Role.SALES_MANAGER: {
        "dealership.view_store",
        "dealership.view_user",
        "dealership.change_user",
        "dealership.view_heartbeat",
        # the rest-day rota (轮休, DayOff)
        "dealership.view_dayoff",
        "dealership.add_dayoff",
        "dealership.change_dayoff",
        "dealership.delete_dayoff",
        "django_celery_beat.view_periodictask",
        "django_celery_beat.change_periodictask",
    },
    Role.SALES_SUPERVISOR: {
        "dealership.view_store",
        "dealership.view_user",
        "dealership.view_dayoff",
        "dealership.add_dayoff",
        "dealership.change_dayoff",
        "dealership.delete_dayoff",
    },
    Role.TRAINING_SUPERVISOR: {"dealership.view_user"},
    Role.GROUP_LEADER: {"dealership.view_user"},
    Role.SALES_CONSULTANT: set(),
    Role.INFO_OFFICER: {"dealership.view_store"},
    Role.DCC: set(),
    Role.MARKETING: set(),
    Role.WAREHOUSE_CLERK: set(),
    Role.VEHICLE_AFFAIRS: set(),
    Role.FINANCE: set(),
    Role.TECHNICIAN: set(),
    Role.ADMINISTRATION: {"dealership.view_user"},
}


PERMISSION_APPS = ["sales", "followups", "inventory", "showroom", "scoring", "dealership.dashboard"]


def all_role_permissions() -> dict[str, set[str]]:
    """ROLE_PERMISSIONS of the organisation merged with those of every app."""
    merged = {role: set(perms) for role, perms in ROLE_PERMISSIONS.items()}
    for app in PERMISSION_APPS:
        extra = getattr(import_module(f"{app}.rules"), "ROLE_PERMISSIONS", {})
        for role, perms in extra.items():
            merged.setdefault(role, set()).update(perms)
    return merged


def percent(numerator: int, denominator: int) -> Decimal | None:
    """A rate as a percentage with one decimal, rounded half up as the stores
    round by hand (1/16 = 6.3%); None when the base is zero. Every rate of the
    system (LEAD-3 registration rate, the boards' rates) goes through here."""
    if not denominator:
        return None
    return (Decimal(numerator) * 100 / Decimal(denominator)).quantize(Decimal("0.1"), ROUND_HALF_UP)
