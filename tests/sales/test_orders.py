"""LEAD-7 orders, cancellations, and the DLV-* delivery steps."""

from __future__ import annotations

from decimal import Decimal

import pytest
import time_machine

from dealership.errors import DomainError
from sales.models import AffairsTask, Delivery, LoanCase, LoanEvent, Order, OrderAccessory
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
from tests.sales.factories import CustomerFactory, valid_id_number

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
    """DLV-ACCESSORIES: an accessory sold with the car is marked installed."""
    order = place(customer, consultant_a)
    accessory = accessory_mark_installed(accessory=order.accessories.get(), by=consultant_a)
    assert accessory.installed_at is not None


def test_dlv_loan_follows_its_stages(customer, consultant_a, supervisor):
    """DLV-LOAN: application, approval, contract, disbursement and mortgage
    registration, each stage recorded with who moved it there."""
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
    assert [e.by for e in case.events.all()] == [consultant_a] + [supervisor] * 4
    assert LoanCase.objects.get(pk=case.pk).status == LoanStatus.MORTGAGE_REGISTERED


def test_dlv_loan_cannot_skip_a_stage(customer, consultant_a, supervisor):
    """DLV-LOAN: a case is not disbursed before it is approved and signed."""
    case = loan_open(order=place(customer, consultant_a), amount="100000", by=consultant_a)
    with pytest.raises(DomainError) as exc:
        loan_advance(case=case, to_status=LoanStatus.DISBURSED, by=supervisor)
    assert exc.value.code == "LOAN_TRANSITION"
    assert LoanCase.objects.get().status == LoanStatus.APPLIED
    assert case.events.count() == 1


def test_dlv_affairs_recorded_once_with_fee(customer, consultant_a):
    """DLV-AFFAIRS: the purchase tax is recorded once, with its fee."""
    order = place(customer, consultant_a)
    task = affairs_record(
        order=order, kind=AffairsKind.PURCHASE_TAX, fee="15911.50", by=consultant_a
    )
    assert task.fee == Decimal("15911.50")
    with pytest.raises(DomainError) as exc:
        affairs_record(order=order, kind=AffairsKind.PURCHASE_TAX, fee="1", by=consultant_a)
    assert exc.value.code == "AFFAIRS_DONE"
    assert AffairsTask.objects.get().fee == Decimal("15911.50")


def test_dlv_accessories_recorded_on_the_order_and_in_what_the_customer_pays(
    customer, consultant_a
):
    """DLV-ACCESSORIES: each accessory sold with the car is a line of the
    order (name, quantity, unit price), not yet installed, and counts in the
    amount finance confirms before the car leaves (STK-OUT-1)."""
    order = place(
        customer,
        consultant_a,
        accessories=[
            AccessoryLine("脚垫", Decimal("300"), 2),
            AccessoryLine("行车记录仪", Decimal("899.5")),
        ],
    )
    lines = order.accessories.order_by("pk").values_list(
        "name", "quantity", "unit_price", "installed_at"
    )
    assert list(lines) == [
        ("脚垫", 2, Decimal("300.00"), None),
        ("行车记录仪", 1, Decimal("899.50"), None),
    ]
    assert order.amount_due == Decimal("179800.00") + Decimal("1499.50")


@pytest.mark.parametrize(
    ("line", "code"),
    [
        (AccessoryLine("  ", Decimal("300")), "ACCESSORY_NAME"),
        (AccessoryLine("脚垫", Decimal("-1")), "AMOUNT_INVALID"),
    ],
)
def test_dlv_accessories_line_without_a_name_or_with_a_bad_price_refuses_the_order(
    customer, consultant_a, line, code
):
    """DLV-ACCESSORIES: an accessory line that cannot be recorded refuses the
    whole order: no order, no accessory, the customer keeps their grade."""
    with pytest.raises(DomainError) as exc:
        place(customer, consultant_a, accessories=[AccessoryLine("贴膜", Decimal("1200")), line])
    assert (exc.value.code, exc.value.field) == (code, "accessories")
    assert not Order.objects.exists() and not OrderAccessory.objects.exists()
    customer.refresh_from_db()
    assert customer.grade == Grade.B


def test_dlv_accessories_installed_once_each(customer, consultant_a, supervisor):
    """DLV-ACCESSORIES: marking an accessory installed again keeps the first
    time; the other accessories of the order stay to be installed."""
    order = place(
        customer,
        consultant_a,
        accessories=[AccessoryLine("脚垫", Decimal("300")), AccessoryLine("贴膜", Decimal("1200"))],
    )
    mats, film = order.accessories.order_by("pk")
    with time_machine.travel("2026-03-02 10:00 +0800", tick=False):
        first = accessory_mark_installed(accessory=mats, by=consultant_a).installed_at
    with time_machine.travel("2026-03-03 15:00 +0800", tick=False):
        again = accessory_mark_installed(accessory=mats, by=supervisor).installed_at
    assert again == first == OrderAccessory.objects.get(pk=mats.pk).installed_at
    assert OrderAccessory.objects.get(pk=film.pk).installed_at is None


@pytest.mark.parametrize("amount", ["0", "-100", "十万", ""])
def test_dlv_loan_amount_must_be_a_positive_sum(customer, consultant_a, amount):
    """DLV-LOAN: a case is opened for an amount above zero; a refused one
    opens nothing."""
    order = place(customer, consultant_a)
    with pytest.raises(DomainError) as exc:
        loan_open(order=order, amount=amount, by=consultant_a)
    assert (exc.value.code, exc.value.field) == ("AMOUNT_INVALID", "amount")
    assert not LoanCase.objects.exists() and not LoanEvent.objects.exists()


def test_dlv_loan_declined_or_completed_case_moves_no_further(customer, consultant_a, supervisor):
    """DLV-LOAN: a case declined by the lender and one tracked to completion
    (mortgage registered) are closed: every further stage is refused and
    nothing is recorded."""
    declined = loan_open(order=place(customer, consultant_a), amount="100000", by=consultant_a)
    declined = loan_advance(
        case=declined, to_status=LoanStatus.DECLINED, by=supervisor, note=" 收入证明不足 "
    )
    other = CustomerFactory(consultant=consultant_a)
    done = loan_open(order=place(other, consultant_a), amount="80000", by=consultant_a)
    for status in (LoanStatus.APPROVED, LoanStatus.SIGNED, LoanStatus.DISBURSED):
        done = loan_advance(case=done, to_status=status, by=supervisor)
    done = loan_advance(case=done, to_status=LoanStatus.MORTGAGE_REGISTERED, by=supervisor)
    for case, status in ((declined, LoanStatus.DECLINED), (done, LoanStatus.MORTGAGE_REGISTERED)):
        events = case.events.count()
        for to_status in LoanStatus.values:
            with pytest.raises(DomainError) as exc:
                loan_advance(case=case, to_status=to_status, by=supervisor)
            assert (exc.value.code, exc.value.field) == ("LOAN_TRANSITION", "status")
        assert LoanCase.objects.get(pk=case.pk).status == status
        assert case.events.count() == events
    assert list(declined.events.values_list("status", "note")) == [
        ("applied", ""),
        ("declined", "收入证明不足"),
    ]


def test_dlv_affairs_each_task_of_a_new_car_once_with_who_and_when(customer, consultant_a):
    """DLV-AFFAIRS: plates, purchase tax and insurance are each recorded once
    per order, with the fee (may be left blank), the plate or receipt number,
    who and when."""
    order = place(customer, consultant_a)
    with time_machine.travel("2026-03-02 10:00 +0800", tick=False):
        affairs_record(
            order=order, kind=AffairsKind.PLATES, fee="", reference=" 粤Q·A1234 ", by=consultant_a
        )
        affairs_record(
            order=order,
            kind=AffairsKind.INSURANCE,
            fee="4560",
            reference="PICC-001",
            by=consultant_a,
        )
    rows = order.affairs.order_by("kind").values_list("kind", "fee", "reference", "done_by")
    assert list(rows) == [
        ("insurance", Decimal("4560.00"), "PICC-001", consultant_a.pk),
        ("plates", None, "粤Q·A1234", consultant_a.pk),
    ]
    assert {t.done_at.isoformat() for t in order.affairs.all()} == {"2026-03-02T02:00:00+00:00"}
    with pytest.raises(DomainError) as exc:
        affairs_record(order=order, kind=AffairsKind.PLATES, reference="粤Q·B9999", by=consultant_a)
    assert (exc.value.code, exc.value.field) == ("AFFAIRS_DONE", "kind")
    assert order.affairs.get(kind="plates").reference == "粤Q·A1234"


@pytest.mark.parametrize(
    ("kind", "fee", "code", "field"),
    [
        ("car_wash", "100", "AFFAIRS_KIND", "kind"),
        ("", "100", "AFFAIRS_KIND", "kind"),
        (AffairsKind.PLATES, "-1", "AMOUNT_INVALID", "fee"),
        (AffairsKind.PLATES, "五百", "AMOUNT_INVALID", "fee"),
    ],
)
def test_dlv_affairs_unknown_task_or_bad_fee_is_refused_and_nothing_recorded(
    customer, consultant_a, kind, fee, code, field
):
    """DLV-AFFAIRS: only a known task with a fee in yuan is recorded."""
    order = place(customer, consultant_a)
    with pytest.raises(DomainError) as exc:
        affairs_record(order=order, kind=kind, fee=fee, by=consultant_a)
    assert (exc.value.code, exc.value.field) == (code, field)
    assert not AffairsTask.objects.exists()


def test_dlv_accessory_sold_zero_times_is_refused_not_counted_once(customer, consultant_a):
    with pytest.raises(DomainError) as exc:
        place(customer, consultant_a, accessories=[AccessoryLine("脚垫", Decimal("300"), 0)])
    assert (exc.value.code, exc.value.field) == ("ACCESSORY_QUANTITY", "accessories")
    assert not Order.objects.exists() and not OrderAccessory.objects.exists()
    customer.refresh_from_db()
    assert customer.grade == Grade.B


def test_dlv_loan_not_opened_on_a_cancelled_order_nor_moved_to_an_unknown_stage(
    customer, consultant_a, supervisor
):
    order = place(customer, consultant_a)
    case = loan_open(order=order, amount="100000", by=consultant_a)
    with pytest.raises(DomainError) as exc:
        loan_advance(case=case, to_status="teleported", by=supervisor)
    assert (exc.value.code, exc.value.field) == ("LOAN_STATUS", "status")
    case.refresh_from_db()
    assert (case.status, LoanEvent.objects.count()) == (LoanStatus.APPLIED, 1)
    other = place(customer, consultant_a, accessories=[])
    order_cancel(order=other, reason="客户资金问题", by=consultant_a)
    with pytest.raises(DomainError) as exc:
        loan_open(order=other, amount="100000", by=consultant_a)
    assert exc.value.code == "ORDER_CANCELLED"
    assert LoanCase.objects.count() == 1


@pytest.mark.parametrize(
    ("id_type", "number", "stored"),
    [
        ("company", "91350100M000100Y43", "91350100M000100Y43"),
        ("company", "９１１１００００８０２１００４３３ｂ", "91110000802100433B"),
        ("permit", "h12345678", "H12345678"),
        ("passport", "E 1234 5678", "E12345678"),
    ],
)
def test_lead_7_a_company_or_a_foreign_buyer_orders_with_their_document(
    customer, consultant_a, id_type, number, stored
):
    """LEAD-7: a company buys with its unified social credit code (GB 32100
    check character), HK/Macao/Taiwan residents with their permit, foreigners
    with a passport; the number is kept as typed, normalised."""
    order = place(customer, consultant_a, id_type=id_type, id_number=number)
    order.refresh_from_db()
    assert (order.id_type, order.id_number) == (id_type, stored)


@pytest.mark.parametrize(
    ("id_type", "number", "code", "field"),
    [
        ("company", "91350100M000100Y44", "ID_NUMBER_INVALID", "id_number"),  # check character
        ("company", "91350100M000100I43", "ID_NUMBER_INVALID", "id_number"),  # I is not used
        ("passport", "E12", "ID_NUMBER_INVALID", "id_number"),
        ("prc_id", "91350100M000100Y43", "ID_NUMBER_INVALID", "id_number"),
        ("driving_licence", "E12345678", "ID_TYPE_INVALID", "id_type"),
    ],
)
def test_lead_7_a_document_number_that_does_not_fit_its_type_is_refused(
    customer, consultant_a, id_type, number, code, field
):
    with pytest.raises(DomainError) as exc:
        place(customer, consultant_a, id_type=id_type, id_number=number)
    assert (exc.value.code, exc.value.field) == (code, field)
    assert not Order.objects.exists()
    customer.refresh_from_db()
    assert customer.grade == Grade.B
