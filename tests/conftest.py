"""The cast of named users (STYLE.md): a consultant in group A, one in group B,
a supervisor, a manager, finance, a warehouse clerk and the GM office, all in
one store with the chain of command consultant → supervisor → manager → GM."""

from __future__ import annotations

import pytest

from dealership.rules import Role, SalesGroup
from dealership.services import roles_sync
from tests.factories import TEST_PASSWORD, StoreFactory, UserFactory


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """The default rows (rule catalogue, checklists, ...) committed once into
    the test database, so each test's rolled-back transaction starts with them."""
    from dealership.defaults import defaults_install_all

    with django_db_blocker.unblock():
        defaults_install_all()


@pytest.fixture(autouse=True)
def app_defaults(request):
    """The default rows, put back for a transaction=True test (the flush
    after each such test removes them; pytest-django runs those tests after
    the others). Any other test finds them committed by django_db_setup,
    unless a flush ran before it: then they are installed in its transaction."""
    marker = request.node.get_closest_marker("django_db")
    if marker is None and not {"db", "transactional_db"} & set(request.fixturenames):
        return
    transactional = marker is not None and marker.kwargs.get("transaction")
    request.getfixturevalue("transactional_db" if transactional else "db")
    from dealership.defaults import defaults_install_all
    from scoring.models import PenaltyRule

    if transactional or not PenaltyRule.objects.exists():
        defaults_install_all()


@pytest.fixture
def roles(db):
    roles_sync()


@pytest.fixture
def store(db):
    return StoreFactory(code="yj", name="广汽本田阳江溢田店")


@pytest.fixture
def other_store(db):
    return StoreFactory(code="mm", name="广汽本田茂名溢田店")


@pytest.fixture
def gm(roles, store):
    return UserFactory(username="gm", full_name="周总", roles=[Role.GM_OFFICE], stores=[store])


@pytest.fixture
def manager(roles, store, gm):
    return UserFactory(
        username="manager",
        full_name="王经理",
        roles=[Role.SALES_MANAGER],
        stores=[store],
        supervisor=gm,
        is_staff=True,
    )


@pytest.fixture
def supervisor(roles, store, manager):
    return UserFactory(
        username="supervisor",
        full_name="李主管",
        roles=[Role.SALES_SUPERVISOR],
        stores=[store],
        supervisor=manager,
    )


@pytest.fixture
def consultant_a(roles, store, supervisor):
    return UserFactory(
        username="consultant_a",
        full_name="刘晓明",
        roles=[Role.SALES_CONSULTANT],
        stores=[store],
        supervisor=supervisor,
        sales_group=SalesGroup.A,
    )


@pytest.fixture
def consultant_b(roles, store, supervisor):
    return UserFactory(
        username="consultant_b",
        full_name="张伟",
        roles=[Role.SALES_CONSULTANT],
        stores=[store],
        supervisor=supervisor,
        sales_group=SalesGroup.B,
    )


@pytest.fixture
def finance(roles, store, gm):
    return UserFactory(
        username="finance", full_name="何财务", roles=[Role.FINANCE], stores=[store], supervisor=gm
    )


@pytest.fixture
def info_officer(roles, store, supervisor):
    """The store's information officer (信息员): RPT-ORDER-PLAN."""
    return UserFactory(
        username="info",
        full_name="孙信息",
        roles=[Role.INFO_OFFICER],
        stores=[store],
        supervisor=supervisor,
    )


@pytest.fixture
def affairs_clerk(roles, store, supervisor):
    """The store's vehicle affairs clerk (车务人员): DLV-AFFAIRS."""
    return UserFactory(
        username="affairs",
        full_name="冯车务",
        roles=[Role.VEHICLE_AFFAIRS],
        stores=[store],
        supervisor=supervisor,
    )


@pytest.fixture
def clerk(roles, store, supervisor):
    return UserFactory(
        username="clerk",
        full_name="郑库管",
        roles=[Role.WAREHOUSE_CLERK],
        stores=[store],
        supervisor=supervisor,
    )


@pytest.fixture
def password():
    return TEST_PASSWORD


@pytest.fixture
def login(client):
    """Log a user in on the test client and return the client."""

    def _login(user):
        client.force_login(user)
        return client

    return _login
