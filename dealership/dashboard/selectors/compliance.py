"""The compliance board of a month per consultant: follow-ups on time, late
and missed (FU-*, followups' table), post-visit SMS within the deadline
(LEAD-5), daily logs handed in (RPT-CONSULTANT-LOG), penalty points and the
leaderboard (PTS-5, scoring's statement), and the store's morning checks
(SHW-*, showroom's run list) and storage care (MNT-*). A constant number of
queries."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from decimal import Decimal

from django.db.models import Count, F, Q
from django.utils import timezone

from dealership.compiled import values_rows, whole
from dealership.dashboard.rules import rate
from dealership.dashboard.selectors.people import store_consultants
from dealership.dashboard.selectors.sources import Period
from dealership.models import Store, User
from dealership.timeutil import store_clock
from followups.selectors import ComplianceRow, followup_compliance_counts
from inventory.models import CareTask
from sales.models import SmsMessage
from scoring.models import ConsultantDailyLog
from scoring.selectors import points_by_person
from showroom.selectors import run_counts_between


@dataclass
class SmsFigures:
    total: int = 0
    on_time: int = 0
    late: int = 0
    not_sent: int = 0  # past due and still unsent
    pending: int = 0  # not yet due

    @property
    def on_time_rate(self) -> Decimal | None:
        return rate(self.on_time, self.on_time + self.late + self.not_sent)


@dataclass
class ComplianceLine:
    person: User
    followups: ComplianceRow | None
    sms: SmsFigures
    logs: int
    points: Decimal
    rank: int = 0

    @property
    def followups_on_time_rate(self) -> Decimal | None:
        f = self.followups
        return rate(f.on_time, f.on_time + f.late + f.missed) if f else None


@dataclass
class CareFigures:
    total: int = 0
    on_time: int = 0
    late: int = 0
    overdue: int = 0  # due before the day, not done
    open: int = 0  # not yet due

    @property
    def on_time_rate(self) -> Decimal | None:
        return rate(self.on_time, self.on_time + self.late + self.overdue)


@dataclass
class ChecklistFigures:
    """SHW-DISPLAY / SHW-TESTCAR / SHW-ENV: the month's morning checks."""

    days: int = 0
    signed_off: int = 0
    failed_items: int = 0
    open_items: int = 0
    missing_days: list[date] = field(default_factory=list)

    @property
    def done_rate(self) -> Decimal | None:
        return rate(self.signed_off, self.days)


@dataclass
class ComplianceBoard:
    period: Period
    days: int  # store days of the month so far: the daily logs expected
    lines: list[ComplianceLine]
    care: CareFigures
    checklists: ChecklistFigures = field(default_factory=ChecklistFigures)
    leaderboard: list[ComplianceLine] = field(default_factory=list)
    since: date | None = None  # the first day counted: the 1st, or Store.live_from


def _sms(store_id, month_start, end, now):
    return (
        SmsMessage.objects.filter(store=store_id, due_at__gte=month_start, due_at__lt=end)
        .values("sender_id")
        .annotate(
            total=Count("pk"),
            on_time=Count("pk", filter=Q(sent_at__lte=F("due_at"))),
            late=Count("pk", filter=Q(sent_at__gt=F("due_at"))),
            not_sent=Count("pk", filter=Q(sent_at__isnull=True, due_at__lt=now)),
            pending=Count("pk", filter=Q(sent_at__isnull=True, due_at__gte=now)),
        )
        .order_by()
    )


def sms_by_sender(*, store: Store, period: Period, now: datetime) -> dict[int, SmsFigures]:
    """LEAD-5: the month's post-visit SMS by sender, sent_at against due_at."""
    rows = values_rows(
        "dashboard.compliance.sms",
        _sms,
        store_id=store.pk,
        month_start=period.month_start,
        end=period.end,
        now=now,
    )
    return {row.pop("sender_id"): SmsFigures(**row) for row in rows}


def _care(store_id, month, day):
    return whole(CareTask.objects.filter(store=store_id, due_date__gte=month, due_date__lte=day))


def care_figures(*, store: Store, day: date) -> CareFigures:
    """MNT-*: the store's storage-care tasks due from the 1st to the day."""

    def build(store_id, month, day):
        return _care(store_id, month, day).annotate(
            total=Count("pk"),
            on_time=Count("pk", filter=Q(done_at__date__lte=F("due_date"))),
            late=Count("pk", filter=Q(done_at__date__gt=F("due_date"))),
            overdue=Count("pk", filter=Q(done_at__isnull=True, due_date__lt=day)),
            open=Count("pk", filter=Q(done_at__isnull=True, due_date__gte=day)),
        )

    with store_clock(store):  # done on or before the due day, on the store's clock
        (counts,) = values_rows(
            "dashboard.compliance.care",
            build,
            store_id=store.pk,
            month=day.replace(day=1),
            day=day,
        )
    counts.pop("_whole")
    return CareFigures(**counts)


def _logs(store_id, month, day):
    return (
        ConsultantDailyLog.objects.filter(store=store_id, date__gte=month, date__lte=day)
        .values("author_id")
        .annotate(n=Count("pk"))
        .order_by()
    )


def expected_days(store: Store, day: date) -> int:
    """The store days of the month up to `day` on which a daily log and a
    morning check are expected: from the 1st, or the store's first day on
    the system (Store.live_from) if later."""
    return max(0, (day - store.counted_from(day.replace(day=1))).days + 1)


def checklist_figures(*, store: Store, day: date) -> ChecklistFigures:
    """The morning checks from the 1st to the day: signed off, failed and
    unchecked items, days without a signed-off run (showroom's selector)."""
    figures = ChecklistFigures()
    since = store.counted_from(day.replace(day=1))
    runs = run_counts_between(store=store, since=since, today=day)
    for offset in range(max(0, (day - since).days + 1)):
        run_day = since + timedelta(days=offset)
        run = runs.get(run_day)
        figures.days += 1
        if run is not None:
            figures.failed_items += run["failed"]
            figures.open_items += run["open_items"]
        if run is None or run["signed_off_at"] is None:
            figures.missing_days.append(run_day)
        else:
            figures.signed_off += 1
    figures.missing_days.sort()
    return figures


def compliance_board(*, store: Store, day: date, now: datetime | None = None) -> ComplianceBoard:
    now = now or timezone.now()
    period = Period.of(store, day)
    month = day.replace(day=1)
    counts = followup_compliance_counts(store=store, date_from=month, date_to=day)
    sms = sms_by_sender(store=store, period=period, now=now)
    logs = {
        row["author_id"]: row["n"]
        for row in values_rows(
            "dashboard.compliance.logs",
            _logs,
            store_id=store.pk,
            month=store.counted_from(month),
            day=day,
        )
    }
    points = points_by_person(store=store, month=month)
    lines = [
        ComplianceLine(
            person=person,
            followups=ComplianceRow(person=person, **counts[person.pk])
            if person.pk in counts
            else None,
            sms=sms.get(person.pk, SmsFigures()),
            logs=logs.get(person.pk, 0),
            points=points.get(person.pk, Decimal("0")),
        )
        for person in store_consultants(store, set(counts) | set(sms) | set(logs))
    ]
    return ComplianceBoard(
        period=period,
        days=expected_days(store, day),
        lines=lines,
        care=care_figures(store=store, day=day),
        checklists=checklist_figures(store=store, day=day),
        leaderboard=leaderboard(lines),
        since=store.counted_from(month),
    )


def leaderboard(lines: list[ComplianceLine]) -> list[ComplianceLine]:
    """PTS-5: fewest points deducted first; equal points share a rank."""
    ordered = sorted(lines, key=lambda line: (line.points, line.person.display_name))
    previous, rank = None, 0
    for position, line in enumerate(ordered, start=1):
        if line.points != previous:
            rank, previous = position, line.points
        line.rank = rank
    return ordered
