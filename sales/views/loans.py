"""The supervisor's loan follow-up (DLV-LOAN): every open auto-finance case of
the store on one page, the one waiting longest first, each moved to its next
stage in place."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from sales import selectors, services
from sales.forms import LoanAdvanceForm
from sales.models import LoanCase
from sales.rules import LOAN_TRACKER_ROLES
from sales.views.common import role_page, submit

loan_page = role_page(*LOAN_TRACKER_ROLES)


def _form(row, data=None) -> LoanAdvanceForm:
    form = LoanAdvanceForm(data, prefix=f"l{row.case.pk}")
    form.fields["status"].choices = list(row.next_statuses)
    return form


def _render(request, rows, forms=None, status: int = 200) -> HttpResponse:
    forms = forms or {}
    pairs = [(row, forms.get(row.case.pk) or _form(row)) for row in rows]
    return render(request, "sales/loan_list.html", {"rows": pairs}, status=status)


@loan_page
def loan_list(request: HttpRequest) -> HttpResponse:
    return _render(request, selectors.loan_cases_open(store=request.store))


@loan_page
@require_POST
def loan_list_advance(request: HttpRequest, case_id: int) -> HttpResponse:
    rows = selectors.loan_cases_open(store=request.store)
    row = next((r for r in rows if r.case.pk == case_id), None)
    if row is None:
        if LoanCase.objects.filter(pk=case_id, order__store=request.store).exists():
            messages.info(request, _("This loan case is closed."))
            return redirect("sales:loan_list")
        raise Http404
    form = _form(row, request.POST)
    case = submit(
        form,
        lambda d: services.loan_advance(
            case=row.case, to_status=d["status"], note=d["note"], by=request.user
        ),
    )
    if case is None:
        return _render(request, rows, {case_id: form}, status=400)
    messages.success(
        request,
        _("Loan of order %(number)s: %(status)s.")
        % {"number": row.case.order.number, "status": case.get_status_display()},
    )
    return redirect("sales:loan_list")
