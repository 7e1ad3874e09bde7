"""LEAD-8..11: reassignment after 2/3/4 months, spot checks, lost customers."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from dealership.errors import DomainError
from sales.models import Customer, LostRequest, Reassignment, SpotCheck, SpotCheckItem
from sales.rules import Grade, LostReason, Owner, ReassignKind, SpotCheckResult
from sales.selectors import customers_due_for_reassignment
from sales.services import (
    customer_reassign,
    lost_decide,
    lost_request,
    sales_policy_for,
    spot_check_create,
    spot_check_record,
)
from tests.sales.factories import CustomerFactory, OrderFactory

pytestmark = pytest.mark.django_db


def aged(consultant, days: int, held_days: int | None = None, **kw) -> Customer:
    customer = CustomerFactory(consultant=consultant, **kw)
    now = timezone.now()
    Customer.objects.filter(pk=customer.pk).update(
        created_at=now - timedelta(days=days),
        assigned_at=now - timedelta(days=held_days if held_days is not None else days),
    )
    customer.refresh_from_db()
    return customer


def test_lead_8_9_due_lists_by_age(store, consultant_a, gm):
    fresh = aged(consultant_a, 30)
    two = aged(consultant_a, 61)
    three = aged(consultant_a, 95)
    four = aged(consultant_a, 125)
    ordered = aged(consultant_a, 70)
    OrderFactory(customer=ordered)
    due = customers_due_for_reassignment(store=store, policy=sales_policy_for(store))
    assert due.to_other_group == [two]
    assert due.to_management == [three]
    assert due.to_gm_office == [four]
    assert fresh not in due.to_other_group


def test_lead_8_swapped_customer_is_not_due_again_until_two_more_months(
    store, consultant_a, consultant_b, manager
):
    customer = aged(consultant_a, 65)
    customer_reassign(
        customers=[customer], kind=ReassignKind.GROUP_SWAP, to_user=consultant_b, by=manager
    )
    due = customers_due_for_reassignment(store=store, policy=sales_policy_for(store))
    assert due.to_other_group == []


def test_lead_8_reassign_a_to_b(consultant_a, consultant_b, manager):
    customer = aged(consultant_a, 65)
    customer_reassign(
        customers=[customer], kind=ReassignKind.GROUP_SWAP, to_user=consultant_b, by=manager
    )
    customer.refresh_from_db()
    record = Reassignment.objects.get()
    assert (customer.consultant, customer.owner) == (consultant_b, Owner.CONSULTANT)
    assert (record.from_consultant, record.to_consultant, record.by) == (
        consultant_a,
        consultant_b,
        manager,
    )


def test_lead_8_reassign_within_the_same_group_is_refused(roles, store, consultant_a, manager):
    from dealership.rules import Role
    from tests.factories import UserFactory

    same_group = UserFactory(roles=[Role.SALES_CONSULTANT], stores=[store], sales_group="A")
    customer = aged(consultant_a, 65)
    with pytest.raises(DomainError) as exc:
        customer_reassign(
            customers=[customer], kind=ReassignKind.GROUP_SWAP, to_user=same_group, by=manager
        )
    assert exc.value.code == "REASSIGN_TARGET"
    customer.refresh_from_db()
    assert customer.consultant == consultant_a
    assert not Reassignment.objects.exists()


def test_lead_8_only_managers_reassign(consultant_a, consultant_b):
    customer = aged(consultant_a, 65)
    with pytest.raises(DomainError) as exc:
        customer_reassign(
            customers=[customer],
            kind=ReassignKind.GROUP_SWAP,
            to_user=consultant_b,
            by=consultant_b,
        )
    assert exc.value.code == "MANAGER_ONLY"
    customer.refresh_from_db()
    assert customer.consultant == consultant_a


def test_lead_9_after_three_months_to_management_and_out_of_commission(
    consultant_a, manager, supervisor
):
    customer = aged(consultant_a, 95)
    customer_reassign(
        customers=[customer], kind=ReassignKind.MANAGEMENT, to_user=supervisor, by=manager
    )
    customer.refresh_from_db()
    assert (customer.consultant, customer.owner, customer.commission_excluded) == (
        supervisor,
        Owner.MANAGEMENT,
        True,
    )
    order = OrderFactory(customer=customer, commission_excluded=customer.commission_excluded)
    assert order.commission_excluded is True


def test_lead_9_order_after_month_3_is_flagged(consultant_a, manager, supervisor):
    from sales.services import order_create
    from tests.sales.factories import valid_id_number

    customer = aged(consultant_a, 95)
    customer_reassign(
        customers=[customer], kind=ReassignKind.MANAGEMENT, to_user=supervisor, by=manager
    )
    customer.refresh_from_db()
    order = order_create(
        customer=customer,
        by=supervisor,
        full_name="陈大文",
        mobile=customer.mobile,
        address="阳江",
        id_number=valid_id_number(),
        model_name="雅阁",
        colour="白",
        price="150000",
    )
    assert order.commission_excluded is True


def test_lead_9_after_month_four_to_gm_office(consultant_a, manager, gm):
    customer = aged(consultant_a, 125)
    customer_reassign(customers=[customer], kind=ReassignKind.GM_OFFICE, to_user=gm, by=manager)
    customer.refresh_from_db()
    assert (customer.consultant, customer.owner) == (gm, Owner.GM_OFFICE)


def test_lead_10_weekly_spot_check_samples_intent_customers(store, consultant_a, manager):
    """LEAD-10: the week's sample is drawn from the intent customers (H/A/B/C),
    not owners or lost ones, once a week."""
    intent = [CustomerFactory(consultant=consultant_a, grade=g) for g in "HABC"]
    CustomerFactory(consultant=consultant_a, grade=Grade.D)
    CustomerFactory(consultant=consultant_a, grade=Grade.F)
    check = spot_check_create(store=store, week=timezone.localdate(), by=manager, size=10)
    assert {i.customer for i in check.items.all()} == set(intent)
    with pytest.raises(DomainError) as exc:
        spot_check_create(store=store, week=timezone.localdate(), by=manager)
    assert exc.value.code == "SPOT_CHECK_EXISTS"


def test_lead_10_sample_size_is_capped(store, consultant_a, manager):
    """LEAD-10: the sample has at most the configured number of customers."""
    for _ in range(6):
        CustomerFactory(consultant=consultant_a, grade=Grade.A)
    check = spot_check_create(store=store, week=timezone.localdate(), by=manager, size=4)
    assert check.items.count() == 4


def test_lead_10_result_recorded_and_problems_need_a_note(store, consultant_a, manager):
    """LEAD-10: the manager records what the check found; a problem found is
    described."""
    CustomerFactory(consultant=consultant_a, grade=Grade.H)
    item = spot_check_create(store=store, week=timezone.localdate(), by=manager).items.get()
    with pytest.raises(DomainError) as exc:
        spot_check_record(item=item, result=SpotCheckResult.NOT_GENUINE, by=manager)
    assert exc.value.code == "NOTE_REQUIRED"
    assert SpotCheckItem.objects.get().result == ""
    done = spot_check_record(item=item, result=SpotCheckResult.GENUINE, by=manager)
    assert (done.result, done.checked_by) == (SpotCheckResult.GENUINE, manager)


def test_lead_11_price_loss_needs_competitor_and_price(customer, consultant_a):
    """LEAD-11: a price loss carries the competitor and its price."""
    with pytest.raises(DomainError) as exc:
        lost_request(customer=customer, reason=LostReason.PRICE, by=consultant_a)
    assert exc.value.code == "COMPETITOR_REQUIRED"
    # Both missing fields at once, so that the form marks both in one submit.
    assert {f: code for f, (code, _m) in exc.value.refused_fields.items()} == {
        "competitor_brand": "COMPETITOR_REQUIRED",
        "competitor_price": "COMPETITOR_PRICE_REQUIRED",
    }
    with pytest.raises(DomainError) as exc:
        lost_request(
            customer=customer,
            reason=LostReason.PRICE,
            competitor_brand="丰田凯美瑞",
            by=consultant_a,
        )
    assert exc.value.code == "COMPETITOR_PRICE_REQUIRED"
    assert not LostRequest.objects.exists()


def test_lead_11_manager_approves_lost_customer(customer, consultant_a, manager):
    """LEAD-11: the manager approves the request; the customer becomes F."""
    request = lost_request(
        customer=customer,
        reason=LostReason.PRICE,
        competitor_brand="丰田凯美瑞",
        competitor_price="165000",
        by=consultant_a,
    )
    assert request.competitor_price == Decimal("165000.00")
    lost_decide(request=request, approve=True, by=manager)
    customer.refresh_from_db()
    assert customer.grade == Grade.F


def test_lead_11_approval_refused_once_the_customer_has_ordered(customer, consultant_a, manager):
    """LEAD-11: filed while the customer was B; they ordered the next day: approving
    the old request would make a customer with an open order lost (F)."""
    from dealership.errors import ConflictError
    from tests.sales.test_orders import place

    request = lost_request(customer=customer, reason=LostReason.SERVICE, by=consultant_a)
    place(customer, consultant_a)
    with pytest.raises(ConflictError) as exc:
        lost_decide(request=request, approve=True, by=manager)
    assert exc.value.code == "CUSTOMER_NOT_OPEN"
    request.refresh_from_db()
    customer.refresh_from_db()
    assert (request.status, request.decided_by, customer.grade) == ("pending", None, Grade.O)
    lost_decide(request=request, approve=False, by=manager, note="客户已下单")
    request.refresh_from_db()
    assert request.status == "rejected"


def test_lead_11_lost_customer_who_comes_back_is_worked_again(
    store, customer, consultant_a, manager
):
    """LEAD-11: a lost (F) customer's new visit opens them again (N, to be graded), so
    the consultant can take their order."""
    from sales.models import GradeChange
    from sales.rules import SourceChannel, VisitKind
    from sales.services import visit_log
    from tests.sales.test_orders import place

    request = lost_request(customer=customer, reason=LostReason.SERVICE, by=consultant_a)
    lost_decide(request=request, approve=True, by=manager)
    visit = visit_log(
        store=store,
        by=consultant_a,
        consultant=consultant_a,
        kind=VisitKind.SHOWROOM,
        source_channel=SourceChannel.WALK_IN,
        mobile=customer.mobile,
        started_at=timezone.now(),
    )
    customer.refresh_from_db()
    assert (visit.customer, visit.is_first, customer.grade) == (customer, False, Grade.N)
    change = GradeChange.objects.filter(customer=customer).latest("pk")
    assert (change.from_grade, change.to_grade, change.changed_by) == (
        Grade.F,
        Grade.N,
        consultant_a,
    )
    place(customer, consultant_a)
    customer.refresh_from_db()
    assert customer.grade == Grade.O


def test_lead_11_rejection_keeps_grade_and_needs_a_reason(customer, consultant_a, manager):
    """LEAD-11: a rejected request says why; the customer keeps their grade."""
    request = lost_request(customer=customer, reason=LostReason.SERVICE, by=consultant_a)
    with pytest.raises(DomainError) as exc:
        lost_decide(request=request, approve=False, by=manager)
    assert exc.value.code == "REASON_REQUIRED"
    lost_decide(request=request, approve=False, by=manager, note="客户仍在比价")
    customer.refresh_from_db()
    assert customer.grade == Grade.B


def test_lead_11_consultant_cannot_approve(customer, consultant_a):
    """LEAD-11: the manager decides, not the consultant who asked."""
    request = lost_request(customer=customer, reason=LostReason.SERVICE, by=consultant_a)
    with pytest.raises(DomainError) as exc:
        lost_decide(request=request, approve=True, by=consultant_a)
    assert exc.value.code == "MANAGER_ONLY"
    customer.refresh_from_db()
    assert customer.grade == Grade.B


def test_lead_10_only_the_managers_draw_and_record_the_spot_check(store, consultant_a, manager):
    """LEAD-10: a consultant neither draws the week's sample nor records a
    result (MANAGER_ONLY), and a result that is not one of the findings is
    refused; nothing is written."""
    CustomerFactory(consultant=consultant_a, grade=Grade.H)
    week = date(2026, 3, 2)
    with pytest.raises(DomainError) as exc:
        spot_check_create(store=store, week=week, by=consultant_a)
    assert exc.value.code == "MANAGER_ONLY"
    assert not SpotCheck.objects.exists()
    item = spot_check_create(store=store, week=week, by=manager).items.get()
    for by, result, code in (
        (consultant_a, SpotCheckResult.GENUINE, "MANAGER_ONLY"),
        (manager, "looks_fine", "SPOT_CHECK_RESULT"),
    ):
        with pytest.raises(DomainError) as exc:
            spot_check_record(item=item, result=result, by=by)
        assert exc.value.code == code
    item.refresh_from_db()
    assert (item.result, item.checked_by, item.checked_at) == ("", None, None)


def test_lead_10_sample_is_of_the_stores_own_customers_and_each_week_has_its_own(
    roles, store, other_store, consultant_a, manager
):
    """LEAD-10: the sample is drawn from the store's intent customers (with
    the consultant who holds each), not another store's; next week the
    manager draws a new one."""
    from dealership.rules import Role
    from tests.factories import UserFactory

    mine = CustomerFactory(consultant=consultant_a, grade=Grade.A)
    elsewhere = UserFactory(roles=[Role.SALES_CONSULTANT], stores=[other_store])
    CustomerFactory(consultant=elsewhere, grade=Grade.A)
    first = spot_check_create(store=store, week=date(2026, 3, 2), by=manager)
    assert [(i.customer, i.consultant) for i in first.items.all()] == [(mine, consultant_a)]
    second = spot_check_create(store=store, week=date(2026, 3, 9), by=manager)
    assert [i.customer for i in second.items.all()] == [mine]
    assert list(SpotCheck.objects.order_by("week_start").values_list("week_start", flat=True)) == [
        date(2026, 3, 2),
        date(2026, 3, 9),
    ]


@pytest.mark.parametrize(
    ("grade", "reason", "brand", "code", "field"),
    [
        (Grade.B, "", "", "LOST_REASON_REQUIRED", "reason"),
        (Grade.B, "too_expensive", "", "LOST_REASON_REQUIRED", "reason"),
        (Grade.B, LostReason.COMPETITOR, " ", "COMPETITOR_REQUIRED", "competitor_brand"),
        (Grade.O, LostReason.SERVICE, "", "CUSTOMER_NOT_OPEN", None),
        (Grade.D, LostReason.SERVICE, "", "CUSTOMER_NOT_OPEN", None),
    ],
)
def test_lead_11_request_needs_a_known_reason_and_a_customer_still_worked(
    customer, consultant_a, grade, reason, brand, code, field
):
    """LEAD-11: a lost request names one of the reasons (a loss to a
    competitor names the brand), and only for a customer still being worked:
    not one who ordered or bought. Refused, nothing is written."""
    Customer.objects.filter(pk=customer.pk).update(grade=grade)
    with pytest.raises(DomainError) as exc:
        lost_request(customer=customer, reason=reason, competitor_brand=brand, by=consultant_a)
    assert (exc.value.code, exc.value.field) == (code, field)
    assert not LostRequest.objects.exists()
    assert Customer.objects.get(pk=customer.pk).grade == grade


def test_lead_11_competitor_loss_names_the_brand_and_keeps_no_price(customer, consultant_a):
    """LEAD-11: a loss to a competitor brand carries the brand; the price is
    kept for price losses only. The customer keeps their grade until the
    manager decides."""
    request = lost_request(
        customer=customer,
        reason=LostReason.COMPETITOR,
        competitor_brand=" 丰田凯美瑞 ",
        competitor_price="165000",
        by=consultant_a,
    )
    request.refresh_from_db()
    assert (
        request.reason,
        request.competitor_brand,
        request.competitor_price,
        request.grade_before,
        request.status,
        request.requested_by,
    ) == (LostReason.COMPETITOR, "丰田凯美瑞", None, Grade.B, "pending", consultant_a)
    assert Customer.objects.get(pk=customer.pk).grade == Grade.B
