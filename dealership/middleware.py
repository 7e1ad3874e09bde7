"""The store a request works in (ORG-1)."""

from __future__ import annotations

from django.core.exceptions import SuspiciousOperation
from django.utils.functional import LazyObject, SimpleLazyObject, empty


class NulCharacter(SuspiciousOperation):
    """A NUL character in the path or the query string: PostgreSQL refuses
    it in any text, so a filter or a lookup with it would fail with a 500."""


class RefuseNulMiddleware:
    """Answers 400 (handler400: {"code", "detail"} under /api/) to a request
    whose path or query string holds a NUL character. Posted fields read
    through a form or a serializer need no check (their text fields refuse
    NUL); a service given raw posted text checks it itself (care notes)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if "\x00" in request.path or "%00" in request.META.get("QUERY_STRING", ""):
            raise NulCharacter("NUL character in the path or query string")
        return self.get_response(request)


def _current_store(request):
    from dealership.forms import parse_id
    from dealership.selectors import store_choices_for_request, store_of_request

    user = request.user
    if not user.is_authenticated:
        return None
    store_id = parse_id(request.session.get("store_id"))
    if store_id is not None:
        store = store_of_request(request, store_id)
        if store is not None:
            return store
    stores = store_choices_for_request(request)  # by code: the first is their store
    return stores[0] if stores else None


class CurrentStoreMiddleware:
    """Sets request.store: the store chosen in the session if the person is
    still assigned to it, else their first store. Lazy: no query unless used."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.store = SimpleLazyObject(lambda: _current_store(request))
        if hasattr(request, "user"):
            signed_in = request.user  # lazy: read when something asks
            request.user = SimpleLazyObject(lambda: _working_user(request, signed_in))
        return self.get_response(request)


def _working_user(request, signed_in):
    """The request's person, told the store the request works in: their
    roles there include those they stand in for today (STAND_INS)."""
    if isinstance(signed_in, LazyObject):
        if signed_in._wrapped is empty:
            signed_in._setup()
        user = signed_in._wrapped
    else:
        user = signed_in
    if user.is_authenticated:
        user._working_store = request.store  # lazy: looked up when roles are asked
    return user
