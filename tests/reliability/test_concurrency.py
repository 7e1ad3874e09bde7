"""Fifty clerks release the same car at the same moment (issue 9, STK-OUT-4):
exactly one release, one outbound form, one delivery; the others are refused
with a code. Real threads, each with its own PostgreSQL connection."""

from __future__ import annotations

import threading

import pytest

from inventory import services
from inventory.models import Movement, OutboundForm
from sales.models import Delivery
from tests.concurrency import race
from tests.inventory.conftest import (  # noqa: F401  (fixtures)
    allocated_car,
    order,
    pdi_passed_car,
    ready_car,
    stock_car,
    yard,
)

ATTEMPTS = 50


@pytest.mark.django_db(transaction=True)
def test_stk_out_4_fifty_release_attempts_on_one_vin_one_succeeds(ready_car, clerk):  # noqa: F811
    results = race(lambda: services.vehicle_release(vehicle=ready_car, by=clerk).number, ATTEMPTS)
    assert len(results) == ATTEMPTS
    assert [r for r in results if r[0] == "ok"] == [("ok", OutboundForm.objects.get().number)]
    assert {r[1] for r in results if r[0] == "refused"} == {"ILLEGAL_TRANSITION"}
    assert Movement.objects.filter(vehicle=ready_car, action="deliver").count() == 1
    assert Delivery.objects.count() == 1


@pytest.mark.django_db(transaction=True)
def test_lead_1_two_desks_log_the_same_new_mobile_at_once_one_customer(
    store, consultant_a, consultant_b
):
    """Two consultants log the first visit of one new mobile at the same
    moment: one creates the customer, the other's visit joins it as a return
    visit (the store's mobiles are unique) instead of failing with a 500."""
    from sales.models import Customer, Visit
    from tests.sales.test_reception import log

    people = iter([consultant_a, consultant_b])
    lock = threading.Lock()

    def first_visit():
        with lock:
            person = next(people)
        return log(store, person, mobile="13700000001").pk

    results = race(first_visit, 2)
    assert [kind for kind, _pk in results] == ["ok", "ok"]
    customer = Customer.objects.get()
    assert customer.mobile == "13700000001"
    assert sorted(Visit.objects.values_list("is_first", flat=True)) == [False, True]
    assert Visit.objects.filter(customer=customer).count() == 2
