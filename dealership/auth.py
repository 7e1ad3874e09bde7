"""Django's model backend and database sessions, with the two look-ups every
signed-in page makes (the session, the user) run compiled
(dealership.compiled): the same queries, without building and compiling them
again on each request (issue 8: a board within 1.5x of its SQL)."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend
from django.contrib.sessions.backends.db import SessionStore as DatabaseSessionStore
from django.utils import timezone

from dealership.compiled import model_rows


def _user(user_id):
    return get_user_model()._default_manager.filter(pk=user_id)


class Backend(ModelBackend):
    """ModelBackend whose get_user (each request's) runs compiled."""

    def get_user(self, user_id):
        if user_id is None:
            return None
        rows = model_rows("dealership.auth.user", _user, user_id=user_id)
        user = rows[0] if rows else None
        return user if user is not None and self.user_can_authenticate(user) else None


class SessionStore(DatabaseSessionStore):
    """Database sessions whose load (each request's) runs compiled."""

    def _get_session_from_db(self):
        key = self.session_key
        model = self.model
        rows = model_rows(
            ("dealership.auth.session", model._meta.label),
            lambda session_key, now: model.objects.filter(
                session_key=session_key, expire_date__gt=now
            ),
            session_key=key,
            now=timezone.now(),
        )
        if rows:
            return rows[0]
        self._session_key = None
        return None
