"""The vehicle affairs clerk's desk on a phone (DLV-AFFAIRS; seed, 车务人员岗位
职责: "执行新车上牌入户，购买新车相关费用"): the clerk, who holds no sales
role, finds 车务 in the menu, sees a sold car with plates, purchase tax and
insurance to do, records the plates with their fee, and is told next to the
field when a fee is wrong, nothing written."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from sales.models import AffairsTask
from tests.e2e.conftest import alert, nav_click
from tests.sales.factories import CustomerFactory
from tests.sales.test_orders import place

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_affairs_clerk_records_plates_and_is_refused_a_negative_fee_on_a_phone(
    open_as, snap, consultant_a, affairs_clerk
):
    customer = CustomerFactory(consultant=consultant_a, name="陈先生", mobile="13912345678")
    order = place(customer, consultant_a)
    prefix = f"#id_o{order.pk}"

    phone = open_as(affairs_clerk, phone=True, label="affairs")
    nav_click(phone, "affairs")
    expect(phone.locator("h1")).to_have_text("车务")
    card = phone.locator(f'[data-affairs-order="{order.pk}"]')
    expect(card).to_contain_text(order.number)
    for kind in ("plates", "purchase_tax", "insurance"):
        expect(card.locator(f'[data-missing="{kind}"]')).to_have_count(1)
    snap(phone, "desk")

    phone.select_option(f"{prefix}-kind", "plates")
    phone.locator(f"{prefix}-fee").fill("125")
    phone.locator(f"{prefix}-reference").fill("粤Q·B1234")
    card.get_by_role("button", name="登记").click()
    expect(alert(phone)).to_have_text(f"订单 {order.number} 的上牌已登记。")
    card = phone.locator(f'[data-affairs-order="{order.pk}"]')
    expect(card.locator('[data-done="plates"]')).to_contain_text("¥125.00")
    expect(card.locator('[data-missing="plates"]')).to_have_count(0)
    snap(phone, "plates-recorded")
    task = AffairsTask.objects.get()
    assert (task.kind, str(task.fee), task.reference, task.done_by) == (
        "plates",
        "125.00",
        "粤Q·B1234",
        affairs_clerk,
    )

    phone.select_option(f"{prefix}-kind", "insurance")
    phone.locator(f"{prefix}-fee").fill("-5")
    card.get_by_role("button", name="登记").click()
    fee_error = phone.locator(f"{prefix}-fee ~ .invalid-feedback, #error_1_id_o{order.pk}-fee")
    expect(fee_error.first).to_contain_text("大于或等于0")
    expect(phone.locator(f"{prefix}-fee")).to_have_value("-5")
    snap(phone, "fee-refused")
    assert AffairsTask.objects.count() == 1
    assert not AffairsTask.objects.filter(kind="insurance").exists()


def test_affairs_desk_on_the_supervisors_desktop_lists_the_stores_orders(
    open_as, snap, consultant_a, supervisor
):
    customer = CustomerFactory(consultant=consultant_a, name="林女士", mobile="13812345678")
    order = place(customer, consultant_a)
    desktop = open_as(supervisor, label="supervisor")
    nav_click(desktop, "affairs")
    card = desktop.locator(f'[data-affairs-order="{order.pk}"]')
    expect(card).to_contain_text(order.number)
    expect(card.get_by_role("button", name="登记")).to_be_visible()
    snap(desktop, "desk")
