"""Orders (LEAD-7), cancellation, and the delivery steps (DLV-*)."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from dealership.errors import DomainError
from inventory.selectors import vehicle_for_order
from sales import selectors, services
from sales.forms import (
    AffairsForm,
    LoanAdvanceForm,
    LoanOpenForm,
    OrderForm,
    ReasonForm,
    ThreeGuaranteeForm,
)
from sales.models import Delivery, Order, OrderAccessory
from sales.rules import THREE_GUARANTEE_ITEMS, IdType, OrderStatus
from sales.views.common import get_customer, sales_page, submit


def _orders_for(request):
    orders = Order.objects.filter(store=request.store).select_related("customer", "consultant")
    if not selectors.user_sees_whole_store(request.user):
        orders = orders.filter(customer__consultant=request.user)
    return orders


def _get_order(request, order_id: int) -> Order:
    order = _orders_for(request).filter(pk=order_id).first()
    if order is None:
        raise Http404
    return order


@sales_page
def order_new(request: HttpRequest, customer_id: int) -> HttpResponse:
    customer = get_customer(request, customer_id)
    initial = {
        "full_name": customer.name,
        "mobile": customer.mobile,
        "address": customer.address,
        "model_name": customer.model_of_interest,
        "colour": customer.colour_of_interest,
    }
    form = OrderForm(request.POST or None, initial=initial)
    if request.method == "POST":
        order = submit(
            form,
            lambda d: services.order_create(
                customer=customer,
                by=request.user,
                full_name=d["full_name"],
                mobile=d["mobile"],
                address=d["address"],
                id_number=d["id_number"],
                id_type=d.get("id_type") or IdType.PRC_ID,
                model_name=d["model_name"],
                colour=d["colour"],
                price=d["price"],
                deposit=d["deposit"],
                accessories=form.accessory_lines(),
            ),
        )
        if order:
            messages.success(request, _("Order %s placed.") % order.number)
            return redirect("sales:order_detail", order.pk)
    return render(request, "sales/order_form.html", {"form": form, "customer": customer})


@sales_page
def order_list(request: HttpRequest) -> HttpResponse:
    status = request.GET.get("status", OrderStatus.ORDERED)
    orders = _orders_for(request)
    if status in OrderStatus.values:
        orders = orders.filter(status=status)
    return render(
        request,
        "sales/order_list.html",
        {"orders": orders[:200], "status": status, "statuses": OrderStatus.choices},
    )


@sales_page
def order_detail(request: HttpRequest, order_id: int) -> HttpResponse:
    order = _get_order(request, order_id)
    return render(request, "sales/order_detail.html", _order_context(request, order))


def _order_context(request, order: Order, **forms) -> dict:
    context = {
        "order": order,
        "can": selectors.order_steps_for_user(request.user),
        "accessories": order.accessories.all(),
        "affairs": order.affairs.all(),
        "loan": getattr(order, "loan", None),
        "delivery": getattr(order, "delivery", None),
        "vehicle": vehicle_for_order(order=order),
        "cancel_form": ReasonForm(),
        "loan_form": LoanOpenForm(),
        "loan_advance_form": LoanAdvanceForm(),
        "affairs_form": AffairsForm(),
    }
    context.update(forms)
    return context


def _order_action(request, order_id: int, form_class, form_name: str, action):
    order = _get_order(request, order_id)
    form = form_class(request.POST)
    if submit(form, lambda d: action(order, d)) is not None:
        messages.success(request, _("Saved."))
        return redirect("sales:order_detail", order.pk)
    return render(
        request,
        "sales/order_detail.html",
        _order_context(request, order, **{form_name: form}),
        status=400,
    )


@sales_page
@require_POST
def order_cancel(request: HttpRequest, order_id: int) -> HttpResponse:
    return _order_action(
        request,
        order_id,
        ReasonForm,
        "cancel_form",
        lambda o, d: services.order_cancel(order=o, reason=d["reason"], by=request.user),
    )


@sales_page
@require_POST
def loan_open(request: HttpRequest, order_id: int) -> HttpResponse:
    return _order_action(
        request,
        order_id,
        LoanOpenForm,
        "loan_form",
        lambda o, d: services.loan_open(
            order=o, amount=d["amount"], lender=d["lender"], by=request.user
        ),
    )


@sales_page
@require_POST
def loan_advance(request: HttpRequest, order_id: int) -> HttpResponse:
    def action(order, data):
        if not hasattr(order, "loan"):
            raise DomainError("NO_LOAN", _("This order has no loan case."))
        return services.loan_advance(
            case=order.loan, to_status=data["status"], note=data["note"], by=request.user
        )

    return _order_action(request, order_id, LoanAdvanceForm, "loan_advance_form", action)


@sales_page
@require_POST
def affairs_record(request: HttpRequest, order_id: int) -> HttpResponse:
    return _order_action(
        request,
        order_id,
        AffairsForm,
        "affairs_form",
        lambda o, d: services.affairs_record(
            order=o, kind=d["kind"], fee=d["fee"], reference=d["reference"], by=request.user
        ),
    )


@sales_page
@require_POST
def accessory_installed(request: HttpRequest, accessory_id: int) -> HttpResponse:
    accessory = OrderAccessory.objects.filter(pk=accessory_id).select_related("order").first()
    if accessory is None:
        raise Http404
    order = _get_order(request, accessory.order_id)
    try:
        services.accessory_mark_installed(accessory=accessory, by=request.user)
    except DomainError as exc:
        messages.error(request, exc.message)
    return redirect("sales:order_detail", order.pk)


def _deliveries_for(request):
    deliveries = Delivery.objects.filter(store=request.store).select_related(
        "order", "order__customer", "consultant"
    )
    if not selectors.user_sees_whole_store(request.user):
        deliveries = deliveries.filter(order__customer__consultant=request.user)
    return deliveries


def _get_delivery(request, delivery_id: int) -> Delivery:
    delivery = _deliveries_for(request).filter(pk=delivery_id).first()
    if delivery is None:
        raise Http404
    return delivery


@sales_page
def delivery_list(request: HttpRequest) -> HttpResponse:
    """DLV-LIST: the delivered-customers list."""
    return render(
        request, "sales/delivery_list.html", {"deliveries": _deliveries_for(request)[:300]}
    )


@sales_page
def delivery_detail(request: HttpRequest, delivery_id: int) -> HttpResponse:
    delivery = _get_delivery(request, delivery_id)
    form = ThreeGuaranteeForm(request.POST or None)
    if request.method == "POST":
        done = submit(
            form,
            lambda d: services.delivery_confirm_three_guarantee(
                delivery=delivery, items=d, by=request.user
            ),
        )
        if done:
            messages.success(request, _("三包 confirmation recorded."))
            return redirect("sales:delivery_detail", delivery.pk)
    return render(request, "sales/delivery_detail.html", {"delivery": delivery, "form": form})


@sales_page
@require_POST
def delivery_class(request: HttpRequest, delivery_id: int) -> HttpResponse:
    """DLV-CLASS: notify customer service, then record the class as held."""
    delivery = _get_delivery(request, delivery_id)
    try:
        if request.POST.get("step") == "done":
            services.delivery_mark_class_done(delivery=delivery, by=request.user)
        else:
            services.delivery_notify_class(delivery=delivery, by=request.user)
    except DomainError as exc:
        messages.error(request, exc.message)
    return redirect("sales:delivery_detail", delivery.pk)


@sales_page
def delivery_print(request: HttpRequest, delivery_id: int) -> HttpResponse:
    """DLV-3GUARANTEE: the printable confirmation the customer signs."""
    delivery = _get_delivery(request, delivery_id)
    items = [
        (label, delivery.three_guarantee_items.get(key)) for key, label in THREE_GUARANTEE_ITEMS
    ]
    return render(request, "sales/delivery_print.html", {"delivery": delivery, "items": items})
