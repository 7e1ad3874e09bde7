"""The manager's pages: lost-customer decisions (LEAD-11), reassignment
(LEAD-8/9), the weekly spot check (LEAD-10)."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from dealership.errors import DomainError
from dealership.forms import form_errors_text, parse_id
from dealership.timeutil import store_today, week_start
from sales import selectors, services
from sales.forms import DecisionForm, ReassignForm, SpotCheckItemForm
from sales.models import Customer, LostRequest, SpotCheck, SpotCheckItem
from sales.rules import RequestStatus
from sales.views.common import manager_page, submit


@manager_page
def lost_list(request: HttpRequest) -> HttpResponse:
    return _lost_list_page(request)


def _lost_list_page(request: HttpRequest, refused: tuple[int, DecisionForm] | None = None):
    """The pending requests; the one whose decision was refused carries its
    bound form (errors at its note, what was typed kept)."""
    pending = list(selectors.lost_requests_pending(store=request.store))
    for lost in pending:
        lost.form = refused[1] if refused and refused[0] == lost.pk else None
    context = {"pending": pending, "refused_id": refused[0] if refused else None}
    return render(request, "sales/lost_list.html", context, status=400 if refused else 200)


@manager_page
@require_POST
def lost_decide(request: HttpRequest, request_id: int) -> HttpResponse:
    lost = LostRequest.objects.filter(store=request.store, pk=request_id).first()
    if lost is None:
        raise Http404
    form = DecisionForm(request.POST)
    done = submit(
        form,
        lambda d: services.lost_decide(
            request=lost, approve=d["decision"] == "approve", note=d["note"], by=request.user
        ),
    )
    if done:
        messages.success(request, _("Decision recorded for %s.") % lost.customer.name)
    elif LostRequest.objects.filter(pk=lost.pk, status=RequestStatus.PENDING).exists():
        return _lost_list_page(request, refused=(lost.pk, form))
    else:  # decided meanwhile: no longer listed, so the refusal is said above the list
        messages.error(request, f"{lost.customer.name}: {form_errors_text(form)}")
    return redirect("sales:lost_list")


def _reassign_staff(store):
    return store.staff.filter(is_active=True).order_by("sales_group", "full_name")


@manager_page
def reassign(request: HttpRequest) -> HttpResponse:
    """LEAD-8/9: the customers due for reassignment, moved in bulk."""
    policy = services.sales_policy_for(request.store)
    due = selectors.customers_due_for_reassignment(store=request.store, policy=policy)
    candidates = Customer.objects.filter(store=request.store)
    form = ReassignForm(
        request.POST or None, staff=_reassign_staff(request.store), customers=candidates
    )
    if request.method == "POST":
        done = submit(
            form,
            lambda d: services.customer_reassign(
                customers=list(d["customers"]),
                kind=d["kind"],
                to_user=d["to_user"],
                reason=d["reason"],
                by=request.user,
            ),
        )
        if done is not None:
            messages.success(request, _("%d customers reassigned.") % len(done))
            return redirect("sales:reassign")
    # A refused form keeps the manager's ticks.
    selected = (
        {parse_id(pk) for pk in form.data.getlist("customers")} - {None} if form.is_bound else set()
    )
    return render(
        request,
        "sales/reassign.html",
        {"due": due, "form": form, "policy": policy, "selected": selected},
    )


@manager_page
def spot_check(request: HttpRequest) -> HttpResponse:
    """LEAD-10: this week's sample; create it, then record each result."""
    week = week_start(store_today(request.store))
    check = SpotCheck.objects.filter(store=request.store, week_start=week).first()
    if request.method == "POST" and check is None:
        try:
            check = services.spot_check_create(store=request.store, week=week, by=request.user)
        except DomainError as exc:
            messages.error(request, exc.message)
        return redirect("sales:spot_check")
    return _spot_check_page(request, week, check)


def _spot_check_page(request, week, check, refused: tuple[int, SpotCheckItemForm] | None = None):
    """The week's sample; the item whose result was refused carries its
    bound form (errors at its fields, what was chosen and typed kept)."""
    items = (
        list(check.items.select_related("customer", "consultant", "checked_by")) if check else []
    )
    for item in items:
        item.form = refused[1] if refused and refused[0] == item.pk else None
    return render(
        request,
        "sales/spot_check.html",
        {
            "check": check,
            "items": items,
            "week": week,
            "results": SpotCheckItemForm.base_fields["result"].choices,
            "refused_id": refused[0] if refused else None,
        },
        status=400 if refused else 200,
    )


@manager_page
@require_POST
def spot_check_record(request: HttpRequest, item_id: int) -> HttpResponse:
    item = SpotCheckItem.objects.filter(spot_check__store=request.store, pk=item_id).first()
    if item is None:
        raise Http404
    form = SpotCheckItemForm(request.POST)
    if not submit(
        form,
        lambda d: services.spot_check_record(
            item=item, result=d["result"], note=d["note"], by=request.user
        ),
    ):
        check = item.spot_check
        return _spot_check_page(request, check.week_start, check, refused=(item.pk, form))
    return redirect("sales:spot_check")
