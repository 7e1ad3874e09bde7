"""The vehicle administrator's rest day on the supervisor's phone (seed,
车辆管理员岗位职责: "如遇休息，应将本职工作与销售主管交接清楚"): on a day every
warehouse clerk of the store is on the rest-day rota, the sales supervisor is
told under the navigation that they stand in, finds the scan page in the
menu and records a car's arrival, recorded as theirs. On a day the clerk
works, the supervisor is shown none of it."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from dealership.models import DayOff
from dealership.timeutil import store_today
from inventory.models import Vehicle
from inventory.rules import VehicleState
from tests.e2e.conftest import alert, nav_click
from tests.inventory.factories import VehicleFactory, make_vin

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

VIN = make_vin(515151)
BANNER = "今日由您代岗：车辆管理员/库管员（轮休，已交接给销售主管）。"


@pytest.fixture
def in_transit_car(store):
    return VehicleFactory(
        store=store, vin=VIN, state=VehicleState.IN_TRANSIT, warehouse=None, arrival_date=None
    )


def open_menu(page: Page) -> None:
    """The phone's collapsed navigation, opened with its toggler."""
    toggler = page.get_by_role("button", name="菜单")
    expect(toggler).to_be_visible()  # a phone: the navbar is collapsed
    toggler.click()
    expect(page.locator("#mainnav")).to_have_class("navbar-collapse collapse show")


def test_stand_in_supervisor_records_an_arrival_on_the_clerks_rest_day_on_a_phone(
    open_as, snap, store, clerk, supervisor, in_transit_car
):
    DayOff.objects.create(store=store, person=clerk, day=store_today(store))

    phone = open_as(supervisor, phone=True, label="supervisor")
    banner = phone.locator("main > [data-standing-in]")
    expect(banner).to_be_visible()
    expect(banner).to_have_text(BANNER)
    snap(phone, "home-standing-in")

    expect(phone.locator('nav [data-nav="inventory_scan"]')).to_have_text("扫码")
    nav_click(phone, "inventory_scan")
    expect(phone.locator("h1")).to_have_text("扫码查车")
    expect(phone.locator("main > [data-standing-in]")).to_have_text(BANNER)
    phone.locator("#id_vin").fill(VIN)
    phone.get_by_role("button", name="查询", exact=True).click()
    phone.wait_for_url(f"**/inventory/scan/?vin={VIN}")
    card = phone.locator(f'[data-vin="{VIN}"]')
    expect(card).to_be_visible()
    expect(card.locator("[data-state]")).to_have_text("在途")
    arrive = phone.get_by_role("button", name="到店卸车")
    expect(arrive).to_be_visible()
    snap(phone, "scan-in-transit")

    arrive.click()
    expect(alert(phone)).to_have_text("已登记到店卸车：请及时完成入库PDI。")
    snap(phone, "arrived")
    car = Vehicle.objects.get(pk=in_transit_car.pk)
    assert car.arrived_at is not None
    assert car.arrived_by == supervisor


def test_stand_in_supervisor_sees_no_banner_nor_scan_page_while_the_clerk_works_on_a_phone(
    open_as, snap, store, clerk, supervisor, in_transit_car
):
    phone = open_as(supervisor, phone=True, label="supervisor")
    open_menu(phone)
    nav = phone.locator("nav.navbar")
    expect(nav.locator('[data-nav="inventory_stock"]')).to_have_count(1)  # the menu is there
    expect(phone.locator("[data-standing-in]")).to_have_count(0)
    expect(phone.locator("main")).not_to_contain_text("今日由您代岗")
    expect(nav.locator('[data-nav="inventory_scan"]')).to_have_count(0)
    expect(nav.locator('a[href="/inventory/scan/"]')).to_have_count(0)
    expect(nav).not_to_contain_text("扫码")
    snap(phone, "menu-clerk-working")
    car = Vehicle.objects.get(pk=in_transit_car.pk)
    assert (car.arrived_at, car.arrived_by) == (None, None)
