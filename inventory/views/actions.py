"""Pages of the steps around a car that are not on the scan page's main
path: registration, unloading, allocation to an order, the sold-car area,
repairs, and dispatch to another dealer (section 4, STK-IN-1, STK-SOLD-AREA,
STK-DISPATCH). Each validates a form, calls one service, redirects."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from inventory import forms, selectors, services
from inventory.models import Dispatch
from inventory.rules import ACTION_ROLES, WarehouseKind
from inventory.views.common import (
    form_page,
    post_action,
    require_action,
    store_or_403,
    vehicle_or_404,
    vehicle_step,
    vehicle_url,
)


@login_required
def register(request: HttpRequest) -> HttpResponse:
    """Section 4: a clerk or manager enters a car in transit by its VIN; a
    bad VIN is explained next to the field (VIN_LENGTH, VIN_CHECK_DIGIT...)."""
    require_action(request, "register")
    store = store_or_403(request)
    form = forms.RegisterForm(request.POST or None, initial={"vin": request.GET.get("vin", "")})
    return form_page(
        request,
        form=form,
        template="inventory/action_form.html",
        context={"title": _("Register a vehicle in transit")},
        call=lambda: services.vehicle_register(store=store, by=request.user, **form.cleaned_data),
        success=_("Vehicle registered: in transit."),
        next_url=vehicle_url,
    )


@login_required
@require_POST
def arrive(request: HttpRequest, vin: str) -> HttpResponse:
    """STK-IN-1: the car was unloaded; the inbound PDI clock starts."""
    return vehicle_step(
        request, vin, services.vehicle_arrive, _("Arrival recorded: the inbound PDI is due.")
    )


@login_required
def allocate(request: HttpRequest, vin: str) -> HttpResponse:
    """A stock car allocated to an open order of the same model."""
    vehicle = vehicle_or_404(request, vin)
    require_action(request, "allocate", vehicle)
    form = forms.AllocateForm(
        request.POST or None, orders=selectors.orders_open_for_allocation(vehicle=vehicle)
    )
    return form_page(
        request,
        form=form,
        template="inventory/action_form.html",
        context={"vehicle": vehicle, "title": _("Allocate to an order")},
        call=lambda: services.vehicle_allocate(
            vehicle=vehicle, order=form.cleaned_data["order"], by=request.user
        ),
        success=_("The car is allocated to the order."),
        next_url=vehicle_url(vehicle),
    )


@login_required
@require_POST
def deallocate(request: HttpRequest, vin: str) -> HttpResponse:
    return vehicle_step(
        request,
        vin,
        services.vehicle_deallocate,
        _("Allocation released: the car is back in stock."),
    )


@login_required
@require_POST
def repair_done(request: HttpRequest, vin: str) -> HttpResponse:
    """A stock car back from the workshop (a sold car needs the PDI again)."""
    return vehicle_step(request, vin, services.vehicle_repair_done, _("The car is back in stock."))


@login_required
def sold_area(request: HttpRequest, vin: str) -> HttpResponse:
    """STK-SOLD-AREA: delivery area, "sold" sign, locked, clean."""
    vehicle = vehicle_or_404(request, vin)
    require_action(request, "sold_area", vehicle)
    areas = selectors.warehouses_for_user(user=request.user, store=vehicle.store).filter(
        kind=WarehouseKind.DELIVERY
    )
    initial = {
        "warehouse": vehicle.warehouse_id if vehicle.in_sold_area else None,
        "bay": vehicle.bay,
        "sold_sign": vehicle.sold_sign,
        "locked": vehicle.locked,
        "cleaned": vehicle.cleaned,
    }
    form = forms.SoldAreaForm(request.POST or None, warehouses=areas, initial=initial)
    return form_page(
        request,
        form=form,
        template="inventory/action_form.html",
        context={"vehicle": vehicle, "title": _("Sold-car area")},
        call=lambda: services.vehicle_sold_area_set(
            vehicle=vehicle, by=request.user, **form.cleaned_data
        ),
        success=_("Sold-car area updated."),
        next_url=vehicle_url(vehicle),
    )


@login_required
def dispatch_create(request: HttpRequest, vin: str) -> HttpResponse:
    """STK-DISPATCH: the dispatch order (调拨单) to another dealer."""
    vehicle = vehicle_or_404(request, vin)
    require_action(request, "transfer", vehicle)
    form = forms.DispatchForm(request.POST or None)
    return form_page(
        request,
        form=form,
        template="inventory/action_form.html",
        context={"vehicle": vehicle, "title": _("Dispatch to another dealer")},
        call=lambda: services.dispatch_create(
            vehicle=vehicle, by=request.user, **form.cleaned_data
        ),
        success=_("Dispatch order created; it needs two signatures."),
        next_url=lambda dispatch: reverse("inventory:dispatch", args=[dispatch.pk]),
    )


def _dispatch(request: HttpRequest, pk: int) -> Dispatch:
    return get_object_or_404(
        Dispatch.objects.for_user(request.user).select_related(
            "vehicle", "requested_by", "responsible_signed_by", "manager_signed_by", "released_by"
        ),
        pk=pk,
    )


@login_required
def dispatch_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """STK-DISPATCH: the order, its two signatures and the release."""
    dispatch = _dispatch(request, pk)
    user = request.user
    context = {
        "dispatch": dispatch,
        "vehicle": dispatch.vehicle,
        "can_sign_manager": user.has_role(*ACTION_ROLES["dispatch_manager"]),
        "can_release": user.has_role_in(dispatch.vehicle.store, *ACTION_ROLES["keys"]),
    }
    return render(request, "inventory/dispatch.html", context)


@login_required
@require_POST
def dispatch_sign(request: HttpRequest, pk: int, as_role: str) -> HttpResponse:
    """STK-DISPATCH: the dispatch manager's or the responsible person's signature."""
    if as_role not in ("manager", "responsible"):
        raise Http404
    dispatch = _dispatch(request, pk)
    return post_action(
        request,
        lambda: services.dispatch_sign(
            dispatch=dispatch, as_manager=as_role == "manager", by=request.user
        ),
        _("Signature recorded."),
        reverse("inventory:dispatch", args=[pk]),
    )


@login_required
@require_POST
def dispatch_release(request: HttpRequest, pk: int) -> HttpResponse:
    dispatch = _dispatch(request, pk)
    return post_action(
        request,
        lambda: services.dispatch_release(dispatch=dispatch, by=request.user),
        _("The car has left for the other dealer."),
        reverse("inventory:dispatch", args=[pk]),
    )


@login_required
def dispatch_for_vehicle(request: HttpRequest, vin: str) -> HttpResponse:
    """The car's dispatch order not yet released (from the vehicle pages)."""
    vehicle = vehicle_or_404(request, vin)
    dispatch = get_object_or_404(vehicle.dispatches, released_at__isnull=True)
    return redirect("inventory:dispatch", dispatch.pk)
