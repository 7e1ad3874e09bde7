"""The store a request works in (ORG-1)."""

from __future__ import annotations

from django.utils.functional import SimpleLazyObject


def _current_store(request):
    from dealership.selectors import store_first_for_user, store_get_for_user

    user = request.user
    if not user.is_authenticated:
        return None
    store_id = request.session.get("store_id")
    if str(store_id).isdigit():
        store = store_get_for_user(user=user, store_id=int(store_id))
        if store is not None:
            return store
    return store_first_for_user(user=user)


class CurrentStoreMiddleware:
    """Sets request.store: the store chosen in the session if the person is
    still assigned to it, else their first store. Lazy: no query unless used."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.store = SimpleLazyObject(lambda: _current_store(request))
        return self.get_response(request)
