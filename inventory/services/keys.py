"""Keys (KEY-1..4): the issue/return log and the car-selection request."""

from __future__ import annotations

from datetime import timedelta

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from dealership.errors import ConflictError, DomainError
from dealership.models import User
from inventory.models import CarSelectionRequest, Dispatch, KeyLog, Vehicle, VehicleKey
from inventory.rules import (
    ON_HAND_STATES,
    ApprovalStatus,
    Custody,
    FormKind,
    KeyPurpose,
    VehicleState,
)
from inventory.selectors.vehicles import payment_of
from inventory.services.common import form_number_next, require, vehicle_lock


def _signature(value: str) -> str:
    if not value.strip():
        raise DomainError(
            "SIGNATURE_REQUIRED",
            _("The person who moves the car signs the key log."),
            field="signature",
        )
    return value.strip()


@transaction.atomic
def key_issue(
    *,
    key: VehicleKey,
    issued_to: User,
    purpose: str,
    signature: str,
    by: User,
    selection_request: CarSelectionRequest | None = None,
) -> KeyLog:
    """KEY-2: a key leaves the cabinet, signed by the person who moves the car.
    KEY-3: to show a customer, an approved car-selection request of that
    consultant for that car. KEY-4: the spare key only against the full-payment
    confirmation."""
    vehicle = vehicle_lock(key.vehicle_id)
    key = VehicleKey.objects.select_for_update().get(pk=key.pk)
    require(by, "keys", key.store)
    signature = _signature(signature)
    if vehicle.state not in ON_HAND_STATES:
        raise ConflictError("VEHICLE_NOT_ON_HAND", _("This car is not in the store's stock."))
    if key.custody != Custody.IN_CUSTODY:
        raise ConflictError("KEY_NOT_IN_CUSTODY", _("This key is not in the key cabinet."))
    if key.is_spare and payment_of(vehicle) is None:
        raise ConflictError(
            "SPARE_KEY_UNPAID",
            _("The spare key is given only against finance's full-payment confirmation."),
        )
    if purpose == KeyPurpose.SHOW:
        _check_selection(selection_request, vehicle=vehicle, consultant=issued_to)
    if purpose == KeyPurpose.DISPATCH:
        _check_dispatch_signed(vehicle)
    hours = _return_hours(vehicle)
    now = timezone.now()
    key.custody = Custody.ISSUED
    key.save(update_fields=["custody"])
    return KeyLog.objects.create(
        store=key.store,
        key=key,
        vehicle=vehicle,
        purpose=purpose,
        issued_to=issued_to,
        issued_by=by,
        issued_at=now,
        due_back_at=now + timedelta(hours=hours),
        signature=signature,
        selection_request=selection_request if purpose == KeyPurpose.SHOW else None,
    )


def _return_hours(vehicle: Vehicle) -> int:
    from inventory.selectors import stock_policy_for

    return stock_policy_for(store=vehicle.store).key_return_hours


def _check_selection(
    request: CarSelectionRequest | None, *, vehicle: Vehicle, consultant: User
) -> None:
    ok = (
        request is not None
        and request.status == ApprovalStatus.APPROVED
        and request.vehicle_id == vehicle.pk
        and request.consultant_id == consultant.pk
    )
    if not ok:
        raise ConflictError(
            "SELECTION_NOT_APPROVED",
            _("Showing a stock car needs a car-selection request approved by a manager (KEY-3)."),
            field="selection_request",
        )
    # KEY-3: one signed request per showing; locked, so that two issues at
    # once cannot both use it.
    CarSelectionRequest.objects.select_for_update().filter(pk=request.pk).first()
    if KeyLog.objects.filter(selection_request=request).exists():
        raise ConflictError(
            "SELECTION_USED",
            _("This car-selection request has been used for a showing; ask for a new one (KEY-3)."),
            field="selection_request",
        )


def _check_dispatch_signed(vehicle: Vehicle) -> None:
    """STK-DISPATCH: keys go to another dealer's driver only on a dispatch
    order signed by the responsible person and the manager."""
    dispatch = Dispatch.objects.filter(vehicle=vehicle, released_at__isnull=True).first()
    if dispatch is None or not dispatch.fully_signed:
        raise ConflictError(
            "DISPATCH_UNSIGNED",
            _("The dispatch order needs the responsible person's and the manager's signatures."),
            field="purpose",
        )


@transaction.atomic
def key_return(*, log: KeyLog, signature: str, by: User) -> KeyLog:
    """KEY-2: the key comes back to the cabinet, signed."""
    log = KeyLog.objects.select_for_update().select_related("key").get(pk=log.pk)
    require(by, "keys", log.store)
    signature = _signature(signature)
    if log.returned_at is not None:
        raise ConflictError("KEY_ALREADY_RETURNED", _("This key is already back."))
    log.returned_at = timezone.now()
    log.returned_to = by
    log.return_signature = signature
    log.save(update_fields=["returned_at", "returned_to", "return_signature"])
    VehicleKey.objects.filter(pk=log.key_id, custody=Custody.ISSUED).update(
        custody=Custody.IN_CUSTODY
    )
    return log


@transaction.atomic
def selection_request_create(
    *, vehicle: Vehicle, customer_name: str, by: User, note: str = ""
) -> CarSelectionRequest:
    """KEY-3: a consultant asks to show a stock car to a customer (选车申请单)."""
    vehicle = vehicle_lock(vehicle)
    require(by, "selection_request", vehicle.store)
    if vehicle.state != VehicleState.IN_STOCK:
        raise ConflictError(
            "VEHICLE_NOT_IN_STOCK", _("Only a car in stock can be shown to a customer.")
        )
    if not customer_name.strip():
        raise DomainError("CUSTOMER_REQUIRED", _("Name the customer."), field="customer_name")
    return CarSelectionRequest.objects.create(
        store=vehicle.store,
        number=form_number_next(store=vehicle.store, kind=FormKind.SELECTION),
        vehicle=vehicle,
        consultant=by,
        customer_name=customer_name.strip(),
        note=note,
    )


@transaction.atomic
def selection_request_decide(
    *, request: CarSelectionRequest, approve: bool, by: User
) -> CarSelectionRequest:
    """KEY-3: the manager or the GM office signs (or refuses) the request."""
    request = CarSelectionRequest.objects.select_for_update().get(pk=request.pk)
    require(by, "selection_decide", request.store)
    if request.status != ApprovalStatus.PENDING:
        raise ConflictError("NOT_PENDING", _("This request is already decided."))
    request.status = ApprovalStatus.APPROVED if approve else ApprovalStatus.REJECTED
    request.decided_by = by
    request.decided_at = timezone.now()
    request.save(update_fields=["status", "decided_by", "decided_at"])
    return request
