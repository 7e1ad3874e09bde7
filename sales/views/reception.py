"""LEAD-1..5: log a visit or call, the day view, send the post-visit SMS."""

from __future__ import annotations

from django.contrib import messages
from django.db.models import Q
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.dateparse import parse_date
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from dealership.errors import DomainError
from dealership.forms import form_add_domain_error
from dealership.rules import Role
from dealership.selectors import staff_with_role
from dealership.timeutil import store_today
from sales import selectors, services
from sales.forms import VisitForm
from sales.models import Customer, SmsMessage
from sales.rules import VISIT_LOGGER_ROLES, VISIT_MAX_LENGTH, normalise_mobile
from sales.services.customers import NewCustomerData
from sales.views.common import redirect_back, sales_page


def _consultants(request):
    """Managers, supervisors, group leaders and DCC log for others."""
    if not request.user.has_role(*VISIT_LOGGER_ROLES):
        return None
    return staff_with_role(store=request.store, role=Role.SALES_CONSULTANT)


@sales_page
def visit_new(request: HttpRequest) -> HttpResponse:
    consultants = _consultants(request)
    form = VisitForm(request.POST or None, store=request.store, consultants=consultants)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        customer_data = NewCustomerData(
            **{k: data.get(k) or "" for k in NewCustomerData.__dataclass_fields__ if k != "budget"},
            budget=data.get("budget"),
        )
        try:
            visit = services.visit_log(
                store=request.store,
                by=request.user,
                consultant=data.get("consultant") or request.user,
                kind=data["kind"],
                source_channel=data["source_channel"],
                mobile=data["mobile"],
                started_at=data["started_at"],
                ended_at=data.get("ended_at"),
                party_size=data["party_size"],
                note=data.get("note", ""),
                customer_data=customer_data,
            )
        except DomainError as exc:
            form_add_domain_error(form, exc)
        else:
            _maybe_send_sms(request, visit, data.get("send_sms"))
            messages.success(request, _("Logged: %s") % visit.customer.name)
            return redirect("sales:customer_detail", visit.customer_id)
    return render(request, "sales/visit_form.html", {"form": form})


def _maybe_send_sms(request, visit, wanted: bool) -> None:
    sms = getattr(visit, "sms", None)
    if not wanted or sms is None:
        return
    try:
        services.sms_send(sms=sms, by=request.user)
    except DomainError as exc:
        messages.warning(request, exc.message)


@sales_page
def customer_lookup(request: HttpRequest) -> JsonResponse:
    """While typing a mobile number: is this a known customer of the store?"""
    mobile = normalise_mobile(request.GET.get("mobile", ""))
    customer = Customer.objects.filter(store=request.store, mobile=mobile).first()
    if customer is None:
        return JsonResponse({"found": False})
    visible = selectors.customer_get_for_user(
        user=request.user, store=request.store, customer_id=customer.pk
    )
    return JsonResponse(
        {
            "found": True,
            "name": customer.name if visible else "",
            "consultant": customer.consultant.display_name,
            "grade": customer.grade,
        }
    )


@sales_page
def day_view(request: HttpRequest) -> HttpResponse:
    """LEAD-3: the day's visits, calls, new leads and the registration rate."""
    try:
        day = parse_date(request.GET.get("day", "")) or store_today(request.store)
    except ValueError:  # a well-formed but impossible date (2024-02-30)
        day = store_today(request.store)
    customers = selectors.customer_list_for_user(user=request.user, store=request.store)
    mine_only = not selectors.user_sees_whole_store(request.user)
    figures = selectors.reception_day_figures(
        store=request.store, day=day, consultant=request.user if mine_only else None
    )
    visits = selectors.visit_list_for_day(store=request.store, day=day, customers=customers)
    return render(
        request,
        "sales/day_view.html",
        {
            "day": day,
            "figures": figures,
            "visits": visits,
            "ends_any_visit": request.user.has_role(*VISIT_LOGGER_ROLES),
            # a visit begun longer ago than a reception lasts cannot end "now"
            "ends_visits_since": timezone.now() - VISIT_MAX_LENGTH,
        },
    )


@sales_page
@require_POST
def visit_end(request: HttpRequest, visit_id: int) -> HttpResponse:
    """LEAD-5, SHW-DESK: the customer has left; the SMS is due from now."""
    visit = selectors.visit_get_for_user(user=request.user, store=request.store, visit_id=visit_id)
    if visit is None:
        raise Http404
    try:
        visit = services.visit_end(visit=visit, by=request.user)
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("Reception ended: %s") % visit.customer.name)
    return redirect_back(request, "sales:day_view")


@sales_page
@require_POST
def sms_send(request: HttpRequest, sms_id: int) -> HttpResponse:
    sms = SmsMessage.objects.filter(store=request.store, pk=sms_id).select_related("customer")
    if not selectors.user_sees_whole_store(request.user):
        sms = sms.filter(Q(sender=request.user) | Q(customer__consultant=request.user))
    sms = sms.first()
    if sms is None:
        raise Http404
    try:
        services.sms_send(sms=sms, by=request.user)
        messages.success(request, _("SMS sent to %s.") % sms.customer.name)
    except DomainError as exc:
        messages.error(request, exc.message)
    return redirect_back(request, "sales:customer_detail", sms.customer_id)
