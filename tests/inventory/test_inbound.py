"""Section 4 state machine and inbound (STK-IN-1..4, KEY-1)."""

from datetime import date

import pytest
import time_machine
from django.utils import timezone

from dealership.errors import ConflictError, DomainError
from inventory import services
from inventory.models import InboundForm, Movement, PdiChecklistItem, Vehicle, VehicleKey
from inventory.rules import TRANSITIONS, Action, Custody, PdiKind, VehicleState
from tests.inventory.conftest import all_ok
from tests.inventory.factories import make_vin

DOCS = {"coc": "WAC123456789", "warranty": "BX-001", "manual": "SM-001"}
KEYS = [services.KeyIn("K001", cabinet_slot="A1"), services.KeyIn("K002", True, "A1")]


def _inbound_pdi(car, inspector, clerk, verify=True):
    pdi = services.pdi_record(
        vehicle=car,
        kind=PdiKind.INBOUND,
        inspector=inspector,
        results=all_ok(),
        by=inspector,
        odometer_km=12,
        arrived_at=timezone.now(),  # nobody recorded the unloading before
    )
    if verify:
        services.pdi_verify(inspection=pdi, by=clerk)
    return pdi


def test_stk_register_vehicle_in_transit_with_expected_documents(store, clerk):
    car = services.vehicle_register(
        store=store, vin=make_vin(7).lower(), model_name="雅阁", colour="珍珠白", by=clerk
    )
    assert car.vin == make_vin(7)
    assert car.state == VehicleState.IN_TRANSIT
    assert sorted(car.documents.values_list("kind", "custody")) == [
        ("coc", "expected"),
        ("manual", "expected"),
        ("warranty", "expected"),
    ]
    assert list(car.movements.values_list("action", "from_state", "to_state")) == [
        ("register", "", "in_transit")
    ]


def test_stk_register_refuses_bad_vin_and_writes_nothing(store, clerk):
    with pytest.raises(DomainError) as exc:
        services.vehicle_register(
            store=store, vin="LHGCR2650ORH000001", model_name="雅阁", colour="白", by=clerk
        )
    assert exc.value.code == "VIN_LENGTH"
    assert Vehicle.objects.count() == 0


def test_stk_illegal_transition_names_both_states(in_transit_car, clerk):
    with pytest.raises(ConflictError) as exc:
        services.vehicle_transition(vehicle=in_transit_car, action=Action.DELIVER, by=clerk)
    assert exc.value.code == "ILLEGAL_TRANSITION"
    assert exc.value.message == "A vehicle cannot go from “In transit” to “Delivered”."
    in_transit_car.refresh_from_db()
    assert in_transit_car.state == VehicleState.IN_TRANSIT
    assert Movement.objects.count() == 0


def test_stk_in_1_default_pdi_checklist_items(db):
    assert list(PdiChecklistItem.objects.values_list("code", flat=True)) == [
        "vin",
        "odometer",
        "production",
        "paint",
        "tyres",
        "engine_bay",
        "interior",
        "running",
        "lift",
        "road_test",
        "tool_kit",
    ]


def test_stk_in_1_every_item_answered_and_problems_marked(in_transit_car, technician):
    with pytest.raises(DomainError) as exc:
        services.pdi_record(
            vehicle=in_transit_car,
            kind=PdiKind.INBOUND,
            inspector=technician,
            results=all_ok()[1:],
            by=technician,
        )
    assert exc.value.code == "PDI_INCOMPLETE"
    results = all_ok()
    results[3] = services.ItemResult("paint", ok=False)
    with pytest.raises(DomainError) as exc:
        services.pdi_record(
            vehicle=in_transit_car,
            kind=PdiKind.INBOUND,
            inspector=technician,
            results=results,
            by=technician,
        )
    assert exc.value.code == "PDI_PROBLEM_MISSING"
    assert "漆面、钣金间隙（≤ 3 mm）、玻璃" in exc.value.message  # the item as people read it
    assert in_transit_car.inspections.count() == 0
    results[3] = services.ItemResult("paint", ok=False, problem="左前门划痕")
    pdi = services.pdi_record(
        vehicle=in_transit_car,
        kind=PdiKind.INBOUND,
        inspector=technician,
        results=results,
        by=technician,
        arrived_at=timezone.now(),
    )
    assert pdi.passed is False
    assert list(pdi.results.filter(ok=False).values_list("item__code", "problem")) == [
        ("paint", "左前门划痕")
    ]


def test_stk_in_1_inbound_needs_pdi_verified_by_the_clerk(in_transit_car, technician, clerk, yard):
    with pytest.raises(ConflictError) as exc:
        services.vehicle_receive(
            vehicle=in_transit_car, warehouse=yard, by=clerk, keys=KEYS, documents=DOCS
        )
    assert exc.value.code == "PDI_MISSING"
    pdi = _inbound_pdi(in_transit_car, technician, clerk, verify=False)
    with pytest.raises(ConflictError) as exc:
        services.vehicle_receive(
            vehicle=in_transit_car, warehouse=yard, by=clerk, keys=KEYS, documents=DOCS
        )
    assert exc.value.code == "PDI_NOT_VERIFIED"
    in_transit_car.refresh_from_db()
    assert in_transit_car.state == VehicleState.IN_TRANSIT
    assert list(in_transit_car.movements.values_list("action", flat=True)) == ["arrive"]
    with pytest.raises(DomainError) as exc:
        services.pdi_verify(inspection=pdi, by=technician)
    assert exc.value.code == "ROLE_REQUIRED"


def test_stk_in_1_inspector_cannot_verify_own_pdi(in_transit_car, clerk):
    services.vehicle_arrive(vehicle=in_transit_car, by=clerk)
    pdi = services.pdi_record(
        vehicle=in_transit_car, kind=PdiKind.INBOUND, inspector=clerk, results=all_ok(), by=clerk
    )
    with pytest.raises(DomainError) as exc:
        services.pdi_verify(inspection=pdi, by=clerk)
    assert exc.value.code == "PDI_SELF_VERIFY"


@time_machine.travel("2026-03-02 10:00 +0800", tick=False)
def test_stk_in_2_3_4_inbound_form_custody_and_stock(in_transit_car, technician, clerk, yard):
    """STK-IN-2 the numbered inbound form, STK-IN-3 keys and documents into
    custody, STK-IN-4 the stock record (state, warehouse, bay, arrival date)
    and the movement ledger row with the form's number."""
    _inbound_pdi(in_transit_car, technician, clerk)
    form = services.vehicle_receive(
        vehicle=in_transit_car, warehouse=yard, bay="B-07", by=clerk, keys=KEYS, documents=DOCS
    )
    assert form.number == "RK-YJ-2026-00001"
    assert form.odometer_km == 12
    car = Vehicle.objects.get(pk=in_transit_car.pk)
    assert (car.state, car.warehouse, car.bay, car.arrival_date) == (
        VehicleState.IN_STOCK,
        yard,
        "B-07",
        date(2026, 3, 2),
    )
    assert list(car.keys.values_list("number", "is_spare", "cabinet_slot", "custody")) == [
        ("K001", False, "A1", "in_custody"),
        ("K002", True, "A1", "in_custody"),
    ]
    assert sorted(car.documents.values_list("kind", "number", "custody")) == [
        ("coc", "WAC123456789", Custody.IN_CUSTODY),
        ("manual", "SM-001", Custody.IN_CUSTODY),
        ("warranty", "BX-001", Custody.IN_CUSTODY),
    ]
    assert list(car.movements.order_by("pk").values_list("action", flat=True)) == [
        "arrive",
        "receive",
    ]
    move = car.movements.get(action="receive")
    assert (move.action, move.from_state, move.to_state, move.to_warehouse, move.form_number) == (
        "receive",
        "in_transit",
        "in_stock",
        yard,
        "RK-YJ-2026-00001",
    )
    assert move.by == clerk


def test_stk_in_3_all_documents_required(in_transit_car, technician, clerk, yard):
    _inbound_pdi(in_transit_car, technician, clerk)
    with pytest.raises(DomainError) as exc:
        services.vehicle_receive(
            vehicle=in_transit_car,
            warehouse=yard,
            by=clerk,
            keys=KEYS,
            documents={"coc": "WAC1"},
        )
    assert exc.value.code == "DOCUMENTS_MISSING"
    assert InboundForm.objects.count() == 0


def test_key_1_key_numbers_unique_in_the_store(in_transit_car, stock_car, technician, clerk, yard):
    VehicleKey.objects.create(store=stock_car.store, vehicle=stock_car, number="K001")
    _inbound_pdi(in_transit_car, technician, clerk)
    with pytest.raises(ConflictError) as exc:
        services.vehicle_receive(
            vehicle=in_transit_car, warehouse=yard, by=clerk, keys=KEYS, documents=DOCS
        )
    assert exc.value.code == "KEY_NUMBER_TAKEN"
    in_transit_car.refresh_from_db()
    assert in_transit_car.state == VehicleState.IN_TRANSIT
    assert InboundForm.objects.count() == 0


def test_key_1_taken_key_number_is_refused_next_to_the_key_numbers(
    login, in_transit_car, stock_car, technician, clerk, yard
):
    from django.urls import reverse

    VehicleKey.objects.create(store=stock_car.store, vehicle=stock_car, number="K001")
    _inbound_pdi(in_transit_car, technician, clerk)
    response = login(clerk).post(
        reverse("inventory:receive", args=[in_transit_car.vin]),
        {"warehouse": yard.pk, "key_numbers": "K001, K002*", **DOCS},
    )
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert list(errors) == ["key_numbers"] and "K001" in errors["key_numbers"][0]
    assert 'value="K001, K002*"' in response.content.decode()
    assert Vehicle.objects.get(pk=in_transit_car.pk).state == VehicleState.IN_TRANSIT
    assert InboundForm.objects.count() == 0


@time_machine.travel("2026-03-02 10:00 +0800", tick=False)
def test_stk_in_4_stock_records_updated_at_inbound(in_transit_car, technician, clerk, yard):
    """STK-IN-4: the inbound form updates the stock records at once: the car
    leaves the in-transit list, is on hand in its warehouse, the movement
    ledger has its receive row and the day's 进销存 counts it received."""
    from inventory import selectors

    store = in_transit_car.store
    assert list(selectors.stock_in_transit(store=store)) == [in_transit_car]
    _inbound_pdi(in_transit_car, technician, clerk)
    services.vehicle_receive(
        vehicle=in_transit_car, warehouse=yard, bay="B-07", by=clerk, keys=KEYS, documents=DOCS
    )
    assert list(selectors.stock_in_transit(store=store)) == []
    assert selectors.stock_on_hand(store=store) == [
        {"model_name": "雅阁", "colour": "珍珠白", "warehouse__name": "主库", "count": 1}
    ]
    today = date(2026, 3, 2)
    assert selectors.stock_daily_ledger(store=store, start=today, end=today) == [
        {"day": today, "opening": 0, "received": 1, "sold": 0, "closing": 1}
    ]
    form = InboundForm.objects.get(vehicle=in_transit_car)
    assert list(
        Movement.objects.filter(vehicle=in_transit_car, action="receive").values_list(
            "from_state", "to_state", "to_warehouse", "form_number", "by"
        )
    ) == [("in_transit", "in_stock", yard.pk, form.number, clerk.pk)]


@time_machine.travel("2026-03-02 10:00 +0800", tick=False)
def test_stk_in_4_refused_inbound_leaves_the_stock_records_as_they_were(
    in_transit_car, technician, clerk, yard
):
    """STK-IN-4: an inbound form refused (a document missing) updates no
    stock record: the car is still in transit, nothing on hand, no receive
    movement, no key in custody, nothing received in the day's 进销存."""
    from inventory import selectors

    store = in_transit_car.store
    _inbound_pdi(in_transit_car, technician, clerk)
    with pytest.raises(DomainError) as exc:
        services.vehicle_receive(
            vehicle=in_transit_car,
            warehouse=yard,
            bay="B-07",
            by=clerk,
            keys=KEYS,
            documents={k: v for k, v in DOCS.items() if k != "manual"},
        )
    assert exc.value.code == "DOCUMENTS_MISSING"
    car = Vehicle.objects.get(pk=in_transit_car.pk)
    assert (car.state, car.warehouse, car.bay) == (VehicleState.IN_TRANSIT, None, "")
    assert list(selectors.stock_in_transit(store=store)) == [car]
    assert selectors.stock_on_hand(store=store) == []
    assert not Movement.objects.filter(vehicle=car, action="receive").exists()
    assert not VehicleKey.objects.filter(vehicle=car).exists()
    assert not InboundForm.objects.exists()
    today = date(2026, 3, 2)
    assert selectors.stock_daily_ledger(store=store, start=today, end=today) == [
        {"day": today, "opening": 0, "received": 0, "sold": 0, "closing": 0}
    ]


def test_stk_principle_every_move_is_preceded_by_a_check(
    in_transit_car, stock_car, technician, clerk, yard, offsite
):
    """Inbound after a verified PDI, outbound only from “PDI passed”, a
    transfer only after a passed routine check; damage is a −10 manual entry."""
    from scoring.models import PenaltyRule

    with pytest.raises(ConflictError) as exc:
        services.vehicle_receive(
            vehicle=in_transit_car, warehouse=yard, by=clerk, keys=KEYS, documents=DOCS
        )
    assert exc.value.code == "PDI_MISSING"
    assert TRANSITIONS[Action.DELIVER][0] == {VehicleState.PDI_PASSED}
    transfer = services.transfer_request(
        vehicle=stock_car, to_warehouse=offsite, check_ok=False, cleaned=False, by=clerk
    )
    assert transfer.status == "check_failed"
    assert Vehicle.objects.get(pk=stock_car.pk).state == VehicleState.IN_REPAIR
    assert Vehicle.objects.get(pk=in_transit_car.pk).state == VehicleState.IN_TRANSIT
    rule = PenaltyRule.objects.get(code="STK-PRINCIPLE")
    assert rule.points == 10


def test_stk_form_numbers_follow_the_stores_calendar(store):
    """New Year's night in the store (01:00 on 1 January in Shanghai) is still
    31 December in UTC: the form number's year is the store's."""
    from django.utils import timezone

    from inventory.rules import FormKind
    from inventory.services.common import form_number_next

    with time_machine.travel("2026-12-31 17:00 +0000", tick=False), timezone.override("UTC"):
        number = form_number_next(store=store, kind=FormKind.INBOUND)
    assert number == "RK-YJ-2027-00001"
