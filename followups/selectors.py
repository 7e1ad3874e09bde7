"""Reads of the follow-ups app (FU-*): the consultant's day, the API list, the
manager's compliance table and the violation facts."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from django.db.models import Count, F, Q, QuerySet
from django.db.models.functions import Coalesce
from django.utils import timezone

from dealership.compiled import model_rows, values_rows
from dealership.models import Store, User
from dealership.timeutil import store_day_bounds
from followups.models import Followup, FollowupRule
from followups.rules import CLOSED_STATUSES, MANAGER_ROLES, PENDING_STATUSES, Status

UPCOMING_DAYS = 7


def user_is_followup_manager(user: User) -> bool:
    return user.is_superuser or user.has_role(*MANAGER_ROLES)


def followup_list_visible_to(*, user: User, store: Store | None = None) -> QuerySet[Followup]:
    """A consultant sees their own follow-ups; managers, supervisors and the
    GM office every follow-up of their stores (ORG-1)."""
    tasks = Followup.objects.for_user(user).select_related("customer", "owner", "store")
    if store is not None:
        tasks = tasks.for_store(store)
    if not user_is_followup_manager(user):
        tasks = tasks.filter(owner=user)
    return tasks


def followup_list_pending(*, user: User, store: Store | None = None) -> QuerySet[Followup]:
    """The API list: follow-ups not done yet, most urgent first."""
    return (
        followup_list_visible_to(user=user, store=store)
        .filter(status__in=PENDING_STATUSES)
        .order_by("due_by", "pk")
    )


def followup_get_for_user(*, user: User, followup_id: int) -> Followup | None:
    return followup_list_visible_to(user=user).filter(pk=followup_id).first()


@dataclass
class TodayList:
    """The consultant's Today page: overdue first, then due now, then soon."""

    overdue: list[Followup] = field(default_factory=list)
    due: list[Followup] = field(default_factory=list)
    upcoming: list[Followup] = field(default_factory=list)


def followup_list_today(*, user: User, store: Store, now: datetime | None = None) -> TodayList:
    """One query: the person's pending follow-ups in the store that are due
    now, overdue, or open within the next week."""
    now = now or timezone.now()
    tasks = (
        Followup.objects.filter(
            owner=user,
            store=store,
            status__in=PENDING_STATUSES,
            due_from__lt=now + timedelta(days=UPCOMING_DAYS),
        )
        .select_related("customer")
        .order_by("due_by", "pk")
    )
    today = TodayList()
    for task in tasks:
        if task.status != Status.OPEN or task.due_by <= now:
            today.overdue.append(task)
        elif task.due_from <= now:
            today.due.append(task)
        else:
            today.upcoming.append(task)
    return today


@dataclass
class ComplianceRow:
    person: User
    total: int
    on_time: int
    late: int
    missed: int
    overdue_now: int
    open: int

    @property
    def on_time_rate(self) -> int | None:
        settled = self.on_time + self.late + self.missed
        return round(self.on_time * 100 / settled) if settled else None


def followups_charged_between(store_id, start, end) -> QuerySet[Followup]:
    """The follow-ups due in (start, end] that count in the compliance figures,
    each with person_id: whoever held it when it fell late, else the owner
    (lateness is charged to them); cancelled ones never late left out. The
    compliance table and the weekly DMS check (FU-DMS) both count these."""
    return (
        Followup.objects.filter(store=store_id, due_by__gt=start, due_by__lte=end)
        .exclude(status=Status.CANCELLED, late_at__isnull=True)
        .annotate(person_id=Coalesce(F("overdue_owner_id"), F("owner_id")))
    )


def _compliance(store_id, start, end):
    return (
        followups_charged_between(store_id, start, end)
        .values("person_id")
        .annotate(
            total=Count("pk"),
            on_time=Count("pk", filter=Q(status=Status.DONE, late_at__isnull=True)),
            late=Count(
                "pk",
                filter=Q(late_at__isnull=False, missed_at__isnull=True, status__in=CLOSED_STATUSES),
            ),
            missed=Count("pk", filter=Q(missed_at__isnull=False)),
            overdue_now=Count("pk", filter=Q(status=Status.LATE)),
            open=Count("pk", filter=Q(status=Status.OPEN)),
        )
        .order_by()
    )


def _people(ids):
    return User.objects.filter(pk__in=ids)


def followup_compliance(*, store: Store, date_from: date, date_to: date) -> list[ComplianceRow]:
    """The manager's table per person for the follow-ups due in [date_from,
    date_to] (store days), each counted once: done on time, settled late (done
    or cancelled after the deadline), missed (FU-H: more than 3 days past due,
    even if called later), overdue now (late, not yet missed) and not yet
    due. Lateness is charged to whoever held the task when it fell late. Two
    queries, whatever the number of follow-ups, compiled once
    (dealership.compiled)."""
    counts = followup_compliance_counts(store=store, date_from=date_from, date_to=date_to)
    people = {
        person.pk: person
        for person in model_rows("followups.compliance.people", _people, ids=list(counts))
    }
    table = [
        ComplianceRow(person=people[person_id], **row)
        for person_id, row in counts.items()
        if person_id in people
    ]
    return sorted(table, key=lambda r: (r.person.sales_group, r.person.display_name))


def followup_compliance_counts(*, store: Store, date_from: date, date_to: date) -> dict[int, dict]:
    """followup_compliance's figures by person id, for a reader that has the
    people already (the dashboards' compliance board): one query."""
    start, _end = store_day_bounds(store, date_from)
    _start, end = store_day_bounds(store, date_to)
    rows = values_rows("followups.compliance", _compliance, store_id=store.pk, start=start, end=end)
    return {row.pop("person_id"): row for row in rows}


def followup_violation_facts(
    *, store: Store | None = None, since: date | None = None
) -> list[dict]:
    """PTS-4 facts kept on the task rows: every late or missed follow-up whose
    rule names a penalty code, as the arguments scoring's violation_record
    takes (one per task: missed replaces late)."""
    from followups.scan import violation_fact

    rules = {rule.code: rule for rule in FollowupRule.objects.all()}
    tasks = Followup.objects.filter(Q(missed_at__isnull=False) | Q(late_at__isnull=False))
    tasks = tasks.exclude(status__in=(Status.OPEN, Status.LATE), missed_at__isnull=True)
    if store is not None:
        tasks = tasks.filter(store=store)
    if since is not None:
        tasks = tasks.filter(due_by__date__gte=since)
    facts = []
    for task in tasks.select_related("store", "owner", "overdue_owner").order_by("pk"):
        rule = rules.get(task.kind)
        code = rule and (rule.missed_rule_code if task.missed_at else rule.late_rule_code)
        if code:
            facts.append(violation_fact(task, code))
    return facts
