"""A car's way through the warehouse in the browser (STK-IN-1..4, STK-OUT-1..4):
the clerk scans it in with a keyboard-wedge scanner (VIN + Enter), does the
inbound PDI (verified by a colleague, never by the inspector), the inbound
form and the pre-delivery PDI; the release is refused while finance has not
confirmed the full payment; finance confirms it and issues the release slip,
the customer signs, and the clerk releases the car."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from dealership.rules import Role
from inventory.models import (
    InboundForm,
    OutboundForm,
    PaymentConfirmation,
    PdiChecklistItem,
    PdiInspection,
)
from inventory.rules import PdiKind, VehicleState
from sales.models import Delivery
from tests.e2e.conftest import alert, nav_click
from tests.factories import UserFactory, WarehouseFactory
from tests.inventory.factories import OrderFactory, VehicleFactory, make_vin

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

VIN = make_vin(424242)


@pytest.fixture
def clerk_b(roles, store, supervisor):
    return UserFactory(
        username="clerk_b",
        full_name="陈库管",
        roles=[Role.WAREHOUSE_CLERK],
        stores=[store],
        supervisor=supervisor,
    )


def scan(page: Page, snap, name: str) -> None:
    """The clerk's scanner types the VIN into the focused field and presses Enter."""
    page.goto("/inventory/scan/")
    expect(page.locator("h1")).to_have_text("扫码查车")
    expect(page.locator("#id_vin")).to_be_focused()
    page.keyboard.type(VIN)
    page.keyboard.press("Enter")
    page.wait_for_url(f"**/inventory/scan/?vin={VIN}")
    expect(page.locator(f'[data-vin="{VIN}"]')).to_be_visible()
    snap(page, name)


def action_keys(page: Page) -> list[str]:
    return page.locator("[data-actions] [data-action]").evaluate_all(
        "buttons => buttons.map(b => b.dataset.action)"
    )


def actions(page: Page):
    return page.locator("[data-actions] [data-action]")


def state_badge(page: Page):
    return page.locator(f'[data-vin="{VIN}"] [data-state]')


def fill_pdi_all_ok(page: Page, snap, title: str, name: str) -> None:
    expect(page.locator("h1")).to_have_text(title)
    page.locator("#id_odometer_km").fill("12")
    boxes = page.locator("input[type=checkbox][name^=ok_]")
    assert boxes.count() == PdiChecklistItem.objects.filter(is_active=True).count() > 0
    for i in range(boxes.count()):
        expect(boxes.nth(i)).to_be_checked()
    snap(page, name)
    page.get_by_role("button", name="保存").click()
    expect(alert(page)).to_have_text("PDI检验单已保存。")


def test_stk_in_stk_out_1_clerk_scans_a_car_in_and_out_after_finance_confirms_payment(
    open_as, snap, store, clerk, clerk_b, finance, manager, consultant_a
):
    yard = WarehouseFactory(store=store, code="main", name="主库")
    car = VehicleFactory(
        store=store, vin=VIN, state=VehicleState.IN_TRANSIT, warehouse=None, arrival_date=None
    )
    order = OrderFactory(store=store, consultant=consultant_a)

    # STK-IN-1: the car is unloaded, then the inbound PDI.
    desk = open_as(clerk, label="clerk")
    nav_click(desk, "inventory_scan")
    scan(desk, snap, "scan-in-transit")
    expect(state_badge(desk)).to_have_text("在途")
    assert action_keys(desk) == ["arrive", "pdi_inbound"]
    desk.locator('[data-action="arrive"]').click()
    expect(alert(desk)).to_have_text("已登记到店卸车：请及时完成入库PDI。")
    snap(desk, "unloaded")
    car.refresh_from_db()
    assert (car.state, car.arrived_by) == (VehicleState.IN_TRANSIT, clerk)
    scan(desk, snap, "scan-unloaded")
    expect(actions(desk)).to_have_text(["入库PDI"])
    desk.locator('[data-action="pdi_inbound"]').click()
    fill_pdi_all_ok(desk, snap, "入库PDI（《PDI检验单》）", "inbound-pdi")
    inspection = PdiInspection.objects.get(vehicle=car, kind=PdiKind.INBOUND)
    assert (inspection.passed, inspection.inspector, inspection.verified_at) == (True, clerk, None)

    # The inspector cannot verify their own form: the page offers them no button
    # (the service refuses it too: tests/inventory), only that it waits for another.
    expect(desk.get_by_role("button", name="复核")).to_have_count(0)
    expect(desk.locator(".badge.text-bg-warning")).to_have_text("待他人复核")
    snap(desk, "self-verify-not-offered")
    scan(desk, snap, "scan-unverified")
    expect(actions(desk)).to_have_text(["入库PDI"])

    colleague = open_as(clerk_b, label="clerk-b")
    colleague.goto(f"/inventory/vehicles/{VIN}/")
    colleague.get_by_role("button", name="复核").click()
    expect(alert(colleague)).to_have_text("PDI检验单已复核。")
    expect(colleague.locator(".badge.text-bg-success")).to_have_text("已复核 陈库管")
    snap(colleague, "verified")

    # STK-IN-2/3: the inbound form; keys and documents into custody.
    scan(desk, snap, "scan-verified")
    expect(actions(desk)).to_have_text(["入库单"])
    desk.locator('[data-action="receive"]').click()
    expect(desk.locator("h1")).to_have_text("车辆入库单")
    desk.locator("#id_warehouse").select_option(str(yard.pk))
    desk.locator("#id_bay").fill("A-01")
    desk.locator("#id_key_numbers").fill("K101, K102*")
    desk.locator("#id_cabinet_slot").fill("C-08")
    desk.locator("#id_coc").fill("HGZ2024000123")
    desk.locator("#id_warranty").fill("BX-778812")
    desk.locator("#id_manual").fill("SC-778812")
    snap(desk, "inbound-form")
    desk.get_by_role("button", name="保存").click()
    expect(alert(desk)).to_have_text("车辆已入库。")
    expect(state_badge(desk)).to_have_text("在库")
    expect(desk.locator(f'[data-vin="{VIN}"]')).to_contain_text("主库 A-01")
    snap(desk, "in-stock")
    assert InboundForm.objects.filter(vehicle=car).count() == 1

    # The sales manager allocates the car to the customer's order.
    boss = open_as(manager, label="manager")
    boss.goto(f"/inventory/vehicles/{VIN}/")
    boss.locator('[data-action="allocate"]').click()
    expect(boss.locator("h1")).to_have_text("配车到订单")
    boss.locator("#id_order").select_option(str(order.pk))
    snap(boss, "allocate")
    boss.get_by_role("button", name="保存").click()
    expect(alert(boss)).to_have_text("车辆已配给该订单。")
    expect(state_badge(boss)).to_have_text("已配车")
    car.refresh_from_db()
    assert car.order == order

    # STK-OUT-2: the pre-delivery PDI.
    scan(desk, snap, "scan-allocated")
    expect(state_badge(desk)).to_have_text("已配车")
    expect(actions(desk)).to_have_text(["交车前PDI"])
    desk.locator('[data-action="pdi_predelivery"]').click()
    fill_pdi_all_ok(desk, snap, "交车前检验（《新车交付前检验表》）", "predelivery-pdi")
    expect(state_badge(desk)).to_have_text("PDI已通过")

    # STK-OUT-1: no full payment, no release; the refusal is shown, nothing moves.
    scan(desk, snap, "scan-pdi-passed")
    release = desk.locator('[data-action="release"]')
    expect(release).to_have_text("出库（车辆出库单）")
    release.click()
    expect(alert(desk, "danger")).to_contain_text(
        "财务未出具全款确认单，车辆不得出库（STK-OUT-1）。"
    )
    expect(state_badge(desk)).to_have_text("PDI已通过")
    snap(desk, "release-refused-unpaid")
    car.refresh_from_db()
    assert car.state == VehicleState.PDI_PASSED
    assert not OutboundForm.objects.exists() and not Delivery.objects.exists()

    # Finance: a short amount is refused next to the field, the full one confirmed.
    cashier = open_as(finance, label="finance")
    nav_click(cashier, "inventory_payments")
    expect(cashier.locator("h1")).to_have_text("待全款确认的已售车辆")
    row = cashier.locator(f'[data-vin="{VIN}"]')
    expect(row).to_contain_text(f"{order.number} 陈大文")
    snap(cashier, "payments")
    row.get_by_role("link", name=VIN).click()
    expect(cashier.locator("h1")).to_have_text("全款确认单")
    cashier.locator("#id_amount").fill("100000")
    cashier.get_by_role("button", name="保存").click()
    expect(cashier.locator("#id_amount")).to_have_attribute("aria-invalid", "true")
    expect(cashier.locator(".invalid-feedback")).to_contain_text(
        "已付100000.00元，车价179800.00元，尚未付清全款。"
    )
    snap(cashier, "payment-short")
    assert not PaymentConfirmation.objects.exists()
    cashier.locator("#id_amount").fill("179800.00")
    cashier.get_by_role("button", name="保存").click()
    expect(alert(cashier)).to_have_text("全款已确认。")
    release_slip = cashier.locator('[data-action="release_slip"]')
    expect(release_slip).to_have_text("放行条")
    release_slip.click()
    expect(alert(cashier)).to_have_text("放行条已开具。")
    snap(cashier, "paid-slip-issued")

    # STK-OUT-3: the customer signs the delivery confirmation with the consultant.
    seller = open_as(consultant_a, phone=True, label="consultant")
    seller.goto(f"/inventory/vehicles/{VIN}/")
    confirm = seller.locator('[data-action="delivery_confirm"]')
    expect(confirm).to_have_text("客户交车确认单")
    confirm.click()
    expect(seller.locator("h1")).to_have_text("客户交车确认单")
    seller.locator("#id_signature").fill("陈大文")
    snap(seller, "delivery-confirmation")
    seller.get_by_role("button", name="保存").click()
    expect(alert(seller)).to_have_text("客户已签字。")

    # STK-OUT-4: now the release goes through and the order is delivered.
    scan(desk, snap, "scan-paid")
    desk.locator('[data-action="release"]').click()
    expect(alert(desk)).to_have_text("车辆已出库，已填写《车辆出库单》。")
    expect(state_badge(desk)).to_have_text("已交车")
    snap(desk, "released")
    car.refresh_from_db()
    outbound = OutboundForm.objects.get(vehicle=car)
    assert (car.state, outbound.order, outbound.released_by) == (
        VehicleState.DELIVERED,
        order,
        clerk,
    )
    assert Delivery.objects.get(order=order).vin == VIN


def test_stk_scan_without_a_camera_says_what_to_do_in_chinese(open_as, clerk, snap):
    """Headless Chromium has no camera: the page said the library's English
    developer message ("Error getting userMedia, error = NotFoundError")."""
    page = open_as(clerk)
    page.goto("/inventory/scan/")
    page.get_by_role("button", name="摄像头扫码").click()
    message = page.locator("#camera [data-camera-error]")
    expect(message).to_have_text(
        "无法打开摄像头。请允许本网站使用摄像头，或手动输入VIN、用扫码枪扫描。"
    )
    snap(page, "no-camera")
