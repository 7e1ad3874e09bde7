"""Who the per-person boards list."""

from __future__ import annotations

from collections.abc import Iterable

from django.db.models import Q

from dealership.compiled import model_rows
from dealership.models import Store, User
from dealership.rules import Role


def _consultants(store_id, role, ids):
    in_store = Q(stores=store_id, is_active=True, groups__name=role)
    return (
        User.objects.filter(in_store | Q(pk__in=ids))
        .distinct()
        .order_by("sales_group", "full_name", "username")
    )


def store_consultants(store: Store, extra_ids: Iterable[int] = ()) -> list[User]:
    """The store's active consultants, plus anyone else credited with a figure
    (a manager who received a customer), by group and name. One query,
    compiled once per number of extra people (dealership.compiled)."""
    ids = sorted({i for i in extra_ids if i is not None})
    return model_rows(
        "dashboard.consultants",
        _consultants,
        store_id=store.pk,
        role=str(Role.SALES_CONSULTANT),
        ids=ids,
    )
