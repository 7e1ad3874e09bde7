"""Outbound (STK-OUT-1..5, KEY-4): full payment, delivery confirmation,
release slip, gate pass, and the release itself. No unpaid car leaves: the
services refuse it (OUTBOUND_UNPAID) and a database trigger backs them up."""

from __future__ import annotations

from decimal import Decimal

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from dealership.errors import ConflictError, DomainError
from dealership.models import User
from dealership.text import join_list
from inventory.models import (
    DeliveryConfirmation,
    GatePass,
    OutboundForm,
    PaymentConfirmation,
    ReleaseSlip,
    Vehicle,
    VehicleDocument,
    VehicleKey,
)
from inventory.rules import Action, Custody, FormKind, KeyPurpose, VehicleState
from inventory.selectors.vehicles import payment_of
from inventory.services.common import (
    form_number_next,
    keys_leave_with_car,
    require,
    vehicle_lock,
    vehicle_transition,
)


def _sold_order(vehicle: Vehicle):
    if vehicle.order_id is None:
        raise ConflictError(
            "NOT_ALLOCATED", _("This car is not allocated to an order."), field="vehicle"
        )
    return vehicle.order


def _paid(vehicle: Vehicle) -> PaymentConfirmation:
    payment = payment_of(vehicle)
    if payment is None:
        raise ConflictError(
            "OUTBOUND_UNPAID",
            _("No full-payment confirmation from finance: the car cannot leave (STK-OUT-1)."),
        )
    return payment


@transaction.atomic
def payment_confirm(*, vehicle: Vehicle, amount: Decimal, by: User) -> PaymentConfirmation:
    """STK-OUT-1: finance signs that the full price of the car's order is paid
    (全款确认单). Only finance may; the amount covers the car's price and the
    accessories sold with it (Order.amount_due)."""
    vehicle = vehicle_lock(vehicle)
    require(by, "payment_confirm", vehicle.store)
    order = _sold_order(vehicle)
    amount = Decimal(amount).quantize(Decimal("0.01"))
    if amount < order.amount_due:
        raise DomainError(
            "PAYMENT_SHORT",
            _("Paid %(paid)s yuan, the price is %(price)s yuan: not fully paid.")
            % {"paid": amount, "price": order.amount_due},
            field="amount",
        )
    if payment_of(vehicle) is not None:
        raise ConflictError("PAYMENT_ALREADY_CONFIRMED", _("Full payment is already confirmed."))
    return PaymentConfirmation.objects.create(
        store=vehicle.store,
        number=form_number_next(store=vehicle.store, kind=FormKind.PAYMENT),
        vehicle=vehicle,
        order=order,
        amount=amount,
        confirmed_by=by,
        confirmed_at=timezone.now(),
    )


@transaction.atomic
def delivery_confirm(
    *, vehicle: Vehicle, customer_signature: str, by: User
) -> DeliveryConfirmation:
    """STK-OUT-3: after the final check with the consultant, the customer signs
    the delivery confirmation (《客户交车确认单》). Only after the PDI passed."""
    vehicle = vehicle_lock(vehicle)
    require(by, "delivery_confirm", vehicle.store)
    order = _sold_order(vehicle)
    if vehicle.state != VehicleState.PDI_PASSED:
        raise ConflictError(
            "PDI_NOT_PASSED", _("The pre-delivery PDI must pass before the customer signs.")
        )
    if not customer_signature.strip():
        raise DomainError(
            "SIGNATURE_REQUIRED", _("The customer signs the form."), field="customer_signature"
        )
    existing = DeliveryConfirmation.objects.filter(vehicle=vehicle, order=order).first()
    if existing is not None:
        raise ConflictError("ALREADY_SIGNED", _("The customer has already signed."))
    return DeliveryConfirmation.objects.create(
        store=vehicle.store,
        number=form_number_next(store=vehicle.store, kind=FormKind.DELIVERY),
        vehicle=vehicle,
        order=order,
        customer_signature=customer_signature.strip(),
        consultant=by,
        signed_at=timezone.now(),
    )


@transaction.atomic
def release_slip_issue(*, vehicle: Vehicle, by: User) -> ReleaseSlip:
    """STK-OUT-4: finance's release slip (放行条), only against the payment."""
    vehicle = vehicle_lock(vehicle)
    require(by, "release_slip", vehicle.store)
    _sold_order(vehicle)
    payment = _paid(vehicle)
    if ReleaseSlip.objects.filter(payment=payment).exists():
        raise ConflictError("RELEASE_SLIP_EXISTS", _("The release slip is already issued."))
    return ReleaseSlip.objects.create(
        store=vehicle.store,
        number=form_number_next(store=vehicle.store, kind=FormKind.RELEASE),
        vehicle=vehicle,
        payment=payment,
        issued_by=by,
        issued_at=timezone.now(),
    )


@transaction.atomic
def gate_pass_issue(*, vehicle: Vehicle, by: User) -> GatePass:
    """KEY-4: the gate pass (出门条) only against the full-payment confirmation."""
    vehicle = vehicle_lock(vehicle)
    require(by, "gate_pass", vehicle.store)
    _sold_order(vehicle)
    payment = _paid(vehicle)
    existing = GatePass.objects.filter(payment=payment).first()
    if existing is not None:
        return existing
    return GatePass.objects.create(
        store=vehicle.store,
        number=form_number_next(store=vehicle.store, kind=FormKind.GATE_PASS),
        vehicle=vehicle,
        payment=payment,
        issued_by=by,
        issued_at=timezone.now(),
    )


@transaction.atomic
def vehicle_release(*, vehicle: Vehicle, by: User) -> OutboundForm:
    """STK-OUT-4/5: with the payment confirmation, finance's release slip and
    the customer's confirmation, the clerk hands over keys (spare key too,
    KEY-4), certificate and documents; the outbound form (《车辆出库单》) is
    filled, the stock updated and the order delivered (sales DLV-LIST)."""
    from sales.services import delivery_create

    vehicle = vehicle_lock(vehicle)
    require(by, "release", vehicle.store)
    order = _sold_order(vehicle)
    payment = _paid(vehicle)
    slip = ReleaseSlip.objects.filter(payment=payment).first()
    if slip is None:
        raise ConflictError("RELEASE_SLIP_MISSING", _("Finance has not issued the release slip."))
    confirmation = DeliveryConfirmation.objects.filter(vehicle=vehicle, order=order).first()
    if confirmation is None:
        raise ConflictError(
            "DELIVERY_CONFIRMATION_MISSING", _("The customer has not signed the delivery form.")
        )
    _check_accessories_installed(order)
    number = form_number_next(store=vehicle.store, kind=FormKind.OUTBOUND)
    keys_leave_with_car(vehicle=vehicle, purpose=KeyPurpose.DELIVERY, form_number=number, by=by)
    # STK-OUT-5: the stock records (and the boards that read them) are updated
    # from the outbound form: state delivered, the movement ledger row carrying
    # the form's number; the car leaves the on-hand stock in this transaction.
    vehicle_transition(vehicle=vehicle, action=Action.DELIVER, by=by, form_number=number)
    handed = _hand_over(vehicle)
    form = OutboundForm.objects.create(
        store=vehicle.store,
        number=number,
        vehicle=vehicle,
        order=order,
        payment=payment,
        release_slip=slip,
        delivery_confirmation=confirmation,
        handed_over=handed,
        released_by=by,
        released_at=timezone.now(),
    )
    delivery_create(order=order, vin=vehicle.vin, by=by, delivered_at=form.released_at)
    return form


def _check_accessories_installed(order) -> None:
    """DLV-ACCESSORIES: the accessories (精品) sold with the car are installed
    before it is handed over ("展车精品含车销售的安装及协调工作")."""
    waiting = [a.name for a in order.accessories.all() if a.installed_at is None]
    if waiting:
        raise ConflictError(
            "ACCESSORIES_NOT_INSTALLED",
            _("Install the accessories sold with the car before it leaves: %(names)s.")
            % {"names": join_list(waiting)},
        )


def _hand_over(vehicle: Vehicle) -> list[dict]:
    """STK-OUT-4: keys and documents leave custody with the car."""
    keys = list(VehicleKey.objects.filter(vehicle=vehicle).order_by("number"))
    docs = list(VehicleDocument.objects.filter(vehicle=vehicle).order_by("kind"))
    VehicleKey.objects.filter(vehicle=vehicle).update(custody=Custody.HANDED_OVER)
    VehicleDocument.objects.filter(vehicle=vehicle).update(custody=Custody.HANDED_OVER)
    return [{"key": k.number, "spare": k.is_spare} for k in keys] + [
        {"document": d.kind, "number": d.number} for d in docs
    ]
