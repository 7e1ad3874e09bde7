"""Display-car spots (SHW-DISPLAY): which stock car stands where; placing or
removing one moves it in stock."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from showroom import selectors, services
from showroom.forms import PlaceCarForm, RemoveCarForm
from showroom.models import ShowroomSpot
from showroom.rules import RUN_VIEWER_ROLES, is_checker
from showroom.views.common import flash_errors, showroom_page, submit


@showroom_page(*RUN_VIEWER_ROLES)
def spot_list(request: HttpRequest) -> HttpResponse:
    can_move = is_checker(request.user)
    place = PlaceCarForm(store=request.store) if can_move else None
    remove = RemoveCarForm(store=request.store) if can_move else None
    return render(
        request,
        "showroom/spot_list.html",
        {
            "spots": selectors.spot_list(store=request.store),
            "can_move": can_move,
            "vehicles": list(place.fields["vehicle"].queryset) if place else [],
            "warehouses": list(remove.fields["to_warehouse"].queryset) if remove else [],
        },
    )


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
    else:
        flash_errors(request, form, prefix=f"{spot.name}: ")
    return redirect("showroom:spot_list")


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
    else:
        flash_errors(request, form, prefix=f"{spot.name}: ")
    return redirect("showroom:spot_list")
