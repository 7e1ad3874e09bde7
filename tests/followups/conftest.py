"""Fixtures of the follow-up tests: store times in Asia/Shanghai, customers,
a scan runner."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine

from followups.scan import followups_scan
from followups.services import followups_on_grade_change
from tests.sales.factories import CustomerFactory

SHANGHAI = ZoneInfo("Asia/Shanghai")


def sh(year: int, month: int, day: int, hour: int = 0, minute: int = 0, second: int = 0):
    """An aware datetime on the store's wall clock (Asia/Shanghai)."""
    return datetime(year, month, day, hour, minute, second, tzinfo=SHANGHAI)


@pytest.fixture
def travel():
    """travel(moment): move the clock (and keep it still) until the test ends."""
    travellers = []

    def _travel(moment: datetime):
        if travellers:
            travellers.pop().stop()
        traveller = time_machine.travel(moment, tick=False)
        traveller.start()
        travellers.append(traveller)

    yield _travel
    for traveller in travellers:
        traveller.stop()


@pytest.fixture
def graded(consultant_a):
    """graded(grade, **fields): a customer of consultant_a given a grade now,
    through the grade-change hook the sales services call."""

    def _graded(grade: str, consultant=None, **fields):
        customer = CustomerFactory(consultant=consultant or consultant_a, grade=grade, **fields)
        followups_on_grade_change(customer=customer, by=customer.consultant)
        return customer

    return _graded


@pytest.fixture
def scan(travel):
    """scan(at): run the scan with the clock at `at`."""

    def _scan(at: datetime):
        travel(at)
        return followups_scan()

    return _scan
