"""Stock reports, approvals, finance's list, key log and storage care."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from dealership.errors import DomainError
from dealership.timeutil import store_today
from inventory import selectors, services
from inventory.models import CareTask, CarSelectionRequest, Transfer
from inventory.rules import READING_FIELDS, STOCK_DEPTH_WARNING
from inventory.views.common import post_action, require_action, store_or_403


@login_required
def stock(request: HttpRequest) -> HttpResponse:
    """Section 4 / RULES.md 7: on hand, in transit, age bands, stock depth,
    the daily 进销存 ledger, keys overdue and cars not started."""
    store = store_or_403(request)
    today = store_today(store)
    context = {
        "store": store,
        "on_hand": selectors.stock_on_hand(store=store),
        "in_transit": selectors.stock_in_transit(store=store),
        "age_bands": selectors.stock_age_bands(store=store, today=today),
        "depth": selectors.stock_depth(store=store, today=today),
        "depth_warning_line": STOCK_DEPTH_WARNING,
        "ledger": selectors.stock_daily_ledger(
            store=store, start=today - timedelta(days=6), end=today
        ),
        "overdue_keys": selectors.key_logs_overdue(store=store),
        "not_started": selectors.vehicles_not_started(store=store, today=today),
    }
    return render(request, "inventory/stock.html", context)


@login_required
def approvals(request: HttpRequest) -> HttpResponse:
    """STK-MOVE-2 / KEY-3: what waits for a manager's signature."""
    require_action(request, "transfer_approve")
    context = {
        "transfers": selectors.transfers_pending(user=request.user),
        "requests": selectors.selection_requests_pending(user=request.user),
        "dispatches": selectors.dispatches_open(user=request.user),
    }
    return render(request, "inventory/approvals.html", context)


@login_required
@require_POST
def transfer_decide(request: HttpRequest, pk: int, decision: str) -> HttpResponse:
    transfer = get_object_or_404(Transfer.objects.for_user(request.user), pk=pk)
    return post_action(
        request,
        lambda: services.transfer_decide(
            transfer=transfer, approve=decision == "approve", by=request.user
        ),
        _("Decision recorded."),
        reverse("inventory:approvals"),
    )


@login_required
@require_POST
def selection_decide(request: HttpRequest, pk: int, decision: str) -> HttpResponse:
    item = get_object_or_404(CarSelectionRequest.objects.for_user(request.user), pk=pk)
    return post_action(
        request,
        lambda: services.selection_request_decide(
            request=item, approve=decision == "approve", by=request.user
        ),
        _("Decision recorded."),
        reverse("inventory:approvals"),
    )


@login_required
def payments(request: HttpRequest) -> HttpResponse:
    """STK-OUT-1/4: sold cars waiting for finance's confirmation or slip."""
    require_action(request, "payment_confirm")
    vehicles = selectors.vehicles_awaiting_payment(user=request.user)[:200]
    return render(request, "inventory/payments.html", {"vehicles": vehicles})


@login_required
def keys(request: HttpRequest) -> HttpResponse:
    """KEY-2: keys out now, the overdue ones first."""
    logs = selectors.key_logs_open(user=request.user)[:200]
    return render(request, "inventory/keys.html", {"logs": logs, "now": timezone.now()})


@login_required
def selection_requests(request: HttpRequest) -> HttpResponse:
    """KEY-3: a consultant's car-selection requests."""
    items = (
        CarSelectionRequest.objects.for_user(request.user)
        .filter(consultant=request.user)
        .select_related("vehicle", "decided_by")[:100]
    )
    return render(request, "inventory/selection_requests.html", {"items": items})


@login_required
def care(request: HttpRequest) -> HttpResponse:
    """MNT-*: open storage-care tasks."""
    return _care_page(request)


CARE_PAGE_TASKS = 300  # the care page lists the first tasks by due date


@dataclass
class ReadingInput:
    """One reading box of a task on the care page."""

    name: str
    label: str
    unit: str
    value: str = ""
    error: str = ""


def _care_page(request: HttpRequest, refused: tuple[int, dict, DomainError] | None = None):
    """The open tasks, each with the reading boxes its rule requires; the task
    whose completion was refused shows what was typed and the error at its box."""
    tasks = list(selectors.care_tasks_open(user=request.user)[:CARE_PAGE_TASKS])
    if refused and refused[0] not in {task.pk for task in tasks}:  # not on this page
        messages.error(request, refused[2].message)
        return redirect(reverse("inventory:care"))
    names = selectors.care_readings_by_kind()
    for task in tasks:
        typed, exc = (refused[1], refused[2]) if refused and refused[0] == task.pk else ({}, None)
        task.inputs = [
            ReadingInput(
                name=name,
                label=str(READING_FIELDS[name].label),
                unit=READING_FIELDS[name].unit,
                value=typed.get(name, ""),
                error=exc.message if exc and exc.field == name else "",
            )
            for name in names.get(task.kind, ())
        ]
        task.refusal = exc.message if exc and not any(i.error for i in task.inputs) else ""
    context = {"tasks": tasks, "refused_id": refused[0] if refused else None}
    return render(request, "inventory/care.html", context, status=400 if refused else 200)


@login_required
@require_POST
def care_done(request: HttpRequest, pk: int) -> HttpResponse:
    task = get_object_or_404(CareTask.objects.for_user(request.user), pk=pk)
    readings = {k[2:]: v for k, v in request.POST.items() if k.startswith("r_")}
    try:
        services.care_task_complete(
            task=task, readings=readings, note=request.POST.get("note", ""), by=request.user
        )
    except DomainError as exc:
        if exc.field in READING_FIELDS:  # shown at the box, with what was typed
            return _care_page(request, refused=(task.pk, readings, exc))
        messages.error(request, exc.message)
    else:
        messages.success(request, _("Task done."))
    return redirect(reverse("inventory:care"))
