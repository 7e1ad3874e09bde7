"""Rules are admin-editable data (FU-A, LEAD-4): the sales manager changes
the A-grade follow-up interval from 7 to 5 days in the admin, and the next
A customer's follow-up is due by the new interval."""

from __future__ import annotations

from datetime import timedelta

import pytest
from playwright.sync_api import expect

from dealership.timeutil import store_day_bounds, store_today
from followups.models import Followup, FollowupRule
from followups.rules import Kind, Status
from tests.e2e.conftest import alert, nav_click
from tests.sales.factories import CustomerFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_fu_a_manager_shortens_the_a_cadence_in_the_admin_and_it_applies(
    open_as, snap, store, manager, consultant_a
):
    customer = CustomerFactory(
        consultant=consultant_a, name="周敏", mobile="13700002222", grade="N"
    )

    admin = open_as(manager, label="manager")
    admin.goto("/admin/")
    admin.get_by_role("link", name="回访规则", exact=True).click()
    expect(admin.locator("#content h1")).to_contain_text("回访规则")
    snap(admin, "admin-rules")
    admin.locator("#result_list").get_by_role("link", name="A级回访", exact=True).click()
    start, end = admin.locator("#id_window_start_days"), admin.locator("#id_window_end_days")
    expect(start).to_have_value("7")
    expect(end).to_have_value("7")
    start.fill("5")
    end.fill("5")
    snap(admin, "admin-rule-a")
    admin.locator('input[name="_save"]').click()
    expect(admin.locator("ul.messagelist li.success")).to_have_text("成功修改了 回访规则“FU-A”。")
    row = admin.locator("#result_list tbody tr").filter(
        has=admin.get_by_role("link", name="A级回访", exact=True)
    )
    expect(row.locator('input[name$="-window_start_days"]')).to_have_value("5")
    expect(row.locator('input[name$="-window_end_days"]')).to_have_value("5")
    snap(admin, "admin-rules-saved")
    rule = FollowupRule.objects.get(code=Kind.A)
    assert (rule.window_start_days, rule.window_end_days) == (5, 5)

    # The consultant grades a customer A on the phone: the call falls due in 5 days.
    phone = open_as(consultant_a, phone=True, label="consultant")
    phone.goto(f"/sales/customers/{customer.pk}/")
    phone.locator("#id_grade").select_option("A")
    phone.locator("#id_reason").fill("看过皓影，半个月内订车")
    snap(phone, "grade-form")
    phone.get_by_role("button", name="修改级别").click()
    expect(alert(phone)).to_have_text("意向级别已改为A级 · 15天内订车。")
    expect(phone.locator("[data-grade]")).to_have_text("A级 · 15天内订车")

    day = store_today(store) + timedelta(days=5)
    due_from, due_by = store_day_bounds(store, day)
    task = Followup.objects.get(customer=customer, status=Status.OPEN)
    assert (task.kind, task.due_from, task.due_by) == (Kind.A, due_from, due_by)

    nav_click(phone, "followups_today")
    card = phone.locator(f'[data-section="upcoming"] [data-followup="{task.pk}"]')
    expect(card).to_contain_text("周敏")
    expect(card).to_contain_text(f"截止 {day:%m-%d} 00:00 – {day + timedelta(days=1):%m-%d} 00:00")
    snap(phone, "today-upcoming")
