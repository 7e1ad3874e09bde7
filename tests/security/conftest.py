"""The world of tests/security, built once for the package: the records stay
in an outer transaction that each test's own transaction nests in (every
request of a probe is rolled back too), and all of it is rolled back when
the package's tests end."""

from __future__ import annotations

import pytest
from django.db import transaction

from tests.security.matrix import OTHER
from tests.security.probe import session_cookies
from tests.security.world import build_world


@pytest.fixture(scope="package")
def world(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        outer = transaction.atomic()
        outer.__enter__()
        try:
            from dealership.defaults import defaults_install_all

            defaults_install_all()
            yield build_world()
        finally:
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)


@pytest.fixture(scope="package")
def here(world):
    return world["here"]


@pytest.fixture(scope="package")
def sessions(world, django_db_blocker):
    """A signed-in session per person, by cast name for "here", OTHER for the
    other store's manager and "other:<name>" for its whole cast (a probe
    copies the cookies, so a logout does not end them)."""
    with django_db_blocker.unblock():
        here, other = world["here"], world["other"]
        cookies = {name: session_cookies(user) for name, user in here.people.items()}
        cookies[OTHER] = session_cookies(other.people["manager"])
        for name, user in other.people.items():
            cookies[f"other:{name}"] = session_cookies(user)
        return cookies
