"""Pages of the penalty points (PTS-3, PTS-5): the monthly statement with its
drill-down, appeals, manual entries and the XLSX export. The report pages
(RPT-*, TRN-4) are in report_views.py."""

from __future__ import annotations

from datetime import date

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from dealership.errors import DomainError
from dealership.forms import form_add_domain_error
from dealership.models import Store, User
from dealership.selectors import staff_list_for_store
from dealership.timeutil import store_today
from scoring import selectors, services
from scoring.export import statement_xlsx
from scoring.forms import AppealDecisionForm, AppealForm, CorrectionForm, ManualEntryForm
from scoring.models import PenaltyAppeal
from scoring.rules import MANUAL_ENTRY_ROLES, month_start


def current_store(request: HttpRequest) -> Store:
    store = request.store
    if not store:
        raise Http404(_("You are not assigned to a store yet."))
    return store


def month_param(request: HttpRequest, store: Store) -> date:
    """?month=YYYY-MM, else the current month in the store's time zone."""
    try:
        year, month = (int(part) for part in request.GET.get("month", "").split("-"))
        return date(year, month, 1)
    except ValueError:
        return month_start(store_today(store))


@login_required
def statement(request: HttpRequest) -> HttpResponse:
    """PTS-5: managers see the store's month; everyone else their own entries."""
    store = current_store(request)
    month = month_param(request, store)
    if not selectors.user_sees_store_statement(user=request.user):
        url = reverse("scoring:person_entries", args=[request.user.pk])
        return redirect(f"{url}?month={month:%Y-%m}")
    context = {
        "statement": selectors.statement_for_store(store=store, month=month),
        "month": month,
    }
    return render(request, "scoring/statement.html", context)


@login_required
def statement_export(request: HttpRequest) -> HttpResponse:
    store = current_store(request)
    if not selectors.user_sees_store_statement(user=request.user):
        raise PermissionDenied
    month = month_param(request, store)
    content = statement_xlsx(
        statement=selectors.statement_for_store(store=store, month=month),
        entries=selectors.statement_entries(store=store, month=month),
    )
    response = HttpResponse(
        content,
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = (
        f'attachment; filename="points-{store.code}-{month:%Y-%m}.xlsx"'
    )
    return response


@login_required
def person_entries(request: HttpRequest, user_id: int) -> HttpResponse:
    """PTS-5 drill-down: a person's entries of the month, with appeal links."""
    store = current_store(request)
    person = staff_list_for_store(store=store).filter(pk=user_id).first()
    if person is None:
        raise Http404
    if person != request.user and not selectors.user_sees_store_statement(user=request.user):
        raise PermissionDenied
    month = month_param(request, store)
    entries = list(selectors.penalty_entry_list_for_person(store=store, person=person, month=month))
    context = {
        "person": person,
        "month": month,
        "entries": entries,
        "total": sum((e.points for e in entries), selectors.ZERO),
        "is_self": person == request.user,
        "can_correct": person != request.user and selectors.user_decides_appeals(user=request.user),
    }
    return render(request, "scoring/person_entries.html", context)


def _people(store: Store):
    return User.objects.filter(stores=store, is_active=True).order_by("full_name", "username")


@login_required
def entry_create(request: HttpRequest) -> HttpResponse:
    """PTS-3: record a conduct rule for a person of the current store."""
    store = current_store(request)
    if not (request.user.is_superuser or request.user.has_role(*MANUAL_ENTRY_ROLES)):
        raise PermissionDenied
    form = ManualEntryForm(
        request.POST or None,
        people=_people(store),
        rules=selectors.penalty_rule_list_manual(),
        initial={"fact_date": store_today(store)},
    )
    if request.method == "POST" and form.is_valid():
        try:
            entry = services.penalty_entry_record_manual(
                store=store, by=request.user, **form.cleaned_data
            )
        except DomainError as exc:
            form_add_domain_error(form, exc)
        else:
            messages.success(request, _("Recorded: %(entry)s") % {"entry": entry})
            return redirect("scoring:entry_create")
    return render(request, "scoring/form.html", {"form": form, "title": _("Record penalty points")})


def _own_entry(request: HttpRequest, entry_id: int):
    store = current_store(request)
    entry = selectors.penalty_entry_get_visible(user=request.user, entry_id=entry_id)
    if entry is None or entry.store_id != store.pk:
        raise Http404
    return entry


@login_required
def appeal_create(request: HttpRequest, entry_id: int) -> HttpResponse:
    """PTS-5: the person appeals one of their entries with a reason."""
    entry = _own_entry(request, entry_id)
    if entry.person_id != request.user.pk:
        raise PermissionDenied
    form = AppealForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.penalty_appeal_file(
                entry=entry, reason=form.cleaned_data["reason"], by=request.user
            )
        except DomainError as exc:
            form_add_domain_error(form, exc)
        else:
            messages.success(request, _("Your appeal has been filed."))
            url = reverse("scoring:person_entries", args=[entry.person_id])
            return redirect(f"{url}?month={entry.fact_date:%Y-%m}")
    context = {"form": form, "title": _("Appeal"), "entry": entry}
    return render(request, "scoring/form.html", context)


@login_required
def appeal_list(request: HttpRequest) -> HttpResponse:
    store = current_store(request)
    if not selectors.user_decides_appeals(user=request.user):
        raise PermissionDenied
    appeals = selectors.penalty_appeal_list_pending(store=store)
    return render(request, "scoring/appeal_list.html", {"appeals": appeals})


@login_required
def appeal_decide(request: HttpRequest, appeal_id: int) -> HttpResponse:
    """PTS-5: the manager accepts (reversing entry) or rejects with a reason."""
    store = current_store(request)
    if not selectors.user_decides_appeals(user=request.user):
        raise PermissionDenied
    appeal = (
        PenaltyAppeal.objects.select_related("entry__rule", "entry__person")
        .filter(pk=appeal_id, entry__store=store)
        .first()
    )
    if appeal is None:
        raise Http404
    form = AppealDecisionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.penalty_appeal_decide(appeal=appeal, by=request.user, **form.cleaned_data)
        except DomainError as exc:
            form_add_domain_error(form, exc)
        else:
            messages.success(request, _("The appeal has been decided."))
            return redirect("scoring:appeal_list")
    context = {
        "form": form,
        "title": _("Decide the appeal"),
        "entry": appeal.entry,
        "appeal": appeal,
    }
    return render(request, "scoring/form.html", context)


@login_required
def entry_correct(request: HttpRequest, entry_id: int) -> HttpResponse:
    """PTS-5 / PTS-1: the manager corrects an entry of the store by a
    reversing entry with a reason (an original's joint entries with it)."""
    if not selectors.user_decides_appeals(user=request.user):
        raise PermissionDenied
    entry = _own_entry(request, entry_id)
    form = CorrectionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.penalty_entry_reverse(
                entry=entry, reason=form.cleaned_data["reason"], by=request.user
            )
        except DomainError as exc:
            form_add_domain_error(form, exc)
        else:
            messages.success(request, _("The entry has been corrected."))
            url = reverse("scoring:person_entries", args=[entry.person_id])
            return redirect(f"{url}?month={entry.fact_date:%Y-%m}")
    context = {"form": form, "title": _("Correct a penalty entry"), "entry": entry}
    return render(request, "scoring/form.html", context)
