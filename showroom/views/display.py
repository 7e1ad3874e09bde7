"""Display-car spots (SHW-DISPLAY): which stock car stands where; placing or
removing one moves it in stock."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import NON_FIELD_ERRORS
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from dealership.forms import form_errors_text
from showroom import selectors, services
from showroom.forms import PlaceCarForm, RemoveCarForm
from showroom.models import ShowroomSpot
from showroom.rules import RUN_VIEWER_ROLES, is_checker
from showroom.views.common import showroom_page, submit


@showroom_page(*RUN_VIEWER_ROLES)
def spot_list(request: HttpRequest) -> HttpResponse:
    return _spot_page(request)


def _spot_page(request: HttpRequest, refused: tuple[int, object] | None = None) -> HttpResponse:
    """The spots; the one whose move was refused carries its bound form (the
    error at its select, the car or warehouse chosen kept)."""
    can_move = is_checker(request.user)
    place = PlaceCarForm(store=request.store) if can_move else None
    remove = RemoveCarForm(store=request.store) if can_move else None
    spots = list(selectors.spot_list(store=request.store))
    for spot in spots:
        spot.form = refused[1] if refused and refused[0] == spot.pk else None
    return render(
        request,
        "showroom/spot_list.html",
        {
            "spots": spots,
            "can_move": can_move,
            "vehicles": list(place.fields["vehicle"].queryset) if place else [],
            "warehouses": list(remove.fields["to_warehouse"].queryset) if remove else [],
        },
        status=400 if refused else 200,
    )


def _spot_refused(request: HttpRequest, spot: ShowroomSpot, form) -> HttpResponse:
    """The spot's item again with the refusal, when its errors can stand where
    the page draws them (the spot's current form; the alert for the rest);
    else (the spot changed meanwhile, or the person has no form) a message."""
    spot = ShowroomSpot.objects.get(pk=spot.pk)
    drawn = {"to_warehouse"} if spot.vehicle_id else {"vehicle"}
    fields = set(form.errors) - {NON_FIELD_ERRORS}
    if not fields or (is_checker(request.user) and fields <= drawn):
        return _spot_page(request, refused=(spot.pk, form))
    messages.error(request, f"{spot.name}: {form_errors_text(form)}")
    return redirect("showroom:spot_list")


def _spot(request: HttpRequest, spot_id: int) -> ShowroomSpot:
    spot = ShowroomSpot.objects.filter(store=request.store, pk=spot_id).first()
    if spot is None:
        raise Http404
    return spot


@showroom_page(*RUN_VIEWER_ROLES)
@require_POST
def spot_place(request: HttpRequest, spot_id: int) -> HttpResponse:
    spot = _spot(request, spot_id)
    form = PlaceCarForm(request.POST, store=request.store)
    if submit(
        form,
        lambda d: services.display_car_place(spot=spot, vehicle=d["vehicle"], by=request.user),
    ):
        messages.success(request, _("The car is on its spot."))
        return redirect("showroom:spot_list")
    return _spot_refused(request, spot, form)


@showroom_page(*RUN_VIEWER_ROLES)
@require_POST
def spot_remove(request: HttpRequest, spot_id: int) -> HttpResponse:
    spot = _spot(request, spot_id)
    form = RemoveCarForm(request.POST, store=request.store)
    if submit(
        form,
        lambda d: services.display_car_remove(
            spot=spot, to_warehouse=d["to_warehouse"], by=request.user
        ),
    ):
        messages.success(request, _("The car is back in stock."))
        return redirect("showroom:spot_list")
    return _spot_refused(request, spot, form)
