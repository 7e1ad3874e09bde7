"""Fifty clerks release the same car at the same moment (issue 9, STK-OUT-4):
exactly one release, one outbound form, one delivery; the others are refused
with a code. Real threads, each with its own PostgreSQL connection."""

from __future__ import annotations

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
