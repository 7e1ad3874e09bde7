"""The morning check pages (SHW-DISPLAY, SHW-TESTCAR, SHW-ENV): the list of
days with missing runs and failures, the run ticked on a phone, sign-off."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import timedelta

from django.contrib import messages
from django.core.exceptions import NON_FIELD_ERRORS
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from dealership.forms import form_errors_text, parse_id
from dealership.timeutil import store_today
from showroom import selectors, services
from showroom.forms import CheckForm
from showroom.models import RunCheck
from showroom.rules import RUN_VIEWER_ROLES, CheckResult, is_checker
from showroom.views.common import run_service, showroom_page, submit


@showroom_page(*RUN_VIEWER_ROLES)
def run_list(request: HttpRequest) -> HttpResponse:
    """SHW-*: the last two weeks (missing runs stand out) and recent failures."""
    today = store_today(request.store)
    days = selectors.run_list_recent(store=request.store, today=today)
    failed = selectors.run_failed_checks(store=request.store, since=today - timedelta(days=6))
    return render(
        request,
        "showroom/run_list.html",
        {
            "days": days,
            "today_run": days[0].run if days else None,
            "failed": failed[:200],
            "can_check": is_checker(request.user),
        },
    )


@showroom_page(*RUN_VIEWER_ROLES)
@require_POST
def run_start(request: HttpRequest) -> HttpResponse:
    today = store_today(request.store)
    run = run_service(
        request, lambda: services.run_open(store=request.store, day=today, by=request.user)
    )
    if run is None:
        return redirect("showroom:run_list")
    return redirect("showroom:run_detail", run.pk)


@showroom_page(*RUN_VIEWER_ROLES)
def run_detail(request: HttpRequest, run_id: int) -> HttpResponse:
    """SHW-*: every item by subject; a checker ticks them on the phone."""
    run = selectors.run_get(store=request.store, run_id=run_id)
    if run is None:
        raise Http404
    return _run_page(request, run)


@dataclass
class CheckEntry:
    """What an item's form shows: the recorded answer, or for the item whose
    answer was just refused, what was posted with the errors next to it."""

    result: str
    note: str
    responsible_id: int | None
    errors: dict = field(default_factory=dict)  # field name → messages
    non_field: list = field(default_factory=list)
    photo_again: bool = False  # a refused form cannot give back the file

    @classmethod
    def refused(cls, form: CheckForm, photo_sent: bool) -> CheckEntry:
        errors = {name: list(messages) for name, messages in form.errors.items()}
        non_field = errors.pop(NON_FIELD_ERRORS, [])
        return cls(
            result=form.data.get("result", ""),
            note=form.data.get("note", ""),
            responsible_id=parse_id(form.data.get("responsible")),
            errors=errors,
            non_field=non_field,
            photo_again=photo_sent and "photo" not in errors,
        )


def _run_page(
    request: HttpRequest, run, refused: tuple[int, CheckEntry] | None = None
) -> HttpResponse:
    groups = selectors.run_check_groups(run=run)
    for group in groups:
        for check in group.checks:
            if refused and check.pk == refused[0]:
                check.entry = refused[1]
            else:
                check.entry = CheckEntry(check.result, check.note, check.responsible_id)
    can_check = is_checker(request.user) and not run.is_signed_off
    return render(
        request,
        "showroom/run_detail.html",
        {
            "run": run,
            "groups": groups,
            "can_check": can_check,
            "can_fix": is_checker(request.user),
            "staff": list(selectors.store_staff(store=request.store)) if can_check else [],
            "results": CheckResult.choices,
            "open_items": sum(not c.result for g in groups for c in g.checks),
            "refused_id": refused[0] if refused else None,
        },
        status=400 if refused else 200,
    )


@showroom_page(*RUN_VIEWER_ROLES)
@require_POST
def check_record(request: HttpRequest, check_id: int) -> HttpResponse:
    check = (
        RunCheck.objects.filter(run__store=request.store, pk=check_id)
        .select_related("item")
        .first()
    )
    if check is None:
        raise Http404
    form = CheckForm(request.POST, request.FILES, store=request.store)
    done = submit(
        form,
        lambda d: services.run_check_record(
            check=check,
            result=d["result"],
            note=d["note"],
            responsible=d["responsible"],
            photo=d["photo"],
            by=request.user,
        ),
    )
    if not done:
        run = check.run
        if is_checker(request.user) and not run.is_signed_off:
            # Shown again with the errors at the item's fields and what was entered.
            entry = CheckEntry.refused(form, photo_sent=bool(request.FILES.get("photo")))
            return _run_page(request, run, refused=(check.pk, entry))
        # The item has no form on the page (signed off meanwhile, not a checker).
        messages.error(request, f"{check.item.label}: {form_errors_text(form)}")
    return redirect(f"{_run_url(check.run_id)}#check-{check.pk}")


@showroom_page(*RUN_VIEWER_ROLES)
@require_POST
def check_fix(request: HttpRequest, check_id: int) -> HttpResponse:
    """SHW-TESTCAR: the fault is put right (refuelled, charged, cleaned)."""
    check = RunCheck.objects.filter(run__store=request.store, pk=check_id).first()
    if check is None:
        raise Http404
    if run_service(request, lambda: services.run_check_fix(check=check, by=request.user)):
        messages.success(request, _("Marked fixed."))
    return redirect(f"{_run_url(check.run_id)}#check-{check.pk}")


def _run_url(run_id: int) -> str:
    return reverse("showroom:run_detail", args=[run_id])


@showroom_page(*RUN_VIEWER_ROLES)
@require_POST
def run_sign_off(request: HttpRequest, run_id: int) -> HttpResponse:
    run = selectors.run_get(store=request.store, run_id=run_id)
    if run is None:
        raise Http404
    if run_service(request, lambda: services.run_sign_off(run=run, by=request.user)):
        messages.success(request, _("The morning check is signed off."))
    return redirect("showroom:run_detail", run.pk)
