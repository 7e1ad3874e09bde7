"""DLV-LOAN, the supervisor's loan follow-up page (seed, 销售主管岗位职责:
"办理广汽汇理申请、审批放款跟进及抵押相关手续"): the store's open cases, the
one waiting longest in its stage first, each moved on in place."""

from __future__ import annotations

from datetime import timedelta

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from sales.models import LoanCase, LoanEvent
from sales.rules import LoanStatus
from sales.selectors import loan_cases_open
from sales.services import loan_advance, loan_open
from tests.sales.factories import CustomerFactory
from tests.sales.test_orders import place

pytestmark = pytest.mark.django_db


def _case(store, consultant, **kw):
    customer = CustomerFactory(store=store, consultant=consultant)
    return loan_open(order=place(customer, consultant), amount="100000", by=consultant, **kw)


def test_dlv_loan_list_oldest_stage_first_with_days_and_next_stages(
    store, consultant_a, supervisor
):
    with time_machine.travel(timezone.now() - timedelta(days=9)):
        old = _case(store, consultant_a)
    new = _case(store, consultant_a)
    done = _case(store, consultant_a)
    for status in ("approved", "signed", "disbursed", "mortgage_registered"):
        loan_advance(case=done, to_status=status, by=supervisor)
    declined = _case(store, consultant_a)
    loan_advance(case=declined, to_status=LoanStatus.DECLINED, by=supervisor)

    rows = loan_cases_open(store=store)
    assert [r.case.pk for r in rows] == [old.pk, new.pk]
    assert [r.days_in_stage for r in rows] == [9, 0]
    assert [s for s, _label in rows[0].next_statuses] == ["approved", "declined"]


def test_dlv_loan_list_supervisor_advances_in_place(login, store, consultant_a, supervisor):
    case = _case(store, consultant_a)
    client = login(supervisor)
    page = client.get(reverse("sales:loan_list"))
    assert f'data-loan-case="{case.pk}"' in page.content.decode()
    assert "sales:loan_list" in {i.url_name for i in page.context["nav_items"]}
    response = client.post(
        reverse("sales:loan_list_advance", args=[case.pk]),
        {f"l{case.pk}-status": "approved", f"l{case.pk}-note": "银行已批"},
        follow=True,
    )
    assert f"订单 {case.order.number} 的贷款：" in response.content.decode()
    case.refresh_from_db()
    assert case.status == LoanStatus.APPROVED
    assert case.events.last().note == "银行已批"


def test_dlv_loan_list_refuses_a_skipped_stage_next_to_the_field(
    login, store, consultant_a, supervisor
):
    case = _case(store, consultant_a)
    response = login(supervisor).post(
        reverse("sales:loan_list_advance", args=[case.pk]),
        {f"l{case.pk}-status": "disbursed", f"l{case.pk}-note": ""},
    )
    assert response.status_code == 400
    form = next(f for r, f in response.context["rows"] if r.case.pk == case.pk)
    assert "status" in form.errors
    assert LoanCase.objects.get().status == LoanStatus.APPLIED
    assert LoanEvent.objects.count() == 1


def test_dlv_loan_list_is_not_for_consultants(login, store, consultant_a):
    case = _case(store, consultant_a)
    client = login(consultant_a)
    assert client.get(reverse("sales:loan_list")).status_code == 403
    response = client.post(
        reverse("sales:loan_list_advance", args=[case.pk]), {f"l{case.pk}-status": "approved"}
    )
    assert response.status_code == 403
    assert LoanCase.objects.get().status == LoanStatus.APPLIED


def test_dlv_loan_list_other_store_case_is_not_found(
    login, store, consultant_a, roles, other_store
):
    from dealership.rules import Role
    from tests.factories import UserFactory

    case = _case(store, consultant_a)
    stranger = UserFactory(username="sup_mm", roles=[Role.SALES_SUPERVISOR], stores=[other_store])
    response = login(stranger).post(
        reverse("sales:loan_list_advance", args=[case.pk]), {f"l{case.pk}-status": "approved"}
    )
    assert response.status_code == 404
    assert LoanCase.objects.get().status == LoanStatus.APPLIED


def test_dlv_loan_list_queries_do_not_grow_with_cases(login, store, consultant_a, supervisor):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = login(supervisor)

    def count() -> int:
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(reverse("sales:loan_list")).status_code == 200
        return len(ctx)

    _case(store, consultant_a)
    one = count()
    for _ in range(3):
        _case(store, consultant_a)
    assert count() == one
