"""Checks shared by the showroom services: role, store and staff."""

from __future__ import annotations

from collections.abc import Callable

from django.utils.translation import gettext as _

from dealership.errors import DomainError, ForbiddenError
from dealership.models import Store, User
from dealership.rules import Role
from dealership.selectors import person_in_store, staff_with_role
from dealership.services import notification_send


class RoleRequired(ForbiddenError):
    """The person lacks the role the rule names (HTTP 403)."""


def require_role(user: User, roles: tuple[str, ...], message: str) -> None:
    """Refuse (ROLE_REQUIRED) unless the person holds one of the roles."""
    if not (user.is_superuser or user.has_role(*roles)):
        raise RoleRequired("ROLE_REQUIRED", message)


def require_staff_of(person: User, store: Store, field: str) -> None:
    if not person_in_store(person=person, store_id=store.pk):
        raise DomainError(
            "PERSON_OTHER_STORE", _("This person does not work in this store."), field=field
        )


def notify_managers(
    *, store: Store, key: str, title: Callable[[], str], body: str = "", url: str = ""
) -> int:
    """Tell the store's sales managers and supervisors once per key."""
    people = {
        *staff_with_role(store=store, role=Role.SALES_MANAGER),
        *staff_with_role(store=store, role=Role.SALES_SUPERVISOR),
    }
    return sum(
        notification_send(user=person, key=key, title=title, body=body, url=url, store=store)
        for person in people
    )
