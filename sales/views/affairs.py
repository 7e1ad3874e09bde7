"""The vehicle affairs desk (DLV-AFFAIRS): plates, purchase tax and insurance
for the store's sold cars, for the vehicle affairs clerk (车务人员), who holds
no sales role, and for the consultants and supervisors who record them too."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from sales import selectors, services
from sales.forms import AffairsForm
from sales.rules import AFFAIRS_ROLES
from sales.views.common import role_page, submit

affairs_page = role_page(*AFFAIRS_ROLES)


def _render(request, form_for: int | None = None, form=None, status: int = 200):
    rows = selectors.orders_awaiting_affairs(user=request.user, store=request.store)
    forms = {}
    for row in rows:
        if row.order.pk == form_for:
            forms[row.order.pk] = form
        else:
            f = AffairsForm(prefix=f"o{row.order.pk}")
            f.fields["kind"].choices = list(row.missing)
            forms[row.order.pk] = f
    return render(
        request,
        "sales/affairs_desk.html",
        {"rows": [(row, forms[row.order.pk]) for row in rows]},
        status=status,
    )


@affairs_page
def affairs_desk(request: HttpRequest) -> HttpResponse:
    return _render(request)


@affairs_page
@require_POST
def affairs_desk_record(request: HttpRequest, order_id: int) -> HttpResponse:
    rows = selectors.orders_awaiting_affairs(
        user=request.user, store=request.store, order_id=order_id
    )
    if not rows:
        visible = selectors.affairs_orders_for_user(user=request.user, store=request.store)
        if not visible.filter(pk=order_id).exists():
            raise Http404
        messages.info(request, _("This order's vehicle affairs are all recorded."))
        return redirect("sales:affairs_desk")
    row = rows[0]
    form = AffairsForm(request.POST, prefix=f"o{order_id}")
    form.fields["kind"].choices = list(row.missing)
    task = submit(
        form,
        lambda d: services.affairs_record(
            order=row.order, kind=d["kind"], fee=d["fee"], reference=d["reference"], by=request.user
        ),
    )
    if task is None:
        return _render(request, form_for=order_id, form=form, status=400)
    messages.success(
        request,
        _("%(step)s recorded for order %(number)s.")
        % {"step": task.get_kind_display(), "number": row.order.number},
    )
    return redirect("sales:affairs_desk")
