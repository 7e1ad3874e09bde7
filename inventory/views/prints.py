"""Printable paper forms (print-styled HTML): inbound, outbound, PDI, transfer."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render

from inventory.models import InboundForm, OutboundForm, PdiInspection, Transfer

_MODELS = {
    "inbound": (InboundForm, ["vehicle", "warehouse", "received_by", "inspection"]),
    "outbound": (OutboundForm, ["vehicle", "order", "payment", "release_slip", "released_by"]),
    "transfer": (Transfer, ["vehicle", "from_warehouse", "to_warehouse", "approved_by"]),
}


@login_required
def print_form(request: HttpRequest, kind: str, number: str) -> HttpResponse:
    model, related = _MODELS[kind]
    form = get_object_or_404(
        model.objects.for_user(request.user).select_related(*related), number=number
    )
    return render(request, f"inventory/print/{kind}.html", {"form": form})


@login_required
def print_pdi(request: HttpRequest, pk: int) -> HttpResponse:
    inspection = get_object_or_404(
        PdiInspection.objects.for_user(request.user).select_related(
            "vehicle", "inspector", "verified_by"
        ),
        pk=pk,
    )
    results = inspection.results.select_related("item")
    return render(request, "inventory/print/pdi.html", {"form": inspection, "results": results})
