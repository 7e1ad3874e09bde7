from __future__ import annotations

import pytest

from tests.sales.factories import CustomerFactory, TestCarFactory


@pytest.fixture
def customer(consultant_a):
    return CustomerFactory(consultant=consultant_a, name="陈先生", mobile="13912345678")


@pytest.fixture
def test_car(store):
    return TestCarFactory(store=store)
