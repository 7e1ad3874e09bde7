"""Printable paper forms (print-styled HTML, A4): inbound, outbound, PDI,
transfer, full-payment confirmation (全款确认单), release slip (放行条), gate
pass (出门条), customer delivery confirmation and dispatch order. Titles are
the forms' translated names (rules.FormKind), never hard-coded Chinese."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render

from inventory.models import PdiInspection
from inventory.selectors import PRINTABLE

# What each print shows besides the form itself (one query per page).
_RELATED = {
    "inbound": ["vehicle", "warehouse", "received_by", "inspection__verified_by"],
    "outbound": [
        "vehicle", "order", "payment__confirmed_by", "release_slip", "released_by",
        "delivery_confirmation",
    ],
    "payment": ["vehicle", "order", "confirmed_by"],
    "release_slip": ["vehicle", "payment__order", "issued_by"],
    "gate_pass": ["vehicle", "payment__order", "issued_by"],
    "delivery": ["vehicle", "order", "consultant"],
    "transfer": ["vehicle", "from_warehouse", "to_warehouse", "requested_by", "approved_by"],
    "dispatch": [
        "vehicle", "requested_by", "responsible_signed_by", "manager_signed_by", "released_by",
    ],
}  # fmt: skip


@login_required
def print_form(request: HttpRequest, kind: str, number: str) -> HttpResponse:
    """ORG-1: a form of another store does not exist for this person."""
    if kind not in PRINTABLE:
        raise Http404
    model, form_kind = PRINTABLE[kind]
    form = get_object_or_404(
        model.objects.for_user(request.user).select_related("store", *_RELATED[kind]),
        number=number,
    )
    context = {"form": form, "title": form_kind.label}
    return render(request, f"inventory/print/{kind}.html", context)


@login_required
def print_pdi(request: HttpRequest, pk: int) -> HttpResponse:
    inspection = get_object_or_404(
        PdiInspection.objects.for_user(request.user).select_related(
            "store", "vehicle", "inspector", "verified_by"
        ),
        pk=pk,
    )
    results = inspection.results.select_related("item")
    context = {"form": inspection, "results": results, "title": inspection.get_kind_display()}
    return render(request, "inventory/print/pdi.html", context)
