"""Refusals of the stock services not covered by the rule tests: each asserts
the code and that nothing was written (the guide: every refusal of a rule has
a test that asserts the refusal and that nothing changed)."""

from __future__ import annotations

from decimal import Decimal

import time_machine

from inventory import services
from inventory.models import (
    CarSelectionRequest,
    DeliveryConfirmation,
    Dispatch,
    KeyLog,
    Movement,
    PaymentConfirmation,
    ReleaseSlip,
    StockSpotCheck,
    StormAlert,
    Transfer,
    Vehicle,
)
from inventory.rules import KeyPurpose, VehicleState
from tests.inventory.conftest import with_keys
from tests.inventory.factories import make_vin
from tests.refusal import refused

PRICE = Decimal("179800")


def test_stk_register_a_vin_once(store, clerk):
    vin = make_vin(11)
    services.vehicle_register(store=store, vin=vin, model_name="雅阁", colour="白", by=clerk)
    error = refused(
        lambda: services.vehicle_register(
            store=store, vin=vin, model_name="皓影", colour="黑", by=clerk
        ),
        "VIN_EXISTS",
        409,
    )
    assert error.field == "vin"
    assert list(Vehicle.objects.values_list("model_name", flat=True)) == ["雅阁"]


def test_stk_in_1_pdi_verified_once(in_transit_car, technician, clerk):
    from tests.inventory.test_inbound import _inbound_pdi

    pdi = _inbound_pdi(in_transit_car, technician, clerk)  # recorded and verified
    pdi.refresh_from_db()
    refused(lambda: services.pdi_verify(inspection=pdi, by=clerk), "PDI_ALREADY_VERIFIED", 409)
    again = type(pdi).objects.get(pk=pdi.pk)
    assert (again.verified_by, again.verified_at) == (clerk, pdi.verified_at)


def test_stk_in_3_key_numbers_required(in_transit_car, technician, clerk, yard):
    from tests.inventory.test_inbound import DOCS, _inbound_pdi

    _inbound_pdi(in_transit_car, technician, clerk)
    error = refused(
        lambda: services.vehicle_receive(
            vehicle=in_transit_car, warehouse=yard, by=clerk, keys=[], documents=DOCS
        ),
        "KEYS_MISSING",
    )
    assert error.field == "keys"
    car = Vehicle.objects.get(pk=in_transit_car.pk)
    assert (car.state, car.warehouse) == (VehicleState.IN_TRANSIT, None)
    assert not car.keys.exists()


def test_stk_out_1_nothing_for_a_car_without_an_order(stock_car, finance, clerk):
    for call in (
        lambda: services.payment_confirm(vehicle=stock_car, amount=PRICE, by=finance),
        lambda: services.release_slip_issue(vehicle=stock_car, by=finance),
        lambda: services.vehicle_release(vehicle=stock_car, by=clerk),
    ):
        refused(call, "NOT_ALLOCATED", 409)
    assert not PaymentConfirmation.objects.exists() and not ReleaseSlip.objects.exists()
    assert Vehicle.objects.get(pk=stock_car.pk).state == VehicleState.IN_STOCK
    assert not Movement.objects.filter(vehicle=stock_car).exists()


def test_stk_out_1_4_payment_slip_and_signature_once_each(ready_car, finance, consultant_a):
    payment = PaymentConfirmation.objects.get()
    refused(
        lambda: services.payment_confirm(vehicle=ready_car, amount=PRICE, by=finance),
        "PAYMENT_ALREADY_CONFIRMED",
        409,
    )
    refused(
        lambda: services.release_slip_issue(vehicle=ready_car, by=finance),
        "RELEASE_SLIP_EXISTS",
        409,
    )
    refused(
        lambda: services.delivery_confirm(
            vehicle=ready_car, customer_signature="另一人", by=consultant_a
        ),
        "ALREADY_SIGNED",
        409,
    )
    assert list(PaymentConfirmation.objects.all()) == [payment]
    assert ReleaseSlip.objects.count() == 1
    assert list(DeliveryConfirmation.objects.values_list("customer_signature", flat=True)) == [
        "陈大文"
    ]


def test_stk_out_3_no_release_before_the_customer_signs(pdi_passed_car, finance, clerk):
    services.payment_confirm(vehicle=pdi_passed_car, amount=PRICE, by=finance)
    services.release_slip_issue(vehicle=pdi_passed_car, by=finance)
    refused(
        lambda: services.vehicle_release(vehicle=pdi_passed_car, by=clerk),
        "DELIVERY_CONFIRMATION_MISSING",
        409,
    )
    car = Vehicle.objects.get(pk=pdi_passed_car.pk)
    assert car.state == VehicleState.PDI_PASSED
    assert not Movement.objects.filter(vehicle=car, action="deliver").exists()


def test_stk_move_1_not_to_its_own_warehouse_and_cleaned_first(stock_car, clerk, yard, offsite):
    error = refused(
        lambda: services.transfer_request(
            vehicle=stock_car, to_warehouse=yard, check_ok=True, cleaned=True, by=clerk
        ),
        "SAME_WAREHOUSE",
    )
    assert error.field == "to_warehouse"
    error = refused(
        lambda: services.transfer_request(
            vehicle=stock_car, to_warehouse=offsite, check_ok=True, cleaned=False, by=clerk
        ),
        "NOT_CLEANED",
    )
    assert error.field == "cleaned"
    assert not Transfer.objects.exists()
    assert Vehicle.objects.get(pk=stock_car.pk).state == VehicleState.IN_STOCK


def test_stk_move_2_decided_once(stock_car, clerk, manager, offsite):
    transfer = services.transfer_request(
        vehicle=stock_car, to_warehouse=offsite, check_ok=True, cleaned=True, by=clerk
    )
    services.transfer_decide(transfer=transfer, approve=False, by=manager)
    refused(
        lambda: services.transfer_decide(transfer=transfer, approve=True, by=manager),
        "NOT_PENDING",
        409,
    )
    assert Transfer.objects.get(pk=transfer.pk).status == "rejected"


def test_stk_dispatch_each_signature_once(stock_car, clerk, supervisor):
    dispatch = services.dispatch_create(vehicle=stock_car, to_dealer="湛江店", by=clerk)
    services.dispatch_sign(dispatch=dispatch, as_manager=False, by=supervisor)
    signed_at = Dispatch.objects.get(pk=dispatch.pk).responsible_signed_at
    refused(
        lambda: services.dispatch_sign(dispatch=dispatch, as_manager=False, by=clerk),
        "ALREADY_SIGNED",
        409,
    )
    again = Dispatch.objects.get(pk=dispatch.pk)
    assert (again.responsible_signed_by, again.responsible_signed_at) == (supervisor, signed_at)


def test_key_2_returned_once_and_no_key_of_a_car_gone(stock_car, clerk, consultant_a, manager):
    key = with_keys(stock_car, stock_car.store).vehicle.keys.get(is_spare=False)
    log = services.key_issue(
        key=key, issued_to=clerk, purpose=KeyPurpose.MOVE, signature="郑库管", by=clerk
    )
    services.key_return(log=log, signature="郑库管", by=clerk)
    returned_at = KeyLog.objects.get(pk=log.pk).returned_at
    refused(
        lambda: services.key_return(log=log, signature="另一人", by=clerk),
        "KEY_ALREADY_RETURNED",
        409,
    )
    again = KeyLog.objects.get(pk=log.pk)
    assert (again.returned_at, again.return_signature) == (returned_at, "郑库管")
    Vehicle.objects.filter(pk=stock_car.pk).update(state=VehicleState.DISPATCHED)
    refused(
        lambda: services.key_issue(
            key=key, issued_to=clerk, purpose=KeyPurpose.MOVE, signature="郑库管", by=clerk
        ),
        "VEHICLE_NOT_ON_HAND",
        409,
    )
    assert KeyLog.objects.count() == 1


def test_key_3_selection_only_for_a_stock_car_and_decided_once(
    stock_car, in_transit_car, consultant_a, manager
):
    refused(
        lambda: services.selection_request_create(
            vehicle=in_transit_car, customer_name="陈先生", by=consultant_a
        ),
        "VEHICLE_NOT_IN_STOCK",
        409,
    )
    assert not CarSelectionRequest.objects.exists()
    request = services.selection_request_create(
        vehicle=stock_car, customer_name="陈先生", by=consultant_a
    )
    services.selection_request_decide(request=request, approve=True, by=manager)
    refused(
        lambda: services.selection_request_decide(request=request, approve=False, by=manager),
        "NOT_PENDING",
        409,
    )
    assert CarSelectionRequest.objects.get(pk=request.pk).status == "approved"


def test_mnt_storm_ended_once(stock_car, manager, store):
    alert = services.storm_alert_raise(store=store, title="台风", by=manager)
    ended_at = services.storm_alert_end(alert=alert, by=manager).ended_at
    washes = alert.tasks.filter(kind="storm_wash").count()
    refused(lambda: services.storm_alert_end(alert=alert, by=manager), "STORM_ENDED", 409)
    assert alert.tasks.filter(kind="storm_wash").count() == washes == 1
    assert StormAlert.objects.get(pk=alert.pk).ended_at == ended_at


def test_mnt_random_no_spot_check_of_a_car_that_left(store, yard, clerk):
    import random

    from tests.inventory.factories import VehicleFactory

    car = VehicleFactory(store=store, warehouse=yard)
    with time_machine.travel("2026-03-01 06:45 +0800", tick=False):
        services.spot_checks_plan(store=store, rng=random.Random(3))
    check = StockSpotCheck.objects.get()
    Vehicle.objects.filter(pk=car.pk).update(state=VehicleState.DISPATCHED)
    with time_machine.travel(check.planned_at, tick=False):
        refused(
            lambda: services.spot_check_record(
                check=check,
                location_ok=True,
                condition_ok=True,
                keys_documents_ok=True,
                by=clerk,
            ),
            "VEHICLE_NOT_ON_HAND",
            409,
        )
    again = StockSpotCheck.objects.get(pk=check.pk)
    assert (again.done_at, again.done_by) == (None, None)


def test_org_1_a_clerk_acts_only_in_their_own_store(roles, other_store, store, stock_car):
    from dealership.rules import Role
    from tests.factories import UserFactory

    other_clerk = UserFactory(
        username="mm_clerk", roles=[Role.WAREHOUSE_CLERK], stores=[other_store]
    )
    refused(
        lambda: services.vehicle_register(
            store=store, vin=make_vin(12), model_name="雅阁", colour="白", by=other_clerk
        ),
        "STORE_NOT_ASSIGNED",
    )
    refused(
        lambda: services.vehicle_arrive(vehicle=stock_car, by=other_clerk), "STORE_NOT_ASSIGNED"
    )
    assert list(Vehicle.objects.all()) == [stock_car]
    assert not Movement.objects.exists()


def test_org_1_a_closed_store_takes_nothing_more(store, clerk):
    """A store deactivated in the admin: its own clerk is told it is closed
    (not that they are not assigned to it), and nothing is written."""
    store.is_active = False
    store.save(update_fields=["is_active"])
    refused(
        lambda: services.vehicle_register(
            store=store, vin=make_vin(13), model_name="雅阁", colour="白", by=clerk
        ),
        "STORE_CLOSED",
    )
    assert not Vehicle.objects.exists() and not Movement.objects.exists()
