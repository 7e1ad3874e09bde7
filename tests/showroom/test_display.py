"""Display cars on showroom spots (SHW-DISPLAY): putting a stock car on a
spot or taking it back is a stock movement in inventory (section 4)."""

from __future__ import annotations

import pytest

from dealership.errors import DomainError
from inventory.models import Movement, Vehicle
from inventory.rules import Action, VehicleState, WarehouseKind
from showroom import services
from showroom.models import ShowroomSpot
from tests.factories import WarehouseFactory
from tests.inventory.factories import OrderFactory, VehicleFactory


def movements(vehicle) -> list[tuple]:
    return list(
        Movement.objects.filter(vehicle=vehicle)
        .order_by("pk")
        .values_list("action", "from_warehouse__code", "to_warehouse__code", "form_number")
    )


def state_of(vehicle, spot) -> tuple:
    vehicle = Vehicle.objects.get(pk=vehicle.pk)
    spot = ShowroomSpot.objects.get(pk=spot.pk)
    return (
        vehicle.state,
        vehicle.warehouse_id,
        vehicle.bay,
        spot.vehicle_id,
        Movement.objects.count(),
    )


def test_shw_display_placing_a_car_is_a_transfer_into_the_showroom(
    spot, stock_car, showroom_floor, manager
):
    services.display_car_place(spot=spot, vehicle=stock_car, by=manager)
    stock_car.refresh_from_db()
    spot.refresh_from_db()
    assert spot.vehicle == stock_car
    assert (stock_car.state, stock_car.warehouse, stock_car.bay) == (
        VehicleState.IN_STOCK,
        showroom_floor,
        "p1",
    )
    [start, complete] = movements(stock_car)
    assert start[:3] == (Action.TRANSFER_START, "main", "main")
    assert complete[:3] == (Action.TRANSFER_COMPLETE, "main", "zt")
    assert start[3] == complete[3]
    assert start[3].startswith("YK-YJ-")
    assert Movement.objects.filter(vehicle=stock_car).first().by == manager


def test_shw_display_taking_a_car_back_is_a_transfer_to_stock(spot, display_car, yard, supervisor):
    services.display_car_remove(spot=spot, to_warehouse=yard, by=supervisor)
    display_car.refresh_from_db()
    spot.refresh_from_db()
    assert spot.vehicle is None
    assert (display_car.state, display_car.warehouse, display_car.bay) == (
        VehicleState.IN_STOCK,
        yard,
        "",
    )
    assert [m[:3] for m in movements(display_car)][2:] == [
        (Action.TRANSFER_START, "zt", "zt"),
        (Action.TRANSFER_COMPLETE, "zt", "main"),
    ]


def test_shw_display_spot_freed_without_a_move_when_stock_took_the_car(
    store, spot, display_car, yard, delivery_area_of, manager
):
    Vehicle.objects.filter(pk=display_car.pk).update(warehouse=delivery_area_of(store))
    moves = Movement.objects.count()
    services.display_car_remove(spot=spot, to_warehouse=yard, by=manager)
    assert ShowroomSpot.objects.get(pk=spot.pk).vehicle is None
    assert Movement.objects.count() == moves


@pytest.fixture
def delivery_area_of():
    def make(store):
        return WarehouseFactory(store=store, code="jc", kind=WarehouseKind.DELIVERY)

    return make


def test_shw_display_refused_when_the_spot_is_taken(spot, display_car, store, manager, yard):
    other = VehicleFactory(store=store, warehouse=yard)
    before = state_of(other, spot)
    with pytest.raises(DomainError) as exc:
        services.display_car_place(spot=spot, vehicle=other, by=manager)
    assert (exc.value.code, exc.value.status) == ("SPOT_TAKEN", 409)
    assert state_of(other, spot) == before


def test_shw_display_refused_when_the_car_is_on_another_spot(store, spot, display_car, manager):
    second = ShowroomSpot.objects.create(store=store, code="p2", name="2号展位")
    before = state_of(display_car, second)
    with pytest.raises(DomainError) as exc:
        services.display_car_place(spot=second, vehicle=display_car, by=manager)
    assert exc.value.code == "ALREADY_ON_SPOT"
    assert state_of(display_car, second) == before


def test_shw_display_refused_for_another_stores_car(spot, other_store, showroom_floor, manager):
    car = VehicleFactory(store=other_store)
    before = state_of(car, spot)
    with pytest.raises(DomainError) as exc:
        services.display_car_place(spot=spot, vehicle=car, by=manager)
    assert exc.value.code == "VEHICLE_OTHER_STORE"
    assert state_of(car, spot) == before


def test_shw_display_refused_without_a_showroom_warehouse(spot, stock_car, manager):
    before = state_of(stock_car, spot)
    with pytest.raises(DomainError) as exc:
        services.display_car_place(spot=spot, vehicle=stock_car, by=manager)
    assert exc.value.code == "NO_SHOWROOM_WAREHOUSE"
    assert state_of(stock_car, spot) == before


def test_shw_display_refused_for_a_car_allocated_to_an_order(
    store, spot, stock_car, showroom_floor, manager, consultant_a
):
    order = OrderFactory(store=store, consultant=consultant_a)
    Vehicle.objects.filter(pk=stock_car.pk).update(state=VehicleState.ALLOCATED, order=order)
    before = state_of(stock_car, spot)
    with pytest.raises(DomainError) as exc:
        services.display_car_place(spot=spot, vehicle=stock_car, by=manager)
    assert exc.value.code == "ILLEGAL_TRANSITION"
    assert state_of(stock_car, spot) == before


@pytest.mark.parametrize("who", ["consultant_a", "clerk", "gm"])
def test_shw_display_only_the_manager_or_a_supervisor_moves_display_cars(
    spot, stock_car, showroom_floor, request, who
):
    before = state_of(stock_car, spot)
    with pytest.raises(DomainError) as exc:
        services.display_car_place(spot=spot, vehicle=stock_car, by=request.getfixturevalue(who))
    assert exc.value.code == "ROLE_REQUIRED"
    assert state_of(stock_car, spot) == before


def test_shw_display_take_back_refusals(spot, display_car, showroom_floor, manager, store):
    empty = ShowroomSpot.objects.create(store=store, code="p9", name="9号展位")
    with pytest.raises(DomainError) as exc:
        services.display_car_remove(spot=empty, to_warehouse=showroom_floor, by=manager)
    assert exc.value.code == "SPOT_EMPTY"
    before = state_of(display_car, spot)
    with pytest.raises(DomainError) as exc:
        services.display_car_remove(spot=spot, to_warehouse=showroom_floor, by=manager)
    assert (exc.value.code, exc.value.field) == ("BACK_TO_STOCK", "to_warehouse")
    assert state_of(display_car, spot) == before


def test_shw_display_take_back_refused_to_another_stores_warehouse(
    spot, display_car, other_store, manager
):
    before = state_of(display_car, spot)
    with pytest.raises(DomainError) as exc:
        services.display_car_remove(
            spot=spot, to_warehouse=WarehouseFactory(store=other_store), by=manager
        )
    assert exc.value.code == "WAREHOUSE_OTHER_STORE"
    assert state_of(display_car, spot) == before
