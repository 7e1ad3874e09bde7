"""Writes of the dashboards: the month's written order suggestion
(RPT-ORDER-PLAN) and the month-end lost-customer analysis (RPT-LOST). KPI
targets are edited in the admin site."""

from __future__ import annotations

from datetime import date

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from dealership.dashboard.models import LostAnalysisReport, OrderPlan
from dealership.dashboard.rules import LOST_ANALYSIS_EDITOR_ROLES, ORDER_PLAN_EDITOR_ROLES
from dealership.errors import ConflictError, DomainError, ForbiddenError
from dealership.models import Store, User
from dealership.selectors import user_works_in_store
from dealership.timeutil import store_today


def _require_editor(by: User, store: Store, *, allowed: bool, code: str, message: str) -> None:
    """The writer holds the role (allowed) and works in the store (ORG-1)."""
    if not allowed:
        raise ForbiddenError(code, message)
    if not user_works_in_store(user=by, store_id=store.pk):
        raise ForbiddenError(code, _("You do not work in this store."))


def user_can_edit_order_plan(user: User) -> bool:
    return user.is_superuser or user.has_role(*ORDER_PLAN_EDITOR_ROLES)


def order_plan_save(*, store: Store, month: date, rows: list[dict], by: User) -> list[OrderPlan]:
    """RPT-ORDER-PLAN: the information officer (or the manager correcting it)
    writes the month's N+0.5 / N+2 / N+3 per model. Saving again replaces the
    month's figures of those models; every row records who wrote it and when,
    and keeps when it was first written (the RPT-ORDER-PLAN deadline check).
    Each row: model_name, n_half, n_plus_2, n_plus_3, note."""
    _require_editor(
        by,
        store,
        allowed=user_can_edit_order_plan(by),
        code="ORDER_PLAN_FORBIDDEN",
        message=_("Only the information officer or the sales manager writes the order plan."),
    )
    month = month.replace(day=1)
    now = timezone.now()
    saved = []
    with transaction.atomic():
        for row in rows:
            figures = {
                "n_half": row["n_half"],
                "n_plus_2": row["n_plus_2"],
                "n_plus_3": row["n_plus_3"],
                "note": row.get("note", ""),
                "by": by,
                "at": now,
            }
            plan, _created = OrderPlan.objects.update_or_create(
                store=store,
                month=month,
                model_name=row["model_name"],
                defaults=figures,
                create_defaults={**figures, "first_at": now},
            )
            saved.append(plan)
    return saved


def user_can_submit_lost_analysis(user: User) -> bool:
    return user.is_superuser or user.has_role(*LOST_ANALYSIS_EDITOR_ROLES)


def lost_analysis_submit(
    *, store: Store, month: date, analysis: str, by: User
) -> LostAnalysisReport:
    """RPT-LOST: the sales supervisor (or the manager in their place) submits
    the written analysis of a month's lost and out-of-control customers, once
    per store and month; the month-end check (scoring.checks) looks for it."""
    _require_editor(
        by,
        store,
        allowed=user_can_submit_lost_analysis(by),
        code="LOST_ANALYSIS_FORBIDDEN",
        message=_(
            "Only the sales supervisor or the sales manager submits the lost-customer analysis."
        ),
    )
    month = month.replace(day=1)
    if month > store_today(store).replace(day=1):
        raise DomainError("LOST_ANALYSIS_FUTURE", _("This month has not started yet."))
    text = analysis.strip()
    if not text:
        raise DomainError("LOST_ANALYSIS_EMPTY", _("Write the analysis."), field="analysis")
    try:
        with transaction.atomic():
            return LostAnalysisReport.objects.create(
                store=store,
                month=month,
                analysis=text,
                submitted_by=by,
                submitted_at=timezone.now(),
            )
    except IntegrityError:
        raise ConflictError(
            "LOST_ANALYSIS_EXISTS", _("The analysis of this month has already been submitted.")
        ) from None
