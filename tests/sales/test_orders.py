"""LEAD-7 orders, cancellations, and the DLV-* delivery steps."""

from __future__ import annotations

from decimal import Decimal

import pytest

from dealership.errors import DomainError
from sales.models import AffairsTask, Delivery, LoanCase, Order, OrderAccessory
from sales.rules import THREE_GUARANTEE_ITEMS, AffairsKind, Grade, LoanStatus, OrderStatus
from sales.services import (
    accessory_mark_installed,
    affairs_record,
    delivery_confirm_three_guarantee,
    delivery_create,
    delivery_mark_class_done,
    delivery_notify_class,
    loan_advance,
    loan_open,
    order_cancel,
    order_create,
)
from sales.services.orders import AccessoryLine
from tests.sales.factories import valid_id_number

pytestmark = pytest.mark.django_db
VIN = "LHGCV1658J8000001"


def place(customer, by, **overrides):
    data = {
        "customer": customer,
        "by": by,
        "full_name": "陈大文",
        "mobile": "13912345678",
        "address": "阳江市江城区东风路1号",
        "id_number": valid_id_number(),
        "model_name": "雅阁",
        "colour": "珍珠白",
        "price": "179800",
        "deposit": "5000",
        "accessories": [AccessoryLine("脚垫", Decimal("300"), 2)],
    }
    data.update(overrides)
    return order_create(**data)


def test_lead_7_complete_order_turns_customer_o(customer, consultant_a, store):
    order = place(customer, consultant_a)
    customer.refresh_from_db()
    assert customer.grade == Grade.O
    assert (order.price, order.deposit, order.status) == (
        Decimal("179800.00"),
        Decimal("5000.00"),
        OrderStatus.ORDERED,
    )
    assert order.number.startswith(f"{store.code.upper()}-")
    assert order.accessories_total == Decimal("600.00")


@pytest.mark.parametrize(
    ("field", "value", "code"),
    [
        ("full_name", "", "ORDER_INCOMPLETE"),
        ("address", " ", "ORDER_INCOMPLETE"),
        ("model_name", "", "ORDER_INCOMPLETE"),
        ("colour", "", "ORDER_INCOMPLETE"),
        ("mobile", "1391234", "MOBILE_INVALID"),
        ("id_number", "441702199003071230", "ID_NUMBER_INVALID"),
        ("price", "0", "AMOUNT_INVALID"),
        ("deposit", "200000", "DEPOSIT_ABOVE_PRICE"),
    ],
)
def test_lead_7_incomplete_or_inaccurate_order_is_refused(
    customer, consultant_a, field, value, code
):
    if field == "id_number" and value[-1] == valid_id_number()[-1]:
        value = value[:-1] + "9"
    with pytest.raises(DomainError) as exc:
        place(customer, consultant_a, **{field: value})
    assert (exc.value.code, exc.value.field) == (code, field)
    customer.refresh_from_db()
    assert customer.grade == Grade.B
    assert not Order.objects.exists() and not OrderAccessory.objects.exists()


def test_lead_4_cancelled_order_turns_customer_t(customer, consultant_a):
    order = place(customer, consultant_a)
    order_cancel(order=order, reason="资金问题", by=consultant_a)
    order.refresh_from_db()
    customer.refresh_from_db()
    assert (order.status, order.cancel_reason, customer.grade) == (
        OrderStatus.CANCELLED,
        "资金问题",
        Grade.T,
    )


def test_lead_4_delivered_order_cannot_be_cancelled(customer, consultant_a):
    order = place(customer, consultant_a)
    delivery_create(order=order, vin=VIN, by=consultant_a)
    with pytest.raises(DomainError) as exc:
        order_cancel(order=order, reason="x", by=consultant_a)
    assert exc.value.code == "ORDER_NOT_OPEN"
    order.refresh_from_db()
    assert order.status == OrderStatus.DELIVERED


def test_dlv_list_delivery_marks_order_delivered_and_customer_owner(customer, consultant_a):
    order = place(customer, consultant_a)
    delivery = delivery_create(order=order, vin=VIN, by=consultant_a)
    order.refresh_from_db()
    customer.refresh_from_db()
    assert (order.status, customer.grade, delivery.vin) == (OrderStatus.DELIVERED, Grade.D, VIN)


def test_dlv_list_order_delivered_only_once(customer, consultant_a):
    order = place(customer, consultant_a)
    delivery_create(order=order, vin=VIN, by=consultant_a)
    with pytest.raises(DomainError) as exc:
        delivery_create(order=order, vin=VIN, by=consultant_a)
    assert exc.value.code == "ORDER_NOT_OPEN"
    assert Delivery.objects.count() == 1


def test_dlv_class_notified_then_held(customer, consultant_a):
    delivery = delivery_create(order=place(customer, consultant_a), vin=VIN, by=consultant_a)
    with pytest.raises(DomainError) as exc:
        delivery_mark_class_done(delivery=delivery, by=consultant_a)
    assert exc.value.code == "CLASS_NOT_NOTIFIED"
    delivery = delivery_notify_class(delivery=delivery, by=consultant_a)
    delivery = delivery_mark_class_done(delivery=delivery, by=consultant_a)
    assert delivery.class_notified_at <= delivery.class_done_at


def test_dlv_3guarantee_needs_every_item(customer, consultant_a):
    delivery = delivery_create(order=place(customer, consultant_a), vin=VIN, by=consultant_a)
    items = {key: True for key, _ in THREE_GUARANTEE_ITEMS}
    items["repairers_named"] = False
    with pytest.raises(DomainError) as exc:
        delivery_confirm_three_guarantee(delivery=delivery, items=items, by=consultant_a)
    assert exc.value.code == "THREE_GUARANTEE_INCOMPLETE"
    delivery.refresh_from_db()
    assert delivery.three_guarantee_confirmed_at is None
    items["repairers_named"] = True
    done = delivery_confirm_three_guarantee(delivery=delivery, items=items, by=consultant_a)
    assert done.three_guarantee_confirmed_by == consultant_a
    assert all(done.three_guarantee_items.values()) and len(done.three_guarantee_items) == 8


def test_dlv_accessories_installed(customer, consultant_a):
    order = place(customer, consultant_a)
    accessory = accessory_mark_installed(accessory=order.accessories.get(), by=consultant_a)
    assert accessory.installed_at is not None


def test_dlv_loan_follows_its_stages(customer, consultant_a, supervisor):
    case = loan_open(order=place(customer, consultant_a), amount="100000", by=consultant_a)
    for status in [
        LoanStatus.APPROVED,
        LoanStatus.SIGNED,
        LoanStatus.DISBURSED,
        LoanStatus.MORTGAGE_REGISTERED,
    ]:
        case = loan_advance(case=case, to_status=status, by=supervisor)
    assert list(case.events.values_list("status", flat=True)) == [
        "applied",
        "approved",
        "signed",
        "disbursed",
        "mortgage_registered",
    ]


def test_dlv_loan_cannot_skip_a_stage(customer, consultant_a, supervisor):
    case = loan_open(order=place(customer, consultant_a), amount="100000", by=consultant_a)
    with pytest.raises(DomainError) as exc:
        loan_advance(case=case, to_status=LoanStatus.DISBURSED, by=supervisor)
    assert exc.value.code == "LOAN_TRANSITION"
    assert LoanCase.objects.get().status == LoanStatus.APPLIED
    assert case.events.count() == 1


def test_dlv_affairs_recorded_once_with_fee(customer, consultant_a):
    order = place(customer, consultant_a)
    task = affairs_record(
        order=order, kind=AffairsKind.PURCHASE_TAX, fee="15911.50", by=consultant_a
    )
    assert task.fee == Decimal("15911.50")
    with pytest.raises(DomainError) as exc:
        affairs_record(order=order, kind=AffairsKind.PURCHASE_TAX, fee="1", by=consultant_a)
    assert exc.value.code == "AFFAIRS_DONE"
    assert AffairsTask.objects.get().fee == Decimal("15911.50")
