"""Front-desk pages (SHW-DESK, SHW-GREET): the live board, the rota the sales
manager plans, the findings (vacancies, unattended customers, greetings)."""

from __future__ import annotations

from datetime import date, timedelta

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from dealership.timeutil import store_today, week_start
from showroom import selectors, services
from showroom.forms import IncidentForm, ShiftPlanForm
from showroom.models import DeskShift
from showroom.rules import BOARD_ROLES, RUN_VIEWER_ROLES
from showroom.views.common import run_service, showroom_page, submit

BOARD_REFRESH_SECONDS = 30


@showroom_page(*BOARD_ROLES)
def desk_board(request: HttpRequest) -> HttpResponse:
    """SHW-DESK: who stands now and who is with a customer. Opening the board
    also runs the both-busy alert (idempotent, once per occurrence), so the
    group leader hears of it within the refresh, not only at the next beat."""
    services.desk_alert_check(store=request.store)
    slots = selectors.desk_board(store=request.store)
    return render(
        request,
        "showroom/desk_board.html",
        {
            "slots": slots,
            "current": [s for s in slots if s.is_current],
            "refresh": BOARD_REFRESH_SECONDS,
        },
    )


def _week(request: HttpRequest) -> date:
    try:
        return week_start(date.fromisoformat(request.GET.get("week", "")))
    except ValueError:
        return week_start(store_today(request.store))


@showroom_page(*RUN_VIEWER_ROLES)
def desk_plan(request: HttpRequest) -> HttpResponse:
    """SHW-DESK: the week's rota and a form to add a slot on one or more days."""
    week = _week(request)
    initial = {"day": max(week, store_today(request.store))}
    form = ShiftPlanForm(request.POST or None, store=request.store, initial=initial)
    if request.method == "POST":
        shifts = submit(form, lambda d: _plan(request, d))
        if shifts:
            messages.success(request, _("%(count)d shifts planned.") % {"count": len(shifts)})
            return redirect(f"{request.path}?week={week_start(shifts[0].day):%Y-%m-%d}")
    shifts = selectors.desk_shifts_between(
        store=request.store, start=week, end=week + timedelta(days=6)
    )
    return render(
        request,
        "showroom/desk_plan.html",
        {
            "form": form,
            "week": week,
            "shifts": shifts,
            "previous": week - timedelta(days=7),
            "next": week + timedelta(days=7),
        },
    )


def _plan(request: HttpRequest, d: dict) -> list[DeskShift]:
    return services.desk_shift_plan(
        store=request.store,
        days=[d["day"] + timedelta(days=n) for n in range(d["repeat_days"])],
        starts_at=d["starts_at"],
        ends_at=d["ends_at"],
        sales_group=d["sales_group"],
        first=d["first"],
        second=d["second"],
        by=request.user,
    )


@showroom_page(*RUN_VIEWER_ROLES)
@require_POST
def desk_shift_delete(request: HttpRequest, shift_id: int) -> HttpResponse:
    shift = DeskShift.objects.filter(store=request.store, pk=shift_id).first()
    if shift is None:
        raise Http404
    week = week_start(shift.day)
    run_service(request, lambda: services.desk_shift_delete(shift=shift, by=request.user))
    return redirect(f"{reverse('showroom:desk_plan')}?week={week:%Y-%m-%d}")


@showroom_page(*RUN_VIEWER_ROLES)
def desk_incidents(request: HttpRequest) -> HttpResponse:
    """SHW-DESK / SHW-GREET: record a finding; the list of vacancies and others."""
    today = store_today(request.store)
    shifts = selectors.desk_shifts_between(
        store=request.store, start=today - timedelta(days=6), end=today
    )
    form = IncidentForm(request.POST or None, store=request.store, shifts=shifts)
    if request.method == "POST" and submit(
        form,
        lambda d: services.desk_incident_record(
            store=request.store,
            kind=d["kind"],
            shift=d["shift"],
            person=d["person"],
            idle=list(d["idle"]),
            note=d["note"],
            by=request.user,
        ),
    ):
        messages.success(request, _("The finding is recorded."))
        return redirect("showroom:desk_incidents")
    kind = request.GET.get("kind") or None
    incidents = selectors.desk_incident_list(store=request.store, kind=kind)[:200]
    return render(
        request,
        "showroom/desk_incidents.html",
        {"form": form, "incidents": incidents, "kind": kind},
    )
