"""What every showroom page shares: who may open it and how a refusal shows."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied

from dealership.errors import DomainError
from dealership.forms import form_add_domain_error


def showroom_page(*roles: str) -> Callable:
    """Signed in, working in a store, holding one of the roles."""

    def decorator(view: Callable) -> Callable:
        @wraps(view)
        @login_required
        def wrapper(request, *args, **kwargs):
            user = request.user
            if not (user.is_superuser or user.has_role(*roles)):
                raise PermissionDenied
            if not request.store:
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return wrapper

    return decorator


def submit(form, action: Callable) -> object | None:
    """Validate the form and run the service; a refusal goes next to its field.
    Returns the service's result, or None when the form is to be shown again."""
    if not form.is_valid():
        return None
    try:
        return action(form.cleaned_data)
    except DomainError as exc:
        form_add_domain_error(form, exc)
        return None


def run_service(request, action: Callable) -> object | None:
    """Run a service without a form; a refusal becomes an error message."""
    try:
        return action()
    except DomainError as exc:
        messages.error(request, exc.message)
        return None
