"""Fixtures of the scoring tests: the marketing and training staff next to the
named cast of tests/conftest.py, and a clock in the store's time zone."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from dealership.rules import Role
from tests.factories import UserFactory

SHANGHAI = ZoneInfo("Asia/Shanghai")


def at(*args: int) -> datetime:
    """An aware datetime on the store's wall clock (Asia/Shanghai)."""
    return datetime(*args, tzinfo=SHANGHAI)


@pytest.fixture
def marketing(roles, store, manager):
    return UserFactory(
        username="marketing",
        full_name="陈市场",
        roles=[Role.MARKETING],
        stores=[store],
        supervisor=manager,
    )


@pytest.fixture
def trainer(roles, store, manager):
    return UserFactory(
        username="trainer",
        full_name="黄培训",
        roles=[Role.TRAINING_SUPERVISOR],
        stores=[store],
        supervisor=manager,
    )


@pytest.fixture
def admin_officer(roles, store, gm):
    return UserFactory(
        username="admin_officer",
        full_name="吴行政",
        roles=[Role.ADMINISTRATION],
        stores=[store],
        supervisor=gm,
    )


@pytest.fixture
def outsider(roles, other_store):
    """A manager of the other store."""
    return UserFactory(
        username="other_manager",
        full_name="外店经理",
        roles=[Role.SALES_MANAGER],
        stores=[other_store],
    )
