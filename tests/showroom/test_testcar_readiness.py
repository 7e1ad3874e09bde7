"""SHW-TESTCAR with LEAD-6: a test car that failed its morning check (no
fuel, battery flat, dirty, papers expired) shows as not ready when a
consultant books a test drive, and the booking is refused until the fault is
marked fixed."""

from __future__ import annotations

import pytest
import time_machine
from django.urls import reverse

from dealership.errors import DomainError
from sales import services as sales_services
from sales.forms import TestDriveForm as DriveForm  # not a pytest class
from sales.models import TestCar, TestDrive
from showroom import selectors, services
from tests.sales.factories import CustomerFactory
from tests.showroom.conftest import DAY, at


def fail(run, code, by, person, note="问题"):
    check = run.checks.get(item__code=code)
    services.run_check_record(check=check, result="fail", note=note, responsible=person, by=by)
    return check


@pytest.fixture
def customer(consultant_a):
    return CustomerFactory(consultant=consultant_a)


def book(customer, car, by):
    return sales_services.test_drive_register(
        customer=customer,
        test_car=car,
        driver_name="陈大文",
        licence_number="44170219900307123X",
        by=by,
    )


def test_shw_testcar_failed_fuel_and_battery_make_the_car_not_ready(
    store, run, test_car, manager, consultant_a
):
    fail(run, "testcar-fuel", manager, consultant_a)
    fail(run, "testcar-battery", manager, consultant_a)
    assert selectors.test_cars_not_ready(store=store, day=DAY) == {
        test_car.pk: ["燃油是否充足", "电瓶是否有电"]
    }


def test_shw_testcar_items_that_do_not_block_leave_the_car_ready(store, run, manager, consultant_a):
    fail(run, "testcar-registered", manager, consultant_a)
    fail(run, "testcar-no-smoking", manager, consultant_a)
    assert selectors.test_cars_not_ready(store=store, day=DAY) == {}


def test_shw_testcar_fixed_or_other_day_is_ready(store, run, manager, consultant_a):
    check = fail(run, "testcar-body", manager, consultant_a)
    assert selectors.test_cars_not_ready(store=store, day=DAY.replace(day=11)) == {}
    services.run_check_fix(check=check, by=manager)
    assert selectors.test_cars_not_ready(store=store, day=DAY) == {}


def test_shw_testcar_not_ready_is_shown_in_the_test_drive_form(
    store, run, test_car, manager, consultant_a
):
    ready = TestCar.objects.create(store=store, model_name="缤智", plate="粤Q00001")
    fail(run, "testcar-interior", manager, consultant_a)
    with time_machine.travel(at(2026, 3, 10, 9, 30), tick=False):
        form = DriveForm(store=store)
        labels = dict(form.fields["test_car"].choices)
    assert labels[test_car.pk] == "雅阁 粤Q12345（未就绪：车内是否干净、整洁（机头、尾箱））"
    assert labels[ready.pk] == "缤智 粤Q00001"


def test_shw_testcar_not_ready_refuses_the_booking(run, test_car, manager, consultant_a, customer):
    fail(run, "testcar-fuel", manager, consultant_a)
    with time_machine.travel(at(2026, 3, 10, 9, 30), tick=False), pytest.raises(DomainError) as exc:
        book(customer, test_car, consultant_a)
    assert (exc.value.code, exc.value.status, exc.value.field) == (
        "TEST_CAR_NOT_READY",
        409,
        "test_car",
    )
    assert exc.value.message == (
        "该试驾车晨检不合格（燃油是否充足），销售经理或主管标记已修复前不能试驾。"
    )
    assert not TestDrive.objects.exists()


def test_shw_testcar_booking_allowed_once_the_fault_is_fixed(
    run, test_car, manager, consultant_a, customer
):
    check = fail(run, "testcar-fuel", manager, consultant_a)
    services.run_check_fix(check=check, by=manager)
    with time_machine.travel(at(2026, 3, 10, 9, 30), tick=False):
        drive = book(customer, test_car, consultant_a)
    assert (drive.test_car, drive.started_at) == (test_car, at(2026, 3, 10, 9, 30))


def test_shw_testcar_not_ready_on_the_customer_page_and_its_post(
    login, run, test_car, manager, consultant_a, customer
):
    fail(run, "testcar-battery", manager, consultant_a)
    client = login(consultant_a)
    with time_machine.travel(at(2026, 3, 10, 9, 30), tick=False):
        page = client.get(reverse("sales:customer_detail", args=[customer.pk]))
        assert "雅阁 粤Q12345（未就绪：电瓶是否有电）" in page.content.decode()
        response = client.post(
            reverse("sales:test_drive_new", args=[customer.pk]),
            {
                "test_car": test_car.pk,
                "driver_name": "陈大文",
                "licence_number": "44170219900307123X",
            },
        )
    assert response.status_code == 400
    assert response.context["drive_form"].errors["test_car"] == [
        "该试驾车晨检不合格（电瓶是否有电），销售经理或主管标记已修复前不能试驾。"
    ]
    assert not TestDrive.objects.exists()


def test_shw_testcar_not_ready_api_answers_409(
    login, run, test_car, manager, consultant_a, customer
):
    fail(run, "testcar-papers", manager, consultant_a)
    with time_machine.travel(at(2026, 3, 10, 9, 30), tick=False):
        response = login(consultant_a).post(
            "/api/test-drives/",
            {
                "customer": customer.pk,
                "test_car": test_car.pk,
                "driver_name": "陈大文",
                "licence_number": "44170219900307123X",
            },
            content_type="application/json",
        )
    assert response.status_code == 409
    assert response.json()["code"] == "TEST_CAR_NOT_READY"
    assert not TestDrive.objects.exists()
