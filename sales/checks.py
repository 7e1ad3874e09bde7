"""Automatic detection (PTS-4) of the sales facts the system holds: each check
turns what it finds into penalty entries through scoring.violation_record,
exactly once per fact (running a check twice changes nothing)."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from django.db.models import Count, F, Max, Q, QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_noop

from dealership.models import Store, User
from dealership.rules import Role
from dealership.schedules import CRONTAB_TIMEZONE
from dealership.selectors import staff_with_role
from dealership.services import message, notification_send
from dealership.timeutil import store_day_bounds, store_tz, week_start
from sales.models import Customer, Delivery, SmsMessage, SpotCheck
from sales.rules import DEFAULT_CLASS_CATCH_UP_DAYS, Grade
from sales.schedules import CRONTAB_TASKS
from sales.selectors import customers_due_for_reassignment
from sales.services import sales_policy_for
from scoring.models import PenaltyEntry
from scoring.services import violation_record

# Look back this far: older facts were judged by earlier runs.
WINDOW = timedelta(days=7)
# LEAD-5: an SMS not sent within a day of its deadline counts as not sent.
SMS_MISSING_AFTER = timedelta(hours=24)
# DLV-3GUARANTEE: the signed confirmation is expected by the end of the day
# after the delivery day (store days, like DLV-CLASS's "within 3 days").
THREE_GUARANTEE_GRACE_DAYS = 1
# LEAD-8: a manager has this long to act on a customer due for reassignment.
REASSIGN_GRACE = timedelta(days=3)


def _local_date(store, moment: datetime):
    return moment.astimezone(store_tz(store)).date()


def _active_stores() -> QuerySet[Store]:
    return Store.objects.filter(is_active=True)


def _sales_managers(store: Store) -> list[User]:
    """The store's sales managers, the first-appointed (lowest pk) first."""
    return list(staff_with_role(store=store, role=Role.SALES_MANAGER).order_by("pk"))


def _end_of_store_day_after(store, moment: datetime, days: int) -> datetime:
    """The end of the `days`-th store day after the day `moment` falls on:
    "within 3 days" of a delivery at 18:00 on the 5th ends at midnight after
    the 8th, not at 18:00 on the 8th."""
    return store_day_bounds(store, _local_date(store, moment) + timedelta(days=days))[1]


def sms_check(*, now: datetime | None = None) -> int:
    """LEAD-5: sent after the deadline → LEAD-5-LATE (−2); not sent a day
    after the deadline → LEAD-5-MISSING (−6); supervisor and manager joint."""
    now = now or timezone.now()
    recorded = 0
    recent = SmsMessage.objects.filter(due_at__gte=now - WINDOW).select_related("store", "sender")
    for sms in recent.filter(sent_at__isnull=False, sent_at__gt=F("due_at")):
        missed = sms.sent_at > sms.due_at + SMS_MISSING_AFTER
        recorded += _record(sms, "LEAD-5-MISSING" if missed else "LEAD-5-LATE")
    for sms in recent.filter(sent_at__isnull=True, due_at__lt=now - SMS_MISSING_AFTER):
        recorded += _record(sms, "LEAD-5-MISSING")
    return recorded


def _record(sms: SmsMessage, code: str) -> int:
    entry = violation_record(
        store=sms.store,
        person=sms.sender,
        rule_code=code,
        fact_date=_local_date(sms.store, sms.due_at),
        fact_key=f"sms:{sms.pk}",
        evidence=sms,
        source="auto:sales.sms_check",
    )
    return int(entry is not None)


def delivery_check(*, now: datetime | None = None) -> int:
    """DLV-CLASS: customer service not notified by the end of the 3rd store day
    after the delivery day (−6); DLV-3GUARANTEE: no signed 三包 confirmation by
    the end of the day after it (−10). The SQL narrows to deliveries at least
    that many whole days old; the store-day deadline is checked per delivery."""
    now = now or timezone.now()
    recorded = 0
    recent = Delivery.objects.filter(delivered_at__gte=now - WINDOW - timedelta(days=3))
    recent = recent.select_related("store", "consultant")
    rules = (
        ("DLV-CLASS", "class_notified_at", DEFAULT_CLASS_CATCH_UP_DAYS),
        ("DLV-3GUARANTEE-MISSING", "three_guarantee_confirmed_at", THREE_GUARANTEE_GRACE_DAYS),
    )
    for code, done_field, days in rules:
        candidates = recent.filter(
            **{f"{done_field}__isnull": True}, delivered_at__lt=now - timedelta(days=days)
        )
        for delivery in candidates:
            if now >= _end_of_store_day_after(delivery.store, delivery.delivered_at, days):
                recorded += _record_delivery(delivery, code)
    return recorded


def _record_delivery(delivery: Delivery, code: str) -> int:
    entry = violation_record(
        store=delivery.store,
        person=delivery.consultant,
        rule_code=code,
        fact_date=_local_date(delivery.store, delivery.delivered_at),
        fact_key=f"delivery:{delivery.pk}",
        evidence=delivery,
        source="auto:sales.delivery_check",
    )
    return int(entry is not None)


def reassignment_check(*, now: datetime | None = None) -> int:
    """LEAD-8: a customer due for reassignment (2 months without an order) and
    still not reassigned 3 days later costs the sales manager −10, once per
    customer and holding period."""
    now = now or timezone.now()
    recorded = 0
    for store in _active_stores():
        managers = _sales_managers(store)
        if not managers:
            continue
        policy = sales_policy_for(store)
        due = customers_due_for_reassignment(store=store, policy=policy, now=now - REASSIGN_GRACE)
        # One charge per fact, whoever it went to: a chain of command changed
        # since must not charge the same waiting customer to a second manager.
        charged = set(
            PenaltyEntry.objects.filter(
                store=store,
                rule__code="LEAD-8",
                fact_key__in=[_reassign_fact_key(c) for c in due.to_other_group],
                joint_of__isnull=True,
                reverses__isnull=True,
            ).values_list("fact_key", flat=True)
        )
        chain = _ManagerChain(managers)
        for customer in due.to_other_group:
            if _reassign_fact_key(customer) not in charged:
                manager = chain.above(customer.consultant)
                recorded += _record_reassign(store, manager, customer, now)
    return recorded


def _reassign_fact_key(customer: Customer) -> str:
    return f"reassign:{customer.pk}:{customer.assigned_at:%Y%m%d%H%M%S}"


class _ManagerChain:
    """LEAD-8: the sales manager above a consultant in the chain of command
    (ORG-3: consultant → group leader → supervisor → manager); the store's
    first manager when the chain names none. Cached per consultant."""

    def __init__(self, managers: list):
        self.managers = managers
        self.by_pk = {m.pk: m for m in managers}
        self.cache: dict[int, object] = {}

    def above(self, consultant):
        if consultant.pk not in self.cache:
            self.cache[consultant.pk] = self._walk(consultant)
        return self.cache[consultant.pk]

    def _walk(self, person):
        seen = set()
        while person is not None and person.pk not in seen:
            if person.pk in self.by_pk:
                return self.by_pk[person.pk]
            seen.add(person.pk)
            person = person.supervisor
        return self.managers[0]


def reassignment_remind(*, now: datetime | None = None) -> int:
    """LEAD-8: each morning, the store's sales managers are told how many
    customers are due for reassignment to the other group and by when the
    −10 per customer falls (REASSIGN_GRACE), before any is charged. Once per
    store and day. Returns how many reminders were new."""
    now = now or timezone.now()
    sent = 0
    for store in _active_stores():
        managers = _sales_managers(store)
        policy = sales_policy_for(store)
        due = customers_due_for_reassignment(store=store, policy=policy, now=now)
        if not due.to_other_group or not managers:
            continue
        chain = _ManagerChain(managers)
        theirs: dict[int, list[Customer]] = {}
        for customer in due.to_other_group:
            theirs.setdefault(chain.above(customer.consultant).pk, []).append(customer)
        for manager in managers:
            customers = theirs.get(manager.pk)
            if not customers:
                continue
            oldest = min(c.assigned_at for c in customers)
            charged_from = oldest + timedelta(days=policy.reassign_after_days) + REASSIGN_GRACE
            title = message(
                gettext_noop(
                    "Customers due for reassignment to the other group: %(count)d; "
                    "from %(day)s each one still waiting costs 10 points (LEAD-8)"
                ),
                count=len(customers),
                day=_local_date(store, _first_check_at(max(now, charged_from))).isoformat(),
            )
            sent += notification_send(
                user=manager,
                key=f"sales:reassign_due:{store.pk}:{_local_date(store, now).isoformat()}",
                title=title,
                url=reverse("sales:reassign"),
                store=store,
            )
    return sent


# The nightly LEAD-8 check's time on the beat's clock, as sales/schedules.py sets it.
_REASSIGN_CHECK_AT = CRONTAB_TASKS["sales: reassignment overdue check (LEAD-8)"][1]


def _first_check_at(moment: datetime) -> datetime:
    """The first nightly LEAD-8 check at or after `moment`."""
    local = moment.astimezone(ZoneInfo(CRONTAB_TIMEZONE))
    run = local.replace(
        hour=int(_REASSIGN_CHECK_AT["hour"]),
        minute=int(_REASSIGN_CHECK_AT["minute"]),
        second=0,
        microsecond=0,
    )
    return run if run >= local else run + timedelta(days=1)


def _record_reassign(store, manager, customer: Customer, now: datetime) -> int:
    entry = violation_record(
        store=store,
        person=manager,
        rule_code="LEAD-8",
        fact_date=_local_date(store, now),
        fact_key=_reassign_fact_key(customer),
        evidence=customer,
        source="auto:sales.reassignment_check",
    )
    return int(entry is not None)


# LEAD-10: the manager's weekly spot check is asked for from this weekday
# (Thursday) of the store's week if it has not been drawn yet.
SPOT_CHECK_REMIND_WEEKDAY = 3


def spot_check_remind(*, now: datetime | None = None) -> int:
    """LEAD-10 ("每周至少抽查一次"): from Thursday of the store's week, the sales
    managers of a store with no spot check for the week are reminded, once a
    week. Returns how many reminders were new."""
    now = now or timezone.now()
    sent = 0
    for store in _active_stores():
        today = _local_date(store, now)
        week = week_start(today)
        if today.weekday() < SPOT_CHECK_REMIND_WEEKDAY or not store.is_live_on(week):
            continue
        if SpotCheck.objects.filter(store=store, week_start=week).exists():
            continue
        title = message(
            gettext_noop("This week's spot check of intent customers is not done yet (LEAD-10)")
        )
        for manager in _sales_managers(store):
            sent += notification_send(
                user=manager,
                key=f"sales:spot_check:{store.pk}:{week.isoformat()}",
                title=title,
                url=reverse("sales:spot_check"),
                store=store,
            )
    return sent


def ungraded_remind(*, now: datetime | None = None) -> int:
    """LEAD-4: a new customer (N) is graded at the first contact and a
    cancelled order's customer (T) goes back to an intent grade or F; no
    cadence follows them until then. Each morning the consultant is told how
    many of theirs have waited since before today (store day), once a day.
    Returns how many reminders were new."""
    now = now or timezone.now()
    sent = 0
    for store in _active_stores():
        today = _local_date(store, now)
        day_start, _end = store_day_bounds(store, today)
        waiting = (
            Customer.objects.filter(
                store=store,
                grade__in=[Grade.N, Grade.T],
                consultant__is_active=True,
                created_at__lt=day_start,
            )
            .annotate(graded_at=Max("grade_changes__changed_at"))
            .filter(Q(graded_at__isnull=True) | Q(graded_at__lt=day_start))
        )
        counts = dict(
            Customer.objects.filter(pk__in=waiting.values("pk"))
            .values_list("consultant")
            .annotate(n=Count("pk"))
        )
        for consultant in User.objects.filter(pk__in=counts):
            sent += notification_send(
                user=consultant,
                key=f"sales:ungraded:{store.pk}:{today.isoformat()}",
                title=message(
                    gettext_noop(
                        "Customers waiting for an intent grade (new or order cancelled): "
                        "%(count)d (LEAD-4)"
                    ),
                    count=counts[consultant.pk],
                ),
                url=reverse("sales:customer_list"),
                store=store,
            )
    return sent
