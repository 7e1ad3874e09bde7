"""The demo store that `make run` loads."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.test import override_settings
from django.utils import timezone

from dealership.models import Store, User
from dealership.rules import Role
from inventory.models import Vehicle, Warehouse
from showroom.models import DeskShift

pytestmark = pytest.mark.django_db


def stock_age_days(car) -> int:
    return (timezone.localdate() - car.arrival_date).days


@override_settings(DEBUG=True)
def test_seed_demo_loads_every_role_groups_and_warehouses_once():
    out = StringIO()
    call_command("seed_demo", password="demo-pass-123", stdout=out)
    call_command("seed_demo", stdout=StringIO())  # second run: nothing added
    store = Store.objects.get(code="yj-gh")
    staff = User.objects.filter(stores=store)
    held = set(staff.values_list("groups__name", flat=True))
    assert held == set(Role.values)
    assert set(staff.exclude(sales_group="").values_list("sales_group", flat=True)) == {"A", "B"}
    assert Warehouse.objects.filter(store=store).count() == 4
    assert User.objects.count() == 17
    assert store.customer_set.count() == 6 and store.testcar_set.count() == 2
    # Stock through the inventory services: received cars of several ages, cars in
    # transit, one allocated to the demo order (STK-IN-1..4).
    cars = Vehicle.objects.filter(store=store)
    assert cars.filter(state="in_transit").count() == 3
    assert cars.filter(state="in_stock").count() == 8
    # SHW-DESK: this week's rota, two consultants of one group per slot.
    assert DeskShift.objects.filter(store=store).count() == 14
    allocated = cars.get(state="allocated")
    assert allocated.order.customer.mobile == "13922001001"
    assert all(car.keys.count() == 2 for car in cars.exclude(state="in_transit"))
    assert sorted(stock_age_days(car) for car in cars.exclude(state="in_transit")) == [
        5, 8, 12, 20, 33, 45, 65, 75, 100,
    ]  # fmt: skip
    assert "Password: demo-pass-123" in out.getvalue()
    assert User.objects.get(username="manager").check_password("demo-pass-123")


@override_settings(DEBUG=True)
def test_seed_demo_password_is_random_unless_given():
    out = StringIO()
    call_command("seed_demo", stdout=out)
    password = out.getvalue().split("Password: ")[1].strip()
    assert len(password) >= 12
    assert User.objects.get(username="consultant_a1").check_password(password)


@override_settings(DEBUG=False)
def test_seed_demo_refuses_in_production():
    with pytest.raises(CommandError, match="DEBUG off"):
        call_command("seed_demo", stdout=StringIO())
    assert not Store.objects.exists()
