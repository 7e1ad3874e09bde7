"""The sales manager's KPI board (RPT-KANBAN, LEAD-3): today's figures per
consultant, group and store, and a figure opened down to its records and on
to the customer behind one of them."""

from __future__ import annotations

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from dealership.timeutil import store_today
from sales.rules import SourceChannel, VisitKind
from sales.services import visit_log
from sales.services.customers import NewCustomerData
from tests.e2e.conftest import nav_click

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def reception(store, consultant, mobile: str, name: str, kind=VisitKind.SHOWROOM):
    """A visit or call logged at reception now, for a new customer."""
    return visit_log(
        store=store,
        by=consultant,
        consultant=consultant,
        kind=kind,
        source_channel=SourceChannel.WALK_IN,
        mobile=mobile,
        started_at=timezone.now(),
        customer_data=NewCustomerData(
            name=name,
            title="mr",
            appearance="三十多岁，运动装",
            family_background="已婚，一个孩子",
            social_background="教师",
            needs_and_budget="家用轿车，预算18万",
            model_of_interest="雅阁",
        ),
    )


def test_rpt_kanban_manager_opens_the_kpi_board_and_drills_down_to_the_visits(
    open_as, snap, store, manager, consultant_a, consultant_b
):
    lin = reception(store, consultant_a, "13500000001", "林").customer
    guo = reception(store, consultant_a, "13500000002", "郭").customer
    reception(store, consultant_b, "13500000003", "马")
    reception(store, consultant_b, "13500000004", "罗", kind=VisitKind.CALL)
    today = store_today(store)

    page = open_as(manager, label="manager")
    nav_click(page, "dashboard")
    expect(page.locator("h1")).to_have_text(f"KPI看板 · 广汽本田阳江溢田店 · {today:%Y-%m-%d}")
    board = page.locator('table[data-window="today"]')
    liu = board.locator(f'tr[data-row="person:{consultant_a.pk}"]')
    expect(liu.locator("th")).to_contain_text("刘晓明")
    expect(liu.locator('[data-metric="visits"]')).to_have_text("2")
    expect(liu.locator('[data-metric="calls"]')).to_have_text("0")
    zhang = board.locator(f'tr[data-row="person:{consultant_b.pk}"]')
    expect(zhang.locator('[data-metric="visits"]')).to_have_text("1")
    expect(zhang.locator('[data-metric="calls"]')).to_have_text("1")
    whole = board.locator('tr[data-row="total:store"]')
    expect(whole.locator('[data-metric="visits"]')).to_have_text("3")
    expect(whole.locator('[data-metric="calls"]')).to_have_text("1")
    expect(whole.locator('[data-metric="new_leads"]')).to_have_text("4")
    snap(page, "kpi-board")

    # Drill down: consultant A's two visits today, then one customer.
    liu.locator('[data-metric="visits"]').click()
    expect(page.locator("h1")).to_have_text("来店数 · 广汽本田阳江溢田店")
    expect(page.locator("main")).to_contain_text(f"{today:%Y-%m-%d} · 刘晓明")
    expect(page.locator("[data-count]")).to_have_text("共 2 条记录")
    rows = page.locator("table[data-records] tbody tr")
    expect(rows).to_have_count(2)
    for customer in (lin, guo):
        row = page.locator(f'table[data-records] tr[data-customer="{customer.pk}"]')
        expect(row).to_contain_text(customer.name)
        expect(row).to_contain_text("刘晓明")
        expect(row).to_contain_text("来店")
    snap(page, "drill-visits")

    page.locator(f'tr[data-customer="{lin.pk}"]').get_by_role("link", name="林").click()
    expect(page.locator("h1")).to_contain_text("林")
    expect(page.locator("main")).to_contain_text("13500000001 · 自然来店 · 刘晓明")
    snap(page, "customer")
