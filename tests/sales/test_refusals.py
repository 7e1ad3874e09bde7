"""Refusals of the sales services not covered by the rule tests: each asserts
the code and that nothing was written (the guide: every refusal of a rule has
a test that asserts the refusal and that nothing changed)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from django.utils import timezone

from dealership.errors import DomainError
from sales import services
from sales.models import (
    Customer,
    Delivery,
    LoanCase,
    LoanEvent,
    LostRequest,
    Order,
    TestDrive,
    Visit,
)
from sales.rules import THREE_GUARANTEE_ITEMS, Grade, LostReason, RequestStatus
from sales.services import (
    delivery_confirm_three_guarantee,
    delivery_create,
    loan_open,
    lost_decide,
    lost_request,
)
from tests.refusal import refused
from tests.sales.factories import valid_id_number
from tests.sales.test_orders import VIN, place
from tests.sales.test_reception import T0, log, new_customer

pytestmark = pytest.mark.django_db


def test_lead_7_no_order_for_a_lost_customer(customer, consultant_a):
    Customer.objects.filter(pk=customer.pk).update(grade=Grade.F)
    with pytest.raises(DomainError) as exc:
        place(customer, consultant_a)
    assert exc.value.code == "CUSTOMER_LOST" and exc.value.status == 409
    assert not Order.objects.exists()
    assert Customer.objects.get(pk=customer.pk).grade == Grade.F


def test_dlv_3guarantee_signed_once(customer, consultant_a):
    delivery = delivery_create(order=place(customer, consultant_a), vin=VIN, by=consultant_a)
    items = {key: True for key, _label in THREE_GUARANTEE_ITEMS}
    first = delivery_confirm_three_guarantee(delivery=delivery, items=items, by=consultant_a)
    with pytest.raises(DomainError) as exc:
        delivery_confirm_three_guarantee(delivery=delivery, items=items, by=consultant_a)
    assert exc.value.code == "ALREADY_CONFIRMED" and exc.value.status == 409
    again = Delivery.objects.get(pk=delivery.pk)
    assert again.three_guarantee_confirmed_at == first.three_guarantee_confirmed_at


def test_dlv_loan_not_above_the_price_and_only_one(customer, consultant_a):
    """DLV-LOAN: a loan no larger than the car's price, one case per order."""
    order = place(customer, consultant_a)  # price 179,800
    with pytest.raises(DomainError) as exc:
        loan_open(order=order, amount="179800.01", by=consultant_a)
    assert (exc.value.code, exc.value.field) == ("LOAN_ABOVE_PRICE", "amount")
    assert not LoanCase.objects.exists()
    loan_open(order=order, amount="100000", by=consultant_a)
    with pytest.raises(DomainError) as exc:
        loan_open(order=order, amount="50000", by=consultant_a)
    assert exc.value.code == "LOAN_EXISTS" and exc.value.status == 409
    assert list(LoanCase.objects.values_list("amount", flat=True)) == [100000]
    assert LoanEvent.objects.count() == 1


def test_dlv_loan_page_refuses_a_stage_without_a_loan(login, customer, consultant_a, supervisor):
    """DLV-LOAN: the supervisor cannot move a loan the order does not have."""
    from django.urls import reverse

    order = place(customer, consultant_a)
    response = login(supervisor).post(
        reverse("sales:loan_advance", args=[order.pk]), {"status": "approved", "note": ""}
    )
    assert response.status_code == 400
    assert response.context["loan_advance_form"].non_field_errors() == ["该订单尚无贷款业务。"]
    assert "该订单尚无贷款业务。" in response.content.decode()
    assert not LoanCase.objects.exists() and not LoanEvent.objects.exists()


def test_lead_11_decided_once_and_one_pending_request(customer, consultant_a, manager):
    """LEAD-11: one pending lost request per customer, decided once."""
    request = lost_request(customer=customer, reason=LostReason.SERVICE, by=consultant_a)
    with pytest.raises(DomainError) as exc:
        lost_request(customer=customer, reason=LostReason.SERVICE, by=consultant_a)
    assert exc.value.code == "LOST_REQUEST_PENDING" and exc.value.status == 409
    assert LostRequest.objects.count() == 1
    lost_decide(request=request, approve=False, note="还在跟进", by=manager)
    with pytest.raises(DomainError) as exc:
        lost_decide(request=request, approve=True, by=manager)
    assert exc.value.code == "ALREADY_DECIDED" and exc.value.status == 409
    request.refresh_from_db()
    assert request.status == RequestStatus.REJECTED
    assert Customer.objects.get(pk=customer.pk).grade != Grade.F


def test_lead_2_new_customer_needs_a_name(store, consultant_a):
    with pytest.raises(DomainError) as exc:
        log(store, consultant_a, customer_data=new_customer(name="  "))
    assert (exc.value.code, exc.value.field) == ("NAME_REQUIRED", "name")
    assert not Customer.objects.exists() and not Visit.objects.exists()


def test_lead_1_time_out_not_before_time_in(store, consultant_a):
    with pytest.raises(DomainError) as exc:
        log(store, consultant_a, ended_at=T0 - timedelta(minutes=1))
    assert (exc.value.code, exc.value.field) == ("VISIT_TIMES", "ended_at")
    assert not Customer.objects.exists() and not Visit.objects.exists()


YEAR_1 = datetime(1, 1, 1, tzinfo=UTC)


@pytest.mark.parametrize(
    ("times", "code", "field"),
    [
        # A time in still to come (beyond the five minutes a clock may be off).
        ({"started_at": "future", "ended_at": None}, "VISIT_IN_FUTURE", "started_at"),
        # A mistyped year: before 2000 (year 1 would not even read back).
        (
            {"started_at": datetime(1, 1, 1, tzinfo=UTC), "ended_at": None},
            "VISIT_TOO_OLD",
            "started_at",
        ),
        # A time out a working day after the time in.
        ({"ended_at": T0 + timedelta(hours=12, minutes=1)}, "VISIT_TIMES", "ended_at"),
    ],
)
def test_lead_1_visit_times_out_of_bounds_are_refused(store, consultant_a, times, code, field):
    if times.get("started_at") == "future":
        times = {**times, "started_at": timezone.now() + timedelta(minutes=6)}
    error = refused(lambda: log(store, consultant_a, **times), code)
    assert error.field == field
    assert not Customer.objects.exists() and not Visit.objects.exists()


def test_lead_1_visit_times_at_their_bounds_are_taken(store, consultant_a):
    now = timezone.now()
    log(store, consultant_a, started_at=now + timedelta(minutes=4), ended_at=None)
    visit = log(
        store,
        consultant_a,
        mobile="13912345679",
        started_at=datetime(2000, 1, 1, tzinfo=UTC),
        ended_at=datetime(2000, 1, 1, 12, tzinfo=UTC),
    )
    assert visit.ended_at - visit.started_at == timedelta(hours=12)


@pytest.mark.parametrize("whom", ["clerk", "inactive consultant"])
def test_lead_1_a_visit_is_logged_for_an_active_consultant_only(
    store, manager, clerk, consultant_b, whom
):
    """A manager logs for a consultant of the store, not for the warehouse
    clerk or a consultant who has left (deactivated)."""
    person = clerk
    if whom == "inactive consultant":
        consultant_b.is_active = False
        consultant_b.save(update_fields=["is_active"])
        person = consultant_b
    error = refused(lambda: log(store, manager, consultant=person), "CONSULTANT_NOT_SALES")
    assert error.field == "consultant"
    assert not Customer.objects.exists() and not Visit.objects.exists()


def test_lead_9_a_visit_is_logged_for_the_manager_holding_a_reassigned_customer(
    store, supervisor, manager
):
    """After LEAD-9 the manager holds the customer: the desk logs their
    return visit for the manager (CONSULTANT_NOT_SALES is for the clerk or
    someone who left, not for a customer holder)."""
    visit = log(store, supervisor, consultant=manager)
    assert (visit.consultant, visit.customer.consultant) == (manager, manager)


def test_lead_6_test_drive_finished_once(customer, test_car, consultant_a):
    drive = services.test_drive_register(
        customer=customer,
        test_car=test_car,
        driver_name="陈大文",
        licence_number="441702199003071234",
        by=consultant_a,
    )
    ended = services.test_drive_finish(drive=drive, by=consultant_a).ended_at
    with pytest.raises(DomainError) as exc:
        services.test_drive_finish(
            drive=drive, by=consultant_a, ended_at=ended + timedelta(hours=1)
        )
    assert exc.value.code == "TEST_DRIVE_FINISHED" and exc.value.status == 409
    assert TestDrive.objects.get(pk=drive.pk).ended_at == ended


def test_lead_1_7_full_width_digits_are_the_same_number(store, consultant_a, customer):
    """A Chinese keyboard in full-width mode types "１３９…": the same customer,
    the same ID number, stored as ASCII."""
    visit = log(store, consultant_a, mobile="１３９ １２３４ ５６７８")
    assert visit.customer == customer and Customer.objects.count() == 1
    id_number = valid_id_number()
    full_width = id_number.translate({ord(c): ord(c) + 0xFEE0 for c in "0123456789X"})
    order = place(customer, consultant_a, id_number=full_width)
    assert order.id_number == id_number
