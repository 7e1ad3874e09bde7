"""Who takes an order's delivery steps (DLV-ACCESSORIES, DLV-LOAN,
DLV-AFFAIRS), from the seed's job descriptions: the consultant opens a loan
with the buyer, the sales supervisor follows it to the mortgage (销售主管:
"办理广汽汇理申请、审批放款跟进及抵押相关手续"), the vehicle affairs clerk, the
consultant or the supervisor records plates, tax and insurance (车务人员). Each
refusal asserts nothing was written."""

from __future__ import annotations

import pytest
from django.urls import reverse

from dealership.rules import Role
from sales.models import AffairsTask, LoanCase, LoanEvent
from sales.rules import AffairsKind, LoanStatus
from sales.services import accessory_mark_installed, affairs_record, loan_advance, loan_open
from tests.factories import UserFactory
from tests.refusal import refused
from tests.sales.test_orders import place

pytestmark = pytest.mark.django_db


def test_dlv_loan_consultant_cannot_advance_the_loan(customer, consultant_a):
    case = loan_open(order=place(customer, consultant_a), amount="100000", by=consultant_a)
    error = refused(
        lambda: loan_advance(case=case, to_status=LoanStatus.APPROVED, by=consultant_a),
        "ROLE_REQUIRED",
        403,
    )
    assert "销售主管" in error.message
    assert LoanCase.objects.get().status == LoanStatus.APPLIED
    assert LoanEvent.objects.count() == 1


def test_dlv_loan_info_officer_cannot_open_a_loan(customer, consultant_a, info_officer):
    order = place(customer, consultant_a)
    refused(lambda: loan_open(order=order, amount="100000", by=info_officer), "ROLE_REQUIRED", 403)
    assert not LoanCase.objects.exists() and not LoanEvent.objects.exists()


def test_dlv_loan_supervisor_of_another_store_is_refused(
    customer, consultant_a, roles, other_store
):
    stranger = UserFactory(username="sup_mm", roles=[Role.SALES_SUPERVISOR], stores=[other_store])
    case = loan_open(order=place(customer, consultant_a), amount="100000", by=consultant_a)
    refused(
        lambda: loan_advance(case=case, to_status=LoanStatus.APPROVED, by=stranger),
        "STORE_NOT_ASSIGNED",
    )
    assert LoanCase.objects.get().status == LoanStatus.APPLIED


def test_dlv_accessories_info_officer_cannot_mark_installed(customer, consultant_a, info_officer):
    accessory = place(customer, consultant_a).accessories.get()
    refused(
        lambda: accessory_mark_installed(accessory=accessory, by=info_officer),
        "ROLE_REQUIRED",
        403,
    )
    accessory.refresh_from_db()
    assert accessory.installed_at is None


def test_dlv_affairs_vehicle_affairs_clerk_records_and_info_officer_cannot(
    customer, consultant_a, affairs_clerk, info_officer
):
    order = place(customer, consultant_a)
    refused(
        lambda: affairs_record(order=order, kind=AffairsKind.PLATES, by=info_officer),
        "ROLE_REQUIRED",
        403,
    )
    assert not AffairsTask.objects.exists()
    task = affairs_record(
        order=order, kind=AffairsKind.PLATES, reference="粤Q·B1234", by=affairs_clerk
    )
    assert task.done_by == affairs_clerk


def test_dlv_loan_page_consultant_sees_no_advance_form_and_is_refused(
    login, customer, consultant_a
):
    order = place(customer, consultant_a)
    loan_open(order=order, amount="100000", by=consultant_a)
    client = login(consultant_a)
    page = client.get(reverse("sales:order_detail", args=[order.pk])).content.decode()
    assert "data-loan-advance" not in page
    assert "贷款的审批、放款及抵押由销售主管跟进。" in page
    assert "data-affairs" in page
    response = client.post(
        reverse("sales:loan_advance", args=[order.pk]), {"status": "approved", "note": ""}
    )
    assert response.status_code == 400
    assert response.context["loan_advance_form"].non_field_errors() == [
        "贷款的审批、放款及抵押由销售主管跟进。"
    ]
    assert LoanCase.objects.get().status == LoanStatus.APPLIED


def test_dlv_loan_page_supervisor_sees_the_advance_form(login, customer, consultant_a, supervisor):
    order = place(customer, consultant_a)
    loan_open(order=order, amount="100000", by=consultant_a)
    page = login(supervisor).get(reverse("sales:order_detail", args=[order.pk])).content.decode()
    assert "data-loan-advance" in page


def test_dlv_accessories_page_info_officer_sees_no_button_and_is_refused(
    login, customer, consultant_a, info_officer
):
    order = place(customer, consultant_a)
    accessory = order.accessories.get()
    client = login(info_officer)
    page = client.get(reverse("sales:order_detail", args=[order.pk])).content.decode()
    assert reverse("sales:accessory_installed", args=[accessory.pk]) not in page
    assert "data-loan-open" not in page and "data-affairs" not in page
    response = client.post(reverse("sales:accessory_installed", args=[accessory.pk]), follow=True)
    assert "精品安装由销售主管或该客户的销售顾问登记。" in response.content.decode()
    accessory.refresh_from_db()
    assert accessory.installed_at is None


def test_dlv_affairs_desk_reachable_by_the_affairs_clerk_from_the_menu(
    login, customer, consultant_a, affairs_clerk
):
    """The vehicle affairs clerk holds no sales role: the desk is their page."""
    order = place(customer, consultant_a)
    client = login(affairs_clerk)
    home = client.get("/").content.decode()
    assert reverse("sales:affairs_desk") in home
    assert client.get(reverse("sales:order_list")).status_code == 403
    page = client.get(reverse("sales:affairs_desk")).content.decode()
    assert f'data-affairs-order="{order.pk}"' in page
    assert 'data-missing="plates"' in page
    response = client.post(
        reverse("sales:affairs_desk_record", args=[order.pk]),
        {
            f"o{order.pk}-kind": "plates",
            f"o{order.pk}-fee": "125",
            f"o{order.pk}-reference": "粤Q·B1234",
        },
        follow=True,
    )
    page = response.content.decode()
    assert f"订单 {order.number} 的上牌已登记。" in page
    assert 'data-done="plates"' in page and 'data-missing="plates"' not in page
    task = AffairsTask.objects.get()
    assert (task.kind, str(task.fee), task.reference, task.done_by) == (
        "plates",
        "125.00",
        "粤Q·B1234",
        affairs_clerk,
    )


def test_dlv_affairs_desk_refuses_a_step_already_done_next_to_the_field(
    login, customer, consultant_a, affairs_clerk
):
    order = place(customer, consultant_a)
    affairs_record(order=order, kind=AffairsKind.INSURANCE, fee="4800", by=consultant_a)
    response = login(affairs_clerk).post(
        reverse("sales:affairs_desk_record", args=[order.pk]),
        {f"o{order.pk}-kind": "insurance", f"o{order.pk}-fee": "1"},
    )
    assert response.status_code == 400
    errors = next(f for r, f in response.context["rows"] if r.order.pk == order.pk).errors
    assert "kind" in errors
    assert str(AffairsTask.objects.get().fee) == "4800.00"


def test_dlv_affairs_desk_consultant_sees_own_orders_only_and_done_orders_leave(
    login, customer, consultant_a, consultant_b, store
):
    from tests.sales.factories import CustomerFactory

    mine = place(customer, consultant_a)
    theirs = place(CustomerFactory(store=store, consultant=consultant_b), consultant_b)
    page = login(consultant_a).get(reverse("sales:affairs_desk")).content.decode()
    assert f'data-affairs-order="{mine.pk}"' in page
    assert f'data-affairs-order="{theirs.pk}"' not in page
    for kind in AffairsKind.values:
        affairs_record(order=mine, kind=kind, by=consultant_a)
    page = login(consultant_a).get(reverse("sales:affairs_desk")).content.decode()
    assert f'data-affairs-order="{mine.pk}"' not in page and "data-empty" in page


def test_dlv_affairs_not_recorded_on_a_cancelled_order(customer, consultant_a):
    from sales.services import order_cancel

    order = place(customer, consultant_a)
    order_cancel(order=order, reason="客户改买他店", by=consultant_a)
    refused(
        lambda: affairs_record(order=order, kind=AffairsKind.PLATES, by=consultant_a),
        "ORDER_CANCELLED",
        409,
    )
    assert not AffairsTask.objects.exists()


def test_dlv_affairs_desk_hides_other_consultants_orders(
    login, customer, consultant_a, consultant_b
):
    order = place(customer, consultant_a)
    response = login(consultant_b).post(
        reverse("sales:affairs_desk_record", args=[order.pk]),
        {f"o{order.pk}-kind": "plates"},
    )
    assert response.status_code == 404
    assert not AffairsTask.objects.exists()


def test_dlv_affairs_desk_queries_do_not_grow_with_orders(
    login, store, consultant_a, affairs_clerk
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from tests.sales.factories import CustomerFactory

    client = login(affairs_clerk)

    def count() -> int:
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(reverse("sales:affairs_desk")).status_code == 200
        return len(ctx)

    order = place(CustomerFactory(store=store, consultant=consultant_a), consultant_a)
    affairs_record(order=order, kind=AffairsKind.PLATES, by=affairs_clerk)
    one = count()
    for _ in range(4):
        place(CustomerFactory(store=store, consultant=consultant_a), consultant_a)
    assert count() == one
