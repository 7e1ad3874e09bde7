"""Scheduled deadline checks and reminders of the reports (RULES.md RPT-*),
run by Celery beat through scoring.tasks.

Each check looks at the latest deadline that has passed in each store's time
zone and records a missing or late report through violation_record (PTS-4),
so running it twice, or late, records each fact once. The deadlines and the
reminder lead times are data (ReportDeadline, selectors.report_deadline_get),
read at every run, so the daily-log checks run every quarter of an hour and a
changed deadline applies from the next run. Reminders go out before a
deadline through notification_send, once per person and key.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.db.models import Model, Q, QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, gettext_noop

from dealership.dashboard.selectors import lost_analysis_report_get, order_plan_first_written_at
from dealership.models import Store, User
from dealership.rules import Role
from dealership.selectors import people_off, staff_with_role
from dealership.services import message, notification_send
from dealership.timeutil import store_datetime, store_tz, week_start
from scoring.models import (
    CheckMark,
    CompetitorPrice,
    ConsultantDailyLog,
    ManagerDailyLog,
    MarketingEvent,
    MonthlyReport,
    PenaltyEntry,
    Training,
)
from scoring.rules import (
    LOST_ANALYSIS_OWNER_ROLE,
    MONTHLY_REPORT_RULES,
    ORDER_PLAN_OWNER_ROLE,
    DeadlineSetting,
    MonthlyReportRule,
    ReportDeadlineKind,
    RuleCode,
    latest_passed_day,
    month_start,
    next_month,
    previous_month,
)
from scoring.selectors import report_deadline_get
from scoring.services import penalty_entries_supersede, violation_record

MONTHLY_SOURCE = "auto:monthly_report_check"
# How far the daily and weekly checks catch up after a beat outage, from the
# last period they judged (CheckMark); each period's fact is recorded once
# (violation_record's key). Bounded: the people owing a report are today's
# holders of the role.
DAILY_LOOKBACK_DAYS = 7
WEEKLY_LOOKBACK_WEEKS = 4


def periods_to_check(*, name: str, store: Store, latest: date, step: int, most: int) -> list[date]:
    """The periods (days, or weeks' Mondays with step=7) a check judges now:
    from the one after the last it judged (CheckMark) to `latest`, at most
    `most` before it. The first run judges `latest` only; running twice judges
    `latest` again, which records nothing twice."""
    mark = (
        CheckMark.objects.filter(check_name=name, store=store)
        .values_list("last_period", flat=True)
        .first()
    )
    first = latest if mark is None or mark >= latest else mark + timedelta(days=step)
    first = max(first, latest - timedelta(days=step * most))
    return [first + timedelta(days=step * n) for n in range((latest - first).days // step + 1)]


def period_checked(*, name: str, store: Store, period: date) -> None:
    """Move the check's mark forward to `period` (never back: a run with an
    older clock leaves it)."""
    mark, created = CheckMark.objects.get_or_create(
        check_name=name, store=store, defaults={"last_period": period}
    )
    if not created:
        CheckMark.objects.filter(pk=mark.pk, last_period__lt=period).update(
            last_period=period, updated_at=timezone.now()
        )


# Events older than this are not looked at any more (their facts are judged).
EVENT_WINDOW = timedelta(days=90)


@dataclass(frozen=True)
class DailyLogSpec:
    key: str  # a ReportDeadlineKind: where its deadline is configured
    model: type[Model]
    role: str
    rule_code: str
    url_name: str


CONSULTANT_LOG = DailyLogSpec(
    ReportDeadlineKind.CONSULTANT_LOG,
    ConsultantDailyLog,
    Role.SALES_CONSULTANT,
    RuleCode.RPT_CONSULTANT_LOG,
    "scoring:consultant_log",
)
MANAGER_LOG = DailyLogSpec(
    ReportDeadlineKind.MANAGER_LOG,
    ManagerDailyLog,
    Role.SALES_MANAGER,
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


def _log_owners(*, store: Store, role: str, day: date) -> QuerySet[User]:
    """RPT-CONSULTANT-LOG, RPT-MGR-LOG: a daily log is owed on a working day
    ("下班当天"), not on the person's rest day on the rota (DayOff)."""
    return _owners(store=store, role=role, on=day).exclude(pk__in=people_off(store=store, day=day))


def _already_recorded(*, store: Store, rule_code: str, fact_key: str) -> QuerySet:
    """The people a fact is already recorded for: skipped without trying the
    insert again (the checks run often; violation_record still guards)."""
    return PenaltyEntry.objects.filter(
        store=store,
        rule__code=rule_code,
        fact_key=fact_key,
        joint_of__isnull=True,
        reverses__isnull=True,
    ).values("person_id")


def daily_log_check(*, key: str, now: datetime | None = None) -> int:
    """RPT-CONSULTANT-LOG (22:00, −2) and RPT-MGR-LOG (20:00, −5, joint −2):
    a log not submitted by the store's deadline (ReportDeadline) is recorded,
    for the latest passed day and the days since the last run (a beat that was
    down catches up, periods_to_check). Returns how many new entries were
    recorded."""
    spec = DAILY_LOGS[key]
    now = now or timezone.now()
    recorded = 0
    for store in _stores():
        at = report_deadline_get(store=store, kind=spec.key).at
        latest = latest_passed_day(now, at, store_tz(store))
        name = f"{spec.key}_check"
        for day in periods_to_check(
            name=name, store=store, latest=latest, step=1, most=DAILY_LOOKBACK_DAYS
        ):
            if store.is_live_on(day):  # not before the store's first day on the system
                recorded += _daily_log_day_check(spec=spec, store=store, day=day, at=at)
        period_checked(name=name, store=store, period=latest)
    return recorded


def _daily_log_day_check(*, spec: DailyLogSpec, store: Store, day: date, at: time) -> int:
    deadline = store_datetime(store, day, at)
    on_time = spec.model.objects.filter(date=day, submitted_at__lte=deadline).values("author_id")
    done = _already_recorded(store=store, rule_code=spec.rule_code, fact_key=day.isoformat())
    note = _("Daily log for %(day)s not submitted by %(time)s.") % {
        "day": day.isoformat(),
        "time": at.strftime("%H:%M"),
    }
    recorded = 0
    owners = _log_owners(store=store, role=spec.role, day=day)
    for person in owners.exclude(pk__in=on_time).exclude(pk__in=done):
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
    """Before the daily-log deadline (by default one hour), remind whoever
    has not written today's log. Returns how many reminders were new."""
    spec = DAILY_LOGS[key]
    now = now or timezone.now()
    sent = 0
    for store in _stores():
        setting = report_deadline_get(store=store, kind=spec.key)
        day = now.astimezone(store_tz(store)).date()
        deadline = store_datetime(store, day, setting.at)
        if not deadline - timedelta(minutes=setting.remind_minutes_before) <= now < deadline:
            continue
        done = spec.model.objects.filter(date=day).values_list("author_id", flat=True)
        title = message(
            gettext_noop("Write your daily log before %(time)s"), time=setting.at.strftime("%H:%M")
        )
        for person in _log_owners(store=store, role=spec.role, day=day).exclude(pk__in=done):
            sent += notification_send(
                user=person,
                key=f"scoring:{spec.key}:{day.isoformat()}",
                title=title,
                url=reverse(spec.url_name),
                store=store,
            )
    return sent


def monthly_due_date(today: date, setting: DeadlineSetting) -> date:
    """RPT-MONTHLY-*: last month's report is due by the end of the 5th
    (ReportDeadline.day)."""
    return month_start(today).replace(day=setting.day)


def monthly_report_check(*, now: datetime | None = None) -> int:
    """RPT-MONTHLY-MGR/SUP/TRN (−1 per day late, −10 not done, joint 0.5/2)
    and RPT-MONTHLY-MKT (−10): each late day is one fact; after the grace days
    a report still missing is "not done". Catches up on days the beat missed."""
    now = now or timezone.now()
    recorded = 0
    for store in _stores():
        today = now.astimezone(store_tz(store)).date()
        setting = report_deadline_get(store=store, kind=ReportDeadlineKind.MONTHLY)
        due = monthly_due_date(today, setting)
        if today <= due or not store.is_live_on(due):
            continue  # not due yet, or due before the store's first day on the system
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
                    store=store,
                    person=person,
                    rule=rule,
                    setting=setting,
                    today=today,
                    done_on=day,
                )
    return recorded


def _monthly_facts_record(
    *,
    store: Store,
    person: User,
    rule: MonthlyReportRule,
    setting: DeadlineSetting,
    today: date,
    done_on: date | None,
) -> int:
    period = previous_month(today)
    due = monthly_due_date(today, setting)
    grace = setting.not_done_after_days if rule.late_code else 0
    cutoff = due + timedelta(days=grace)
    facts: list[tuple[str, date, str]] = []
    last_late = min(done_on or today, cutoff)
    if rule.late_code:
        for offset in range(1, (last_late - due).days + 1):
            late_day = due + timedelta(days=offset)
            facts.append((rule.late_code, late_day, f"{period:%Y-%m}:late:{late_day.isoformat()}"))
    not_done = today > cutoff and (done_on is None or done_on > cutoff)
    if not_done:
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
            source=MONTHLY_SOURCE,
        )
        recorded += entry is not None
    if not_done and rule.late_code:
        # "−1 per day late, −10 not done": the −10 replaces the late days
        # charged so far (as a missed follow-up replaces its lateness).
        late_days = PenaltyEntry.objects.filter(
            store=store,
            person=person,
            rule__code=rule.late_code,
            fact_key__startswith=f"{period:%Y-%m}:late:",
        )
        reason = _("Replaced by the monthly summary for %(month)s not done.") % {
            "month": f"{period:%Y-%m}"
        }
        penalty_entries_supersede(entries=late_days, reason=reason, source=MONTHLY_SOURCE)
    return recorded


def event_kpi_last_day(event: MarketingEvent) -> date:
    """RPT-EVENT-KPI: the 2nd day (ReportDeadline.day) after the event ends."""
    days = report_deadline_get(store=event.store, kind=ReportDeadlineKind.EVENT_KPI).day
    return event.end_date + timedelta(days=days)


def event_kpi_due(event: MarketingEvent) -> datetime:
    """RPT-EVENT-KPI: by the end of the last day."""
    return store_datetime(event.store, event_kpi_last_day(event) + timedelta(days=1), time(0, 0))


def event_kpi_check(*, now: datetime | None = None) -> int:
    """RPT-EVENT-KPI (−5): an event's KPI analysis not submitted two days after
    it ended is recorded against the event's owner, once per event."""
    now = now or timezone.now()
    events = MarketingEvent.objects.filter(
        end_date__gte=(now - EVENT_WINDOW).date(), end_date__lte=now.date(), store__is_active=True
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
            fact_date=event_kpi_last_day(event),
            fact_key=f"event:{event.pk}",
            evidence=event,
            note=_("KPI analysis of the event not submitted within two days."),
            source="auto:event_kpi_check",
        )
        recorded += entry is not None
    return recorded


def competitor_price_check(*, now: datetime | None = None) -> int:
    """RPT-COMPETITOR (−5): a store with no competitor price recorded in a
    full week (Monday to Sunday) charges its marketing staff, once a week.
    Judges the last full week and any since the last run, so a Monday the
    beat missed is caught up the next time it runs (periods_to_check)."""
    now = now or timezone.now()
    recorded = 0
    name = "competitor_price_check"
    for store in _stores():
        today = now.astimezone(store_tz(store)).date()
        last_week = week_start(today) - timedelta(days=7)
        for week in periods_to_check(
            name=name, store=store, latest=last_week, step=7, most=WEEKLY_LOOKBACK_WEEKS
        ):
            recorded += _competitor_week_check(store=store, week=week)
        period_checked(name=name, store=store, period=last_week)
    return recorded


def _competitor_week_check(*, store: Store, week: date) -> int:
    sunday = week + timedelta(days=6)
    if not store.is_live_on(sunday):
        return 0  # the week ended before the store's first day on the system
    if CompetitorPrice.objects.filter(store=store, week=week).exists():
        return 0
    year, number, _weekday = week.isocalendar()
    recorded = 0
    for person in _owners(store=store, role=Role.MARKETING, on=sunday):
        entry = violation_record(
            store=store,
            person=person,
            rule_code=RuleCode.RPT_COMPETITOR,
            fact_date=sunday,
            fact_key=f"store:{store.pk}:{year}-W{number:02d}",
            note=_("No competitor prices for the week of %(week)s.") % {"week": week.isoformat()},
            source="auto:competitor_price_check",
        )
        recorded += entry is not None
    return recorded


@dataclass(frozen=True)
class StoreMonthSpec:
    """A report a store owes once a month (RPT-ORDER-PLAN, RPT-LOST): due by
    the end of a day (ReportDeadline.day) of the month it covers
    (`months_after` 0) or of the month after (1), owed by a role."""

    key: str  # a ReportDeadlineKind
    role: str
    rule_code: str
    months_after: int
    done_at: Callable[[Store, date], datetime | None]  # when it counts as done
    url_name: str
    note: str  # lazy: month, due
    reminder: str  # gettext_noop: month, due (said in each reader's language)


def _order_plan_done_at(store: Store, month: date) -> datetime | None:
    return order_plan_first_written_at(store=store, month=month)


def _lost_analysis_done_at(store: Store, month: date) -> datetime | None:
    report = lost_analysis_report_get(store=store, month=month)
    return report.submitted_at if report else None


ORDER_PLAN = StoreMonthSpec(
    ReportDeadlineKind.ORDER_PLAN,
    ORDER_PLAN_OWNER_ROLE,
    RuleCode.RPT_ORDER_PLAN,
    0,
    _order_plan_done_at,
    "dashboard:stock",
    gettext_lazy("Written order suggestion for %(month)s not saved by %(due)s."),
    gettext_noop("Write the order suggestion N+0.5/N+2/N+3 for %(month)s by %(due)s"),
)
LOST_ANALYSIS = StoreMonthSpec(
    ReportDeadlineKind.LOST_ANALYSIS,
    LOST_ANALYSIS_OWNER_ROLE,
    RuleCode.RPT_LOST,
    1,
    _lost_analysis_done_at,
    "dashboard:lost",
    gettext_lazy("Lost-customer analysis of %(month)s not submitted by %(due)s."),
    gettext_noop("Submit the lost-customer analysis of %(month)s by %(due)s"),
)
STORE_MONTH_REPORTS = {spec.key: spec for spec in (ORDER_PLAN, LOST_ANALYSIS)}


def _covered_month(due: date, spec: StoreMonthSpec) -> date:
    """The month a report due on `due` covers."""
    month = month_start(due)
    for _step in range(spec.months_after):
        month = previous_month(month)
    return month


def store_month_check(*, key: str, now: datetime | None = None) -> int:
    """RPT-ORDER-PLAN (−2, manager −0.5 joint) and RPT-LOST (−5): once the due
    day of this month (ReportDeadline, default the 5th / the 3rd) is over, a
    store whose report of the month it covers was not done by then charges
    the role that owes it, once per store and month (a report written late
    does not undo the fact). Returns how many new entries were recorded."""
    spec = STORE_MONTH_REPORTS[key]
    now = now or timezone.now()
    recorded = 0
    for store in _stores():
        today = now.astimezone(store_tz(store)).date()
        due = monthly_due_date(today, report_deadline_get(store=store, kind=key))
        if today <= due or not store.is_live_on(due):
            continue  # not due yet, or due before the store's first day on the system
        month = _covered_month(due, spec)
        done_at = spec.done_at(store, month)
        if done_at is not None and done_at < store_datetime(store, due + timedelta(days=1), time()):
            continue
        fact_key = f"store:{store.pk}:{month:%Y-%m}"
        done = _already_recorded(store=store, rule_code=spec.rule_code, fact_key=fact_key)
        note = str(spec.note) % {"month": f"{month:%Y-%m}", "due": due.isoformat()}
        for person in _owners(store=store, role=spec.role, on=due).exclude(pk__in=done):
            entry = violation_record(
                store=store,
                person=person,
                rule_code=spec.rule_code,
                fact_date=due,
                fact_key=fact_key,
                note=note,
                source=f"auto:{spec.key}_check",
            )
            recorded += entry is not None
    return recorded


def report_remind(*, now: datetime | None = None) -> int:
    """The morning reminders of the reports with a day deadline (by default
    monthly summaries and the order plan on the 4th and 5th, the lost-customer
    analysis from the month's last day to the 3rd, event KPI analyses on their
    last day, competitor prices on Sunday, TRN-4 trainings in the month's last
    week while fewer than four). Once per person, report and day."""
    now = now or timezone.now()
    sent = 0
    for store in _stores():
        today = now.astimezone(store_tz(store)).date()
        sent += _monthly_remind(store=store, today=today)
        sent += _competitor_remind(store=store, today=today)
        sent += _training_remind(store=store, today=today)
        for spec in STORE_MONTH_REPORTS.values():
            sent += _store_month_remind(spec=spec, store=store, today=today)
    sent += _event_kpi_remind(now=now)
    return sent


def _reminder_day(*, today: date, due: date, setting: DeadlineSetting) -> bool:
    """A day of reminders: from `remind_days_before` days before the due day."""
    return 0 <= (due - today).days <= setting.remind_days_before


def _monthly_remind(*, store: Store, today: date) -> int:
    setting = report_deadline_get(store=store, kind=ReportDeadlineKind.MONTHLY)
    due = monthly_due_date(today, setting)
    if not _reminder_day(today=today, due=due, setting=setting):
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
                title=message(
                    gettext_noop("Your monthly summary and plan are due on %(due)s"),
                    due=due.isoformat(),
                ),
                url=reverse("scoring:monthly_report", args=[kind]),
                store=store,
            )
    return sent


def _store_month_remind(*, spec: StoreMonthSpec, store: Store, today: date) -> int:
    """RPT-ORDER-PLAN / RPT-LOST: from `remind_days_before` days before the
    next due day, while the report is not done, remind the role that owes it."""
    setting = report_deadline_get(store=store, kind=spec.key)
    due = monthly_due_date(today, setting)
    if today > due:
        due = monthly_due_date(next_month(today), setting)
    if not _reminder_day(today=today, due=due, setting=setting):
        return 0
    month = _covered_month(due, spec)
    if spec.done_at(store, month) is not None:
        return 0
    title = message(spec.reminder, month=f"{month:%Y-%m}", due=due.isoformat())
    url = reverse(spec.url_name) + f"?store={store.pk}&month={month:%Y-%m}"
    sent = 0
    for person in _owners(store=store, role=spec.role, on=today):
        sent += notification_send(
            user=person,
            key=f"scoring:{spec.key}:{store.pk}:{month:%Y-%m}:{today.isoformat()}",
            title=title,
            url=url,
            store=store,
        )
    return sent


def _competitor_remind(*, store: Store, today: date) -> int:
    setting = report_deadline_get(store=store, kind=ReportDeadlineKind.COMPETITOR)
    sunday = week_start(today) + timedelta(days=6)
    if not _reminder_day(today=today, due=sunday, setting=setting):
        return 0
    if CompetitorPrice.objects.filter(store=store, week=week_start(today)).exists():
        return 0
    sent = 0
    for person in _owners(store=store, role=Role.MARKETING, on=today):
        sent += notification_send(
            user=person,
            key=f"scoring:competitor:{store.pk}:{today.isoformat()}",
            title=message(gettext_noop("Record this week's competitor prices today")),
            url=reverse("scoring:competitor_prices"),
            store=store,
        )
    return sent


def _training_remind(*, store: Store, today: date) -> int:
    """TRN-4: while the month has fewer trainings than required, remind the
    training supervisors in the month's last days."""
    setting = report_deadline_get(store=store, kind=ReportDeadlineKind.TRAINING)
    last_day = next_month(today) - timedelta(days=1)
    if not _reminder_day(today=today, due=last_day, setting=setting):
        return 0
    month = month_start(today)
    held = Training.objects.filter(store=store, date__gte=month, date__lte=last_day).count()
    if held >= setting.target_count:
        return 0
    sent = 0
    for person in _owners(store=store, role=Role.TRAINING_SUPERVISOR, on=today):
        sent += notification_send(
            user=person,
            key=f"scoring:training:{store.pk}:{today.isoformat()}",
            title=message(
                gettext_noop("%(held)s of %(needed)s trainings held this month"),
                held=held,
                needed=setting.target_count,
            ),
            url=reverse("scoring:trainings"),
            store=store,
        )
    return sent


def _event_kpi_remind(*, now: datetime) -> int:
    events = MarketingEvent.objects.filter(
        end_date__gte=(now - EVENT_WINDOW).date(),
        end_date__lte=now.date(),
        analysis_submitted_at__isnull=True,
        store__is_active=True,
    ).select_related("store", "owner")
    sent = 0
    for event in events:
        due = event_kpi_due(event)
        days = report_deadline_get(store=event.store, kind=ReportDeadlineKind.EVENT_KPI)
        if not due - timedelta(days=days.remind_days_before + 1) <= now < due:
            continue
        sent += notification_send(
            user=event.owner,
            key=f"scoring:event_kpi:{event.pk}",
            title=message(gettext_noop("KPI analysis of %(event)s is due today"), event=event.name),
            url=reverse("scoring:event_analysis", args=[event.pk]),
            store=event.store,
        )
    return sent


def drive_registration_check(*, now: datetime | None = None) -> int:
    """LEAD-6 (−1 per drive), PTS-4 "test drive not recorded, where
    detectable": once the consultant's log deadline of a day has passed, the
    test drives the consultant reported in the log (RPT-CONSULTANT-LOG) beyond
    those registered in the system that day were not registered. One fact per
    missing drive, so running twice changes nothing."""
    from sales.selectors import reception_day_figures

    now = now or timezone.now()
    recorded = 0
    for store in _stores():
        at = report_deadline_get(store=store, kind=ReportDeadlineKind.CONSULTANT_LOG).at
        day = latest_passed_day(now, at, store_tz(store))
        if not store.is_live_on(day):
            continue  # before the store's first day on the system
        logs = ConsultantDailyLog.objects.filter(store=store, date=day, test_drives__gt=0)
        for log in logs.select_related("author"):
            registered = reception_day_figures(store=store, day=day, consultant=log.author)
            for number in range(registered.test_drives + 1, log.test_drives + 1):
                entry = violation_record(
                    store=store,
                    person=log.author,
                    rule_code="LEAD-6",
                    fact_date=day,
                    fact_key=f"log:{log.pk}:drive:{number}",
                    evidence=log,
                    note=_("%(reported)s test drives in the daily log, %(registered)s registered.")
                    % {"reported": log.test_drives, "registered": registered.test_drives},
                    source="auto:drive_registration_check",
                )
                recorded += entry is not None
    return recorded
