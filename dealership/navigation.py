"""The navigation each role sees (ORG-2). Each app lists its pages in its own
`navigation.py` (NAV_ITEMS), naming the roles that use them."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from importlib import import_module

from django.urls import reverse
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from dealership.rules import ORGANISATION_VIEWER_ROLES


@dataclass(frozen=True)
class NavItem:
    key: str
    label: str | Promise
    url_name: str
    roles: frozenset[str] | None = None  # None: everyone signed in
    staff_only: bool = False  # Django admin access
    order: int = 50

    def visible_to(self, user) -> bool:
        if self.staff_only:
            return user.is_staff
        if self.roles is None or user.is_superuser:
            return True
        return user.has_role(*self.roles)

    @property
    def url(self) -> str:
        return reverse(self.url_name)


NAV_ITEMS: list[NavItem] = [
    NavItem("home", _("Home"), "home", order=0),
    NavItem(
        "organisation",
        _("Organisation"),
        "org:store_list",
        roles=ORGANISATION_VIEWER_ROLES,
        order=80,
    ),
    NavItem("admin", _("Settings and rules"), "admin:index", staff_only=True, order=90),
]

# Apps whose navigation.py contributes NAV_ITEMS (in this order).
NAV_APPS = ["sales", "followups", "inventory", "showroom", "scoring"]


@lru_cache(maxsize=1)
def all_nav_items() -> tuple[NavItem, ...]:
    items = list(NAV_ITEMS)
    for app in NAV_APPS:
        try:
            module = import_module(f"{app}.navigation")
        except ModuleNotFoundError:
            continue
        items.extend(getattr(module, "NAV_ITEMS", []))
    return tuple(sorted(items, key=lambda item: item.order))


def nav_items_for(user) -> list[NavItem]:
    if not user.is_authenticated:
        return []
    return [item for item in all_nav_items() if item.visible_to(user)]
