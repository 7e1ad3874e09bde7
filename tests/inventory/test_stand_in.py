"""The vehicle administrator's rest day (seed, 车辆管理员岗位职责: "如遇休息，应将
本职工作与销售主管交接清楚"): on a day every warehouse clerk of the store is on
the rest-day rota (DayOff), the store's sales supervisor holds the clerk's
role there (dealership.rules.STAND_INS): the scan page in the navigation, the
clerk's steps on pages and through the API, recorded as the supervisor's. Any
other day, or with a clerk at work, the supervisor is refused as before."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse

from dealership.models import DayOff
from dealership.rules import Role
from dealership.selectors import stand_in_roles
from dealership.timeutil import store_today
from inventory.models import Vehicle
from inventory.rules import VehicleState
from tests.factories import UserFactory


def _off(store, person, days=0):
    return DayOff.objects.create(
        store=store, person=person, day=store_today(store) + timedelta(days=days)
    )


def _nav_keys(response):
    return {item.key for item in response.context["nav_items"]}


def test_seed_supervisor_stands_in_for_the_clerk_on_the_rest_day(
    login, clerk, supervisor, store, in_transit_car
):
    _off(store, clerk)
    client = login(supervisor)
    response = client.get(reverse("inventory:scan"), {"vin": in_transit_car.vin})
    assert response.status_code == 200
    assert "inventory_scan" in _nav_keys(response)
    assert response.context["actions"] == ["arrive", "pdi_inbound"]
    assert "data-standing-in" in response.content.decode()
    response = client.post(reverse("inventory:arrive", args=[in_transit_car.vin]))
    assert response.status_code == 302
    assert Vehicle.objects.get(pk=in_transit_car.pk).arrived_by == supervisor


def test_seed_supervisor_releases_a_paid_car_through_the_api_on_the_rest_day(
    login, clerk, supervisor, store, ready_car
):
    _off(store, clerk)
    response = login(supervisor).post(f"/api/vehicles/{ready_car.vin}/outbound/")
    assert response.status_code == 200
    car = Vehicle.objects.get(pk=ready_car.pk)
    assert car.state == VehicleState.DELIVERED
    assert car.movements.order_by("-pk").first().by == supervisor


@pytest.mark.parametrize("when", ["working", "tomorrow", "other_clerk_working"])
def test_seed_supervisor_is_refused_the_clerks_work_unless_every_clerk_is_off_today(
    login, clerk, supervisor, store, in_transit_car, when
):
    if when == "tomorrow":
        _off(store, clerk, days=1)
    elif when == "other_clerk_working":
        _off(store, clerk)
        UserFactory(username="clerk2", roles=[Role.WAREHOUSE_CLERK], stores=[store])
    client = login(supervisor)
    response = client.post(reverse("inventory:arrive", args=[in_transit_car.vin]), follow=True)
    assert [str(m) for m in response.context["messages"]] == ["您的岗位无权进行此操作。"]
    car = Vehicle.objects.get(pk=in_transit_car.pk)
    assert (car.arrived_at, car.arrived_by) == (None, None)
    response = client.get(reverse("inventory:stock"))
    assert "inventory_scan" not in _nav_keys(response)
    assert "data-standing-in" not in response.content.decode()
    response = client.post(f"/api/vehicles/{in_transit_car.vin}/outbound/")
    assert (response.status_code, response.json()["code"]) == (403, "ROLE_REQUIRED")


def test_seed_only_the_stores_own_supervisors_stand_in(
    clerk, supervisor, store, other_store, consultant_a
):
    _off(store, clerk)
    elsewhere = UserFactory(
        username="supervisor_m", roles=[Role.SALES_SUPERVISOR], stores=[other_store]
    )
    assert stand_in_roles(user=supervisor, store=store) == {Role.WAREHOUSE_CLERK}
    assert stand_in_roles(user=elsewhere, store=store) == set()
    assert stand_in_roles(user=consultant_a, store=store) == set()  # not a supervisor
    assert stand_in_roles(user=clerk, store=store) == set()  # holds it already
    assert stand_in_roles(user=supervisor, store=other_store) == set()  # no clerk there


def test_seed_no_stand_in_where_the_store_has_no_clerk(supervisor, store):
    """Nobody to hand over from: the clerk's role is given in the admin."""
    assert stand_in_roles(user=supervisor, store=store) == set()


def test_seed_the_role_stood_in_for_counts_only_in_its_own_store(
    clerk, supervisor, store, other_store, in_transit_car
):
    """A supervisor of two stores, standing in where the clerk is off, is not
    the clerk of the other store, whose clerk works (ORG-1)."""
    from dealership.models import User
    from inventory import services
    from inventory.rules import RoleRequired
    from tests.inventory.factories import VehicleFactory

    _off(store, clerk)
    supervisor.stores.add(other_store)
    UserFactory(username="clerk_m", roles=[Role.WAREHOUSE_CLERK], stores=[other_store])
    there = VehicleFactory(store=other_store, warehouse=None, arrival_date=None, state="in_transit")
    working = User.objects.get(pk=supervisor.pk)
    working._working_store = lambda: store  # as the middleware tells a request's person
    with pytest.raises(RoleRequired):
        services.vehicle_arrive(vehicle=there, by=working)
    assert Vehicle.objects.get(pk=there.pk).arrived_at is None
    services.vehicle_arrive(vehicle=in_transit_car, by=working)
    assert Vehicle.objects.get(pk=in_transit_car.pk).arrived_by == supervisor


def test_seed_the_clerks_reminders_reach_the_supervisor_on_the_rest_day(
    clerk, supervisor, manager, store, yard
):
    """MNT-WEEKLY-START's reminder: to the clerk, and on a day every clerk is
    off to the supervisor standing in too; not to the supervisor otherwise."""
    from dealership.models import Notification
    from inventory import tasks
    from tests.inventory.factories import VehicleFactory

    VehicleFactory(
        store=store, warehouse=yard, arrival_date=store_today(store) - timedelta(days=30)
    )

    assert tasks.stock_alerts_task() == 1
    assert set(Notification.objects.values_list("user", flat=True)) == {clerk.pk}
    Notification.objects.all().delete()
    _off(store, clerk)
    assert tasks.stock_alerts_task() == 2
    assert set(Notification.objects.values_list("user", flat=True)) == {clerk.pk, supervisor.pk}


def test_seed_supervisor_with_an_api_token_stands_in_too(clerk, supervisor, store, ready_car):
    """A scanner signed in with a token (no page middleware) gets the same
    answer as the pages: the act's store decides (User.has_role_in)."""
    from rest_framework.authtoken.models import Token
    from rest_framework.test import APIClient

    _off(store, clerk)
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=supervisor).key}")
    response = client.post(f"/api/vehicles/{ready_car.vin}/outbound/")
    assert response.status_code == 200
    assert Vehicle.objects.get(pk=ready_car.pk).state == VehicleState.DELIVERED


def test_seed_a_supervisor_on_their_own_rest_day_does_not_stand_in(
    login, clerk, supervisor, store, in_transit_car
):
    _off(store, clerk)
    _off(store, supervisor)
    assert stand_in_roles(user=supervisor, store=store) == set()
    response = login(supervisor).post(
        reverse("inventory:arrive", args=[in_transit_car.vin]), follow=True
    )
    assert [str(m) for m in response.context["messages"]] == ["您的岗位无权进行此操作。"]
    assert Vehicle.objects.get(pk=in_transit_car.pk).arrived_at is None


def test_seed_scan_offers_the_clerks_steps_only_on_cars_of_the_store_stood_in_for(
    clerk, supervisor, store, other_store, in_transit_car
):
    from dealership.models import User
    from inventory import selectors
    from tests.inventory.factories import VehicleFactory

    _off(store, clerk)
    supervisor.stores.add(other_store)
    UserFactory(username="clerk_m", roles=[Role.WAREHOUSE_CLERK], stores=[other_store])
    there = VehicleFactory(store=other_store, warehouse=None, arrival_date=None, state="in_transit")
    working = User.objects.get(pk=supervisor.pk)
    working._working_store = other_store  # the store picker on the other store
    assert selectors.vehicle_scan_actions(vehicle=there, user=working) == []
    assert selectors.vehicle_scan_actions(vehicle=in_transit_car, user=working) == [
        "arrive",
        "pdi_inbound",
    ]


def test_seed_stand_in_is_one_query(django_assert_num_queries, clerk, supervisor, store):
    from dealership.models import User

    _off(store, clerk)
    working = User.objects.get(pk=supervisor.pk)
    working.own_role_codes  # noqa: B018 - the person's own roles, read on every page anyway
    with django_assert_num_queries(1):
        assert working.stand_in_roles_in(store) == {Role.WAREHOUSE_CLERK}
        assert working.has_role_in(store, Role.WAREHOUSE_CLERK)


@pytest.mark.parametrize("active", ["stood_in", "other"])
def test_seed_a_cars_page_asks_for_the_role_in_the_cars_store_not_the_picked_one(
    login, clerk, supervisor, store, other_store, in_transit_car, active
):
    """A supervisor of two stores stands in where the clerk is off: the PDI
    page of that store's car opens whichever store is picked in the menu, and
    the other store's car, whose clerk works, is refused whichever is picked
    (the page asks as the service does; before, the picked store decided)."""
    from tests.inventory.factories import VehicleFactory

    _off(store, clerk)
    supervisor.stores.add(other_store)
    UserFactory(username="clerk_m", roles=[Role.WAREHOUSE_CLERK], stores=[other_store])
    there = VehicleFactory(store=other_store, warehouse=None, arrival_date=None, state="in_transit")
    client = login(supervisor)
    picked = store if active == "stood_in" else other_store
    client.post(reverse("org:store_switch"), {"store": picked.pk, "next": "/"})
    assert client.session["store_id"] == picked.pk
    here = client.get(reverse("inventory:pdi", args=[in_transit_car.vin, "inbound"]))
    assert here.status_code == 200
    refused = client.post(reverse("inventory:pdi", args=[there.vin, "inbound"]), {})
    assert refused.status_code == 403
    assert not Vehicle.objects.get(pk=there.pk).inspections.exists()
