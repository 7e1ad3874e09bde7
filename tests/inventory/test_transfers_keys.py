"""Transfers (STK-MOVE-1..3), dispatch (STK-DISPATCH), sold-car area
(STK-SOLD-AREA) and keys (KEY-2, KEY-3)."""

from datetime import timedelta

import pytest
import time_machine
from django.utils import timezone

from dealership.errors import ConflictError, DomainError
from inventory import selectors, services
from inventory.models import Dispatch, KeyLog, Movement, Transfer, Vehicle
from inventory.rules import KeyPurpose, TransferStatus, VehicleState
from tests.inventory.conftest import with_keys
from tests.inventory.test_outbound import _race


def _request(car, clerk, to, **kw):
    return services.transfer_request(
        vehicle=car,
        to_warehouse=to,
        check_ok=kw.get("ok", True),
        cleaned=True,
        by=clerk,
        to_bay="C-3",
        check_note=kw.get("note", ""),
    )


def test_stk_move_1_failed_check_goes_to_the_workshop(stock_car, clerk, offsite):
    transfer = _request(stock_car, clerk, offsite, ok=False, note="右后胎鼓包")
    assert transfer.status == TransferStatus.CHECK_FAILED
    car = Vehicle.objects.get(pk=stock_car.pk)
    assert (car.state, car.warehouse.code) == (VehicleState.IN_REPAIR, "main")


def test_stk_move_2_move_needs_the_sales_managers_signature(stock_car, clerk, manager, offsite):
    transfer = _request(stock_car, clerk, offsite)
    with pytest.raises(ConflictError) as exc:
        services.transfer_start(transfer=transfer, by=clerk)
    assert exc.value.code == "TRANSFER_NOT_APPROVED"
    with pytest.raises(DomainError) as exc:
        services.transfer_decide(transfer=transfer, approve=True, by=clerk)
    assert exc.value.code == "ROLE_REQUIRED"
    assert Vehicle.objects.get(pk=stock_car.pk).state == VehicleState.IN_STOCK
    assert Movement.objects.filter(vehicle=stock_car).count() == 0


def test_stk_move_3_stock_distribution_updated(stock_car, clerk, manager, offsite, yard):
    transfer = _request(stock_car, clerk, offsite)
    services.transfer_decide(transfer=transfer, approve=True, by=manager)
    services.transfer_start(transfer=transfer, by=clerk)
    assert Vehicle.objects.get(pk=stock_car.pk).state == VehicleState.IN_TRANSFER
    services.transfer_complete(transfer=transfer, by=clerk)
    car = Vehicle.objects.get(pk=stock_car.pk)
    assert (car.state, car.warehouse, car.bay) == (VehicleState.IN_STOCK, offsite, "C-3")
    rows = list(
        car.movements.order_by("pk").values_list(
            "action", "from_warehouse__code", "to_warehouse__code", "form_number"
        )
    )
    assert rows == [
        ("transfer_start", "main", "main", transfer.number),
        ("transfer_complete", "main", "far", transfer.number),
    ]
    assert selectors.stock_on_hand(store=car.store) == [
        {"model_name": "雅阁", "colour": "珍珠白", "warehouse__name": "外库", "count": 1}
    ]


@pytest.mark.django_db(transaction=True)
def test_stk_move_two_clerks_start_the_same_transfer_one_succeeds(
    stock_car, clerk, manager, offsite
):
    transfer = _request(stock_car, clerk, offsite)
    services.transfer_decide(transfer=transfer, approve=True, by=manager)
    results = _race(lambda: services.transfer_start(transfer=transfer, by=clerk).status)
    assert sorted(results) == [("ok", "moving"), ("refused", "TRANSFER_NOT_APPROVED")]
    assert Movement.objects.filter(vehicle=stock_car, action="transfer_start").count() == 1


@pytest.mark.django_db(transaction=True)
def test_stk_move_two_clerks_register_a_transfer_of_the_same_car_one_succeeds(
    stock_car, clerk, offsite
):
    results = _race(lambda: _request(stock_car, clerk, offsite).number)
    assert sorted(r[0] for r in results) == ["ok", "refused"]
    assert [r[1] for r in results if r[0] == "refused"] == ["TRANSFER_OPEN"]
    assert Transfer.objects.filter(vehicle=stock_car).count() == 1


@pytest.mark.django_db(transaction=True)
def test_stk_move_two_clerks_complete_the_same_transfer_one_succeeds(
    stock_car, clerk, manager, offsite
):
    transfer = _request(stock_car, clerk, offsite)
    services.transfer_decide(transfer=transfer, approve=True, by=manager)
    services.transfer_start(transfer=transfer, by=clerk)
    results = _race(lambda: services.transfer_complete(transfer=transfer, by=clerk).status)
    assert sorted(results) == [("ok", "done"), ("refused", "TRANSFER_NOT_MOVING")]
    assert Movement.objects.filter(vehicle=stock_car, action="transfer_complete").count() == 1
    assert Vehicle.objects.get(pk=stock_car.pk).warehouse == offsite


def _signed_dispatch(car, clerk, manager, supervisor):
    dispatch = services.dispatch_create(vehicle=car, to_dealer="广汽本田湛江店", by=clerk)
    services.dispatch_sign(dispatch=dispatch, as_manager=False, by=supervisor)
    return services.dispatch_sign(dispatch=dispatch, as_manager=True, by=manager)


@pytest.mark.django_db(transaction=True)
def test_stk_dispatch_two_clerks_release_at_once_one_succeeds(
    stock_car, clerk, manager, supervisor
):
    dispatch = _signed_dispatch(stock_car, clerk, manager, supervisor)
    results = _race(lambda: services.dispatch_release(dispatch=dispatch, by=clerk).number)
    assert sorted(r[0] for r in results) == ["ok", "refused"]
    assert [r[1] for r in results if r[0] == "refused"] == ["DISPATCH_RELEASED"]
    assert Movement.objects.filter(vehicle=stock_car, action="dispatch").count() == 1


def test_stk_dispatch_one_open_order_per_car(stock_car, clerk):
    services.dispatch_create(vehicle=stock_car, to_dealer="湛江店", by=clerk)
    with pytest.raises(ConflictError) as exc:
        services.dispatch_create(vehicle=stock_car, to_dealer="茂名店", by=clerk)
    assert exc.value.code == "DISPATCH_OPEN"
    assert list(Dispatch.objects.values_list("to_dealer", flat=True)) == ["湛江店"]


def test_stk_dispatch_key_for_the_dispatch_only_on_a_signed_order(
    stock_car, clerk, manager, supervisor
):
    key = with_keys(stock_car, stock_car.store).vehicle.keys.get(is_spare=False)

    def issue():
        return services.key_issue(
            key=key, issued_to=clerk, purpose=KeyPurpose.DISPATCH, signature="郑库管", by=clerk
        )

    with pytest.raises(ConflictError) as exc:
        issue()
    assert exc.value.code == "DISPATCH_UNSIGNED"
    dispatch = services.dispatch_create(vehicle=stock_car, to_dealer="湛江店", by=clerk)
    services.dispatch_sign(dispatch=dispatch, as_manager=True, by=manager)
    with pytest.raises(ConflictError) as exc:
        issue()
    assert exc.value.code == "DISPATCH_UNSIGNED"
    assert KeyLog.objects.count() == 0
    assert Vehicle.objects.get(pk=stock_car.pk).keys.get(pk=key.pk).custody == "in_custody"
    services.dispatch_sign(dispatch=dispatch, as_manager=False, by=supervisor)
    assert issue().purpose == KeyPurpose.DISPATCH


def test_stk_dispatch_release_waits_for_the_keys(stock_car, clerk, manager, supervisor):
    key = with_keys(stock_car, stock_car.store).vehicle.keys.get(is_spare=False)
    services.key_issue(
        key=key, issued_to=clerk, purpose=KeyPurpose.MOVE, signature="郑库管", by=clerk
    )
    dispatch = _signed_dispatch(stock_car, clerk, manager, supervisor)
    with pytest.raises(ConflictError) as exc:
        services.dispatch_release(dispatch=dispatch, by=clerk)
    assert exc.value.code == "KEY_NOT_RETURNED"
    # The clerk is told which key, why it is out and who has it.
    assert f"Key {key.number}" in exc.value.message and clerk.display_name in exc.value.message
    assert Vehicle.objects.get(pk=stock_car.pk).state == VehicleState.IN_STOCK
    assert Dispatch.objects.get(pk=dispatch.pk).released_at is None


def test_stk_dispatch_keys_issued_for_the_dispatch_leave_with_the_car(
    stock_car, clerk, manager, supervisor
):
    """The key handed to the other dealer's driver on the signed order does not
    come back: the release closes its issue with the dispatch order's number."""
    key = with_keys(stock_car, stock_car.store).vehicle.keys.get(is_spare=False)
    dispatch = _signed_dispatch(stock_car, clerk, manager, supervisor)
    log = services.key_issue(
        key=key, issued_to=clerk, purpose=KeyPurpose.DISPATCH, signature="湛江店司机", by=clerk
    )
    services.dispatch_release(dispatch=dispatch, by=clerk)
    log.refresh_from_db()
    assert (log.left_with_form, log.returned_to, log.return_signature) == (
        dispatch.number,
        clerk,
        "",
    )
    assert log.returned_at is not None
    assert not selectors.key_logs_overdue(
        store=stock_car.store, now=timezone.now() + timedelta(days=30)
    ).exists()
    car = Vehicle.objects.get(pk=stock_car.pk)
    assert car.state == VehicleState.DISPATCHED
    assert set(car.keys.values_list("custody", flat=True)) == {"handed_over"}


def test_stk_dispatch_keys_only_after_two_signatures(stock_car, clerk, manager, supervisor):
    with_keys(stock_car, stock_car.store)
    dispatch = services.dispatch_create(vehicle=stock_car, to_dealer="广汽本田湛江店", by=clerk)
    services.dispatch_sign(dispatch=dispatch, as_manager=False, by=supervisor)
    with pytest.raises(ConflictError) as exc:
        services.dispatch_release(dispatch=dispatch, by=clerk)
    assert exc.value.code == "DISPATCH_UNSIGNED"
    assert Vehicle.objects.get(pk=stock_car.pk).state == VehicleState.IN_STOCK
    with pytest.raises(DomainError) as exc:
        services.dispatch_sign(dispatch=dispatch, as_manager=True, by=clerk)
    assert exc.value.code == "ROLE_REQUIRED"
    services.dispatch_sign(dispatch=dispatch, as_manager=True, by=manager)
    services.dispatch_release(dispatch=dispatch, by=clerk)
    car = Vehicle.objects.get(pk=stock_car.pk)
    assert car.state == VehicleState.DISPATCHED
    assert set(car.keys.values_list("custody", flat=True)) == {"handed_over"}


def test_stk_dispatch_two_different_people_sign(stock_car, clerk, manager):
    dispatch = services.dispatch_create(vehicle=stock_car, to_dealer="湛江店", by=clerk)
    services.dispatch_sign(dispatch=dispatch, as_manager=True, by=manager)
    with pytest.raises(DomainError) as exc:
        services.dispatch_sign(dispatch=dispatch, as_manager=False, by=manager)
    assert exc.value.code == "DISPATCH_SAME_SIGNER"
    again = Dispatch.objects.get(pk=dispatch.pk)
    assert (again.responsible_signed_by, again.responsible_signed_at) == (None, None)


def _place(car):
    return (car.warehouse_id, car.bay, car.sold_sign, car.locked, car.cleaned)


def test_stk_sold_area_delivery_area_sign_locked_clean(pdi_passed_car, clerk, delivery_area, yard):
    place, moves = _place(pdi_passed_car), pdi_passed_car.movements.count()
    with pytest.raises(DomainError) as exc:
        services.vehicle_sold_area_set(
            vehicle=pdi_passed_car,
            warehouse=yard,
            bay="",
            sold_sign=True,
            locked=True,
            cleaned=True,
            by=clerk,
        )
    assert exc.value.code == "NOT_DELIVERY_AREA"
    after = Vehicle.objects.get(pk=pdi_passed_car.pk)
    assert _place(after) == place and after.movements.count() == moves  # nothing moved
    car = services.vehicle_sold_area_set(
        vehicle=pdi_passed_car,
        warehouse=delivery_area,
        bay="J-1",
        sold_sign=True,
        locked=True,
        cleaned=True,
        by=clerk,
    )
    assert car.in_sold_area is True
    assert car.state == VehicleState.PDI_PASSED
    assert car.movements.latest("pk").action == "stage"


def test_key_2_issue_and_return_signed_by_the_mover(stock_car, clerk, consultant_a):
    key = with_keys(stock_car, stock_car.store).vehicle.keys.get(is_spare=False)
    with pytest.raises(DomainError) as exc:
        services.key_issue(
            key=key, issued_to=clerk, purpose=KeyPurpose.MOVE, signature=" ", by=clerk
        )
    assert exc.value.code == "SIGNATURE_REQUIRED"
    log = services.key_issue(
        key=key, issued_to=clerk, purpose=KeyPurpose.MOVE, signature="郑库管", by=clerk
    )
    with pytest.raises(ConflictError) as exc:
        services.key_issue(
            key=key, issued_to=clerk, purpose=KeyPurpose.MOVE, signature="郑库管", by=clerk
        )
    assert exc.value.code == "KEY_NOT_IN_CUSTODY"
    services.key_return(log=log, signature="郑库管", by=clerk)
    log.refresh_from_db()
    key.refresh_from_db()
    assert (log.returned_to, log.return_signature, key.custody) == (clerk, "郑库管", "in_custody")


def test_key_2_overdue_returns_after_two_hours(stock_car, clerk, store):
    key = with_keys(stock_car, store).vehicle.keys.get(is_spare=False)
    with time_machine.travel(timezone.now(), tick=False) as traveller:
        log = services.key_issue(
            key=key, issued_to=clerk, purpose=KeyPurpose.MOVE, signature="郑库管", by=clerk
        )
        traveller.shift(timedelta(hours=1, minutes=59))
        assert list(selectors.key_logs_overdue(store=store)) == []
        traveller.shift(timedelta(minutes=2))
        assert list(selectors.key_logs_overdue(store=store)) == [log]


def test_key_3_showing_a_stock_car_needs_an_approved_selection_request(
    stock_car, clerk, consultant_a, manager
):
    key = with_keys(stock_car, stock_car.store).vehicle.keys.get(is_spare=False)
    request = services.selection_request_create(
        vehicle=stock_car, customer_name="陈先生", by=consultant_a
    )
    assert request.number.startswith("XC-YJ-")
    with pytest.raises(ConflictError) as exc:
        services.key_issue(
            key=key,
            issued_to=consultant_a,
            purpose=KeyPurpose.SHOW,
            signature="刘晓明",
            by=clerk,
            selection_request=request,
        )
    assert exc.value.code == "SELECTION_NOT_APPROVED"
    with pytest.raises(DomainError) as exc:
        services.selection_request_decide(request=request, approve=True, by=consultant_a)
    assert exc.value.code == "ROLE_REQUIRED"
    assert KeyLog.objects.count() == 0
    services.selection_request_decide(request=request, approve=True, by=manager)
    request.refresh_from_db()
    log = services.key_issue(
        key=key,
        issued_to=consultant_a,
        purpose=KeyPurpose.SHOW,
        signature="刘晓明",
        by=clerk,
        selection_request=request,
    )
    assert log.selection_request == request


def test_key_3_a_selection_request_serves_one_showing(
    login, stock_car, clerk, consultant_a, manager
):
    """KEY-3: once a key went out on a signed request, the request is spent:
    the key form no longer offers it and a second issue on it is refused,
    with nothing written; a new approved request shows the car again."""
    key = with_keys(stock_car, stock_car.store).vehicle.keys.get(is_spare=False)
    request = services.selection_request_create(
        vehicle=stock_car, customer_name="陈先生", by=consultant_a
    )
    request = services.selection_request_decide(request=request, approve=True, by=manager)
    show = {
        "issued_to": consultant_a,
        "purpose": KeyPurpose.SHOW,
        "signature": "刘晓明",
        "by": clerk,
    }
    assert list(selectors.selection_requests_usable(vehicle=stock_car)) == [request]
    from django.urls import reverse

    key_page = reverse("inventory:key_issue", args=[stock_car.vin])
    offered = login(clerk).get(key_page).context["form"].fields["selection_request"].queryset
    assert request in offered
    log = services.key_issue(key=key, selection_request=request, **show)
    services.key_return(log=log, signature="郑库管", by=clerk)
    assert list(selectors.selection_requests_usable(vehicle=stock_car)) == []
    page = login(clerk).get(key_page)
    offered = page.context["form"].fields["selection_request"].queryset
    assert request not in offered
    with pytest.raises(ConflictError) as exc:
        services.key_issue(key=key, selection_request=request, **show)
    assert (exc.value.code, exc.value.field) == ("SELECTION_USED", "selection_request")
    assert KeyLog.objects.count() == 1
    key.refresh_from_db()
    assert key.custody == "in_custody"
    again = services.selection_request_create(
        vehicle=stock_car, customer_name="陈先生", by=consultant_a
    )
    again = services.selection_request_decide(request=again, approve=True, by=manager)
    assert services.key_issue(key=key, selection_request=again, **show).selection_request == again


def test_key_2_only_the_clerk_issues_keys(stock_car, consultant_a):
    key = with_keys(stock_car, stock_car.store).vehicle.keys.get(is_spare=False)
    with pytest.raises(DomainError) as exc:
        services.key_issue(
            key=key,
            issued_to=consultant_a,
            purpose=KeyPurpose.MOVE,
            signature="刘",
            by=consultant_a,
        )
    assert exc.value.code == "ROLE_REQUIRED"


def test_transfer_other_store_refused(stock_car, clerk, other_store):
    from tests.factories import WarehouseFactory

    far = WarehouseFactory(store=other_store)
    with pytest.raises(DomainError) as exc:
        _request(stock_car, clerk, far)
    assert exc.value.code == "WAREHOUSE_OTHER_STORE"
    assert Transfer.objects.count() == 0
