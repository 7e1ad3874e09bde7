"""Fixtures of the showroom tests: group leaders, a test-drive car, showroom
spots with display cars, the showroom warehouse, and a clock on the store's
wall (Asia/Shanghai)."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest

from dealership.rules import Role, SalesGroup
from inventory.rules import WarehouseKind
from sales.models import TestCar
from showroom import services
from showroom.models import ChecklistItem, ShowroomSpot
from tests.factories import UserFactory, WarehouseFactory
from tests.inventory.factories import VehicleFactory

SHANGHAI = ZoneInfo("Asia/Shanghai")
DAY = date(2026, 3, 10)  # a Tuesday


def at(*args: int) -> datetime:
    """An aware datetime on the store's wall clock."""
    return datetime(*args, tzinfo=SHANGHAI)


@pytest.fixture
def leader_a(roles, store, supervisor):
    return UserFactory(
        username="leader_a",
        full_name="陈组长",
        roles=[Role.GROUP_LEADER, Role.SALES_CONSULTANT],
        stores=[store],
        supervisor=supervisor,
        sales_group=SalesGroup.A,
    )


@pytest.fixture
def consultant_a2(roles, store, supervisor):
    return UserFactory(
        username="consultant_a2",
        full_name="黄小红",
        roles=[Role.SALES_CONSULTANT],
        stores=[store],
        supervisor=supervisor,
        sales_group=SalesGroup.A,
    )


@pytest.fixture
def other_manager(roles, other_store):
    return UserFactory(
        username="other_manager",
        full_name="赵经理",
        roles=[Role.SALES_MANAGER],
        stores=[other_store],
    )


@pytest.fixture
def test_car(store):
    return TestCar.objects.create(store=store, model_name="雅阁", plate="粤Q12345")


@pytest.fixture
def yard(store):
    return WarehouseFactory(store=store, code="main", name="主库", kind=WarehouseKind.MAIN)


@pytest.fixture
def showroom_floor(store):
    return WarehouseFactory(store=store, code="zt", name="展厅", kind=WarehouseKind.SHOWROOM)


@pytest.fixture
def stock_car(store, yard):
    return VehicleFactory(store=store, warehouse=yard, bay="A-01")


@pytest.fixture
def spot(store):
    return ShowroomSpot.objects.create(store=store, code="p1", name="1号展位", position=1)


@pytest.fixture
def display_car(spot, stock_car, showroom_floor, manager):
    """A stock car standing on spot 1 (moved there through inventory)."""
    services.display_car_place(spot=spot, vehicle=stock_car, by=manager)
    stock_car.refresh_from_db()
    return stock_car


def items_of(kind: str) -> int:
    return ChecklistItem.objects.filter(kind=kind, is_active=True).count()


@pytest.fixture
def run(store, display_car, test_car):
    """Today's (DAY's) morning check: one display car, one test car."""
    run, _created = services.run_create(store=store, day=DAY)
    return run
