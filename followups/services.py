"""Every write of the follow-ups app (RULES.md FU-*).

Hooks for the sales and inventory services (called in their transaction):

- followups_on_grade_change(customer=, by=)   LEAD-4 → FU-H/A/B/C
- followups_on_contact(customer=, at=)          LEAD-1 visit or inbound call
- followups_on_reassign(customers=, to_user=)   LEAD-8/9
- followups_on_order_event(order=, event=, at=) FU-O (inventory)
- followups_on_delivery(delivery=)              FU-DLV-2H, FU-DLV-7D, FU-MAINT

and the consultant's action, followup_complete. The periodic scan lives in
followups/scan.py.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import asdict
from datetime import datetime, timedelta

from django.db import transaction
from django.db.models import Exists, OuterRef, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from dealership.errors import ConflictError, DomainError, ForbiddenError
from dealership.models import User
from followups.models import FirstServiceInterval, Followup, FollowupRule
from followups.rules import (
    CADENCE_HOLDING_STATUSES,
    CADENCE_KINDS,
    CALL_CHANNELS,
    CALL_ONLY_KINDS,
    DEFAULT_RULES,
    ORDER_ENDING_GRADES,
    PENDING_STATUSES,
    Channel,
    Kind,
    OrderEvent,
    Status,
)
from followups.windows import day_window, due_window, first_service_date, local_date


class NotYourFollowup(ForbiddenError):
    """Only the follow-up's owner logs its result (HTTP 403)."""


# --- rules ---------------------------------------------------------------


def rule_get(code: str) -> FollowupRule | None:
    """The active rule for a kind, or None when a manager switched it off."""
    return FollowupRule.objects.filter(code=code, is_active=True).first()


def active_rules_by_code() -> dict[str, FollowupRule]:
    """Every active rule by its code (the scan, a reassignment's marking)."""
    return {rule.code: rule for rule in FollowupRule.objects.filter(is_active=True)}


def cadence_rule_for_grade(grade: str) -> FollowupRule | None:
    """LEAD-4: the cadence rule (FU-H..FU-C) of an intent grade; None for
    N, O, D, T and F, which have no cadence follow-up."""
    if not grade:
        return None
    return FollowupRule.objects.filter(grade=grade, code__in=CADENCE_KINDS, is_active=True).first()


def followup_rules_install_defaults() -> list[str]:
    """FU-*: create the default rules, the default first-service interval and
    the FU-CARE holidays that are missing (rules.DEFAULT_RULES,
    holidays.holidays_install_defaults); a row a manager edited stays as it
    is. For `sync_defaults` and the tests (a flushed database). Returns the
    codes created."""
    created = []
    for default in DEFAULT_RULES:
        values = asdict(default)
        code = values.pop("code")
        _rule, new = FollowupRule.objects.get_or_create(code=code, defaults=values)
        if new:
            created.append(code)
    FirstServiceInterval.objects.get_or_create(model_name="")
    from followups.holidays import holidays_install_defaults

    holidays_install_defaults(today=local_date(None, timezone.now()))
    return created


# --- creating tasks --------------------------------------------------------


def followup_build(
    *, rule: FollowupRule, customer, anchor: datetime, slot: str = "", title: str = ""
) -> Followup:
    """An unsaved task of `rule` for the customer's current holder."""
    due_from, due_by = due_window(rule, store=customer.store, anchor=anchor)
    return Followup(
        store_id=customer.store_id,
        customer_id=customer.pk,
        owner_id=customer.consultant_id,
        kind=rule.code,
        slot=slot,
        title=title[:200],
        due_from=due_from,
        due_by=due_by,
    )


def followups_insert(tasks: list[Followup]) -> None:
    """INSERT ... ON CONFLICT DO NOTHING: the unique constraints (one open or
    late cadence task per customer, each event once) make every caller
    idempotent, even two at once."""
    Followup.objects.bulk_create(tasks, ignore_conflicts=True, batch_size=1000)


def missed_cadence_supersede(tasks: QuerySet[Followup]) -> int:
    """FU-H..C: missed cadence tasks among `tasks` that a newer cadence task
    of the same customer follows become SUPERSEDED (closed, off the lists;
    missed_at keeps the miss). One UPDATE; running it twice changes nothing."""
    newer = Followup.objects.filter(
        customer_id=OuterRef("customer_id"), slot="", pk__gt=OuterRef("pk")
    )
    return (
        tasks.filter(slot="", status=Status.MISSED)
        .filter(Exists(newer))
        .update(status=Status.SUPERSEDED)
    )


def _cadence_schedule(*, customer, anchor: datetime) -> None:
    """FU-H..C: give a graded customer their next cadence follow-up counted
    from `anchor` (the last contact), unless an open or late one exists; a
    missed one it follows is superseded."""
    rule = cadence_rule_for_grade(customer.grade)
    if rule is None:
        return
    task = followup_build(rule=rule, customer=customer, anchor=anchor)
    if task.due_by <= timezone.now():
        # A task never starts life overdue: count from now instead.
        task = followup_build(rule=rule, customer=customer, anchor=timezone.now())
    followups_insert([task])
    missed_cadence_supersede(Followup.objects.filter(customer_id=customer.pk))


def _cancel(tasks: QuerySet[Followup]) -> int:
    """Close pending tasks that no longer apply. A late one keeps late_at, so
    the scan still hands its lateness to scoring."""
    return tasks.filter(status__in=PENDING_STATUSES).update(
        status=Status.CANCELLED, cancelled_at=timezone.now()
    )


# --- hooks for sales and inventory -------------------------------------------


@transaction.atomic
def followups_on_grade_change(*, customer, by: User | None = None) -> None:
    """LEAD-4 → FU-H/A/B/C: after a grade change (customer.grade is the new
    grade), cancel the pending cadence follow-up of another grade and schedule
    the new grade's one from now. O, D, N, T and F have no cadence; T and F also
    end the ordered-car updates (FU-O). Same grade again: nothing changes."""
    rule = cadence_rule_for_grade(customer.grade)
    pending = Followup.objects.filter(customer=customer, slot="")
    _cancel(pending if rule is None else pending.exclude(kind=rule.code))
    if customer.grade in ORDER_ENDING_GRADES:
        _cancel(Followup.objects.filter(customer=customer, kind=Kind.ORDER))
    if rule is not None:
        _cadence_schedule(customer=customer, anchor=timezone.now())


@transaction.atomic
def followups_on_contact(*, customer, at: datetime) -> None:
    """LEAD-1: a logged showroom visit or inbound call. It does not complete a
    pending phone follow-up: the seed wants the consultant's own call on the
    grade's cadence, and a store checks those calls (FU-DMS). It does start the
    cadence of a graded customer who has no follow-up yet, counted from this
    contact. A new customer (grade N) gets the first one when graded."""
    _cadence_schedule(customer=customer, anchor=at)


@transaction.atomic
def followups_on_reassign(*, customers: Iterable | QuerySet, to_user: User) -> int:
    """LEAD-8/9: the pending follow-ups of the customers move to their new
    holder. Lateness already incurred stays with the person it happened to
    (overdue_owner): tasks past their deadline are marked late or missed
    first, even when the scan has not reached them yet. Returns how many
    moved."""
    from followups.scan import overdue_mark

    pending = Followup.objects.filter(customer__in=customers, status__in=PENDING_STATUSES)
    overdue_mark(rules=active_rules_by_code(), now=timezone.now(), tasks=pending)
    return pending.update(owner=to_user)


@transaction.atomic
def followups_on_order_event(*, order, event: str, at: datetime) -> Followup | None:
    """FU-O: the ordered car's status changed (allocated, in transit, arrived,
    PDI passed): the holder tells the customer. Once per order and event."""
    if event not in OrderEvent.values:
        raise DomainError("ORDER_EVENT_UNKNOWN", _("Unknown vehicle status for a follow-up."))
    rule = rule_get(Kind.ORDER)
    if rule is None:
        return None
    slot = f"order:{order.pk}:{event}"
    task = followup_build(
        rule=rule, customer=order.customer, anchor=at, slot=slot, title=order.number
    )
    followups_insert([task])
    return Followup.objects.filter(customer=order.customer, kind=Kind.ORDER, slot=slot).first()


@transaction.atomic
def followups_on_delivery(*, delivery) -> list[Followup]:
    """FU-DLV-2H (a call 1-2 hours after), FU-DLV-7D (within a week) and
    FU-MAINT (3 days before the first service, from the model's interval).
    Pending ordered-car updates of the order end. Safe to call twice."""
    order = delivery.order
    customer = order.customer
    slot = f"delivery:{delivery.pk}"
    tasks = [
        followup_build(rule=rule, customer=customer, anchor=delivery.delivered_at, slot=slot)
        for rule in _active_rules(Kind.DELIVERY_2H, Kind.DELIVERY_7D)
    ]
    maintenance = _maintenance_task(delivery=delivery, customer=customer, slot=slot)
    if maintenance is not None:
        tasks.append(maintenance)
    followups_insert(tasks)
    _cancel(
        Followup.objects.filter(
            customer=customer, kind=Kind.ORDER, slot__startswith=f"order:{order.pk}:"
        )
    )
    return list(Followup.objects.filter(customer=customer, slot=slot).order_by("due_by"))


def _active_rules(*codes: str) -> list[FollowupRule]:
    return list(FollowupRule.objects.filter(code__in=codes, is_active=True).order_by("code"))


def first_service_interval(model_name: str) -> FirstServiceInterval:
    """FU-MAINT [config]: the model's row, else the default (blank) row, else
    3 months / 5,000 km."""
    rows = {
        r.model_name: r
        for r in FirstServiceInterval.objects.filter(model_name__in=[model_name, ""])
    }
    return rows.get(model_name) or rows.get("") or FirstServiceInterval()


def _maintenance_task(*, delivery, customer, slot: str) -> Followup | None:
    rule = rule_get(Kind.MAINTENANCE)
    if rule is None:
        return None
    interval = first_service_interval(delivery.order.model_name)
    delivered_on = local_date(customer.store, delivery.delivered_at)
    service_on = first_service_date(delivered_on, interval.months)
    due_from, due_by = day_window(rule, store=customer.store, day=service_on)
    title = _("First service %(date)s or %(km)s km") % {"date": service_on, "km": interval.km}
    return Followup(
        store_id=customer.store_id,
        customer=customer,
        owner_id=customer.consultant_id,
        kind=rule.code,
        slot=slot,
        title=f"{delivery.order.model_name} · {title}"[:200],
        due_from=due_from,
        due_by=due_by,
    )


# --- the consultant's action ------------------------------------------------


@transaction.atomic
def followup_complete(
    *,
    followup: Followup,
    note: str,
    channel: str = Channel.PHONE,
    grade_hint: str = "",
    by: User,
    at: datetime | None = None,
    carry_over: bool = False,
) -> Followup:
    """FU-*: log a follow-up's result (how, what came of it, the grade it
    suggests). Done after the deadline it stays marked late (late_at) and the
    scan hands the lateness to scoring. A cadence follow-up schedules the next
    one by the customer's grade, counted from now. A missed cadence call that
    the next one superseded is refused (409 FOLLOWUP_SUPERSEDED), or with
    `carry_over` (the Today page, where the call was just made) the result is
    logged on the customer's current cadence follow-up, which is returned."""
    task = (
        Followup.objects.select_for_update().select_related("customer__store").get(pk=followup.pk)
    )
    if task.status == Status.SUPERSEDED and carry_over:
        task = _current_cadence_task(task=task, by=by)
    _check_can_complete(task=task, by=by)
    note, channel, grade_hint = _clean_result(note=note, channel=channel, grade_hint=grade_hint)
    if task.kind in CALL_ONLY_KINDS and channel not in CALL_CHANNELS:
        raise DomainError(
            "CALL_REQUIRED",
            _("This follow-up is a phone call (电话回访): call the customer or meet them."),
            field="channel",
        )
    now = at or timezone.now()
    _mark_late_if_past_deadline(task=task, now=now)
    task.status = Status.DONE
    task.completed_at = now
    task.completed_by = by
    task.result_note = note
    task.channel = channel
    task.grade_hint = grade_hint
    task.save()
    if task.slot == "":
        _cadence_schedule(customer=task.customer, anchor=now)
    return task


def _current_cadence_task(*, task: Followup, by: User) -> Followup:
    """The open or late cadence task that superseded `task`, locked; the
    superseded task itself when there is none (refused by the caller)."""
    current = (
        Followup.objects.select_for_update()
        .select_related("customer__store")
        .filter(customer_id=task.customer_id, slot="", status__in=CADENCE_HOLDING_STATUSES)
        .first()
    )
    return current if current is not None and current.owner_id == by.pk else task


def _check_can_complete(*, task: Followup, by: User) -> None:
    if task.owner_id != by.pk:
        raise NotYourFollowup("FOLLOWUP_NOT_YOURS", _("This follow-up belongs to someone else."))
    if task.status == Status.SUPERSEDED:
        raise ConflictError(
            "FOLLOWUP_SUPERSEDED",
            _(
                "This follow-up was missed and the customer's next one is already set:"
                " log the call there."
            ),
        )
    if task.status not in PENDING_STATUSES:
        raise ConflictError("FOLLOWUP_CLOSED", _("This follow-up is already closed."))


def _clean_result(*, note: str, channel: str, grade_hint: str) -> tuple[str, str, str]:
    from sales.rules import Grade

    note = (note or "").strip()
    if not note:
        raise DomainError(
            "RESULT_REQUIRED", _("Write down what came of the follow-up."), field="result_note"
        )
    if channel not in Channel.values:
        raise DomainError(
            "CHANNEL_INVALID", _("Choose how you reached the customer."), field="channel"
        )
    grade_hint = (grade_hint or "").strip().upper()
    if grade_hint and grade_hint not in Grade.values:
        raise DomainError("GRADE_INVALID", _("Choose a grade from the list."), field="grade_hint")
    return note, channel, grade_hint


def _mark_late_if_past_deadline(*, task: Followup, now: datetime) -> None:
    if task.late_at is not None:
        return
    rule = FollowupRule.objects.filter(code=task.kind).first()
    deadline = task.due_by + (rule.grace if rule else timedelta(0))
    if now >= deadline:
        task.late_at = deadline
        task.overdue_owner_id = task.owner_id
