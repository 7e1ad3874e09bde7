"""Orders (LEAD-7), cancellations, deliveries (DLV-LIST, DLV-CLASS,
DLV-3GUARANTEE), accessories (DLV-ACCESSORIES), auto-finance (DLV-LOAN) and
vehicle affairs (DLV-AFFAIRS)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from dealership.errors import ConflictError, DomainError, ForbiddenError
from dealership.models import User
from dealership.services import require_store
from dealership.timeutil import store_now
from followups.services import followups_on_delivery
from sales.models import (
    AffairsTask,
    Customer,
    Delivery,
    LoanCase,
    LoanEvent,
    Order,
    OrderAccessory,
)
from sales.rules import (
    ACCESSORY_ROLES,
    AFFAIRS_ROLES,
    LOAN_OPEN_ROLES,
    LOAN_TRACKER_ROLES,
    LOAN_TRANSITIONS,
    THREE_GUARANTEE_ITEMS,
    AffairsKind,
    Grade,
    IdType,
    LoanStatus,
    OrderStatus,
)
from sales.services.common import (
    clean_id_number,
    clean_mobile,
    lock_customer,
    require_text,
    set_grade,
)


@dataclass
class AccessoryLine:
    name: str
    unit_price: Decimal
    quantity: int = 1


def _money(value, field: str, *, positive: bool = False) -> Decimal:
    try:
        amount = Decimal(str(value)).quantize(Decimal("0.01"))
    except (ArithmeticError, ValueError, TypeError):
        raise DomainError("AMOUNT_INVALID", _("Enter an amount in yuan."), field=field) from None
    if amount < 0 or (positive and amount == 0):
        raise DomainError("AMOUNT_INVALID", _("Enter an amount above zero."), field=field)
    return amount


@transaction.atomic
def order_create(
    *,
    customer: Customer,
    by: User,
    full_name: str,
    mobile: str,
    address: str,
    id_number: str,
    id_type: str = IdType.PRC_ID,
    model_name: str,
    colour: str,
    price,
    deposit=Decimal("0"),
    accessories: list[AccessoryLine] | None = None,
    ordered_at: datetime | None = None,
) -> Order:
    """LEAD-7: an intent customer becomes an order only with full name, phone,
    address, ID card number, model and colour, all accurate. The customer turns
    O (LEAD-4); a deal after month 3 does not count for the consultant (LEAD-9)."""
    customer = lock_customer(customer)
    if customer.grade == Grade.F:
        raise ConflictError(
            "CUSTOMER_LOST",
            _(
                "This customer is marked lost; log their visit or call first, which opens "
                "them again."
            ),
        )
    price = _money(price, "price", positive=True)
    deposit = _money(deposit, "deposit")
    if deposit > price:
        raise DomainError("DEPOSIT_ABOVE_PRICE", _("The deposit exceeds the price."), "deposit")
    order = Order.objects.create(
        store=customer.store,
        number=f"tmp-{customer.pk}-{timezone.now().timestamp()}",
        customer=customer,
        consultant=customer.consultant,
        full_name=require_text(
            full_name, "full_name", "ORDER_INCOMPLETE", _("Enter the full name.")
        ),
        mobile=clean_mobile(mobile),
        address=require_text(address, "address", "ORDER_INCOMPLETE", _("Enter the address.")),
        id_type=id_type,
        id_number=clean_id_number(id_number, id_type),
        model_name=require_text(
            model_name, "model_name", "ORDER_INCOMPLETE", _("Enter the model.")
        ),
        colour=require_text(colour, "colour", "ORDER_INCOMPLETE", _("Enter the colour.")),
        price=price,
        deposit=deposit,
        ordered_at=ordered_at or timezone.now(),
        commission_excluded=customer.commission_excluded,
        created_by=by,
    )
    order.number = (
        f"{customer.store.code.upper()}-{store_now(customer.store):%Y%m%d}-{order.pk:06d}"
    )
    order.save(update_fields=["number"])
    for line in accessories or []:
        if line.quantity < 1:
            raise DomainError(
                "ACCESSORY_QUANTITY", _("An accessory is sold at least once."), "accessories"
            )
        OrderAccessory.objects.create(
            order=order,
            name=require_text(line.name, "accessories", "ACCESSORY_NAME", _("Name the accessory.")),
            unit_price=_money(line.unit_price, "accessories"),
            quantity=line.quantity,
        )
    set_grade(customer=customer, to_grade=Grade.O, reason=_("Order %s") % order.number, by=by)
    return order


def _lock_order(order: Order) -> Order:
    return Order.objects.select_for_update().get(pk=order.pk)


@transaction.atomic
def order_cancel(*, order: Order, reason: str, by: User) -> Order:
    """LEAD-4: a cancelled order (退订) turns the customer T; the reason and date
    are kept (INC-1 counts cancellations)."""
    reason = require_text(reason, "reason", "REASON_REQUIRED", _("Say why the order is cancelled."))
    order = _lock_order(order)
    if order.status != OrderStatus.ORDERED:
        raise ConflictError(
            "ORDER_NOT_OPEN",
            _("Only an open order can be cancelled (this one is %s).") % order.get_status_display(),
        )
    from inventory.selectors import vehicle_for_order  # inventory builds on sales

    vehicle = vehicle_for_order(order=order)
    if vehicle is not None:
        raise ConflictError(
            "ORDER_HAS_VEHICLE",
            _(
                "Car %(vin)s is allocated to this order: release it back to stock on its "
                "vehicle page first, then cancel the order."
            )
            % {"vin": vehicle.vin},
        )
    order.status = OrderStatus.CANCELLED
    order.cancelled_at = timezone.now()
    order.cancel_reason = reason
    order.save(update_fields=["status", "cancelled_at", "cancel_reason"])
    customer = lock_customer(order.customer)
    if not customer.orders.filter(status=OrderStatus.ORDERED).exists():
        set_grade(customer=customer, to_grade=Grade.T, reason=reason, by=by)
    return order


@transaction.atomic
def delivery_create(
    *, order: Order, vin: str, by: User, delivered_at: datetime | None = None
) -> Delivery:
    """DLV-LIST: the car is handed over; the order becomes delivered and the
    customer an owner (D). Called by the stock outbound flow (STK-OUT-4), the
    only way an order reaches 'delivered'."""
    order = _lock_order(order)
    if order.status != OrderStatus.ORDERED:
        raise ConflictError(
            "ORDER_NOT_OPEN",
            _("Only an open order can be delivered (this one is %s).") % order.get_status_display(),
        )
    delivered_at = delivered_at or timezone.now()
    order.status = OrderStatus.DELIVERED
    order.save(update_fields=["status"])
    delivery = Delivery.objects.create(
        store=order.store,
        order=order,
        consultant=order.consultant,
        delivered_at=delivered_at,
        vin=vin,
        created_by=by,
    )
    customer = lock_customer(order.customer)
    set_grade(customer=customer, to_grade=Grade.D, reason=_("Delivered %s") % vin, by=by)
    followups_on_delivery(delivery=delivery)  # FU-DLV-2H, FU-DLV-7D, FU-MAINT
    return delivery


@transaction.atomic
def delivery_notify_class(*, delivery: Delivery, by: User) -> Delivery:
    """DLV-CLASS: customer service is told about the ten-minute class."""
    delivery = Delivery.objects.select_for_update().get(pk=delivery.pk)
    if delivery.class_notified_at is None:
        delivery.class_notified_at = timezone.now()
        delivery.save(update_fields=["class_notified_at"])
    return delivery


@transaction.atomic
def delivery_mark_class_done(*, delivery: Delivery, by: User) -> Delivery:
    delivery = Delivery.objects.select_for_update().get(pk=delivery.pk)
    if delivery.class_notified_at is None:
        raise ConflictError(
            "CLASS_NOT_NOTIFIED", _("Notify customer service before recording the class.")
        )
    if delivery.class_done_at is None:
        delivery.class_done_at = timezone.now()
        delivery.save(update_fields=["class_done_at"])
    return delivery


@transaction.atomic
def delivery_confirm_three_guarantee(*, delivery: Delivery, items: dict, by: User) -> Delivery:
    """DLV-3GUARANTEE: every seller duty of the 三包 regulation ticked, then the
    customer's signed confirmation is recorded with who and when."""
    delivery = Delivery.objects.select_for_update().get(pk=delivery.pk)
    if delivery.three_guarantee_confirmed_at is not None:
        raise ConflictError("ALREADY_CONFIRMED", _("The 三包 confirmation is already signed."))
    ticked = {key: bool(items.get(key)) for key, _label in THREE_GUARANTEE_ITEMS}
    missing = [str(label) for key, label in THREE_GUARANTEE_ITEMS if not ticked[key]]
    if missing:
        raise DomainError(
            "THREE_GUARANTEE_INCOMPLETE",
            _("Not yet done: %s") % "; ".join(missing),
            field="items",
        )
    delivery.three_guarantee_items = ticked
    delivery.three_guarantee_confirmed_at = timezone.now()
    delivery.three_guarantee_confirmed_by = by
    delivery.save(
        update_fields=[
            "three_guarantee_items",
            "three_guarantee_confirmed_at",
            "three_guarantee_confirmed_by",
        ]
    )
    return delivery


def _require_order_role(by: User, order: Order, roles: tuple, message: str) -> None:
    """DLV-*: the step is one of the person's roles, in the order's store."""
    if not (by.is_superuser or by.has_role(*roles)):
        raise ForbiddenError("ROLE_REQUIRED", message)
    require_store(by, order.store)


@transaction.atomic
def accessory_mark_installed(*, accessory: OrderAccessory, by: User) -> OrderAccessory:
    """DLV-ACCESSORIES: accessories are installed before delivery."""
    accessory = OrderAccessory.objects.select_for_update().get(pk=accessory.pk)
    _require_order_role(
        by,
        accessory.order,
        ACCESSORY_ROLES,
        _("The sales supervisor or the buyer's consultant records the installation."),
    )
    if accessory.installed_at is None:
        accessory.installed_at = timezone.now()
        accessory.save(update_fields=["installed_at"])
    return accessory


@transaction.atomic
def loan_open(*, order: Order, amount, by: User, lender: str = "广汽汇理") -> LoanCase:
    """DLV-LOAN: open an auto-finance case for an order."""
    _require_order_role(
        by, order, LOAN_OPEN_ROLES, _("The consultant or the sales supervisor opens a loan case.")
    )
    amount = _money(amount, "amount", positive=True)
    order = _lock_order(order)
    if order.status == OrderStatus.CANCELLED:
        raise ConflictError("ORDER_CANCELLED", _("This order is cancelled."))
    if amount > order.price:
        raise DomainError("LOAN_ABOVE_PRICE", _("The loan exceeds the car's price."), "amount")
    if LoanCase.objects.filter(order=order).exists():
        raise ConflictError("LOAN_EXISTS", _("This order already has a loan case."))
    case = LoanCase.objects.create(order=order, amount=amount, lender=lender.strip() or "广汽汇理")
    LoanEvent.objects.create(case=case, status=LoanStatus.APPLIED, by=by)
    return case


@transaction.atomic
def loan_advance(*, case: LoanCase, to_status: str, by: User, note: str = "") -> LoanCase:
    """DLV-LOAN: applied → approved → signed → disbursed → mortgage registered."""
    case = LoanCase.objects.select_for_update().select_related("order__store").get(pk=case.pk)
    _require_order_role(
        by,
        case.order,
        LOAN_TRACKER_ROLES,
        _("The sales supervisor follows the loan through approval, disbursement and mortgage."),
    )
    if to_status not in LoanStatus.values:
        raise DomainError("LOAN_STATUS", _("Choose a stage of the loan."), field="status")
    if to_status not in LOAN_TRANSITIONS.get(case.status, set()):
        raise ConflictError(
            "LOAN_TRANSITION",
            _("A loan that is %(from)s cannot become %(to)s.")
            % {"from": case.get_status_display(), "to": LoanStatus(to_status).label},
            field="status",
        )
    case.status = to_status
    case.save(update_fields=["status", "updated_at"])
    LoanEvent.objects.create(case=case, status=to_status, note=note.strip(), by=by)
    return case


@transaction.atomic
def affairs_record(
    *, order: Order, kind: str, by: User, fee=None, reference: str = ""
) -> AffairsTask:
    """DLV-AFFAIRS: plates, purchase tax or insurance done, with the fee."""
    _require_order_role(
        by,
        order,
        AFFAIRS_ROLES,
        _("The vehicle affairs clerk, the consultant or the supervisor records vehicle affairs."),
    )
    if kind not in AffairsKind.values:
        raise DomainError("AFFAIRS_KIND", _("Choose plates, purchase tax or insurance."), "kind")
    fee = None if fee in (None, "") else _money(fee, "fee")
    order = _lock_order(order)
    if order.status == OrderStatus.CANCELLED:
        raise ConflictError("ORDER_CANCELLED", _("This order is cancelled."))
    task, _created = AffairsTask.objects.select_for_update().get_or_create(order=order, kind=kind)
    if task.done_at is not None:
        raise ConflictError("AFFAIRS_DONE", _("This step is already recorded."), field="kind")
    task.fee = fee
    task.reference = reference.strip()
    task.done_at = timezone.now()
    task.done_by = by
    task.save()
    return task
