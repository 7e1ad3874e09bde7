"""LEAD-4 grades, LEAD-6 test drives, customer edits."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from dealership.errors import DomainError
from sales import services
from sales.models import Customer, GradeChange, TestDrive
from sales.rules import Grade
from sales.services import customer_change_grade, customer_update
from tests.sales.factories import CustomerFactory, TestCarFactory

pytestmark = pytest.mark.django_db


def test_lead_4_grade_change_is_recorded_with_who_when_why(customer, consultant_a):
    customer_change_grade(customer=customer, to_grade=Grade.H, reason="本周要订", by=consultant_a)
    customer.refresh_from_db()
    change = GradeChange.objects.get()
    assert customer.grade == Grade.H
    assert (change.from_grade, change.to_grade, change.reason, change.changed_by) == (
        Grade.B,
        Grade.H,
        "本周要订",
        consultant_a,
    )


@pytest.mark.parametrize("target", [Grade.O, Grade.D, Grade.F, Grade.T, Grade.N])
def test_lead_4_o_d_f_t_cannot_be_set_by_hand(customer, consultant_a, target):
    with pytest.raises(DomainError) as exc:
        customer_change_grade(customer=customer, to_grade=target, reason="x", by=consultant_a)
    assert exc.value.code == "GRADE_CHANGE_NOT_ALLOWED"
    customer.refresh_from_db()
    assert customer.grade == Grade.B
    assert not GradeChange.objects.exists()


def test_lead_4_grade_change_needs_a_reason(customer, consultant_a):
    with pytest.raises(DomainError) as exc:
        customer_change_grade(customer=customer, to_grade=Grade.A, reason=" ", by=consultant_a)
    assert exc.value.code == "REASON_REQUIRED"
    assert not GradeChange.objects.exists()


def test_lead_6_test_drive_needs_name_and_licence_first(customer, test_car, consultant_a):
    with pytest.raises(DomainError) as exc:
        services.test_drive_register(
            customer=customer,
            test_car=test_car,
            driver_name="陈大文",
            licence_number="",
            by=consultant_a,
        )
    assert (exc.value.code, exc.value.field) == ("LICENCE_REQUIRED", "licence_number")
    with pytest.raises(DomainError) as exc:
        services.test_drive_register(
            customer=customer,
            test_car=test_car,
            driver_name="",
            licence_number="441702199003071234",
            by=consultant_a,
        )
    assert exc.value.code == "DRIVER_NAME_REQUIRED"
    assert not TestDrive.objects.exists()


def test_lead_6_test_drive_recorded_and_finished(customer, test_car, consultant_a):
    drive = services.test_drive_register(
        customer=customer,
        test_car=test_car,
        driver_name="陈大文",
        licence_number="441702199003071234",
        by=consultant_a,
    )
    assert (drive.customer, drive.test_car, drive.consultant) == (customer, test_car, consultant_a)
    finished = services.test_drive_finish(drive=drive, by=consultant_a)
    assert finished.ended_at >= finished.started_at


def test_lead_6_test_car_takes_one_drive_at_a_time(customer, test_car, consultant_a, consultant_b):
    other = CustomerFactory(consultant=consultant_b)
    services.test_drive_register(
        customer=customer,
        test_car=test_car,
        driver_name="陈大文",
        licence_number="441702199003071234",
        by=consultant_a,
    )
    with pytest.raises(DomainError) as exc:
        services.test_drive_register(
            customer=other,
            test_car=test_car,
            driver_name="李四",
            licence_number="441702199003075678",
            by=consultant_b,
        )
    assert exc.value.code == "TEST_CAR_BUSY"
    assert TestDrive.objects.count() == 1


def test_lead_6_test_car_of_another_store_is_refused(customer, other_store, consultant_a):
    foreign = TestCarFactory(store=other_store)
    with pytest.raises(DomainError) as exc:
        services.test_drive_register(
            customer=customer,
            test_car=foreign,
            driver_name="陈大文",
            licence_number="441702199003071234",
            by=consultant_a,
        )
    assert exc.value.code == "TEST_CAR_UNAVAILABLE"


def test_lead_6_end_before_start_is_refused(customer, test_car, consultant_a):
    drive = services.test_drive_register(
        customer=customer,
        test_car=test_car,
        driver_name="陈大文",
        licence_number="441702199003071234",
        by=consultant_a,
    )
    with pytest.raises(DomainError) as exc:
        services.test_drive_finish(
            drive=drive, by=consultant_a, ended_at=drive.started_at - timedelta(minutes=1)
        )
    assert exc.value.code == "TEST_DRIVE_TIMES"
    drive.refresh_from_db()
    assert drive.ended_at is None


def test_customer_update_refuses_a_taken_mobile(customer, consultant_a):
    CustomerFactory(consultant=consultant_a, mobile="13800001111")
    with pytest.raises(DomainError) as exc:
        customer_update(customer=customer, by=consultant_a, mobile="13800001111")
    assert exc.value.code == "MOBILE_TAKEN"
    customer.refresh_from_db()
    assert customer.mobile == "13912345678"


def test_customer_update_refuses_grade_and_consultant_by_their_names(customer, consultant_a, gm):
    """LEAD-4 / LEAD-8: the grade and the holder change only through their own
    services; the refusal names the fields as people read them."""
    from django.utils import translation

    with translation.override("zh-hans"), pytest.raises(DomainError) as exc:
        customer_update(customer=customer, by=consultant_a, grade="H", consultant=gm, name="王")
    assert exc.value.code == "FIELD_NOT_EDITABLE"
    assert exc.value.message == "以下内容不能在此修改：销售顾问、意向级别。"
    before = (customer.grade, customer.consultant_id, customer.name)
    customer.refresh_from_db()
    assert (customer.grade, customer.consultant_id, customer.name) == before
    assert before[0] != "H" and before[1] != gm.pk and before[2] != "王"


def test_customer_update_from_a_stale_page_keeps_a_reassignment(customer, consultant_a, gm):
    """The page was opened before the customer was reassigned: saving the edit
    changes the edited fields only, never the consultant back."""
    from dealership.models import User

    stale = Customer.objects.get(pk=customer.pk)  # as the edit page loaded it
    other = User.objects.get(pk=gm.pk)
    Customer.objects.filter(pk=customer.pk).update(consultant=other)  # reassigned meanwhile
    customer_update(customer=stale, by=consultant_a, address="阳江市新地址")
    customer.refresh_from_db()
    assert (customer.consultant, customer.address) == (other, "阳江市新地址")


def test_customer_update_keeps_the_four_characteristics(customer, consultant_a):
    with pytest.raises(DomainError) as exc:
        customer_update(customer=customer, by=consultant_a, appearance="")
    assert exc.value.code == "CHARACTERISTIC_REQUIRED"
    customer_update(customer=customer, by=consultant_a, model_of_interest="皓影", birthday=None)
    customer.refresh_from_db()
    assert customer.model_of_interest == "皓影"
    assert customer.appearance == "三十岁左右，戴眼镜"
    assert customer.created_at <= timezone.now()
