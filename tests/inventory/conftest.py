"""Fixtures of the stock tests: warehouses of the store, a car in each
stage of its life, and a helper walking a car through the outbound flow."""

from __future__ import annotations

from decimal import Decimal

import pytest

from inventory import services
from inventory.models import PdiChecklistItem
from inventory.rules import PdiKind, VehicleState, WarehouseKind
from tests.factories import UserFactory, WarehouseFactory
from tests.inventory.factories import OrderFactory, VehicleFactory


@pytest.fixture
def technician(roles, store):
    from dealership.rules import Role

    return UserFactory(
        username="technician", full_name="黄技师", roles=[Role.TECHNICIAN], stores=[store]
    )


@pytest.fixture
def yard(store):
    return WarehouseFactory(store=store, code="main", name="主库", kind=WarehouseKind.MAIN)


@pytest.fixture
def offsite(store):
    return WarehouseFactory(store=store, code="far", name="外库", kind=WarehouseKind.OFFSITE)


@pytest.fixture
def delivery_area(store):
    return WarehouseFactory(store=store, code="jc", name="交车区", kind=WarehouseKind.DELIVERY)


@pytest.fixture
def stock_car(store, yard):
    return VehicleFactory(store=store, warehouse=yard, bay="A-01")


@pytest.fixture
def in_transit_car(store):
    return VehicleFactory(store=store, warehouse=None, arrival_date=None, state="in_transit")


@pytest.fixture
def order(store, consultant_a):
    return OrderFactory(store=store, consultant=consultant_a)


def all_ok() -> list[services.ItemResult]:
    return [services.ItemResult(code=i.code, ok=True) for i in PdiChecklistItem.objects.all()]


def with_keys(vehicle, store, prefix="K"):
    """KEY-1 / STK-IN-3: a key, a spare key and the three documents in custody."""
    from inventory.models import VehicleDocument, VehicleKey

    for kind in ("coc", "warranty", "manual"):
        VehicleDocument.objects.create(vehicle=vehicle, kind=kind, custody="in_custody")
    VehicleKey.objects.create(store=store, vehicle=vehicle, number=f"{prefix}{vehicle.pk}-1")
    return VehicleKey.objects.create(
        store=store, vehicle=vehicle, number=f"{prefix}{vehicle.pk}-2", is_spare=True
    )


@pytest.fixture
def allocated_car(stock_car, order, manager):
    with_keys(stock_car, stock_car.store)
    return services.vehicle_allocate(vehicle=stock_car, order=order, by=manager)


@pytest.fixture
def pdi_passed_car(allocated_car, consultant_a):
    services.pdi_record(
        vehicle=allocated_car,
        kind=PdiKind.PREDELIVERY,
        inspector=consultant_a,
        results=all_ok(),
        by=consultant_a,
    )
    allocated_car.refresh_from_db()
    assert allocated_car.state == VehicleState.PDI_PASSED
    return allocated_car


@pytest.fixture
def ready_car(pdi_passed_car, finance, consultant_a):
    """Paid, customer signed, release slip issued: only the release is left."""
    services.payment_confirm(vehicle=pdi_passed_car, amount=Decimal("179800.00"), by=finance)
    services.delivery_confirm(vehicle=pdi_passed_car, customer_signature="陈大文", by=consultant_a)
    services.release_slip_issue(vehicle=pdi_passed_car, by=finance)
    return pdi_passed_car


@pytest.fixture(autouse=True)
def english():
    """Messages are asserted in English, whatever the catalogue says."""
    from django.utils import translation

    with translation.override("en"):
        yield
