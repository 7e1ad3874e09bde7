"""Reads of the penalty-point ledger and the reports (RULES.md PTS-1..5, RPT-*,
TRN-4). Every list is store-scoped (ORG-1) and loads its relations in a fixed
number of queries."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date
from decimal import Decimal

from django.db.models import Count, Q, QuerySet, Sum

from dealership.compiled import model_rows, values_rows
from dealership.models import Store, User
from dealership.rules import SalesGroup
from scoring.models import (
    MarketingEvent,
    MonthlyReport,
    PenaltyAppeal,
    PenaltyEntry,
    PenaltyRule,
    ReportDeadline,
    Training,
)
from scoring.rules import (
    APPEAL_DECIDER_ROLES,
    DEFAULT_DEADLINES,
    STATEMENT_VIEWER_ROLES,
    AppealStatus,
    DeadlineSetting,
    next_month,
)

ZERO = Decimal("0")


def user_sees_store_statement(*, user: User) -> bool:
    return user.is_superuser or user.has_role(*STATEMENT_VIEWER_ROLES)


def user_decides_appeals(*, user: User) -> bool:
    return user.is_superuser or user.has_role(*APPEAL_DECIDER_ROLES)


def penalty_entry_list_visible_to(*, user: User) -> QuerySet[PenaltyEntry]:
    """PTS-5 / ORG-1: a person sees their own entries; managers and
    supervisors also every entry of their stores."""
    entries = PenaltyEntry.objects.select_related(
        "store", "person", "rule", "recorded_by", "appeal"
    ).order_by("-fact_date", "-pk")
    if user.is_superuser:
        return entries
    if user_sees_store_statement(user=user):
        return entries.filter(Q(store__in=user.stores.all()) | Q(person=user))
    return entries.filter(person=user)


def penalty_entry_get_visible(*, user: User, entry_id: int) -> PenaltyEntry | None:
    return penalty_entry_list_visible_to(user=user).filter(pk=entry_id).first()


def penalty_entry_list_for_person(
    *, store: Store, person: User, month: date
) -> QuerySet[PenaltyEntry]:
    """PTS-5 drill-down: one person's entries of a month in a store, with
    their rule, appeal and reversal in one query."""
    return (
        PenaltyEntry.objects.for_store(store)
        .in_month(month)
        .filter(person=person)
        .select_related("rule", "recorded_by", "appeal", "reversal", "reverses__rule")
        .order_by("fact_date", "pk")
    )


def penalty_rule_codes_known(codes) -> set[str]:
    """PTS-4: which of these codes name a penalty rule."""
    return set(PenaltyRule.objects.filter(code__in=list(codes)).values_list("code", flat=True))


def penalty_rule_list_manual(*, on: date | None = None) -> QuerySet[PenaltyRule]:
    """PTS-3: the conduct rules a manager records by hand."""
    rules = PenaltyRule.objects.filter(is_manual=True).order_by("code")
    if on is not None:
        rules = rules.filter(Q(active_from__isnull=True) | Q(active_from__lte=on)).filter(
            Q(active_to__isnull=True) | Q(active_to__gte=on)
        )
    return rules


@dataclass
class StatementRow:
    person: User
    points: Decimal = ZERO
    entries: int = 0


@dataclass
class Statement:
    """PTS-5: a store's month: points per person and per sales group."""

    store: Store
    month: date
    rows: list[StatementRow]
    groups: dict[str, Decimal] = field(default_factory=dict)

    @property
    def total(self) -> Decimal:
        return sum((row.points for row in self.rows), ZERO)


def _statement_totals(store_id, month, next_month):
    """A month's net points per person (PenaltyEntryQuerySet.in_month's bounds)."""
    return (
        PenaltyEntry.objects.filter(store=store_id, fact_date__gte=month, fact_date__lt=next_month)
        .values("person")
        .annotate(points=Sum("points"), entries=Count("pk"))
        .order_by()
    )


def _statement_people(store_id, ids):
    """The store's active staff and anyone else with entries in the month."""
    return (
        User.objects.filter(Q(stores=store_id, is_active=True) | Q(pk__in=ids))
        .distinct()
        .order_by("sales_group", "full_name", "username")
    )


def _month_totals(store: Store, month: date) -> dict[int, dict]:
    """PTS-5: {person id: {"points", "entries"}} of a store's month, reversals
    included; one compiled query (dealership.compiled)."""
    from scoring.rules import next_month

    rows = values_rows(
        "scoring.statement.totals",
        _statement_totals,
        store_id=store.pk,
        month=month,
        next_month=next_month(month),
    )
    return {row["person"]: row for row in rows}


def points_by_person(*, store: Store, month: date) -> dict[int, Decimal]:
    """PTS-5: each person's net points of the month, by person id: the
    statement's totals without loading the people (the dashboards' board has
    them already)."""
    return {pk: row["points"] or ZERO for pk, row in _month_totals(store, month).items()}


def statement_for_store(*, store: Store, month: date) -> Statement:
    """PTS-5: net points per person of the store for a month (reversals
    included), everyone on the staff listed, plus totals of groups A and B.
    Two queries whatever the number of people and entries, compiled once
    (dealership.compiled)."""
    totals = _month_totals(store, month)
    people = model_rows(
        "scoring.statement.people", _statement_people, store_id=store.pk, ids=list(totals)
    )
    rows = [
        StatementRow(
            person=person,
            points=totals.get(person.pk, {}).get("points") or ZERO,
            entries=totals.get(person.pk, {}).get("entries") or 0,
        )
        for person in people
    ]
    groups = {
        group.value: sum((r.points for r in rows if r.person.sales_group == group), ZERO)
        for group in SalesGroup
    }
    return Statement(store=store, month=month, rows=rows, groups=groups)


def statement_entries(*, store: Store, month: date) -> QuerySet[PenaltyEntry]:
    """Every entry of a store's month, for the export."""
    return (
        PenaltyEntry.objects.for_store(store)
        .in_month(month)
        .select_related("person", "rule", "recorded_by")
        .order_by("person__sales_group", "person__full_name", "fact_date", "pk")
    )


def penalty_appeal_list_pending(*, store: Store) -> QuerySet[PenaltyAppeal]:
    return (
        PenaltyAppeal.objects.filter(entry__store=store, status=AppealStatus.PENDING)
        .select_related("entry__rule", "entry__person", "filed_by")
        .order_by("filed_at")
    )


def training_count_for_month(*, store: Store, month: date) -> int:
    """TRN-4: trainings recorded in the month (the target is at least four)."""
    return Training.objects.filter(store=store, date__gte=month, date__lt=next_month(month)).count()


def training_list(*, store: Store, month: date) -> QuerySet[Training]:
    return (
        Training.objects.filter(store=store, date__gte=month, date__lt=next_month(month))
        .select_related("trainer")
        .annotate(attendee_count=Count("attendees"))
        .order_by("-date", "-pk")
    )


def monthly_report_get(*, author: User, kind: str, period: date) -> MonthlyReport | None:
    return MonthlyReport.objects.filter(author=author, kind=kind, period=period).first()


def marketing_event_list(*, store: Store) -> QuerySet[MarketingEvent]:
    return MarketingEvent.objects.filter(store=store).select_related("owner")[:100]


def report_deadline_get(*, store: Store, kind: str) -> DeadlineSetting:
    """RPT-*: the deadline of a report in a store: the store's own row, else
    the row for every store, else the default of RULES.md. A value left
    empty in the admin falls back to the default."""
    rows = {
        row.store_id: row
        for row in ReportDeadline.objects.filter(kind=kind).filter(
            Q(store=store) | Q(store__isnull=True)
        )
    }
    default = DEFAULT_DEADLINES[kind]
    row = rows.get(store.pk) or rows.get(None)
    if row is None:
        return default
    setting = row.as_setting()
    missing = {
        name: getattr(default, name)
        for name in ("at", "day", "not_done_after_days", "target_count")
        if getattr(setting, name) is None
    }
    return replace(setting, **missing) if missing else setting
