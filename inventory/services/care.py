"""Storage care (MNT-*): per-VIN tasks from the admin-editable rules, their
completion with readings, and storm alerts."""

from __future__ import annotations

from datetime import date, timedelta

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from dealership.errors import ConflictError, DomainError
from dealership.models import Store, User
from inventory.models import CareRule, CareTask, StormAlert, Vehicle
from inventory.rules import ON_HAND_STATES, READINGS, CareKind, period_due, period_start
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
    only for cars stored longer than the rule's days). Safe to run twice."""
    today = today or timezone.localdate()
    created: dict[str, int] = {}
    for rule in CareRule.objects.filter(is_active=True):
        cars = _stock_cars()
        if rule.min_days_in_stock:
            cars = cars.filter(arrival_date__lte=today - timedelta(days=rule.min_days_in_stock))
        start = period_start(rule.period, today)
        created[rule.kind] = _create_tasks(
            cars.values_list("pk", "store_id"),
            kind=rule.kind,
            start=start,
            due=period_due(rule.period, start),
        )
    return created


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
    task.note = note
    task.done_by = by
    task.done_at = timezone.now()
    task.save(update_fields=["readings", "note", "done_by", "done_at"])
    return task


def _readings_for(kind: str, readings: dict) -> dict:
    rule = CareRule.objects.filter(kind=kind).first()
    fields = READINGS.get(rule.reading, ()) if rule else ()
    clean = {}
    for name in fields:
        try:
            clean[name] = float(readings[name])
        except (KeyError, TypeError, ValueError):
            raise DomainError(
                "READING_REQUIRED",
                _("Enter the reading “%(name)s”.") % {"name": name},
                field="readings",
            ) from None
    return clean


@transaction.atomic
def storm_alert_raise(*, store: Store, title: str, by: User) -> StormAlert:
    """MNT-STORM: before a typhoon or rainstorm a manager raises the alert;
    every car in stock gets an inspect-and-protect task."""
    require(by, "storm", store)
    now = timezone.now()
    alert = StormAlert.objects.create(store=store, title=title, raised_by=by, raised_at=now)
    today = timezone.localdate()
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
    today = timezone.localdate()
    _create_tasks(
        _stock_cars().filter(store=alert.store).values_list("pk", "store_id"),
        kind=CareKind.STORM_WASH,
        start=today,
        due=today + timedelta(days=1),
        storm=alert,
    )
    return alert
