"""Outbound (STK-OUT-1..5, KEY-4): no unpaid car leaves, by any path."""

import threading
from decimal import Decimal

import pytest
from django.db import DatabaseError, close_old_connections, connection, transaction

from dealership.errors import ConflictError, DomainError
from inventory import services
from inventory.models import GatePass, KeyLog, Movement, OutboundForm, Vehicle
from inventory.rules import KeyPurpose, PdiKind, VehicleState
from sales.models import Delivery
from tests.inventory.conftest import all_ok


def _state(car):
    return Vehicle.objects.get(pk=car.pk).state


def test_stk_out_1_unpaid_vehicle_cannot_leave(pdi_passed_car, clerk):
    moves = Movement.objects.count()
    with pytest.raises(ConflictError) as exc:
        services.vehicle_release(vehicle=pdi_passed_car, by=clerk)
    assert exc.value.code == "OUTBOUND_UNPAID"
    assert exc.value.status == 409
    assert _state(pdi_passed_car) == VehicleState.PDI_PASSED
    assert Movement.objects.count() == moves
    assert OutboundForm.objects.count() == 0
    pdi_passed_car.order.refresh_from_db()
    assert pdi_passed_car.order.status == "ordered"


@pytest.mark.parametrize("who", ["consultant_a", "clerk", "manager", "gm"])
def test_stk_out_1_only_finance_confirms_payment(pdi_passed_car, who, request):
    user = request.getfixturevalue(who)
    with pytest.raises(DomainError) as exc:
        services.payment_confirm(vehicle=pdi_passed_car, amount=Decimal("179800"), by=user)
    assert (exc.value.code, exc.value.status) == ("ROLE_REQUIRED", 403)
    assert services.payment_of(pdi_passed_car) is None


def test_stk_out_1_full_price_required(pdi_passed_car, finance):
    with pytest.raises(DomainError) as exc:
        services.payment_confirm(vehicle=pdi_passed_car, amount=Decimal("179799.99"), by=finance)
    assert exc.value.code == "PAYMENT_SHORT"
    assert exc.value.message == (
        "Paid 179799.99 yuan, the price is 179800.00 yuan: not fully paid."
    )
    payment = services.payment_confirm(vehicle=pdi_passed_car, amount=Decimal("179800"), by=finance)
    assert (payment.amount, payment.order, payment.vehicle) == (
        Decimal("179800.00"),
        pdi_passed_car.order,
        pdi_passed_car,
    )
    assert payment.number.startswith("QK-YJ-")


def test_stk_out_1_database_refuses_delivered_without_payment(pdi_passed_car):
    with pytest.raises(DatabaseError), transaction.atomic():
        Vehicle.objects.filter(pk=pdi_passed_car.pk).update(state=VehicleState.DELIVERED)
    assert _state(pdi_passed_car) == VehicleState.PDI_PASSED


def test_stk_out_1_database_guard_lets_a_paid_car_through(pdi_passed_car, finance):
    services.payment_confirm(vehicle=pdi_passed_car, amount=Decimal("179800"), by=finance)
    Vehicle.objects.filter(pk=pdi_passed_car.pk).update(state=VehicleState.DELIVERED)
    assert _state(pdi_passed_car) == VehicleState.DELIVERED


def test_stk_out_1_database_guard_checks_the_payment_is_for_this_order(
    pdi_passed_car, finance, store, consultant_a
):
    from tests.inventory.factories import OrderFactory

    services.payment_confirm(vehicle=pdi_passed_car, amount=Decimal("179800"), by=finance)
    other = OrderFactory(store=store, consultant=consultant_a)
    with pytest.raises(DatabaseError), transaction.atomic():
        Vehicle.objects.filter(pk=pdi_passed_car.pk).update(
            order=other, state=VehicleState.DELIVERED
        )


def test_stk_out_2_failed_pdi_to_repair_then_pdi_again(allocated_car, consultant_a):
    results = all_ok()
    results[0] = services.ItemResult("vin", ok=False, problem="门柱VIN不清")
    services.pdi_record(
        vehicle=allocated_car,
        kind=PdiKind.PREDELIVERY,
        inspector=consultant_a,
        results=results,
        by=consultant_a,
    )
    assert _state(allocated_car) == VehicleState.IN_REPAIR
    with pytest.raises(ConflictError) as exc:
        services.vehicle_repair_done(vehicle=allocated_car, by=consultant_a)
    assert exc.value.code == "PDI_REQUIRED"
    services.pdi_record(
        vehicle=allocated_car,
        kind=PdiKind.PREDELIVERY,
        inspector=consultant_a,
        results=all_ok(),
        by=consultant_a,
    )
    car = Vehicle.objects.get(pk=allocated_car.pk)
    assert (car.state, car.cleaned) == (VehicleState.PDI_PASSED, True)
    assert list(car.movements.order_by("pk").values_list("action", flat=True)) == [
        "allocate",
        "pdi_fail",
        "pdi_pass",
    ]


def test_stk_out_3_customer_signs_only_after_pdi(allocated_car, consultant_a):
    with pytest.raises(ConflictError) as exc:
        services.delivery_confirm(
            vehicle=allocated_car, customer_signature="陈大文", by=consultant_a
        )
    assert exc.value.code == "PDI_NOT_PASSED"


def test_stk_out_4_release_needs_finance_release_slip(pdi_passed_car, finance, consultant_a, clerk):
    services.payment_confirm(vehicle=pdi_passed_car, amount=Decimal("179800"), by=finance)
    services.delivery_confirm(vehicle=pdi_passed_car, customer_signature="陈大文", by=consultant_a)
    with pytest.raises(ConflictError) as exc:
        services.vehicle_release(vehicle=pdi_passed_car, by=clerk)
    assert exc.value.code == "RELEASE_SLIP_MISSING"
    with pytest.raises(DomainError) as exc:
        services.release_slip_issue(vehicle=pdi_passed_car, by=clerk)
    assert exc.value.code == "ROLE_REQUIRED"
    assert _state(pdi_passed_car) == VehicleState.PDI_PASSED


def test_stk_out_4_consultant_cannot_release(ready_car, consultant_a):
    with pytest.raises(DomainError) as exc:
        services.vehicle_release(vehicle=ready_car, by=consultant_a)
    assert exc.value.code == "ROLE_REQUIRED"
    assert _state(ready_car) == VehicleState.PDI_PASSED


def test_stk_out_4_5_release_hands_over_and_delivers_the_order(ready_car, clerk):
    """STK-OUT-4 keys and documents handed over on the outbound form;
    STK-OUT-5 the stock record (delivered) and the movement ledger row with
    the form's number; the order is delivered (DLV-LIST)."""
    form = services.vehicle_release(vehicle=ready_car, by=clerk)
    car = Vehicle.objects.get(pk=ready_car.pk)
    assert car.state == VehicleState.DELIVERED
    assert form.number.startswith("CK-YJ-")
    assert set(car.keys.values_list("custody", flat=True)) == {"handed_over"}
    assert set(car.documents.values_list("custody", flat=True)) == {"handed_over"}
    assert [h.get("key") or h.get("document") for h in form.handed_over] == [
        f"K{car.pk}-1",
        f"K{car.pk}-2",
        "coc",
        "manual",
        "warranty",
    ]
    move = car.movements.latest("pk")
    assert (move.action, move.from_state, move.to_state, move.form_number, move.by) == (
        "deliver",
        "pdi_passed",
        "delivered",
        form.number,
        clerk,
    )
    delivery = Delivery.objects.get(order=car.order)
    assert delivery.vin == car.vin
    car.order.refresh_from_db()
    assert car.order.status == "delivered"


def test_stk_out_4_key_issued_for_the_delivery_leaves_with_the_car(ready_car, clerk):
    key = ready_car.keys.get(is_spare=False)
    log = services.key_issue(
        key=key, issued_to=clerk, purpose=KeyPurpose.DELIVERY, signature="郑库管", by=clerk
    )
    form = services.vehicle_release(vehicle=ready_car, by=clerk)
    log.refresh_from_db()
    assert (log.left_with_form, log.returned_to) == (form.number, clerk)
    assert Vehicle.objects.get(pk=ready_car.pk).state == VehicleState.DELIVERED


def test_stk_out_4_release_refused_while_a_key_is_out_to_move_the_car(ready_car, clerk):
    key = ready_car.keys.get(is_spare=False)
    log = services.key_issue(
        key=key, issued_to=clerk, purpose=KeyPurpose.MOVE, signature="郑库管", by=clerk
    )
    with pytest.raises(ConflictError) as exc:
        services.vehicle_release(vehicle=ready_car, by=clerk)
    assert exc.value.code == "KEY_NOT_RETURNED"
    log.refresh_from_db()
    assert (log.returned_at, log.left_with_form) == (None, "")
    assert Vehicle.objects.get(pk=ready_car.pk).state == VehicleState.PDI_PASSED
    assert OutboundForm.objects.count() == 0


def test_stk_out_4_release_twice_refused(ready_car, clerk):
    services.vehicle_release(vehicle=ready_car, by=clerk)
    with pytest.raises(ConflictError) as exc:
        services.vehicle_release(vehicle=ready_car, by=clerk)
    assert exc.value.code == "ILLEGAL_TRANSITION"
    assert OutboundForm.objects.count() == 1


def test_key_4_spare_key_and_gate_pass_only_against_payment(pdi_passed_car, clerk, finance):
    spare = pdi_passed_car.keys.get(is_spare=True)
    with pytest.raises(ConflictError) as exc:
        services.key_issue(
            key=spare, issued_to=clerk, purpose=KeyPurpose.DELIVERY, signature="郑库管", by=clerk
        )
    assert exc.value.code == "SPARE_KEY_UNPAID"
    with pytest.raises(ConflictError) as exc:
        services.gate_pass_issue(vehicle=pdi_passed_car, by=clerk)
    assert exc.value.code == "OUTBOUND_UNPAID"
    assert (KeyLog.objects.count(), GatePass.objects.count()) == (0, 0)
    services.payment_confirm(vehicle=pdi_passed_car, amount=Decimal("179800"), by=finance)
    gate = services.gate_pass_issue(vehicle=pdi_passed_car, by=clerk)
    assert gate.payment == services.payment_of(pdi_passed_car)
    log = services.key_issue(
        key=spare, issued_to=clerk, purpose=KeyPurpose.DELIVERY, signature="郑库管", by=clerk
    )
    assert log.key == spare


def _race(target, n=2):
    """Run `target` in n threads at once, each with its own DB connection."""
    barrier = threading.Barrier(n)
    results = []

    def run():
        close_old_connections()
        barrier.wait()
        try:
            results.append(("ok", target()))
        except DomainError as exc:
            results.append(("refused", exc.code))
        finally:
            connection.close()

    threads = [threading.Thread(target=run) for _ in range(n)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return results


@pytest.mark.django_db(transaction=True)
def test_stk_out_4_two_clerks_release_at_once_one_succeeds(ready_car, clerk):
    results = _race(lambda: services.vehicle_release(vehicle=ready_car, by=clerk).number)
    assert sorted(r[0] for r in results) == ["ok", "refused"]
    assert [r[1] for r in results if r[0] == "refused"] == ["ILLEGAL_TRANSITION"]
    assert OutboundForm.objects.count() == 1
    assert Movement.objects.filter(vehicle=ready_car, action="deliver").count() == 1
    assert Delivery.objects.count() == 1


def test_stk_out_1_full_payment_includes_accessories_sold_with_the_car(pdi_passed_car, finance):
    from inventory.models import PaymentConfirmation
    from sales.models import OrderAccessory

    OrderAccessory.objects.create(
        order=pdi_passed_car.order, name="脚垫", quantity=2, unit_price=Decimal("300")
    )
    with pytest.raises(DomainError) as exc:
        services.payment_confirm(vehicle=pdi_passed_car, amount=Decimal("179800"), by=finance)
    assert exc.value.code == "PAYMENT_SHORT"
    assert not PaymentConfirmation.objects.exists()
    payment = services.payment_confirm(vehicle=pdi_passed_car, amount=Decimal("180400"), by=finance)
    assert payment.amount == Decimal("180400.00")


def test_fu_dlv_release_creates_the_delivery_followups(ready_car, clerk):
    from followups.models import Followup

    services.vehicle_release(vehicle=ready_car, by=clerk)
    kinds = set(
        Followup.objects.filter(customer=ready_car.order.customer).values_list("kind", flat=True)
    )
    assert {"FU-DLV-2H", "FU-DLV-7D", "FU-MAINT"} <= kinds


def test_fu_o_allocation_tells_the_consultant(allocated_car):
    from followups.models import Followup

    task = Followup.objects.get(customer=allocated_car.order.customer, kind="FU-O")
    assert task.owner == allocated_car.order.consultant


def test_stk_out_5_stock_records_updated_from_the_outbound_form(ready_car, clerk):
    """STK-OUT-5: the outbound form updates the stock records and the stock
    board (kanban) at once: nothing on hand, closing stock 0, the day's 进销存
    counts the car sold, the movement ledger has its deliver row."""
    from django.utils import timezone

    from dealership.dashboard.selectors.stock import stock_board
    from inventory import selectors

    store = ready_car.store
    assert selectors.stock_depth(store=store).closing == 1
    form = services.vehicle_release(vehicle=ready_car, by=clerk)
    assert selectors.stock_on_hand(store=store) == []
    assert selectors.stock_depth(store=store).closing == 0
    today = timezone.localdate()
    (row,) = selectors.stock_daily_ledger(store=store, start=today, end=today)
    assert (row["sold"], row["closing"]) == (1, row["opening"] + row["received"] - 1)
    move = Movement.objects.get(vehicle=ready_car, action="deliver")
    assert (move.form_number, move.from_state, move.to_state) == (
        form.number, "pdi_passed", "delivered",
    )  # fmt: skip
    board = stock_board(store=store, day=today)
    assert (board.on_hand, board.depth.closing) == ([], 0)
    assert (board.ledger[-1]["day"], board.ledger[-1]["sold"]) == (today, 1)


def test_stk_out_5_refused_release_leaves_the_stock_records_as_they_were(
    pdi_passed_car, finance, consultant_a, clerk
):
    """STK-OUT-5: no outbound form, no stock update: a release refused (no
    release slip) leaves the car on hand, with no deliver movement and no
    sale in the day's 进销存."""
    from django.utils import timezone

    from inventory import selectors

    store = pdi_passed_car.store
    services.payment_confirm(vehicle=pdi_passed_car, amount=Decimal("179800"), by=finance)
    services.delivery_confirm(vehicle=pdi_passed_car, customer_signature="陈大文", by=consultant_a)
    on_hand = selectors.stock_on_hand(store=store)
    moves = Movement.objects.count()
    with pytest.raises(ConflictError) as exc:
        services.vehicle_release(vehicle=pdi_passed_car, by=clerk)
    assert exc.value.code == "RELEASE_SLIP_MISSING"
    assert _state(pdi_passed_car) == VehicleState.PDI_PASSED
    assert selectors.stock_on_hand(store=store) == on_hand != []
    assert selectors.stock_depth(store=store).closing == 1
    assert Movement.objects.count() == moves
    assert not OutboundForm.objects.exists()
    today = timezone.localdate()
    (row,) = selectors.stock_daily_ledger(store=store, start=today, end=today)
    assert row["sold"] == 0


def test_lead_4_order_with_an_allocated_car_is_cancelled_after_the_car_is_released(
    allocated_car, manager, consultant_a
):
    """A cancelled order must not keep a stock car reserved: cancelling is
    refused until the car is released back to stock, then goes through."""
    from sales.services import order_cancel

    order = allocated_car.order
    with pytest.raises(ConflictError) as exc:
        order_cancel(order=order, reason="客户资金问题", by=consultant_a)
    assert exc.value.code == "ORDER_HAS_VEHICLE"
    assert allocated_car.vin in exc.value.message
    order.refresh_from_db()
    assert (order.status, order.cancelled_at) == ("ordered", None)
    services.vehicle_deallocate(vehicle=allocated_car, by=manager)
    order_cancel(order=order, reason="客户资金问题", by=consultant_a)
    order.refresh_from_db()
    assert order.status == "cancelled"
    assert Vehicle.objects.get(pk=allocated_car.pk).state == VehicleState.IN_STOCK


def test_dlv_accessories_installed_before_the_car_leaves(ready_car, clerk, consultant_a):
    """DLV-ACCESSORIES: a car sold with accessories (精品) is not released
    while one is not installed; the refusal names it and nothing moves."""
    from sales.models import OrderAccessory
    from sales.services import accessory_mark_installed

    mats = OrderAccessory.objects.create(
        order=ready_car.order, name="脚垫", unit_price=Decimal("0"), quantity=1
    )
    with pytest.raises(ConflictError) as exc:
        services.vehicle_release(vehicle=ready_car, by=clerk)
    assert exc.value.code == "ACCESSORIES_NOT_INSTALLED"
    assert "脚垫" in exc.value.message
    assert _state(ready_car) == VehicleState.PDI_PASSED
    assert not OutboundForm.objects.exists() and not Delivery.objects.exists()
    accessory_mark_installed(accessory=mats, by=consultant_a)
    services.vehicle_release(vehicle=ready_car, by=clerk)
    assert _state(ready_car) == VehicleState.DELIVERED
