"""What every sales page shares: who may open it and how a refusal is shown."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404

from dealership.errors import DomainError
from dealership.forms import form_add_domain_error
from dealership.rules import Role
from sales.selectors import customer_get_for_user, user_can_manage_sales

SALES_ROLES = (
    Role.SALES_CONSULTANT,
    Role.GROUP_LEADER,
    Role.SALES_MANAGER,
    Role.SALES_SUPERVISOR,
    Role.GM_OFFICE,
    Role.INFO_OFFICER,
    Role.DCC,
)


def role_page(*roles: str) -> Callable[[Callable], Callable]:
    """Signed in, holding one of `roles`, working in a store."""

    def decorate(view: Callable) -> Callable:
        @wraps(view)
        @login_required
        def wrapper(request, *args, **kwargs):
            user = request.user
            if not (user.is_superuser or user.has_role(*roles)) or not request.store:
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return wrapper

    return decorate


# Signed in, holding a sales role, working in a store.
sales_page = role_page(*SALES_ROLES)


def manager_page(view: Callable) -> Callable:
    @wraps(view)
    @sales_page
    def wrapper(request, *args, **kwargs):
        if not user_can_manage_sales(request.user):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapper


def get_customer(request, customer_id: int):
    customer = customer_get_for_user(
        user=request.user, store=request.store, customer_id=customer_id
    )
    if customer is None:
        raise Http404
    return customer


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


def redirect_back(request, default: str, *args):
    """Back to the page named in `next` when it is on this site, else default."""
    from django.shortcuts import redirect
    from django.utils.http import url_has_allowed_host_and_scheme

    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return redirect(target)
    return redirect(default, *args)
