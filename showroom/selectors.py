"""Reads of the showroom app (RULES.md section 5): the morning checks, which
test cars are not ready, the front-desk rota and its live board, the spots."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from dealership.compiled import values_rows
from dealership.models import Store, User
from dealership.timeutil import store_day_bounds, store_tz
from sales.models import Visit
from sales.rules import VisitKind
from showroom.models import ChecklistRun, DeskIncident, DeskShift, RunCheck, ShowroomSpot
from showroom.rules import ChecklistKind, CheckResult


def test_cars_not_ready(*, store: Store, day: date) -> dict[int, list[str]]:
    """SHW-TESTCAR / LEAD-6: the store's test cars not ready for a test drive
    on `day`: those with an item failed in that morning's check (as soon as it
    is ticked, before sign-off) that makes a car not ready (no fuel, battery
    flat, dirty, papers expired) and is not marked fixed yet. Maps the car's
    id to the failed items' labels. One query."""
    failed = (
        RunCheck.objects.filter(
            run__store=store,
            run__day=day,
            item__kind=ChecklistKind.TEST_CAR,
            item__blocks_test_drive=True,
            result=CheckResult.FAIL,
            fixed_at__isnull=True,
            test_car__isnull=False,
        )
        .select_related("item")
        .order_by("test_car_id", "item__position", "pk")
    )
    problems: dict[int, list[str]] = {}
    for check in failed:
        problems.setdefault(check.test_car_id, []).append(check.item.label)
    return problems


test_cars_not_ready.__test__ = False  # a selector, not a pytest test


def run_get(*, store: Store, run_id: int) -> ChecklistRun | None:
    return (
        ChecklistRun.objects.filter(store=store, pk=run_id).select_related("signed_off_by").first()
    )


def run_get_for_day(*, store: Store, day: date) -> ChecklistRun | None:
    return ChecklistRun.objects.filter(store=store, day=day).first()


def run_checks(*, run: ChecklistRun) -> QuerySet[RunCheck]:
    """Every item of a run with what the page shows, in one query."""
    return run.checks.select_related(
        "item", "vehicle", "test_car", "responsible", "checked_by", "fixed_by"
    ).order_by("item__kind", "vehicle_id", "test_car_id", "item__position", "pk")


@dataclass
class CheckGroup:
    """The items of one subject (a display car, a test car, the showroom)."""

    kind: str
    title: str
    checks: list[RunCheck] = field(default_factory=list)

    @property
    def failed(self) -> int:
        return sum(c.result == CheckResult.FAIL for c in self.checks)


def run_check_groups(*, run: ChecklistRun) -> list[CheckGroup]:
    groups: dict[tuple, CheckGroup] = {}
    for check in run_checks(run=run):
        key = (check.item.kind, check.vehicle_id, check.test_car_id)
        if key not in groups:
            title = check.subject or ChecklistKind(check.item.kind).label
            groups[key] = CheckGroup(kind=check.item.kind, title=str(title))
        groups[key].checks.append(check)
    return list(groups.values())


@dataclass
class RunDay:
    day: date
    run: ChecklistRun | None
    failed: int = 0
    open_items: int = 0

    @property
    def missing(self) -> bool:
        return self.run is None or self.run.signed_off_at is None


# SHW-*: a run's failed items and the items nobody has checked yet.
RUN_COUNTS = {
    "failed": Count("checks", filter=Q(checks__result=CheckResult.FAIL)),
    "open_items": Count("checks", filter=Q(checks__result="")),
}


def run_list_recent(*, store: Store, today: date, days: int = 14) -> list[RunDay]:
    """SHW-*: the last days newest first, each with its run (or none), failed
    and unchecked counts: missing runs stand out. One query."""
    # Days before the store's first day on the system are not listed as missing.
    since = store.counted_from(today - timedelta(days=days - 1))
    days = max(0, (today - since).days + 1)
    runs = {
        run.day: run
        for run in ChecklistRun.objects.filter(store=store, day__gte=since, day__lte=today)
        .select_related("signed_off_by")
        .annotate(n_failed=RUN_COUNTS["failed"], n_open=RUN_COUNTS["open_items"])
    }
    result = []
    for offset in range(days):
        day = today - timedelta(days=offset)
        run = runs.get(day)
        failed = run.n_failed if run else 0
        result.append(RunDay(day=day, run=run, failed=failed, open_items=run.n_open if run else 0))
    return result


def _run_counts(store_id, since, today):
    return (
        ChecklistRun.objects.filter(store=store_id, day__gte=since, day__lte=today)
        .values("day", "signed_off_at")
        .annotate(**RUN_COUNTS)
        .order_by()
    )


def run_counts_between(*, store: Store, since: date, today: date) -> dict[date, dict]:
    """SHW-*: per day with a run, when it was signed off (None: not yet) and
    its failed and unchecked items; one query, compiled once
    (dealership.compiled). Days without a run are absent."""
    rows = values_rows("showroom.run_counts", _run_counts, store_id=store.pk, since=since,
                       today=today)  # fmt: skip
    return {row["day"]: row for row in rows}


def run_failed_checks(*, store: Store, since: date) -> QuerySet[RunCheck]:
    """SHW-*: failed items since a day, for the managers' list."""
    return (
        RunCheck.objects.filter(run__store=store, run__day__gte=since, result=CheckResult.FAIL)
        .select_related("run", "item", "vehicle", "test_car", "responsible", "checked_by")
        .order_by("-run__day", "item__kind", "item__position")
    )


def desk_shifts_between(*, store: Store, start: date, end: date) -> QuerySet[DeskShift]:
    """SHW-DESK: the rota from start to end (inclusive)."""
    return (
        DeskShift.objects.filter(store=store, day__gte=start, day__lte=end)
        .select_related("first", "second")
        .order_by("day", "starts_at")
    )


@dataclass
class Standing:
    person: User
    visit: Visit | None

    @property
    def busy(self) -> bool:
        return self.visit is not None


@dataclass
class SlotState:
    """SHW-DESK: a slot of today's rota and who of its two is free."""

    shift: DeskShift
    is_current: bool
    standing: list[Standing]
    is_over: bool = False  # ended earlier today: nobody stands there any more

    @property
    def both_busy(self) -> bool:
        return all(s.busy for s in self.standing)


def desk_board(*, store: Store, at: datetime | None = None) -> list[SlotState]:
    """SHW-DESK: today's slots; for each standing consultant their open visit
    (started today, not ended) if they are with a customer. Two queries."""
    at = at or timezone.now()
    local = timezone.localtime(at, timezone=store_tz(store))
    shifts = list(desk_shifts_between(store=store, start=local.date(), end=local.date()))
    people = {pk for shift in shifts for pk in shift.standing_ids}
    start, end = store_day_bounds(store, local.date())
    open_visits: dict[int, Visit] = {}
    visits = (
        Visit.objects.filter(
            store=store,
            kind=VisitKind.SHOWROOM,
            consultant_id__in=people,
            ended_at__isnull=True,
            started_at__gte=start,
            started_at__lt=end,
        )
        .select_related("customer")
        .order_by("started_at")
    )
    for visit in visits if people else []:
        open_visits.setdefault(visit.consultant_id, visit)
    now = local.time()
    return [
        SlotState(
            shift=shift,
            is_current=shift.starts_at <= now < shift.ends_at,
            is_over=shift.ends_at <= now,
            standing=[
                Standing(person=shift.first, visit=open_visits.get(shift.first_id)),
                Standing(person=shift.second, visit=open_visits.get(shift.second_id)),
            ],
        )
        for shift in shifts
    ]


def desk_incident_list(*, store: Store, kind: str | None = None) -> QuerySet[DeskIncident]:
    incidents = (
        DeskIncident.objects.filter(store=store)
        .select_related("shift", "person", "recorded_by", "shift__first", "shift__second")
        .prefetch_related("idle")
    )
    return incidents.filter(kind=kind) if kind else incidents


def spot_list(*, store: Store) -> QuerySet[ShowroomSpot]:
    return ShowroomSpot.objects.filter(store=store, is_active=True).select_related(
        "vehicle", "vehicle__warehouse"
    )


def store_staff(*, store: Store) -> QuerySet[User]:
    """People who may be named responsible or put on the rota."""
    return User.objects.filter(stores=store, is_active=True).order_by(
        "sales_group", "full_name", "username"
    )
