"""Writes of the dashboards: the month's written order suggestion
(RPT-ORDER-PLAN). KPI targets are edited in the admin site."""

from __future__ import annotations

from datetime import date

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from dealership.dashboard.models import OrderPlan
from dealership.dashboard.rules import ORDER_PLAN_EDITOR_ROLES
from dealership.errors import DomainError
from dealership.models import Store, User


def user_can_edit_order_plan(user: User) -> bool:
    return user.is_superuser or user.has_role(*ORDER_PLAN_EDITOR_ROLES)


def order_plan_save(*, store: Store, month: date, rows: list[dict], by: User) -> list[OrderPlan]:
    """RPT-ORDER-PLAN: the information officer (or the manager correcting it)
    writes the month's N+0.5 / N+2 / N+3 per model. Saving again replaces the
    month's figures of those models; every row records who wrote it and when.
    Each row: model_name, n_half, n_plus_2, n_plus_3, note."""
    if not user_can_edit_order_plan(by):
        raise DomainError(
            "ORDER_PLAN_FORBIDDEN",
            _("Only the information officer or the sales manager writes the order plan."),
        )
    if not by.is_superuser and not by.stores.filter(pk=store.pk).exists():
        raise DomainError("ORDER_PLAN_FORBIDDEN", _("You do not work in this store."))
    month = month.replace(day=1)
    now = timezone.now()
    saved = []
    with transaction.atomic():
        for row in rows:
            plan, _created = OrderPlan.objects.update_or_create(
                store=store,
                month=month,
                model_name=row["model_name"],
                defaults={
                    "n_half": row["n_half"],
                    "n_plus_2": row["n_plus_2"],
                    "n_plus_3": row["n_plus_3"],
                    "note": row.get("note", ""),
                    "by": by,
                    "at": now,
                },
            )
            saved.append(plan)
    return saved
