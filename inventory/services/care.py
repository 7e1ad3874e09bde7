"""Storage care (MNT-*): per-VIN tasks from the admin-editable rules, their
completion with readings, and storm alerts."""

from __future__ import annotations

import random
from collections import defaultdict
from datetime import date, datetime, time, timedelta
from decimal import Decimal, InvalidOperation

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from dealership.errors import ConflictError, DomainError
from dealership.models import Store, User
from dealership.timeutil import store_time_text, store_today, store_tz, stores_by_time_zone
from inventory.models import CareRule, CareTask, StockSpotCheck, StormAlert, Vehicle
from inventory.rules import (
    ON_HAND_STATES,
    READING_FIELDS,
    SPOT_CHECK_HOURS,
    CareKind,
    CarePeriod,
    period_due,
    period_start,
)
from inventory.selectors import care_readings_by_kind
from inventory.services.common import require


def _stock_cars():
    return Vehicle.objects.filter(state__in=ON_HAND_STATES, arrival_date__isnull=False)


def _create_tasks(rows, *, kind: str, start: date, due: date, storm=None) -> int:
    """Set-based and idempotent: one INSERT, duplicates of (vehicle, kind,
    period) skipped by the unique constraint. Returns how many are new."""
    rows = list(rows)
    if not rows:
        return 0
    ids = [pk for pk, _store in rows]
    before = CareTask.objects.filter(vehicle_id__in=ids, kind=kind, period_start=start).count()
    CareTask.objects.bulk_create(
        [
            CareTask(
                store_id=store_id,
                vehicle_id=pk,
                kind=kind,
                period_start=start,
                due_date=due,
                storm=storm,
            )
            for pk, store_id in rows
        ],
        ignore_conflicts=True,
    )
    after = CareTask.objects.filter(vehicle_id__in=ids, kind=kind, period_start=start).count()
    return after - before


@transaction.atomic
def care_tasks_generate(*, today: date | None = None) -> dict[str, int]:
    """MNT-WEEKLY-START, MNT-DUST, MNT-TYRE, MNT-BATTERY, MNT-RUBBER, MNT-DASH,
    MNT-MOVE: the task of the current period for every car in stock (MNT-MOVE
    only for cars stored longer than the rule's days). Each store's period is
    that of its own day (its time zone); stores of one zone share one insert
    per rule. Safe to run twice."""
    zones = stores_by_time_zone(Store.objects.filter(is_active=True).only("pk", "time_zone"))
    created: dict[str, int] = defaultdict(int)
    rules = list(CareRule.objects.filter(is_active=True))
    for stores in zones:
        day = today or store_today(stores[0])
        for rule in rules:
            cars = _stock_cars().filter(store__in=stores)
            if rule.min_days_in_stock:
                cars = cars.filter(arrival_date__lte=day - timedelta(days=rule.min_days_in_stock))
            start = period_start(rule.period, day)
            created[rule.kind] += _create_tasks(
                cars.values_list("pk", "store_id"),
                kind=rule.kind,
                start=start,
                due=period_due(rule.period, start),
            )
    return dict(created)


@transaction.atomic
def care_task_complete(
    *, task: CareTask, by: User, readings: dict | None = None, note: str = ""
) -> CareTask:
    """MNT-*: a care task done; tyre and battery checks carry their readings
    (MNT-TYRE: four pressures in bar, MNT-BATTERY: volts)."""
    task = CareTask.objects.select_for_update().get(pk=task.pk)
    require(by, "care", task.store)
    if task.done_at is not None:
        raise ConflictError("ALREADY_DONE", _("This task is already done."))
    task.readings = _readings_for(task.kind, readings or {})
    task.note = _care_note(note)
    task.done_by = by
    task.done_at = timezone.now()
    task.save(update_fields=["readings", "note", "done_by", "done_at"])
    return task


def _care_note(note: str) -> str:
    note = (note or "").strip()
    longest = CareTask._meta.get_field("note").max_length
    if "\x00" in note or len(note) > longest:
        raise DomainError(
            "NOTE_INVALID",
            _("A note is plain text of at most %(n)d characters.") % {"n": longest},
            field="note",
        )
    return note


def _readings_for(kind: str, readings: dict) -> dict:
    clean = {}
    for name in care_readings_by_kind().get(kind, ()):
        spec = READING_FIELDS[name]
        raw = str(readings.get(name, "")).strip().replace(",", ".")
        try:
            value = Decimal(raw)
        except InvalidOperation:
            value = None
        if value is None or not value.is_finite():
            raise DomainError(
                "READING_REQUIRED",
                _("Enter the reading “%(name)s” (%(unit)s).")
                % {"name": spec.label, "unit": spec.unit},
                field=name,
            )
        if not spec.low <= value <= spec.high:
            raise DomainError(
                "READING_OUT_OF_RANGE",
                _("“%(name)s” must be between %(low)s and %(high)s %(unit)s.")
                % {"name": spec.label, "low": spec.low, "high": spec.high, "unit": spec.unit},
                field=name,
            )
        clean[name] = float(value)
    return clean


@transaction.atomic
def storm_alert_raise(*, store: Store, title: str, by: User) -> StormAlert:
    """MNT-STORM: before a typhoon or rainstorm a manager raises the alert;
    every car in stock gets an inspect-and-protect task."""
    require(by, "storm", store)
    now = timezone.now()
    alert = StormAlert.objects.create(store=store, title=title, raised_by=by, raised_at=now)
    today = store_today(store)
    _create_tasks(
        _stock_cars().filter(store=store).values_list("pk", "store_id"),
        kind=CareKind.STORM_PROTECT,
        start=today,
        due=today,
        storm=alert,
    )
    return alert


@transaction.atomic
def storm_alert_end(*, alert: StormAlert, by: User) -> StormAlert:
    """MNT-STORM: after the storm every car in stock is washed (tyres especially)."""
    alert = StormAlert.objects.select_for_update().get(pk=alert.pk)
    require(by, "storm", alert.store)
    if alert.ended_at is not None:
        raise ConflictError("STORM_ENDED", _("This storm alert is already over."))
    alert.ended_by = by
    alert.ended_at = timezone.now()
    alert.save(update_fields=["ended_by", "ended_at"])
    today = store_today(alert.store)
    _create_tasks(
        _stock_cars().filter(store=alert.store).values_list("pk", "store_id"),
        kind=CareKind.STORM_WASH,
        start=today,
        due=today + timedelta(days=1),
        storm=alert,
    )
    return alert


def _month_slots(*, today: date, count: int, rng: random.Random, tz) -> list[datetime]:
    """MNT-RANDOM: `count` random moments from today to the end of the month,
    within working hours, in the store's time zone (sorted)."""
    last = period_due(CarePeriod.MONTH, today.replace(day=1))
    days = (last - today).days + 1
    start_h, end_h = SPOT_CHECK_HOURS
    moments = []
    for _i in range(count):
        day = today + timedelta(days=rng.randrange(days))
        minute = rng.randrange((end_h - start_h) * 60)
        moments.append(datetime.combine(day, time(start_h), tzinfo=tz) + timedelta(minutes=minute))
    return sorted(moments)


def spot_checks_plan(
    *, store: Store, today: date | None = None, rng: random.Random | None = None
) -> int:
    """MNT-RANDOM: draw this month's random spot checks of a store: distinct
    stock cars at random times. Runs once a month; a second run (even a
    concurrent one) adds nothing, because each (store, month, number) slot
    is unique. Returns the month's number of checks (0 if already drawn)."""
    from inventory.selectors import stock_policy_for

    today = today or store_today(store)
    rng = rng or random.SystemRandom()
    month = today.replace(day=1)
    if StockSpotCheck.objects.filter(store=store, month=month).exists():
        return 0
    cars = list(_stock_cars().filter(store=store).values_list("pk", flat=True))
    count = min(stock_policy_for(store=store).spot_checks_per_month, len(cars))
    picked = rng.sample(cars, count)
    moments = _month_slots(today=today, count=count, rng=rng, tz=store_tz(store))
    StockSpotCheck.objects.bulk_create(
        [
            StockSpotCheck(store=store, vehicle_id=pk, month=month, seq=n, planned_at=at)
            for n, (pk, at) in enumerate(zip(picked, moments, strict=True), start=1)
        ],
        ignore_conflicts=True,
    )
    return StockSpotCheck.objects.filter(store=store, month=month).count()


@transaction.atomic
def spot_check_record(
    *,
    check: StockSpotCheck,
    location_ok: bool,
    condition_ok: bool,
    keys_documents_ok: bool,
    by: User,
    note: str = "",
) -> StockSpotCheck:
    """MNT-RANDOM: the clerk records what the spot check found; every problem
    is described in the findings."""
    check = StockSpotCheck.objects.select_for_update().select_related("vehicle").get(pk=check.pk)
    require(by, "spot_check", check.store)
    if check.done_at is not None:
        raise ConflictError("ALREADY_DONE", _("This spot check is already recorded."))
    if check.vehicle.state not in ON_HAND_STATES:
        raise ConflictError("VEHICLE_NOT_ON_HAND", _("This car is not in the store's stock."))
    if timezone.now() < check.planned_at:
        raise ConflictError(
            "SPOT_CHECK_NOT_DUE",
            _("This spot check is at %(at)s: a check announced in advance is no check.")
            % {"at": store_time_text(check.store, check.planned_at)},
        )
    if not (location_ok and condition_ok and keys_documents_ok) and not note.strip():
        raise DomainError(
            "FINDINGS_REQUIRED", _("Describe the problem the check found."), field="note"
        )
    check.location_ok = location_ok
    check.condition_ok = condition_ok
    check.keys_documents_ok = keys_documents_ok
    check.note = note.strip()
    check.done_by = by
    check.done_at = timezone.now()
    check.save(
        update_fields=[
            "location_ok", "condition_ok", "keys_documents_ok", "note", "done_by", "done_at"
        ]
    )  # fmt: skip
    return check
