"""Transfers between warehouses (STK-MOVE-1..3) and dispatch to another
dealer (STK-DISPATCH)."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from dealership.errors import ConflictError, DomainError
from dealership.models import User
from dealership.services import require_store
from inventory.models import Dispatch, Transfer, Vehicle, VehicleKey, Warehouse
from inventory.rules import (
    Action,
    Custody,
    FormKind,
    KeyPurpose,
    TransferStatus,
    transition_target,
)
from inventory.services.common import (
    form_number_next,
    keys_leave_with_car,
    require,
    require_role,
    vehicle_lock,
    vehicle_transition,
    warehouse_check,
)


@transaction.atomic
def transfer_request(
    *,
    vehicle: Vehicle,
    to_warehouse: Warehouse,
    check_ok: bool,
    cleaned: bool,
    by: User,
    to_bay: str = "",
    check_note: str = "",
) -> Transfer:
    """STK-MOVE-1: the transfer registration (《车辆移库登记》) after the routine
    check and cleaning. A failed check sends the car to the workshop instead."""
    vehicle = vehicle_lock(vehicle)
    require(by, "transfer", vehicle.store)
    warehouse_check(warehouse=to_warehouse, store=vehicle.store)
    transition_target(Action.TRANSFER_START, vehicle.state)
    if to_warehouse.pk == vehicle.warehouse_id:
        raise DomainError(
            "SAME_WAREHOUSE", _("The car is already in this warehouse."), field="to_warehouse"
        )
    if Transfer.objects.filter(vehicle=vehicle, status__in=_OPEN).exists():
        raise ConflictError("TRANSFER_OPEN", _("This car already has a transfer under way."))
    if check_ok and not cleaned:
        raise DomainError("NOT_CLEANED", _("Clean the car before the transfer."), field="cleaned")
    status = TransferStatus.REQUESTED if check_ok else TransferStatus.CHECK_FAILED
    transfer = Transfer.objects.create(
        store=vehicle.store,
        number=form_number_next(store=vehicle.store, kind=FormKind.TRANSFER),
        vehicle=vehicle,
        from_warehouse=vehicle.warehouse,
        to_warehouse=to_warehouse,
        to_bay=to_bay,
        check_ok=check_ok,
        cleaned=cleaned,
        check_note=check_note,
        status=status,
        requested_by=by,
    )
    if not check_ok:
        vehicle_transition(
            vehicle=vehicle, action=Action.PDI_FAIL, by=by, form_number=transfer.number
        )
    return transfer


_OPEN = [TransferStatus.REQUESTED, TransferStatus.APPROVED, TransferStatus.MOVING]


def _lock_transfer(transfer: Transfer) -> tuple[Vehicle, Transfer]:
    vehicle = vehicle_lock(transfer.vehicle_id)
    return vehicle, Transfer.objects.select_for_update().get(pk=transfer.pk)


@transaction.atomic
def transfer_decide(*, transfer: Transfer, approve: bool, by: User) -> Transfer:
    """STK-MOVE-2: the sales manager signs the registration before the move."""
    _vehicle, transfer = _lock_transfer(transfer)
    require(by, "transfer_approve", transfer.store)
    if transfer.status != TransferStatus.REQUESTED:
        raise ConflictError("NOT_PENDING", _("This transfer is not waiting for a decision."))
    transfer.status = TransferStatus.APPROVED if approve else TransferStatus.REJECTED
    transfer.approved_by = by
    transfer.approved_at = timezone.now()
    transfer.save(update_fields=["status", "approved_by", "approved_at"])
    return transfer


@transaction.atomic
def transfer_start(*, transfer: Transfer, by: User) -> Transfer:
    """STK-MOVE-2: the move starts only after the manager's signature."""
    vehicle, transfer = _lock_transfer(transfer)
    require(by, "transfer", transfer.store)
    if transfer.status != TransferStatus.APPROVED:
        raise ConflictError(
            "TRANSFER_NOT_APPROVED",
            _("The transfer is “%(status)s”: it needs the manager's approval and can start once.")
            % {"status": transfer.get_status_display()},
        )
    vehicle_transition(
        vehicle=vehicle, action=Action.TRANSFER_START, by=by, form_number=transfer.number
    )
    transfer.status = TransferStatus.MOVING
    transfer.moved_by = by
    transfer.save(update_fields=["status", "moved_by"])
    return transfer


@transaction.atomic
def transfer_complete(*, transfer: Transfer, by: User) -> Transfer:
    """STK-MOVE-3: the car arrives; the stock distribution is updated."""
    vehicle, transfer = _lock_transfer(transfer)
    require(by, "transfer", transfer.store)
    if transfer.status != TransferStatus.MOVING:
        raise ConflictError("TRANSFER_NOT_MOVING", _("This transfer has not started."))
    vehicle_transition(
        vehicle=vehicle,
        action=Action.TRANSFER_COMPLETE,
        by=by,
        form_number=transfer.number,
        to_warehouse=transfer.to_warehouse,
        bay=transfer.to_bay,
    )
    transfer.status = TransferStatus.DONE
    transfer.completed_at = timezone.now()
    transfer.save(update_fields=["status", "completed_at"])
    return transfer


@transaction.atomic
def dispatch_create(*, vehicle: Vehicle, to_dealer: str, by: User, reason: str = "") -> Dispatch:
    """STK-DISPATCH: a dispatch order (调拨单) for a stock car."""
    vehicle = vehicle_lock(vehicle)
    require(by, "transfer", vehicle.store)
    transition_target(Action.DISPATCH, vehicle.state)
    if Dispatch.objects.filter(vehicle=vehicle, released_at__isnull=True).exists():
        raise ConflictError("DISPATCH_OPEN", _("This car already has a dispatch order."))
    if not to_dealer.strip():
        raise DomainError("DEALER_REQUIRED", _("Name the receiving dealer."), field="to_dealer")
    return Dispatch.objects.create(
        store=vehicle.store,
        number=form_number_next(store=vehicle.store, kind=FormKind.DISPATCH),
        vehicle=vehicle,
        to_dealer=to_dealer.strip(),
        reason=reason,
        requested_by=by,
    )


@transaction.atomic
def dispatch_sign(*, dispatch: Dispatch, as_manager: bool, by: User) -> Dispatch:
    """STK-DISPATCH: the responsible person and the manager sign; two
    different people."""
    dispatch = Dispatch.objects.select_for_update().get(pk=dispatch.pk)
    require_store(by, dispatch.store)
    if as_manager:
        require_role(by, "dispatch_manager")
    other = dispatch.responsible_signed_by_id if as_manager else dispatch.manager_signed_by_id
    if other == by.pk:
        raise DomainError(
            "DISPATCH_SAME_SIGNER", _("The two signatures must come from two people.")
        )
    field = "manager_signed" if as_manager else "responsible_signed"
    if getattr(dispatch, f"{field}_by_id") is not None:
        raise ConflictError("ALREADY_SIGNED", _("This signature is already given."))
    setattr(dispatch, f"{field}_by", by)
    setattr(dispatch, f"{field}_at", timezone.now())
    dispatch.save(update_fields=[f"{field}_by", f"{field}_at"])
    return dispatch


@transaction.atomic
def dispatch_release(*, dispatch: Dispatch, by: User) -> Dispatch:
    """STK-DISPATCH: keys are issued and the car leaves only when both
    signatures are on the dispatch order."""
    vehicle = vehicle_lock(dispatch.vehicle_id)
    dispatch = Dispatch.objects.select_for_update().get(pk=dispatch.pk)
    require(by, "keys", dispatch.store)
    if not dispatch.fully_signed:
        raise ConflictError(
            "DISPATCH_UNSIGNED",
            _("The dispatch order needs the responsible person's and the manager's signatures."),
        )
    if dispatch.released_at is not None:
        raise ConflictError("DISPATCH_RELEASED", _("This car has already been dispatched."))
    keys_leave_with_car(
        vehicle=vehicle, purpose=KeyPurpose.DISPATCH, form_number=dispatch.number, by=by
    )
    vehicle_transition(vehicle=vehicle, action=Action.DISPATCH, by=by, form_number=dispatch.number)
    VehicleKey.objects.filter(vehicle=vehicle).update(custody=Custody.HANDED_OVER)
    dispatch.released_by = by
    dispatch.released_at = timezone.now()
    dispatch.save(update_fields=["released_by", "released_at"])
    return dispatch
