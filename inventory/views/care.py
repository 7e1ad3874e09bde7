"""Storm alerts (MNT-STORM) and the random spot checks (MNT-RANDOM)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from inventory import forms, selectors, services
from inventory.models import StockSpotCheck, StormAlert
from inventory.views.common import form_page, post_action, require_action, store_or_403


@login_required
def storm(request: HttpRequest) -> HttpResponse:
    """MNT-STORM: a manager raises the storm alert (protect tasks for every
    car in stock) and ends it afterwards (wash tasks)."""
    require_action(request, "storm")
    store = store_or_403(request)
    form = forms.StormForm(request.POST or None)
    return form_page(
        request,
        form=form,
        template="inventory/storm.html",
        context={"alerts": selectors.storm_alerts_open(user=request.user)},
        call=lambda: services.storm_alert_raise(
            store=store, title=form.cleaned_data["title"], by=request.user
        ),
        success=_("Storm alert raised: protect tasks created."),
        next_url=reverse("inventory:storm"),
    )


@login_required
@require_POST
def storm_end(request: HttpRequest, pk: int) -> HttpResponse:
    alert = get_object_or_404(StormAlert.objects.for_user(request.user), pk=pk)
    return post_action(
        request,
        lambda: services.storm_alert_end(alert=alert, by=request.user),
        _("Storm alert ended: wash tasks created."),
        reverse("inventory:storm"),
    )


@login_required
def spot_checks(request: HttpRequest) -> HttpResponse:
    """MNT-RANDOM: this month's random spot checks still to do."""
    require_action(request, "spot_check")
    checks = selectors.spot_checks_open(user=request.user)[:200]
    return render(request, "inventory/spot_checks.html", {"checks": checks, "now": timezone.now()})


@login_required
def spot_check(request: HttpRequest, pk: int) -> HttpResponse:
    """MNT-RANDOM: record what the spot check found."""
    require_action(request, "spot_check")
    check = get_object_or_404(
        StockSpotCheck.objects.for_user(request.user).select_related("vehicle"), pk=pk
    )
    form = forms.SpotCheckForm(request.POST or None)
    return form_page(
        request,
        form=form,
        template="inventory/action_form.html",
        context={"vehicle": check.vehicle, "title": _("Random spot check")},
        call=lambda: services.spot_check_record(check=check, by=request.user, **form.cleaned_data),
        success=_("Spot check recorded."),
        next_url=reverse("inventory:spot_checks"),
    )
