"""The periodic follow-up scan (Celery beat, every 10 minutes; RULES.md FU-*).

Set-based: a fixed number of queries per store, whatever the number of
customers: INSERT ... ON CONFLICT DO NOTHING against the unique constraints to
create tasks, UPDATE ... WHERE to move states. Idempotent: running it twice, or
from two workers at once, creates nothing twice and notifies once. Time-zone
correct: due windows are computed in each store's time zone (windows.py) and
stored as absolute instants, so "late" is a plain comparison with now.

Steps: (1) mark late and missed tasks, (2) cancel cadence tasks of a grade
the customer no longer has, (3) give pending tasks to the customers'
current holders and create the next cadence task of every graded customer
without an open or late one (FU-H..C; a missed task is superseded by the next),
(4) create owner-care greetings (FU-CARE, from the Holiday table and
birthdays), (5) open the supervisors' weekly DMS reconciliations of the week
that ended (FU-DMS), (6) hand late and missed facts to scoring (PTS-4),
(7) remind the owners and the supervisors (in-app, optionally SMS).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from django.db import transaction
from django.db.models import Exists, F, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext

from dealership.models import Store
from followups.dms import dms_reconciliations_open
from followups.holidays import holiday_list_on, holidays_fill
from followups.models import Followup, FollowupPolicy, FollowupRule, Holiday
from followups.rules import (
    CADENCE_HOLDING_STATUSES,
    CADENCE_KINDS,
    CARE_GRADES,
    CLOSED_STATUSES,
    PENDING_STATUSES,
    Kind,
    Status,
)
from followups.services import (
    active_rules_by_code,
    followup_build,
    followups_insert,
    missed_cadence_supersede,
)
from followups.windows import birthday_in_year, day_window, local_date

logger = logging.getLogger(__name__)

BATCH = 2000
SOURCE = "auto:followups_scan"


@dataclass
class ScanResult:
    scheduled: int = 0
    late: int = 0
    missed: int = 0
    reported: int = 0
    reminded: int = 0
    dms_opened: int = 0
    errors: list[str] = field(default_factory=list)


def followups_scan(*, now: datetime | None = None) -> ScanResult:
    """Run every step for every active store. Each step commits on its own,
    so a failure in one (e.g. scoring) never undoes the others. Lateness is
    marked first: before tasks of a grade the customer no longer has are
    cancelled and before pending tasks follow a reassigned customer to the
    new holder, so a lapse stays with the person it happened to; and before
    the next cadence tasks are created, so a missed one is followed (and
    superseded) in the same run."""
    now = now or timezone.now()
    rules = active_rules_by_code()
    result = ScanResult()
    this_year = local_date(None, now).year
    holidays_fill(years=[this_year, this_year + 1])  # FU-CARE: fixed dates of a new year
    stores = list(Store.objects.filter(is_active=True).select_related("followup_policy"))
    kind_of_grade = _kind_of_grade(rules)
    with transaction.atomic():
        result.late, result.missed = overdue_mark(rules=rules, now=now)
    for store in stores:
        with transaction.atomic():
            cadence_cancel_stale(store=store, kind_of_grade=kind_of_grade, now=now)
        policy = _policy(store)
        with transaction.atomic():
            _owners_follow_customers(store=store)
            result.scheduled += _cadence_create(
                store=store, rules=rules, kind_of_grade=kind_of_grade, now=now
            )
            missed_cadence_supersede(Followup.objects.filter(store=store))
        with transaction.atomic():
            result.scheduled += care_schedule(store=store, rules=rules, policy=policy, now=now)
        with transaction.atomic():
            result.dms_opened += dms_reconciliations_open(store=store, policy=policy, now=now)
    result.reported = violations_report(rules=rules, now=now, errors=result.errors)
    from followups.reminders import reminders_send

    result.reminded = reminders_send(now=now)
    return result


def _policy(store: Store) -> FollowupPolicy:
    try:
        return store.followup_policy
    except FollowupPolicy.DoesNotExist:
        return FollowupPolicy(store=store)


# --- (1) cadence: FU-H, FU-A, FU-B, FU-C ---------------------------------------


def _kind_of_grade(rules: dict[str, FollowupRule]) -> dict[str, str]:
    return {r.grade: code for code, r in rules.items() if code in CADENCE_KINDS and r.grade}


def cadence_cancel_stale(*, store: Store, kind_of_grade: dict[str, str], now: datetime) -> int:
    """Whether or not the sales hooks ran: cancel the pending cadence tasks of
    a grade the customer no longer has (or of a rule switched off). Then, in
    followups_scan, pending tasks go to the customer's current holder and
    every graded customer without an open or late one gets the next."""
    pending = Followup.objects.filter(store=store, slot="", status__in=PENDING_STATUSES)
    matching = Q(pk__in=[])
    for grade, kind in kind_of_grade.items():
        matching |= Q(kind=kind, customer__grade=grade)
    return pending.exclude(matching).update(status=Status.CANCELLED, cancelled_at=now)


def _owners_follow_customers(*, store: Store) -> None:
    """LEAD-8/9 safety net: pending tasks belong to the customer's holder."""
    from sales.models import Customer

    holder = Customer.objects.filter(pk=OuterRef("customer_id")).values("consultant_id")[:1]
    Followup.objects.filter(store=store, status__in=PENDING_STATUSES).exclude(
        owner_id=F("customer__consultant_id")
    ).update(owner_id=Subquery(holder))


def _cadence_candidates(*, store: Store, grades: list[str]) -> QuerySet:
    """Graded customers with no open or late cadence task (none yet, or the
    last one done or missed), with their last contact: the last completed
    cadence task and the last grade change."""
    from sales.models import Customer, GradeChange

    pending = Followup.objects.filter(
        customer_id=OuterRef("pk"), slot="", status__in=CADENCE_HOLDING_STATUSES
    )
    last_done = (
        Followup.objects.filter(customer_id=OuterRef("pk"), slot="", completed_at__isnull=False)
        .order_by("-completed_at")
        .values("completed_at")[:1]
    )
    last_graded = (
        GradeChange.objects.filter(customer_id=OuterRef("pk"))
        .order_by("-changed_at")
        .values("changed_at")[:1]
    )
    return (
        Customer.objects.filter(store=store, grade__in=grades)
        .exclude(Exists(pending))
        .annotate(last_done=Subquery(last_done), last_graded=Subquery(last_graded))
        .values_list("pk", "consultant_id", "grade", "created_at", "last_done", "last_graded")
    )


def _cadence_create(
    *, store: Store, rules: dict[str, FollowupRule], kind_of_grade: dict[str, str], now: datetime
) -> int:
    created = 0
    batch: list[Followup] = []
    rows = _cadence_candidates(store=store, grades=list(kind_of_grade))
    for pk, consultant_id, grade, created_at, last_done, last_graded in rows.iterator(BATCH):
        anchor = max(moment for moment in (created_at, last_done, last_graded) if moment)
        customer = _CustomerRef(pk=pk, store=store, store_id=store.pk, consultant_id=consultant_id)
        task = followup_build(rule=rules[kind_of_grade[grade]], customer=customer, anchor=anchor)
        if task.due_by <= now:
            # Never born overdue (e.g. customers graded before this app ran).
            task = followup_build(rule=rules[kind_of_grade[grade]], customer=customer, anchor=now)
        batch.append(task)
        if len(batch) >= BATCH:
            followups_insert(batch)
            created, batch = created + len(batch), []
    followups_insert(batch)
    return created + len(batch)


@dataclass
class _CustomerRef:
    """Just what followup_build needs of a customer, without loading it."""

    pk: int
    store: Store
    store_id: int
    consultant_id: int


# --- (2) owner care: FU-CARE ---------------------------------------------------


def care_schedule(
    *, store: Store, rules: dict[str, FollowupRule], policy: FollowupPolicy, now: datetime
) -> int:
    """FU-CARE: greetings to delivered owners (保有客户) for the statutory
    holidays (lunar ones included) and their birthdays, created
    `care_lead_days` ahead and due the day before or on the day."""
    rule = rules.get(Kind.CARE)
    if rule is None:
        return 0
    today = local_date(store, now)
    days = [today + timedelta(days=offset) for offset in range(policy.care_lead_days + 1)]
    created = 0
    for holiday in holiday_list_on(days):
        created += _care_holiday(store=store, rule=rule, holiday=holiday)
    return created + _care_birthdays(store=store, rule=rule, days=days)


def _care_holiday(*, store: Store, rule: FollowupRule, holiday: Holiday) -> int:
    """One greeting per owner and holiday a year (the slot names the holiday
    and its year, so a corrected date never greets twice)."""
    from sales.models import Customer

    slot = f"care:{holiday.key}:{holiday.year}"
    already = Followup.objects.filter(customer_id=OuterRef("pk"), kind=rule.code, slot=slot)
    owners = (
        Customer.objects.filter(store=store, grade__in=CARE_GRADES)
        .exclude(Exists(already))
        .values_list("pk", "consultant_id")
    )
    due_from, due_by = day_window(rule, store=store, day=holiday.day)
    title = str(holiday.get_key_display())
    return _insert_rows(
        rows=owners.iterator(BATCH),
        make=lambda pk, owner: _care_task(store, rule, pk, owner, slot, due_from, due_by, title),
    )


def _care_birthdays(*, store: Store, rule: FollowupRule, days: list[date]) -> int:
    from sales.models import Customer

    by_date = _birthday_dates(days)
    when = Q(pk__in=[])
    for month, day in by_date:
        when |= Q(birthday__month=month, birthday__day=day)
    greeted = Followup.objects.filter(
        customer_id=OuterRef("pk"), kind=rule.code, slot__startswith="care:birthday:"
    ).filter(due_by__gt=day_window(rule, store=store, day=days[0])[0])
    owners = (
        Customer.objects.filter(when, store=store, grade__in=CARE_GRADES)
        .exclude(Exists(greeted))
        .values_list("pk", "consultant_id", "birthday")
    )

    def make(pk: int, owner: int, birthday: date) -> Followup:
        occasion = by_date[(birthday.month, birthday.day)]
        due_from, due_by = day_window(rule, store=store, day=occasion)
        slot = f"care:birthday:{occasion.isoformat()}"
        return _care_task(store, rule, pk, owner, slot, due_from, due_by, gettext("Birthday"))

    return _insert_rows(rows=owners.iterator(BATCH), make=make)


def _birthday_dates(days: list[date]) -> dict[tuple[int, int], date]:
    """(month, day) of a birthday → the day it is celebrated among `days`;
    29 February is celebrated on the 28th in other years."""
    by_date = {(day.month, day.day): day for day in days}
    for day in days:
        if (day.month, day.day) == (2, 28) and birthday_in_year(date(2000, 2, 29), day.year) == day:
            by_date[(2, 29)] = day
    return by_date


def _care_task(store, rule, customer_id, owner_id, slot, due_from, due_by, title="") -> Followup:
    return Followup(
        title=title,
        store=store,
        customer_id=customer_id,
        owner_id=owner_id,
        kind=rule.code,
        slot=slot,
        due_from=due_from,
        due_by=due_by,
    )


def _insert_rows(*, rows, make) -> int:
    count = 0
    batch: list[Followup] = []
    for row in rows:
        batch.append(make(*row))
        if len(batch) >= BATCH:
            followups_insert(batch)
            count, batch = count + len(batch), []
    followups_insert(batch)
    return count + len(batch)


# --- (3) late and missed ------------------------------------------------------


def overdue_mark(
    *, rules: dict[str, FollowupRule], now: datetime, tasks: QuerySet[Followup] | None = None
) -> tuple[int, int]:
    """Late once due_by + grace has passed, missed once due_by + the rule's
    limit has (FU-H: more than 3 days). Plain UPDATE ... WHERE on status, so
    running twice changes nothing the second time. Records who held the task
    when it fell late (overdue_owner): the fact stays theirs after a
    reassignment. `tasks` narrows it (a reassignment marks its customers'
    tasks first)."""
    late = missed = 0
    scope = Followup.objects.all() if tasks is None else tasks
    for code, rule in rules.items():
        of_rule = scope.filter(kind=code)
        if rule.missed_after is not None:
            missed += of_rule.filter(
                status__in=(Status.OPEN, Status.LATE), due_by__lte=now - rule.missed_after
            ).update(
                status=Status.MISSED,
                missed_at=F("due_by") + rule.missed_after,
                late_at=Coalesce(F("late_at"), F("due_by") + rule.grace),
                overdue_owner_id=Coalesce(F("overdue_owner_id"), F("owner_id")),
            )
        late += of_rule.filter(status=Status.OPEN, due_by__lte=now - rule.grace).update(
            status=Status.LATE,
            late_at=F("due_by") + rule.grace,
            overdue_owner_id=F("owner_id"),
        )
    return late, missed


# --- (4) violations to scoring (PTS-4) -------------------------------------------


def facts_to_report() -> QuerySet[Followup]:
    """Tasks whose late or missed fact has not been handed over yet. A missed
    task counts as missed only (the −5 tier replaces the −2 one); a late one is
    handed over once it is settled (done or cancelled), so that a task that
    goes on to be missed is not charged twice."""
    return Followup.objects.filter(reported_at__isnull=True).filter(
        Q(missed_at__isnull=False) | Q(late_at__isnull=False, status__in=CLOSED_STATUSES)
    )


def violations_report(*, rules: dict[str, FollowupRule], now: datetime, errors: list[str]) -> int:
    """Hand late and missed follow-ups to the scoring ledger
    (scoring.services.violation_record, idempotent per rule, person and fact).
    Without the scoring app the facts stay on the task rows
    (selectors.followup_violation_facts)."""
    try:
        from scoring.services import violation_record
    except ImportError:  # pragma: no cover - scoring not installed
        return 0
    from dealership.errors import DomainError

    done: list[int] = []
    tasks = facts_to_report().select_related("store", "owner", "overdue_owner")
    for task in tasks.iterator(BATCH):
        rule = rules.get(task.kind) or FollowupRule(code=task.kind)
        code = rule.missed_rule_code if task.missed_at else rule.late_rule_code
        if code:
            try:
                violation_record(**violation_fact(task, code))
            except DomainError as exc:
                logger.warning("follow-up %s not handed to scoring: %s", task.pk, exc.code)
                errors.append(f"{task.pk}:{exc.code}")
                continue
        done.append(task.pk)
    Followup.objects.filter(pk__in=done, reported_at__isnull=True).update(reported_at=now)
    return len(done)


def violation_fact(task: Followup, rule_code: str) -> dict:
    """The arguments of scoring's violation_record for a task's fact."""
    moment = task.missed_at or task.late_at
    last_day = local_date(task.store, task.due_by - timedelta(microseconds=1))
    return {
        "store": task.store,
        "person": task.overdue_owner or task.owner,
        "rule_code": rule_code,
        "fact_date": local_date(task.store, moment),
        "fact_key": f"followup:{task.pk}",
        "evidence": task,
        "note": f"{task.kind} customer {task.customer_id}, due by {last_day}",
        "source": SOURCE,
    }
