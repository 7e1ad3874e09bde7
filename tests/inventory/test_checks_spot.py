"""STK-IN-1 lateness (PTS-4 through scoring) and MNT-RANDOM spot checks."""

import random
from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.utils import timezone

from dealership.errors import ConflictError, DomainError
from inventory import checks, selectors, services, tasks
from inventory.models import StockPolicy, StockSpotCheck, Vehicle
from inventory.rules import PdiKind, VehicleState
from scoring.models import PenaltyEntry
from tests.inventory.conftest import all_ok
from tests.inventory.factories import VehicleFactory

SHANGHAI = ZoneInfo("Asia/Shanghai")


def _pdi(car, by, arrived_at=None):
    return services.pdi_record(
        vehicle=car,
        kind=PdiKind.INBOUND,
        inspector=by,
        results=all_ok(),
        by=by,
        arrived_at=arrived_at,
    )


def _entries():
    return list(
        PenaltyEntry.objects.filter(rule__code="STK-IN-1").values_list(
            "person__username", "points", "fact_date", "fact_key"
        )
    )


def test_stk_in_1_arrival_recorded_once_and_only_in_transit(in_transit_car, stock_car, clerk):
    with time_machine.travel("2026-03-02 09:00 +0800", tick=False):
        car = services.vehicle_arrive(vehicle=in_transit_car, by=clerk)
    assert car.arrived_at == datetime(2026, 3, 2, 9, 0, tzinfo=SHANGHAI)
    assert car.arrived_by == clerk
    assert car.state == VehicleState.IN_TRANSIT
    move = car.movements.get()
    assert (move.action, move.from_state, move.to_state, move.by) == (
        "arrive", "in_transit", "in_transit", clerk,
    )  # fmt: skip
    with pytest.raises(ConflictError) as exc, timezone.override("UTC"):
        services.vehicle_arrive(vehicle=in_transit_car, by=clerk)
    assert exc.value.code == "ALREADY_ARRIVED"
    assert "2026-03-02 09:00" in exc.value.message  # the store's clock, whatever the request's
    with pytest.raises(ConflictError) as exc:
        services.vehicle_arrive(vehicle=stock_car, by=clerk)
    assert exc.value.code == "ILLEGAL_TRANSITION"
    assert Vehicle.objects.get(pk=stock_car.pk).arrived_at is None
    assert car.movements.count() == 1 and stock_car.movements.count() == 0


def test_stk_in_1_only_the_clerk_records_the_arrival(in_transit_car, consultant_a):
    with pytest.raises(DomainError) as exc:
        services.vehicle_arrive(vehicle=in_transit_car, by=consultant_a)
    assert exc.value.code == "ROLE_REQUIRED"
    assert Vehicle.objects.get(pk=in_transit_car.pk).arrived_at is None
    assert in_transit_car.movements.count() == 0


def test_stk_in_1_pdi_not_done_in_time_is_one_point_exactly_once(in_transit_car, clerk, manager):
    with time_machine.travel("2026-03-02 09:00 +0800", tick=False) as traveller:
        services.vehicle_arrive(vehicle=in_transit_car, by=clerk)
        traveller.move_to("2026-03-03 08:59 +0800")  # 23h59 later: still in time
        assert checks.pdi_lateness_check() == 0
        traveller.move_to("2026-03-03 09:01 +0800")
        assert tasks.pdi_lateness_check_task() == 1
        assert tasks.pdi_lateness_check_task() == 0  # safe to run twice
        traveller.move_to("2026-03-03 15:00 +0800")
        _pdi(in_transit_car, clerk)  # done late: still the same fact
        assert checks.pdi_lateness_check() == 0
    assert _entries() == [("clerk", 1, date(2026, 3, 3), f"inbound-pdi:{in_transit_car.pk}")]


def test_stk_in_1_pdi_in_time_costs_nothing(in_transit_car, clerk, technician):
    with time_machine.travel("2026-03-02 09:00 +0800", tick=False) as traveller:
        services.vehicle_arrive(vehicle=in_transit_car, by=clerk)
        traveller.move_to("2026-03-02 16:00 +0800")
        _pdi(in_transit_car, technician)
        traveller.move_to("2026-03-05 09:00 +0800")
        assert checks.pdi_lateness_check() == 0
    assert _entries() == []


def test_stk_in_1_pdi_deadline_is_the_stores_setting(in_transit_car, clerk, store):
    StockPolicy.objects.create(store=store, pdi_due_hours=4)
    with time_machine.travel("2026-03-02 09:00 +0800", tick=False) as traveller:
        services.vehicle_arrive(vehicle=in_transit_car, by=clerk)
        traveller.move_to("2026-03-02 13:30 +0800")
        assert checks.pdi_lateness_check() == 1
    assert _entries() == [("clerk", 1, date(2026, 3, 2), f"inbound-pdi:{in_transit_car.pk}")]


def _nothing_written(car):
    car = Vehicle.objects.get(pk=car.pk)
    assert (car.arrived_at, car.arrived_by_id, car.state) == (None, None, VehicleState.IN_TRANSIT)
    assert car.movements.count() == 0 and car.inspections.count() == 0


def test_stk_in_1_pdi_without_recorded_arrival_needs_its_time(in_transit_car, technician):
    """Stamping the unloading at the PDI itself would make a late PDI
    invisible: the inspector says when the car arrived."""
    with time_machine.travel("2026-03-02 09:00 +0800", tick=False):
        with pytest.raises(DomainError) as exc:
            _pdi(in_transit_car, technician)
        assert (exc.value.code, exc.value.field) == ("ARRIVAL_TIME_REQUIRED", "arrived_at")
        _nothing_written(in_transit_car)
        with pytest.raises(DomainError) as exc, timezone.override("UTC"):
            _pdi(in_transit_car, technician, arrived_at=datetime(2026, 3, 2, 9, 5, tzinfo=SHANGHAI))
        assert (exc.value.code, exc.value.field) == ("ARRIVAL_IN_FUTURE", "arrived_at")
        assert "2026-03-02 09:00" in exc.value.message  # the store's clock
        _nothing_written(in_transit_car)


def test_stk_in_1_pdi_with_stated_arrival_is_judged_from_it_for_the_verifying_clerk(
    in_transit_car, technician, clerk
):
    """The inspector who states the time is not charged (they would be pushed
    to state "now"); the clerk who received the car answers for it: nobody
    scanned its unloading, so the clerk who verifies the PDI."""
    arrived = datetime(2026, 3, 1, 8, 0, tzinfo=SHANGHAI)
    with time_machine.travel("2026-03-02 09:00 +0800", tick=False) as traveller:  # 25 h later
        pdi = _pdi(in_transit_car, technician, arrived_at=arrived)
        car = Vehicle.objects.get(pk=in_transit_car.pk)
        assert (car.arrived_at, car.arrived_by, car.state) == (
            arrived, None, VehicleState.IN_TRANSIT
        )  # fmt: skip
        move = car.movements.get()
        assert (move.action, move.at, move.by) == ("arrive", arrived, technician)
        assert checks.pdi_lateness_check() == 0  # not verified yet: nobody to charge
        traveller.move_to("2026-03-02 10:00 +0800")
        services.pdi_verify(inspection=pdi, by=clerk)
        assert checks.pdi_lateness_check() == 1
        assert checks.pdi_lateness_check() == 0
    assert _entries() == [("clerk", 1, date(2026, 3, 2), f"inbound-pdi:{car.pk}")]


def test_stk_in_1_stated_arrival_not_older_than_the_check_looks_back(in_transit_car, technician):
    with time_machine.travel("2026-03-02 09:00 +0800", tick=False):
        with pytest.raises(DomainError) as exc:
            _pdi(in_transit_car, technician, arrived_at=datetime(2025, 3, 1, 8, tzinfo=SHANGHAI))
        assert (exc.value.code, exc.value.field) == ("ARRIVAL_TOO_EARLY", "arrived_at")
        _nothing_written(in_transit_car)
        _pdi(in_transit_car, technician, arrived_at=datetime(2026, 1, 31, 9, tzinfo=SHANGHAI))
    assert Vehicle.objects.get(pk=in_transit_car.pk).arrived_at is not None  # 30 days: allowed


def test_stk_in_1_stated_arrival_in_time_costs_nothing_and_is_ignored_once_recorded(
    in_transit_car, technician, clerk
):
    with time_machine.travel("2026-03-02 09:00 +0800", tick=False) as traveller:
        services.vehicle_arrive(vehicle=in_transit_car, by=clerk)
        traveller.move_to("2026-03-02 11:00 +0800")
        earlier = datetime(2026, 2, 20, 8, 0, tzinfo=SHANGHAI)
        _pdi(in_transit_car, technician, arrived_at=earlier)  # the clerk's record stands
        traveller.move_to("2026-03-05 09:00 +0800")
        assert checks.pdi_lateness_check() == 0
    car = Vehicle.objects.get(pk=in_transit_car.pk)
    assert (car.arrived_at, car.arrived_by) == (datetime(2026, 3, 2, 9, tzinfo=SHANGHAI), clerk)
    assert _entries() == []


def _stock(store, yard, n):
    return [VehicleFactory(store=store, warehouse=yard) for _ in range(n)]


@time_machine.travel("2026-03-10 06:45 +0800", tick=False)
def test_mnt_random_monthly_draw_of_cars_and_times(store, yard, in_transit_car):
    cars = _stock(store, yard, 8)
    assert services.spot_checks_plan(store=store, rng=random.Random(7)) == 5
    assert tasks.spot_checks_plan_task() == 0  # drawn already this month
    planned = list(StockSpotCheck.objects.order_by("seq"))
    assert [c.seq for c in planned] == [1, 2, 3, 4, 5]
    assert len({c.vehicle_id for c in planned}) == 5
    assert {c.vehicle_id for c in planned} <= {c.pk for c in cars}  # stock cars only
    assert {c.month for c in planned} == {date(2026, 3, 1)}
    for check in planned:
        local = check.planned_at.astimezone(SHANGHAI)
        assert date(2026, 3, 10) <= local.date() <= date(2026, 3, 31)
        assert 9 <= local.hour < 17
    assert planned == sorted(planned, key=lambda c: c.planned_at)


def test_mnt_random_draws_differ_with_the_dice(store, yard):
    _stock(store, yard, 12)
    with time_machine.travel("2026-03-01 06:45 +0800", tick=False):
        services.spot_checks_plan(store=store, rng=random.Random(1))
        march = set(StockSpotCheck.objects.values_list("vehicle_id", "planned_at"))
    with time_machine.travel("2026-04-01 06:45 +0800", tick=False):
        assert services.spot_checks_plan(store=store, rng=random.Random(2)) == 5
        april = set(
            StockSpotCheck.objects.filter(month=date(2026, 4, 1)).values_list(
                "vehicle_id", "planned_at"
            )
        )
    assert len(march) == len(april) == 5 and march != april


def test_mnt_random_fewer_cars_than_checks(store, yard):
    _stock(store, yard, 2)
    with time_machine.travel("2026-03-01 06:45 +0800", tick=False):
        assert services.spot_checks_plan(store=store) == 2


@pytest.fixture
def due_check(store, yard):
    _stock(store, yard, 1)
    with time_machine.travel("2026-03-01 06:45 +0800", tick=False):
        services.spot_checks_plan(store=store, rng=random.Random(3))
    return StockSpotCheck.objects.get()


def test_mnt_random_clerk_records_the_result(due_check, clerk):
    with time_machine.travel(due_check.planned_at, tick=False):
        services.spot_check_record(
            check=due_check,
            location_ok=True,
            condition_ok=False,
            keys_documents_ok=True,
            note="左后门划痕",
            by=clerk,
        )
    check = StockSpotCheck.objects.get(pk=due_check.pk)
    assert (check.done_by, check.done_at, check.passed, check.note) == (
        clerk, due_check.planned_at, False, "左后门划痕",
    )  # fmt: skip
    assert list(selectors.spot_checks_open(user=clerk)) == []


@pytest.mark.parametrize(
    ("when", "kwargs", "user", "code"),
    [
        ("before", {}, "clerk", "SPOT_CHECK_NOT_DUE"),
        ("at", {"condition_ok": False, "note": " "}, "clerk", "FINDINGS_REQUIRED"),
        ("at", {}, "consultant_a", "ROLE_REQUIRED"),
    ],
)
def test_mnt_random_refusals_record_nothing(due_check, when, kwargs, user, code, request):
    moment = due_check.planned_at
    if when == "before":
        moment = moment.replace(second=0) - (moment - moment.replace(hour=0, minute=0))
    values = {"location_ok": True, "condition_ok": True, "keys_documents_ok": True, "note": ""}
    with time_machine.travel(moment, tick=False), pytest.raises(DomainError) as exc:
        services.spot_check_record(
            check=due_check, by=request.getfixturevalue(user), **{**values, **kwargs}
        )
    assert exc.value.code == code
    check = StockSpotCheck.objects.get(pk=due_check.pk)
    assert (check.done_at, check.done_by, check.note, check.location_ok) == (None, None, "", None)


def test_mnt_random_recorded_twice_refused(due_check, clerk):
    with time_machine.travel(due_check.planned_at, tick=False):
        ok = {"location_ok": True, "condition_ok": True, "keys_documents_ok": True}
        services.spot_check_record(check=due_check, by=clerk, **ok)
        with pytest.raises(ConflictError) as exc:
            services.spot_check_record(check=due_check, by=clerk, note="again", **ok)
    assert exc.value.code == "ALREADY_DONE"
    assert StockSpotCheck.objects.get(pk=due_check.pk).note == ""
