"""The navigation each role sees (ORG-2). Each app lists its pages in its own
`navigation.py` (NAV_ITEMS), naming the roles that use them."""

from __future__ import annotations

from dataclasses import dataclass, replace
from functools import lru_cache
from importlib import import_module

from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.functional import Promise
from django.utils.safestring import SafeString
from django.utils.translation import get_language
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
    section: str = ""  # the app it belongs to; its pages share one menu

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

# Apps whose navigation.py contributes NAV_ITEMS (in this order), with the
# label of the menu that groups an app's pages when a person has several.
NAV_APPS = ["sales", "followups", "inventory", "showroom", "scoring", "dealership.dashboard"]
SECTION_LABELS = {
    "sales": _("Customers"),
    "followups": _("Follow-ups"),
    "inventory": _("Stock"),
    "showroom": _("Showroom"),
    "scoring": _("Points"),
    "dealership.dashboard": _("Dashboards"),
}


@dataclass(frozen=True)
class NavSection:
    """One entry of the top bar: a single page, or a menu of an app's pages."""

    key: str
    label: str | Promise
    items: tuple[NavItem, ...]


@lru_cache(maxsize=1)
def all_nav_items() -> tuple[NavItem, ...]:
    items = list(NAV_ITEMS)
    for app in NAV_APPS:
        try:
            module = import_module(f"{app}.navigation")
        except ModuleNotFoundError:
            continue
        items.extend(replace(item, section=app) for item in getattr(module, "NAV_ITEMS", []))
    return tuple(sorted(items, key=lambda item: item.order))


_BARS_MAX = 512  # role sets (x languages for the bars); cleared when full
_visible: dict[tuple, list[NavItem]] = {}


def nav_items_for(user) -> list[NavItem]:
    """The pages a person sees: the same for everyone with the same roles and
    admin flags, so worked out once per such set in this process."""
    if not user.is_authenticated:
        return []
    key = (frozenset(user.role_codes), user.is_staff, user.is_superuser)
    items = _visible.get(key)
    if items is None:
        if len(_visible) >= _BARS_MAX:
            _visible.clear()
        items = _visible[key] = [item for item in all_nav_items() if item.visible_to(user)]
    return list(items)


def nav_sections_for(user) -> list[NavSection]:
    return sections_of(nav_items_for(user))


def sections_of(items: list[NavItem]) -> list[NavSection]:
    """The top bar: an app's pages under one menu, in the order of their
    first page, so that a manager with many pages still gets a readable bar."""
    sections: dict[str, list[NavItem]] = {}
    for item in items:
        sections.setdefault(item.section or item.key, []).append(item)
    return [
        NavSection(key=key, label=SECTION_LABELS.get(key, items[0].label), items=tuple(items))
        for key, items in sections.items()
    ]


_bars: dict[tuple, SafeString] = {}


def nav_bar_html(items: list[NavItem]) -> SafeString:
    """The top bar's menus for these pages, rendered once per set of pages
    and language in this process: it is on every page and the same for
    everyone who holds the same roles (a page of the boards has a budget of
    a few milliseconds beyond its SQL, issue 8)."""
    key = (tuple(item.key for item in items), get_language())
    html = _bars.get(key)
    if html is None:
        html = render_to_string("dealership/_nav_bar.html", {"nav_sections": sections_of(items)})
        if len(_bars) >= _BARS_MAX:
            _bars.clear()
        _bars[key] = html
    return html
