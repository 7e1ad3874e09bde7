"""dealership.auth: Django's database sessions and ModelBackend with the
per-request look-ups compiled (issue 8) answer as Django's own do."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.contrib.auth.backends import ModelBackend
from django.contrib.sessions.backends.db import SessionStore as DjangoSessionStore
from django.utils import timezone

from dealership.auth import Backend, SessionStore
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_get_user_as_model_backend():
    active, inactive = UserFactory(), UserFactory(is_active=False)
    ours, django = Backend(), ModelBackend()
    for user_id in (active.pk, inactive.pk, active.pk + 10_000):
        assert ours.get_user(user_id) == django.get_user(user_id)
    assert ours.get_user(active.pk) == active
    assert ours.get_user(inactive.pk) is None
    assert ours.get_user(None) is None


def test_a_session_loads_as_djangos_and_an_expired_one_does_not():
    saved = DjangoSessionStore()
    saved["store_id"] = 7
    saved.create()
    assert SessionStore(saved.session_key).load() == {"store_id": 7}
    assert SessionStore("no-such-session-key").load() == {}
    saved.model.objects.filter(session_key=saved.session_key).update(
        expire_date=timezone.now() - timedelta(seconds=1)
    )
    stale = SessionStore(saved.session_key)
    assert stale.load() == {} and stale.session_key is None
