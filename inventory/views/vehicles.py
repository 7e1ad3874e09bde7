"""The clerk's scan page and the steps of a car's life (STK-IN, STK-OUT,
STK-MOVE, KEY)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from dealership.errors import DomainError
from dealership.models import User
from inventory import forms, selectors, services
from inventory.models import KeyLog, PdiChecklistItem
from inventory.rules import (
    ACTION_ROLES,
    Custody,
    PdiKind,
    VehicleState,
    pdi_needs_arrival_time,
    vin_validate,
)
from inventory.views.common import (
    form_page,
    post_action,
    require_action,
    vehicle_or_404,
    vehicle_step,
    vehicle_url,
)


@login_required
def scan(request: HttpRequest) -> HttpResponse:
    """Phone-first: a keyboard-wedge scanner types the VIN and Enter, or the
    camera reads the barcode; the page shows the car and its next steps."""
    form = forms.ScanForm(request.GET or None)
    vehicle, actions, more, register_vin = None, [], set(), ""
    if form.is_valid():
        raw = form.cleaned_data["vin"]
        vehicle = selectors.vehicle_get_for_user(user=request.user, vin=raw)
        if vehicle is None:
            try:
                register_vin = vin_validate(raw)
                form.add_error("vin", _("No car with this VIN in your stores."))
            except DomainError as exc:
                form.add_error("vin", exc.message)
            if not request.user.has_role_in(request.store, *ACTION_ROLES["register"]):
                register_vin = ""
        else:
            actions = selectors.vehicle_scan_actions(vehicle=vehicle, user=request.user)
            more = selectors.vehicle_more_actions(vehicle=vehicle, user=request.user)
    context = {
        "form": form,
        "vehicle": vehicle,
        "actions": actions,
        "more": more,
        "register_vin": register_vin,
    }
    return render(request, "inventory/scan.html", context)


@login_required
def vehicle_list(request: HttpRequest) -> HttpResponse:
    state = request.GET.get("state", "")
    vehicles = selectors.vehicle_list_for_user(user=request.user, state=state or None)[:200]
    context = {
        "vehicles": vehicles,
        "state": state,
        "states": VehicleState.choices,
        "can_register": request.user.has_role_in(request.store, *ACTION_ROLES["register"]),
    }
    return render(request, "inventory/vehicle_list.html", context)


@login_required
def vehicle_detail(request: HttpRequest, vin: str) -> HttpResponse:
    vehicle = vehicle_or_404(request, vin)
    context = {
        "vehicle": vehicle,
        "actions": selectors.vehicle_scan_actions(vehicle=vehicle, user=request.user),
        "more": selectors.vehicle_more_actions(vehicle=vehicle, user=request.user),
        "papers": selectors.vehicle_paperwork(vehicle=vehicle),
        "keys": vehicle.keys.all(),
        "documents": vehicle.documents.all(),
        "movements": vehicle.movements.select_related("by", "from_warehouse", "to_warehouse"),
        "inspections": vehicle.inspections.select_related("inspector", "verified_by"),
    }
    return render(request, "inventory/vehicle_detail.html", context)


@login_required
def pdi(request: HttpRequest, vin: str, kind: str) -> HttpResponse:
    """STK-IN-1 / STK-OUT-2: the PDI form, one line per checklist item."""
    if kind not in PdiKind.values:  # a hand-typed URL
        raise Http404
    vehicle = vehicle_or_404(request, vin)
    require_action(request, "pdi", vehicle)
    kind = PdiKind(kind)
    form = forms.PdiForm(
        request.POST or None,
        items=PdiChecklistItem.objects.filter(is_active=True),
        store=vehicle.store,
        needs_arrival=pdi_needs_arrival_time(
            kind=kind, state=vehicle.state, arrived_at=vehicle.arrived_at
        ),
    )
    return form_page(
        request,
        form=form,
        template="inventory/pdi_form.html",
        context={"vehicle": vehicle, "kind": kind},
        call=lambda: services.pdi_record(
            vehicle=vehicle,
            kind=kind,
            inspector=request.user,
            results=form.results(),
            odometer_km=form.cleaned_data.get("odometer_km"),
            arrived_at=form.cleaned_data.get("arrived_at"),
            by=request.user,
        ),
        success=_("PDI form saved."),
        next_url=vehicle_url(vehicle),
    )


@login_required
@require_POST
def pdi_verify(request: HttpRequest, vin: str, pk: int) -> HttpResponse:
    vehicle = vehicle_or_404(request, vin)
    inspection = get_object_or_404(vehicle.inspections, pk=pk)
    return post_action(
        request,
        lambda: services.pdi_verify(inspection=inspection, by=request.user),
        _("PDI form verified."),
        vehicle_url(vehicle),
    )


@login_required
def receive(request: HttpRequest, vin: str) -> HttpResponse:
    """STK-IN-2/3/4: the inbound form; keys and documents into custody."""
    vehicle = vehicle_or_404(request, vin)
    require_action(request, "receive", vehicle)
    warehouses = selectors.warehouses_for_user(user=request.user, store=vehicle.store)
    form = forms.ReceiveForm(request.POST or None, warehouses=warehouses)
    return form_page(
        request,
        form=form,
        template="inventory/action_form.html",
        context={"vehicle": vehicle, "title": _("Vehicle inbound form")},
        call=lambda: services.vehicle_receive(
            vehicle=vehicle,
            warehouse=form.cleaned_data["warehouse"],
            bay=form.cleaned_data["bay"],
            odometer_km=form.cleaned_data["odometer_km"],
            keys=form.keys(),
            documents=form.documents(),
            by=request.user,
        ),
        success=_("The car is in stock."),
        next_url=vehicle_url(vehicle),
    )


@login_required
def payment(request: HttpRequest, vin: str) -> HttpResponse:
    """STK-OUT-1: finance's full-payment confirmation."""
    vehicle = vehicle_or_404(request, vin)
    require_action(request, "payment_confirm", vehicle)
    form = forms.PaymentForm(request.POST or None)
    return form_page(
        request,
        form=form,
        template="inventory/action_form.html",
        context={"vehicle": vehicle, "title": _("Full-payment confirmation")},
        call=lambda: services.payment_confirm(
            vehicle=vehicle, amount=form.cleaned_data["amount"], by=request.user
        ),
        success=_("Full payment confirmed."),
        next_url=vehicle_url(vehicle),
    )


@login_required
@require_POST
def release_slip(request: HttpRequest, vin: str) -> HttpResponse:
    return vehicle_step(request, vin, services.release_slip_issue, _("Release slip issued."))


@login_required
@require_POST
def gate_pass(request: HttpRequest, vin: str) -> HttpResponse:
    return vehicle_step(request, vin, services.gate_pass_issue, _("Gate pass issued."))


@login_required
def delivery_confirmation(request: HttpRequest, vin: str) -> HttpResponse:
    """STK-OUT-3: the customer signs the delivery confirmation."""
    vehicle = vehicle_or_404(request, vin)
    require_action(request, "delivery_confirm", vehicle)
    form = forms.SignatureForm(request.POST or None)
    return form_page(
        request,
        form=form,
        template="inventory/action_form.html",
        context={"vehicle": vehicle, "title": _("Customer delivery confirmation")},
        call=lambda: services.delivery_confirm(
            vehicle=vehicle, customer_signature=form.cleaned_data["signature"], by=request.user
        ),
        success=_("The customer has signed."),
        next_url=vehicle_url(vehicle),
    )


@login_required
@require_POST
def release(request: HttpRequest, vin: str) -> HttpResponse:
    """STK-OUT-4: the release; refused while unpaid (OUTBOUND_UNPAID)."""
    return vehicle_step(
        request, vin, services.vehicle_release, _("The car has left: outbound form filled.")
    )


@login_required
def transfer(request: HttpRequest, vin: str) -> HttpResponse:
    """STK-MOVE-1: the transfer registration after the routine check."""
    vehicle = vehicle_or_404(request, vin)
    require_action(request, "transfer", vehicle)
    warehouses = selectors.warehouses_for_user(user=request.user, store=vehicle.store)
    form = forms.TransferForm(request.POST or None, warehouses=warehouses)
    return form_page(
        request,
        form=form,
        template="inventory/action_form.html",
        context={"vehicle": vehicle, "title": _("Vehicle transfer registration")},
        call=lambda: services.transfer_request(
            vehicle=vehicle, by=request.user, **form.cleaned_data
        ),
        success=_("Transfer registered; waiting for the sales manager."),
        next_url=vehicle_url(vehicle),
    )


@login_required
@require_POST
def transfer_step(request: HttpRequest, vin: str, step: str) -> HttpResponse:
    """STK-MOVE-2/3: start the approved transfer or record its arrival."""
    vehicle = vehicle_or_404(request, vin)
    current = vehicle.transfers.order_by("-pk").first()
    fn = {"start": services.transfer_start, "complete": services.transfer_complete}[step]
    return post_action(
        request,
        lambda: fn(transfer=current, by=request.user),
        _("Transfer updated."),
        vehicle_url(vehicle),
    )


@login_required
def key_issue(request: HttpRequest, vin: str) -> HttpResponse:
    """KEY-2/3/4: a key leaves the cabinet, signed by the mover."""
    vehicle = vehicle_or_404(request, vin)
    require_action(request, "keys", vehicle)
    form = forms.KeyIssueForm(
        request.POST or None,
        keys=vehicle.keys.filter(custody=Custody.IN_CUSTODY),
        staff=User.objects.filter(stores=vehicle.store, is_active=True),
        requests=selectors.selection_requests_usable(vehicle=vehicle),
    )
    return form_page(
        request,
        form=form,
        template="inventory/action_form.html",
        context={"vehicle": vehicle, "title": _("Issue a key")},
        call=lambda: services.key_issue(by=request.user, **form.cleaned_data),
        success=_("Key issued."),
        next_url=vehicle_url(vehicle),
    )


@login_required
def key_return(request: HttpRequest, pk: int) -> HttpResponse:
    log = get_object_or_404(KeyLog.objects.for_user(request.user), pk=pk)
    require_action(request, "keys", log.vehicle)
    form = forms.SignatureForm(request.POST or None)
    return form_page(
        request,
        form=form,
        template="inventory/action_form.html",
        context={"vehicle": log.vehicle, "title": _("Key return")},
        call=lambda: services.key_return(
            log=log, signature=form.cleaned_data["signature"], by=request.user
        ),
        success=_("Key returned."),
        next_url=reverse("inventory:keys"),
    )


@login_required
def selection_request(request: HttpRequest, vin: str) -> HttpResponse:
    """KEY-3: a consultant's car-selection request."""
    vehicle = vehicle_or_404(request, vin)
    require_action(request, "selection_request", vehicle)
    form = forms.SelectionRequestForm(request.POST or None)
    return form_page(
        request,
        form=form,
        template="inventory/action_form.html",
        context={"vehicle": vehicle, "title": _("Car-selection request")},
        call=lambda: services.selection_request_create(
            vehicle=vehicle, by=request.user, **form.cleaned_data
        ),
        success=_("Request sent to the manager."),
        next_url=reverse("inventory:selection_requests"),
    )
