"""Who the per-person boards list."""

from __future__ import annotations

from collections.abc import Iterable

from django.db.models import Q

from dealership.models import Store, User
from dealership.rules import Role


def store_consultants(store: Store, extra_ids: Iterable[int] = ()) -> list[User]:
    """The store's active consultants, plus anyone else credited with a figure
    (a manager who received a customer), by group and name. One query."""
    in_store = Q(stores=store, is_active=True, groups__name=Role.SALES_CONSULTANT)
    return list(
        User.objects.filter(in_store | Q(pk__in=list(extra_ids)))
        .distinct()
        .order_by("sales_group", "full_name", "username")
    )
