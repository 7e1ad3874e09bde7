"""Pages of the follow-ups app: the consultant's Today page (phone first) and
the manager's compliance table (FU-*)."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from dealership.errors import DomainError
from dealership.forms import form_add_domain_error
from dealership.timeutil import store_today
from followups import selectors, services
from followups.forms import CompleteForm, DateRangeForm, month_start
from followups.rules import TODAY_ROLES


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
            services.followup_complete(
                followup=task,
                note=form.cleaned_data["result_note"],
                channel=form.cleaned_data["channel"],
                grade_hint=form.cleaned_data["grade_hint"],
                by=request.user,
            )
        except DomainError as exc:
            form_add_domain_error(form, exc)
        else:
            messages.success(request, _("Follow-up logged: %s") % task.customer.name)
            return redirect("followups:today")
    lists = selectors.followup_list_today(user=request.user, store=request.store)
    context = {"lists": lists, "form": CompleteForm(), "failed": task, "failed_form": form}
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
    return render(request, "followups/compliance.html", {"form": form, "rows": rows})
