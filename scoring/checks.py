"""Scheduled deadline checks and reminders of the reports (RULES.md RPT-*),
run by Celery beat through scoring.tasks.

Each check looks at the latest deadline that has passed in each store's time
zone and records a missing or late report through violation_record (PTS-4),
so running it twice, or late, records each fact once. Reminders go out one
hour before a deadline through notification_send, once per person and day.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.db.models import Model, Q, QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from dealership.models import Store, User
from dealership.rules import Role
from dealership.selectors import staff_with_role
from dealership.services import notification_send
from dealership.timeutil import store_datetime, store_tz, week_start
from scoring.models import (
    CompetitorPrice,
    ConsultantDailyLog,
    ManagerDailyLog,
    MarketingEvent,
    MonthlyReport,
)
from scoring.rules import (
    CONSULTANT_LOG_DEADLINE,
    EVENT_KPI_DUE_DAYS,
    MANAGER_LOG_DEADLINE,
    MONTHLY_REPORT_DUE_DAY,
    MONTHLY_REPORT_NOT_DONE_AFTER_DAYS,
    MONTHLY_REPORT_RULES,
    REMINDER_BEFORE,
    MonthlyReportRule,
    RuleCode,
    latest_passed_day,
    month_start,
    previous_month,
)
from scoring.services import violation_record


@dataclass(frozen=True)
class DailyLogSpec:
    key: str
    model: type[Model]
    role: str
    deadline: time
    rule_code: str
    url_name: str


CONSULTANT_LOG = DailyLogSpec(
    "consultant_log",
    ConsultantDailyLog,
    Role.SALES_CONSULTANT,
    CONSULTANT_LOG_DEADLINE,
    RuleCode.RPT_CONSULTANT_LOG,
    "scoring:consultant_log",
)
MANAGER_LOG = DailyLogSpec(
    "manager_log",
    ManagerDailyLog,
    Role.SALES_MANAGER,
    MANAGER_LOG_DEADLINE,
    RuleCode.RPT_MGR_LOG,
    "scoring:manager_log",
)
DAILY_LOGS = {spec.key: spec for spec in (CONSULTANT_LOG, MANAGER_LOG)}


def _stores() -> QuerySet[Store]:
    return Store.objects.filter(is_active=True).order_by("pk")


def _owners(*, store: Store, role: str, on: date) -> QuerySet[User]:
    """The people who owe a report: active holders of the role in the store,
    hired by then (ORG-5)."""
    hired = Q(hire_date__isnull=True) | Q(hire_date__lte=on)
    return staff_with_role(store=store, role=role).filter(hired).order_by("pk")


def daily_log_check(*, key: str, now: datetime | None = None) -> int:
    """RPT-CONSULTANT-LOG (22:00, −2) and RPT-MGR-LOG (20:00, −5, joint −2):
    a log not submitted by the deadline of the latest passed day is recorded.
    Returns how many new entries were recorded."""
    spec = DAILY_LOGS[key]
    now = now or timezone.now()
    recorded = 0
    for store in _stores():
        day = latest_passed_day(now, spec.deadline, store_tz(store))
        deadline = store_datetime(store, day, spec.deadline)
        on_time = set(
            spec.model.objects.filter(date=day, submitted_at__lte=deadline).values_list(
                "author_id", flat=True
            )
        )
        note = _("Daily log for %(day)s not submitted by %(time)s.") % {
            "day": day.isoformat(),
            "time": spec.deadline.strftime("%H:%M"),
        }
        for person in _owners(store=store, role=spec.role, on=day).exclude(pk__in=on_time):
            entry = violation_record(
                store=store,
                person=person,
                rule_code=spec.rule_code,
                fact_date=day,
                fact_key=day.isoformat(),
                note=note,
                source=f"auto:{spec.key}_check",
            )
            recorded += entry is not None
    return recorded


def daily_log_remind(*, key: str, now: datetime | None = None) -> int:
    """One hour before the daily-log deadline, remind whoever has not written
    today's log. Returns how many reminders were new."""
    spec = DAILY_LOGS[key]
    now = now or timezone.now()
    sent = 0
    for store in _stores():
        day = now.astimezone(store_tz(store)).date()
        deadline = store_datetime(store, day, spec.deadline)
        if not deadline - REMINDER_BEFORE <= now < deadline:
            continue
        done = spec.model.objects.filter(date=day).values_list("author_id", flat=True)
        title = _("Write your daily log before %(time)s") % {
            "time": spec.deadline.strftime("%H:%M")
        }
        for person in _owners(store=store, role=spec.role, on=day).exclude(pk__in=done):
            sent += notification_send(
                user=person,
                key=f"scoring:{spec.key}:{day.isoformat()}",
                title=title,
                url=reverse(spec.url_name),
                store=store,
            )
    return sent


def monthly_due_date(today: date) -> date:
    """RPT-MONTHLY-*: last month's report is due by the end of the 5th."""
    return month_start(today).replace(day=MONTHLY_REPORT_DUE_DAY)


def monthly_report_check(*, now: datetime | None = None) -> int:
    """RPT-MONTHLY-MGR/SUP/TRN (−1 per day late, −10 not done, joint 0.5/2)
    and RPT-MONTHLY-MKT (−10): each late day is one fact; after the grace days
    a report still missing is "not done". Catches up on days the beat missed."""
    now = now or timezone.now()
    recorded = 0
    for store in _stores():
        today = now.astimezone(store_tz(store)).date()
        due = monthly_due_date(today)
        if today <= due:
            continue
        period = previous_month(today)
        for kind, rule in MONTHLY_REPORT_RULES.items():
            submitted = dict(
                MonthlyReport.objects.filter(kind=kind, period=period).values_list(
                    "author_id", "submitted_at"
                )
            )
            for person in _owners(store=store, role=rule.role, on=due):
                at = submitted.get(person.pk)
                day = at.astimezone(store_tz(store)).date() if at else None
                recorded += _monthly_facts_record(
                    store=store, person=person, rule=rule, period=period, today=today, done_on=day
                )
    return recorded


def _monthly_facts_record(
    *,
    store: Store,
    person: User,
    rule: MonthlyReportRule,
    period: date,
    today: date,
    done_on: date | None,
) -> int:
    due = monthly_due_date(today)
    grace = MONTHLY_REPORT_NOT_DONE_AFTER_DAYS if rule.late_code else 0
    cutoff = due + timedelta(days=grace)
    facts: list[tuple[str, date, str]] = []
    last_late = min(done_on or today, cutoff)
    if rule.late_code:
        for offset in range(1, (last_late - due).days + 1):
            late_day = due + timedelta(days=offset)
            facts.append((rule.late_code, late_day, f"{period:%Y-%m}:late:{late_day.isoformat()}"))
    if today > cutoff and (done_on is None or done_on > cutoff):
        facts.append((rule.missing_code, cutoff + timedelta(days=1), f"{period:%Y-%m}:missing"))
    note = _("Monthly summary and plan for %(month)s not submitted by %(due)s.") % {
        "month": f"{period:%Y-%m}",
        "due": due.isoformat(),
    }
    recorded = 0
    for code, fact_date, fact_key in facts:
        entry = violation_record(
            store=store,
            person=person,
            rule_code=code,
            fact_date=fact_date,
            fact_key=fact_key,
            note=note,
            source="auto:monthly_report_check",
        )
        recorded += entry is not None
    return recorded


def event_kpi_due(event: MarketingEvent) -> datetime:
    """RPT-EVENT-KPI: by the end of the 2nd day after the event ends."""
    last_day = event.end_date + timedelta(days=EVENT_KPI_DUE_DAYS)
    return store_datetime(event.store, last_day + timedelta(days=1), time(0, 0))


def event_kpi_check(*, now: datetime | None = None) -> int:
    """RPT-EVENT-KPI (−5): an event's KPI analysis not submitted two days after
    it ended is recorded against the event's owner, once per event."""
    now = now or timezone.now()
    recent = now.date() - timedelta(days=EVENT_KPI_DUE_DAYS + 60)
    events = MarketingEvent.objects.filter(
        end_date__gte=recent, end_date__lte=now.date(), store__is_active=True
    ).select_related("store", "owner")
    recorded = 0
    for event in events:
        due = event_kpi_due(event)
        if now < due or (event.analysis_submitted_at and event.analysis_submitted_at <= due):
            continue
        entry = violation_record(
            store=event.store,
            person=event.owner,
            rule_code=RuleCode.RPT_EVENT_KPI,
            fact_date=event.end_date + timedelta(days=EVENT_KPI_DUE_DAYS),
            fact_key=f"event:{event.pk}",
            evidence=event,
            note=_("KPI analysis of the event not submitted within two days."),
            source="auto:event_kpi_check",
        )
        recorded += entry is not None
    return recorded


def competitor_price_check(*, now: datetime | None = None) -> int:
    """RPT-COMPETITOR (−5): a store with no competitor price recorded in the
    last full week (Monday to Sunday) charges its marketing staff, once a week."""
    now = now or timezone.now()
    recorded = 0
    for store in _stores():
        today = now.astimezone(store_tz(store)).date()
        last_week = week_start(today) - timedelta(days=7)
        if CompetitorPrice.objects.filter(store=store, week=last_week).exists():
            continue
        year, week, _weekday = last_week.isocalendar()
        sunday = last_week + timedelta(days=6)
        for person in _owners(store=store, role=Role.MARKETING, on=sunday):
            entry = violation_record(
                store=store,
                person=person,
                rule_code=RuleCode.RPT_COMPETITOR,
                fact_date=sunday,
                fact_key=f"store:{store.pk}:{year}-W{week:02d}",
                note=_("No competitor prices for the week of %(week)s.")
                % {"week": last_week.isoformat()},
                source="auto:competitor_price_check",
            )
            recorded += entry is not None
    return recorded


def report_remind(*, now: datetime | None = None) -> int:
    """The morning reminders of the reports with a day deadline: monthly
    summaries on the 4th and 5th, event KPI analyses on their last day,
    competitor prices on Sunday. Once per person, report and day."""
    now = now or timezone.now()
    sent = 0
    for store in _stores():
        today = now.astimezone(store_tz(store)).date()
        sent += _monthly_remind(store=store, today=today)
        if today.weekday() == 6:
            sent += _competitor_remind(store=store, today=today)
    sent += _event_kpi_remind(now=now)
    return sent


def _monthly_remind(*, store: Store, today: date) -> int:
    due = monthly_due_date(today)
    if not 0 <= (due - today).days <= 1:
        return 0
    period = previous_month(today)
    sent = 0
    for kind, rule in MONTHLY_REPORT_RULES.items():
        done = MonthlyReport.objects.filter(kind=kind, period=period).values_list(
            "author_id", flat=True
        )
        for person in _owners(store=store, role=rule.role, on=today).exclude(pk__in=done):
            sent += notification_send(
                user=person,
                key=f"scoring:monthly:{kind}:{period:%Y-%m}:{today.isoformat()}",
                title=_("Your monthly summary and plan are due on %(due)s")
                % {"due": due.isoformat()},
                url=reverse("scoring:monthly_report", args=[kind]),
                store=store,
            )
    return sent


def _competitor_remind(*, store: Store, today: date) -> int:
    if CompetitorPrice.objects.filter(store=store, week=week_start(today)).exists():
        return 0
    sent = 0
    for person in _owners(store=store, role=Role.MARKETING, on=today):
        sent += notification_send(
            user=person,
            key=f"scoring:competitor:{store.pk}:{today.isoformat()}",
            title=_("Record this week's competitor prices today"),
            url=reverse("scoring:competitor_prices"),
            store=store,
        )
    return sent


def _event_kpi_remind(*, now: datetime) -> int:
    last_day = now.date() - timedelta(days=EVENT_KPI_DUE_DAYS)
    events = MarketingEvent.objects.filter(
        end_date__gte=last_day - timedelta(days=1),
        end_date__lte=last_day + timedelta(days=1),
        analysis_submitted_at__isnull=True,
        store__is_active=True,
    ).select_related("store", "owner")
    sent = 0
    for event in events:
        due = event_kpi_due(event)
        if not due - timedelta(days=1) <= now < due:
            continue
        sent += notification_send(
            user=event.owner,
            key=f"scoring:event_kpi:{event.pk}",
            title=_("KPI analysis of %(event)s is due today") % {"event": event.name},
            url=reverse("scoring:event_analysis", args=[event.pk]),
            store=event.store,
        )
    return sent
