"""Pages of the follow-ups app: the consultant's Today page (phone first) and
the manager's compliance table (FU-*)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from functools import wraps

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from dealership.errors import DomainError
from dealership.forms import form_add_domain_error
from dealership.timeutil import store_today, week_start
from followups import dms, selectors, services
from followups.forms import (
    CompleteForm,
    DateRangeForm,
    DmsDiscrepancyForm,
    DmsReconcileForm,
    DmsWeekForm,
    month_start,
)
from followups.holidays import holiday_gaps
from followups.models import DmsDiscrepancy
from followups.rules import DMS_VIEWER_ROLES, TODAY_ROLES


def followup_page(view: Callable) -> Callable:
    """Signed in, owning follow-ups or managing them, working in a store."""

    @wraps(view)
    @login_required
    def wrapper(request, *args, **kwargs):
        user = request.user
        allowed = user.is_superuser or user.has_role(*TODAY_ROLES)
        if not (allowed or selectors.user_is_followup_manager(user)) or not request.store:
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapper


@followup_page
def today(request: HttpRequest) -> HttpResponse:
    lists = selectors.followup_list_today(user=request.user, store=request.store)
    return render(request, "followups/today.html", {"lists": lists, "form": CompleteForm()})


@followup_page
@require_POST
def complete(request: HttpRequest, followup_id: int) -> HttpResponse:
    task = selectors.followup_get_for_user(user=request.user, followup_id=followup_id)
    if task is None:
        raise Http404
    form = CompleteForm(request.POST)
    if form.is_valid():
        try:
            done = services.followup_complete(
                followup=task,
                note=form.cleaned_data["result_note"],
                channel=form.cleaned_data["channel"],
                grade_hint=form.cleaned_data["grade_hint"],
                by=request.user,
                carry_over=True,  # a call made from a page opened before the miss still counts
            )
        except DomainError as exc:
            form_add_domain_error(form, exc)
        else:
            messages.success(request, _("Follow-up logged: %s") % task.customer.name)
            if done.pk != task.pk:
                messages.info(
                    request,
                    _(
                        "That follow-up was missed; the call is logged on the customer's"
                        " current one."
                    ),
                )
            return redirect("followups:today")
    lists = selectors.followup_list_today(user=request.user, store=request.store)
    shown = any(t.pk == task.pk for t in (*lists.overdue, *lists.due, *lists.upcoming))
    context = {
        "lists": lists,
        "form": CompleteForm(),
        "failed": task,
        "failed_form": form,
        "failed_hidden": not shown,  # e.g. closed meanwhile: say why at the top
    }
    return render(request, "followups/today.html", context, status=400)


@followup_page
def compliance(request: HttpRequest) -> HttpResponse:
    if not selectors.user_is_followup_manager(request.user):
        raise PermissionDenied
    today_ = store_today(request.store)
    form = DateRangeForm(request.GET or {"date_from": month_start(today_), "date_to": today_})
    rows = []
    if form.is_valid():
        rows = selectors.followup_compliance(
            store=request.store,
            date_from=form.cleaned_data["date_from"],
            date_to=form.cleaned_data["date_to"],
        )
    context = {"form": form, "rows": rows, "holiday_gaps": holiday_gaps(today=today_)}
    return render(request, "followups/compliance.html", context)


# --- FU-DMS: the supervisor's weekly reconciliation ------------------------------------


def dms_page(view: Callable) -> Callable:
    """Supervisors and managers (who reconcile) and the GM office (who looks)."""

    @wraps(view)
    @login_required
    def wrapper(request, *args, **kwargs):
        user = request.user
        if not (user.is_superuser or user.has_role(*DMS_VIEWER_ROLES)) or not request.store:
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapper


@dms_page
def dms_list(request: HttpRequest) -> HttpResponse:
    last = dms.dms_last_ended_week(store=request.store, now=timezone.now())
    form = DmsWeekForm(request.GET or {"week": last})
    monday = week_start(form.cleaned_data["week"]) if form.is_valid() else last
    context = {
        "form": form,
        "monday": monday,
        "sunday": monday + timedelta(days=6),
        "rows": dms.dms_list_for_week(store=request.store, monday=monday),
        "weeks": dms.dms_weeks(store=request.store),
    }
    return render(request, "followups/dms_list.html", context)


def _dms_detail(
    request, reconciliation, *, status=200, failed=None, failed_form=None, note_form=None
):
    context = {
        "r": reconciliation,
        "followups": dms.dms_week_followups(reconciliation=reconciliation),
        "discrepancies": reconciliation.discrepancies.select_related("followup__customer"),
        "can_act": dms.user_can_reconcile(request.user) and not reconciliation.is_reconciled,
        "form": DmsDiscrepancyForm(),
        "failed": failed,
        "failed_form": failed_form,
        "note_form": note_form or DmsReconcileForm(),
        "is_overdue": reconciliation.is_overdue,
    }
    return render(request, "followups/dms_detail.html", context, status=status)


def _dms_get(request, reconciliation_id: int):
    found = dms.dms_get_for_user(user=request.user, reconciliation_id=reconciliation_id)
    if found is None or found.store_id != request.store.pk:
        raise Http404
    return found


@dms_page
def dms_detail(request: HttpRequest, reconciliation_id: int) -> HttpResponse:
    return _dms_detail(request, _dms_get(request, reconciliation_id))


@dms_page
@require_POST
def dms_discrepancy_add(request: HttpRequest, reconciliation_id: int) -> HttpResponse:
    reconciliation = _dms_get(request, reconciliation_id)
    form = DmsDiscrepancyForm(request.POST)
    if form.is_valid():
        try:
            dms.dms_discrepancy_add(
                reconciliation=reconciliation,
                followup_id=form.cleaned_data["followup"],
                issue=form.cleaned_data["issue"],
                note=form.cleaned_data["note"],
                by=request.user,
            )
        except DomainError as exc:
            _raise_if_forbidden(exc)
            form_add_domain_error(form, exc)
        else:
            messages.success(request, _("Discrepancy noted."))
            return redirect("followups:dms_detail", reconciliation.pk)
    failed = form.data.get("followup")
    return _dms_detail(request, reconciliation, status=400, failed=failed, failed_form=form)


@dms_page
@require_POST
def dms_discrepancy_remove(request: HttpRequest, discrepancy_id: int) -> HttpResponse:
    item = get_object_or_404(DmsDiscrepancy, pk=discrepancy_id)
    reconciliation = _dms_get(request, item.reconciliation_id)
    try:
        dms.dms_discrepancy_remove(discrepancy=item, by=request.user)
    except DomainError as exc:
        _raise_if_forbidden(exc)
        messages.error(request, exc.message)
    return redirect("followups:dms_detail", reconciliation.pk)


@dms_page
@require_POST
def dms_complete(request: HttpRequest, reconciliation_id: int) -> HttpResponse:
    reconciliation = _dms_get(request, reconciliation_id)
    form = DmsReconcileForm(request.POST)
    if form.is_valid():
        try:
            dms.dms_reconciliation_complete(
                reconciliation=reconciliation, note=form.cleaned_data["note"], by=request.user
            )
        except DomainError as exc:
            _raise_if_forbidden(exc)
            form_add_domain_error(form, exc)
        else:
            messages.success(
                request, _("Week reconciled: %s") % reconciliation.consultant.display_name
            )
            url = reverse("followups:dms")
            return redirect(f"{url}?week={reconciliation.week_start.isoformat()}")
    return _dms_detail(request, reconciliation, status=400, note_form=form)


def _raise_if_forbidden(exc: DomainError) -> None:
    if exc.status == 403:
        raise PermissionDenied(exc.message)
