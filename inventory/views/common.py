"""Helpers shared by the stock pages."""

from __future__ import annotations

from collections.abc import Callable

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse

from dealership.errors import DomainError
from dealership.forms import form_add_domain_error
from inventory import selectors
from inventory.models import Vehicle
from inventory.rules import ACTION_ROLES


def vehicle_url(vehicle: Vehicle) -> str:
    """The car's page, where every step's page returns to."""
    return reverse("inventory:vehicle_detail", args=[vehicle.vin])


def vehicle_or_404(request: HttpRequest, vin: str) -> Vehicle:
    """ORG-1: another store's vehicle does not exist for this person."""
    vehicle = selectors.vehicle_get_for_user(user=request.user, vin=vin)
    if vehicle is None:
        raise Http404
    return vehicle


def store_or_403(request: HttpRequest):
    """ORG-1: the store the person works in now; none, no page."""
    store = request.store
    if store is None:
        raise PermissionDenied
    return store


def require_action(request: HttpRequest, action: str, vehicle: Vehicle | None = None) -> None:
    """The action's roles, held in the car's store (a stand-in counts only in
    the store stood in for, as the services have it), else in the store the
    person works in now."""
    store = vehicle.store if vehicle is not None else request.store
    if not request.user.has_role_in(store, *ACTION_ROLES[action]):
        raise PermissionDenied


def form_page(
    request: HttpRequest,
    *,
    form,
    template: str,
    context: dict,
    call: Callable[[], object],
    success: str,
    next_url: str | Callable[[object], str],
) -> HttpResponse:
    """Validate, call one service, redirect (next_url may be built from the
    service's result); a refusal shows next to its field."""
    if request.method == "POST" and form.is_valid():
        try:
            result = call()
        except DomainError as exc:
            form_add_domain_error(form, exc)
        else:
            messages.success(request, success)
            return redirect(next_url(result) if callable(next_url) else next_url)
    return render(request, template, {**context, "form": form})


def post_action(
    request: HttpRequest, call: Callable[[], object], success: str, next_url: str
) -> HttpResponse:
    """A one-button POST (approve, release…): run the service, report the result."""
    try:
        call()
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, success)
    return redirect(next_url)


def vehicle_step(
    request: HttpRequest, vin: str, service: Callable[..., object], success: str
) -> HttpResponse:
    """A one-button step on a car (service(vehicle=, by=)); back to its page."""
    vehicle = vehicle_or_404(request, vin)
    return post_action(
        request, lambda: service(vehicle=vehicle, by=request.user), success, vehicle_url(vehicle)
    )
