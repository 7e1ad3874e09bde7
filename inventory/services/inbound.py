"""Inbound (STK-IN-1..4) and the PDI inspections (STK-IN-1, STK-OUT-2)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from dealership.errors import ConflictError, DomainError
from dealership.models import User
from dealership.timeutil import store_time_text, store_today
from inventory.models import (
    InboundForm,
    PdiChecklistItem,
    PdiInspection,
    PdiResult,
    Vehicle,
    VehicleDocument,
    VehicleKey,
    Warehouse,
)
from inventory.rules import (
    ARRIVAL_STATED_MAX_DAYS,
    Action,
    Custody,
    DocumentKind,
    FormKind,
    PdiKind,
    pdi_needs_arrival_time,
)
from inventory.services.common import (
    form_number_next,
    require,
    vehicle_lock,
    vehicle_transition,
    warehouse_check,
)
from inventory.services.vehicles import vehicle_mark_arrived


@dataclass(frozen=True)
class ItemResult:
    """One line of a PDI form: the item's code, OK or not, the problem found."""

    code: str
    ok: bool
    problem: str = ""


@dataclass(frozen=True)
class KeyIn:
    """KEY-1: a numbered key received with the car."""

    number: str
    is_spare: bool = False
    cabinet_slot: str = ""


@transaction.atomic
def pdi_record(
    *,
    vehicle: Vehicle,
    kind: str,
    inspector: User,
    results: Iterable[ItemResult],
    by: User,
    odometer_km: int | None = None,
    arrived_at: datetime | None = None,
) -> PdiInspection:
    """STK-IN-1 / STK-OUT-2: the PDI form with the inspector and every problem
    marked. Every active checklist item is answered; a failed item names its
    problem. A pre-delivery PDI moves the car on: pass → PDI passed (and
    cleaned), fail → back to the workshop, then PDI again.

    An inbound PDI of a car whose unloading nobody recorded records it at
    `arrived_at`, the time the person states (required then, not in the
    future; ignored otherwise): stamping it "now" would make a late PDI
    impossible to see (the STK-IN-1 −1 counts from the unloading)."""
    vehicle = vehicle_lock(vehicle)
    require(by, "pdi", vehicle.store)
    lines = _pdi_lines(results)
    passed = all(line.ok for line in lines.values())
    if pdi_needs_arrival_time(kind=kind, state=vehicle.state, arrived_at=vehicle.arrived_at):
        _arrival_time_check(vehicle, arrived_at)
        vehicle_mark_arrived(vehicle=vehicle, by=by, stated_at=arrived_at)
    inspection = PdiInspection.objects.create(
        store=vehicle.store,
        vehicle=vehicle,
        kind=kind,
        inspector=inspector,
        inspected_at=timezone.now(),
        odometer_km=odometer_km,
        passed=passed,
    )
    PdiResult.objects.bulk_create(
        PdiResult(inspection=inspection, item=item, ok=line.ok, problem=line.problem.strip())
        for item, line in ((item, lines[item.code]) for item in _active_items())
    )
    if kind == PdiKind.PREDELIVERY:
        _predelivery_outcome(vehicle=vehicle, passed=passed, by=by)
    return inspection


def _arrival_time_check(vehicle: Vehicle, arrived_at: datetime | None) -> None:
    if arrived_at is None:
        raise DomainError(
            "ARRIVAL_TIME_REQUIRED",
            _(
                "Nobody recorded when this car was unloaded: enter the time it arrived"
                " (the PDI is due within the store's hours of it)."
            ),
            field="arrived_at",
        )
    now = timezone.now()
    if arrived_at > now:
        raise DomainError(
            "ARRIVAL_IN_FUTURE",
            _("The time the car was unloaded cannot be in the future (now: %(now)s).")
            % {"now": store_time_text(vehicle.store, now)},
            field="arrived_at",
        )
    if arrived_at < now - timedelta(days=ARRIVAL_STATED_MAX_DAYS):
        raise DomainError(
            "ARRIVAL_TOO_EARLY",
            _(
                "An unloading more than %(days)s days ago is not a date the PDI can follow:"
                " check the date."
            )
            % {"days": ARRIVAL_STATED_MAX_DAYS},
            field="arrived_at",
        )


def _active_items() -> list[PdiChecklistItem]:
    return list(PdiChecklistItem.objects.filter(is_active=True))


def _pdi_lines(results: Iterable[ItemResult]) -> Mapping[str, ItemResult]:
    lines = {r.code: r for r in results}
    items = _active_items()
    missing = [item.name for item in items if item.code not in lines]
    if missing:
        raise DomainError(
            "PDI_INCOMPLETE",
            _("Every item of the PDI form needs an answer; missing: %(items)s.")
            % {"items": "; ".join(missing)},
        )
    unmarked = [
        item.name
        for item in items
        if not lines[item.code].ok and not lines[item.code].problem.strip()
    ]
    if unmarked:
        raise DomainError(
            "PDI_PROBLEM_MISSING",
            _("Describe the problem of every failed item (%(items)s).")
            % {"items": "; ".join(unmarked)},
        )
    return lines


def _predelivery_outcome(*, vehicle: Vehicle, passed: bool, by: User) -> None:
    if passed:
        vehicle_transition(vehicle=vehicle, action=Action.PDI_PASS, by=by)
        vehicle.cleaned = True
        vehicle.save(update_fields=["cleaned"])
    else:
        vehicle_transition(vehicle=vehicle, action=Action.PDI_FAIL, by=by)


@transaction.atomic
def pdi_verify(*, inspection: PdiInspection, by: User) -> PdiInspection:
    """STK-IN-1: the in/out clerk verifies the PDI form (not their own)."""
    inspection = PdiInspection.objects.select_for_update().get(pk=inspection.pk)
    require(by, "pdi_verify", inspection.store)
    if inspection.verified_at is not None:
        raise ConflictError("PDI_ALREADY_VERIFIED", _("This PDI form is already verified."))
    if inspection.inspector_id == by.pk:
        raise DomainError("PDI_SELF_VERIFY", _("The inspector cannot verify their own PDI form."))
    inspection.verified_by = by
    inspection.verified_at = timezone.now()
    inspection.save(update_fields=["verified_by", "verified_at"])
    return inspection


@transaction.atomic
def vehicle_receive(
    *,
    vehicle: Vehicle,
    warehouse: Warehouse,
    by: User,
    keys: Iterable[KeyIn],
    documents: Mapping[str, str],
    bay: str = "",
    odometer_km: int | None = None,
) -> InboundForm:
    """STK-IN-1..4: after a verified inbound PDI, the numbered inbound form
    (《车辆入库单》); keys and all three documents go into custody at once;
    the stock record is updated (state in stock, warehouse, arrival date)."""
    vehicle = vehicle_lock(vehicle)
    require(by, "receive", vehicle.store)
    warehouse_check(warehouse=warehouse, store=vehicle.store)
    inspection = _verified_inbound_pdi(vehicle)
    keys = list(keys)
    _check_custody_items(keys=keys, documents=documents)
    number = form_number_next(store=vehicle.store, kind=FormKind.INBOUND)
    # STK-IN-4: the stock record is updated at once, in the inbound form's own
    # transaction: state in stock, warehouse and bay, the movement ledger row
    # carrying the form's number, and the arrival date stock ages count from.
    vehicle_transition(
        vehicle=vehicle,
        action=Action.RECEIVE,
        by=by,
        form_number=number,
        to_warehouse=warehouse,
        bay=bay,
    )
    vehicle.arrival_date = store_today(vehicle.store)
    vehicle.save(update_fields=["arrival_date"])
    _into_custody(vehicle=vehicle, keys=keys, documents=documents)
    return InboundForm.objects.create(
        store=vehicle.store,
        number=number,
        vehicle=vehicle,
        inspection=inspection,
        warehouse=warehouse,
        bay=bay,
        odometer_km=odometer_km if odometer_km is not None else inspection.odometer_km,
        received_by=by,
        received_at=timezone.now(),
    )


def _verified_inbound_pdi(vehicle: Vehicle) -> PdiInspection:
    inspection = (
        PdiInspection.objects.filter(vehicle=vehicle, kind=PdiKind.INBOUND)
        .order_by("-inspected_at", "-pk")
        .first()
    )
    if inspection is None:
        raise ConflictError("PDI_MISSING", _("Record the inbound PDI before the inbound form."))
    if inspection.verified_at is None:
        raise ConflictError(
            "PDI_NOT_VERIFIED", _("The in/out clerk must verify the PDI form first.")
        )
    return inspection


def _check_custody_items(*, keys: list[KeyIn], documents: Mapping[str, str]) -> None:
    if not keys:
        raise DomainError("KEYS_MISSING", _("Enter the numbers of the car's keys."), field="keys")
    numbers = [k.number.strip() for k in keys]
    longest = VehicleKey._meta.get_field("number").max_length
    if not all(numbers) or any(len(n) > longest for n in numbers):
        raise DomainError(
            "KEY_NUMBER_INVALID",
            _("Each key needs a number of at most %(n)d characters.") % {"n": longest},
            field="keys",
        )
    repeated = sorted({n for n in numbers if numbers.count(n) > 1})
    if repeated:
        raise DomainError(
            "KEY_NUMBER_REPEATED",
            _("Each key has a number of its own; given twice: %(numbers)s.")
            % {"numbers": ", ".join(repeated)},
            field="keys",
        )
    missing = [DocumentKind(k).label for k in DocumentKind.values if k not in documents]
    if missing:
        raise DomainError(
            "DOCUMENTS_MISSING",
            _("All documents go into custody at inbound; missing: %(docs)s.")
            % {"docs": ", ".join(str(m) for m in missing)},
            field="documents",
        )


def _into_custody(*, vehicle: Vehicle, keys: list[KeyIn], documents: Mapping[str, str]) -> None:
    """STK-IN-3 / KEY-1: classified custody right after inbound."""
    numbers = [k.number.strip() for k in keys]
    taken = VehicleKey.objects.filter(store=vehicle.store, number__in=numbers)
    if taken.exists():
        raise ConflictError(
            "KEY_NUMBER_TAKEN",
            _("Key number already used: %(numbers)s.")
            % {"numbers": ", ".join(taken.values_list("number", flat=True))},
            field="keys",
        )
    VehicleKey.objects.bulk_create(
        VehicleKey(
            store=vehicle.store,
            vehicle=vehicle,
            number=k.number.strip(),
            is_spare=k.is_spare,
            cabinet_slot=k.cabinet_slot,
        )
        for k in keys
    )
    for kind, number in documents.items():
        VehicleDocument.objects.update_or_create(
            vehicle=vehicle,
            kind=kind,
            defaults={"number": number, "custody": Custody.IN_CUSTODY},
        )
