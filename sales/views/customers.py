"""The customer book: list, record with timeline, edit, grade, test drives,
lost request (LEAD-2, LEAD-4, LEAD-6, LEAD-11)."""

from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from dealership.errors import DomainError
from sales import selectors, services
from sales.forms import CustomerForm, GradeForm, LostRequestForm, TestDriveForm
from sales.models import Customer, TestDrive
from sales.rules import Grade
from sales.views.common import get_customer, redirect_back, sales_page, submit


@sales_page
def customer_list(request: HttpRequest) -> HttpResponse:
    customers = selectors.customer_list_for_user(user=request.user, store=request.store)
    query = request.GET.get("q", "").strip()
    grade = request.GET.get("grade", "")
    if query:
        customers = customers.filter(Q(name__icontains=query) | Q(mobile__contains=query))
    if grade in Grade.values:
        customers = customers.filter(grade=grade)
    page = Paginator(customers.order_by("-assigned_at", "-pk"), 30).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "sales/customer_list.html",
        {"page": page, "query": query, "grade": grade, "grades": Grade.choices},
    )


def _detail_context(request, customer) -> dict:
    return {
        "customer": customer,
        "timeline": selectors.customer_timeline(customer=customer),
        "grade_form": GradeForm(),
        "drive_form": TestDriveForm(store=request.store),
        "open_drives": TestDrive.objects.filter(customer=customer, ended_at__isnull=True),
        "orders": customer.orders.all(),
        "unsent_sms": customer.sms.filter(sent_at__isnull=True),
        "can_manage": selectors.user_can_manage_sales(request.user),
    }


@sales_page
def customer_detail(request: HttpRequest, customer_id: int) -> HttpResponse:
    customer = get_customer(request, customer_id)
    return render(request, "sales/customer_detail.html", _detail_context(request, customer))


@sales_page
def customer_edit(request: HttpRequest, customer_id: int) -> HttpResponse:
    customer = get_customer(request, customer_id)
    # The form validates on its own copy; the service does the write.
    form = CustomerForm(request.POST or None, instance=Customer.objects.get(pk=customer.pk))
    if request.method == "POST":
        done = submit(
            form, lambda d: services.customer_update(customer=customer, by=request.user, **d)
        )
        if done:
            messages.success(request, _("Saved."))
            return redirect("sales:customer_detail", customer.pk)
    return render(request, "sales/customer_form.html", {"form": form, "customer": customer})


@sales_page
@require_POST
def customer_grade(request: HttpRequest, customer_id: int) -> HttpResponse:
    customer = get_customer(request, customer_id)
    form = GradeForm(request.POST)
    done = submit(
        form,
        lambda d: services.customer_change_grade(
            customer=customer, to_grade=d["grade"], reason=d["reason"], by=request.user
        ),
    )
    if done:
        messages.success(request, _("Grade changed to %s.") % done.get_grade_display())
        return redirect("sales:customer_detail", customer.pk)
    return _detail_with_form(request, customer, grade_form=form)


def _detail_with_form(request, customer, **forms) -> HttpResponse:
    """Show the customer page again with the refused form and its errors."""
    context = _detail_context(request, customer)
    context.update(forms)
    return render(request, "sales/customer_detail.html", context, status=400)


@sales_page
@require_POST
def test_drive_new(request: HttpRequest, customer_id: int) -> HttpResponse:
    """LEAD-6: name and licence before the drive."""
    customer = get_customer(request, customer_id)
    form = TestDriveForm(request.POST, store=request.store)
    drive = submit(
        form,
        lambda d: services.test_drive_register(
            customer=customer,
            test_car=d["test_car"],
            driver_name=d["driver_name"],
            licence_number=d["licence_number"],
            note=d.get("note", ""),
            by=request.user,
        ),
    )
    if drive:
        messages.success(request, _("Test drive registered: %s") % drive.test_car)
        return redirect("sales:customer_detail", customer.pk)
    return _detail_with_form(request, customer, drive_form=form)


@sales_page
@require_POST
def test_drive_finish(request: HttpRequest, drive_id: int) -> HttpResponse:
    drive = TestDrive.objects.filter(store=request.store, pk=drive_id).first()
    if drive is None or get_customer(request, drive.customer_id) is None:
        raise Http404
    try:
        services.test_drive_finish(drive=drive, by=request.user)
    except DomainError as exc:
        messages.error(request, exc.message)
    return redirect_back(request, "sales:customer_detail", drive.customer_id)


@sales_page
def lost_request_new(request: HttpRequest, customer_id: int) -> HttpResponse:
    """LEAD-11: ask the manager to mark the customer lost."""
    customer = get_customer(request, customer_id)
    form = LostRequestForm(request.POST or None)
    if request.method == "POST":
        done = submit(
            form,
            lambda d: services.lost_request(
                customer=customer,
                reason=d["reason"],
                competitor_brand=d.get("competitor_brand") or "",
                competitor_price=d.get("competitor_price"),
                note=d.get("note") or "",
                by=request.user,
            ),
        )
        if done:
            messages.success(request, _("Sent to the manager for a decision."))
            return redirect("sales:customer_detail", customer.pk)
    return render(request, "sales/lost_request_form.html", {"form": form, "customer": customer})
