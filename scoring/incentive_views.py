"""Pages of the incentives (RULES.md INC-1..3): the standings of a month and
its year with the confirmation of each award, and the printable certificate."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from dealership.errors import DomainError
from dealership.forms import form_add_domain_error
from dealership.models import User
from dealership.timeutil import store_today
from scoring import services
from scoring.forms import IncentiveConfirmForm
from scoring.incentives import (
    incentive_award_list,
    incentive_contest,
    incentive_policy_get,
    promotion_results,
)
from scoring.models import IncentiveAward
from scoring.rules import INCENTIVE_ROLES, IncentiveKind, previous_month
from scoring.views import current_store, month_param


def _may_manage(user: User) -> bool:
    return user.is_superuser or user.has_role(*INCENTIVE_ROLES)


@login_required
def incentives(request: HttpRequest) -> HttpResponse:
    """INC-1..3: the month's sales and accessories champions and the year's
    sales champion, each confirmed once by the manager; INC-4: the promotion
    campaigns running in the month and what each consultant earned in them.
    ?month=YYYY-MM, by default last month (the one to award)."""
    store = current_store(request)
    if not _may_manage(request.user):
        raise PermissionDenied
    if "month" in request.GET:
        month = month_param(request, store)
    else:
        month = previous_month(store_today(store))
    form = IncentiveConfirmForm(request.POST or None, people=User.objects.filter(stores=store))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            award = services.incentive_award_confirm(store=store, by=request.user, **data)
        except DomainError as exc:
            form_add_domain_error(form, exc)
        else:
            messages.success(request, _("Award confirmed: %(award)s") % {"award": award})
            return redirect(f"{reverse('scoring:incentives')}?month={data['day']:%Y-%m}")
    contests = [incentive_contest(store=store, kind=kind, day=month) for kind in IncentiveKind]
    context = {
        "month": month,
        "contests": contests,
        "form": form,
        "policy": incentive_policy_get(store=store),
        "awards": incentive_award_list(store=store, year=month.year),
        "promotions": promotion_results(store=store, month=month),
    }
    return render(request, "scoring/incentives.html", context)


@login_required
def certificate(request: HttpRequest, award_id: int) -> HttpResponse:
    """INC-1..3: the printable certificate (荣誉证书), for the champion and the
    store's managers."""
    store = current_store(request)
    award = (
        IncentiveAward.objects.select_related("store", "person", "confirmed_by")
        .filter(pk=award_id, store=store)
        .first()
    )
    if award is None:
        raise Http404
    if award.person_id != request.user.pk and not _may_manage(request.user):
        raise PermissionDenied
    return render(request, "scoring/certificate.html", {"award": award})
