"""The consultant's day on a phone (LEAD-1, LEAD-2, LEAD-5, FU-H): log a
showroom visit of a new customer at reception, the thank-you SMS goes out,
then log the result of a follow-up that is due today."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest
from django.conf import settings
from django.utils import timezone
from playwright.sync_api import expect

from followups.models import Followup
from followups.rules import Kind, Status
from followups.scan import followups_scan
from sales.models import Customer, SmsMessage, Visit
from tests.e2e.conftest import alert, nav_click
from tests.sales.factories import CustomerFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

MOBILE = "15012345678"
SMS_TEXT = (
    "陈先生您好！我是广汽本田阳江溢田店销售顾问刘晓明，非常感谢您关注广汽本田汽车，"
    "如有需要帮助的请给我电话，谢谢！刘晓明祝您万事顺意！"
)


def _sms_file_records() -> list[dict]:
    path = settings.SMS_FILE_PATH
    if not path.exists():
        return []
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line]


def test_lead_1_lead_5_consultant_logs_a_visit_on_a_phone_and_the_sms_goes_out(
    open_as, snap, consultant_a
):
    page = open_as(consultant_a, phone=True, label="consultant")
    snap(page, "home")
    nav_click(page, "visit_new")
    expect(page.locator("h1")).to_have_text("登记来店/来电")
    expect(page.locator("#id_kind_0")).to_be_checked()  # 来店 by default
    page.locator("#id_mobile").fill(MOBILE)
    expect(page.locator("#new-customer")).to_be_visible()  # a number new to the store
    page.locator("#id_source_channel").select_option(label="自然来店")
    page.locator("#id_name").fill("陈")
    page.locator("#id_title").select_option(label="先生")
    page.locator("#id_appearance").fill("四十岁，短发，戴眼镜")
    page.locator("#id_family_background").fill("已婚，两个孩子")
    page.locator("#id_social_background").fill("个体老板，做建材")
    page.locator("#id_needs_and_budget").fill("换购七座SUV，预算25万")
    page.locator("#id_model_of_interest").fill("皓影")
    expect(page.locator("#id_send_sms")).to_be_checked()
    snap(page, "visit-form")
    page.get_by_role("button", name="保存").click()

    expect(alert(page)).to_contain_text("已登记：陈")
    expect(page.locator("h1")).to_contain_text("陈")
    expect(page.locator("[data-grade]")).to_have_text("N级 · 新客户，未定级")
    expect(page.locator("main")).to_contain_text(f"{MOBILE} · 自然来店 · 刘晓明")
    expect(page.locator("[data-unsent-sms]")).to_have_count(0)
    sms_entry = page.locator('[data-timeline] [data-entry="sms"]')
    expect(sms_entry).to_contain_text(SMS_TEXT)
    expect(sms_entry).not_to_contain_text("未发送")
    expect(page.locator('[data-timeline] [data-entry="showroom"]')).to_contain_text("来店")
    snap(page, "customer-after-visit")

    customer = Customer.objects.get(mobile=MOBILE)
    assert (customer.name, customer.grade, customer.consultant) == ("陈", "N", consultant_a)
    assert Visit.objects.filter(customer=customer, kind="showroom").count() == 1
    sms = SmsMessage.objects.get(customer=customer)
    assert sms.sent_at is not None and sms.is_late is False and sms.text == SMS_TEXT
    sent = [r for r in _sms_file_records() if r["id"] == sms.provider_id]
    assert sent == [{"id": sms.provider_id, "mobile": MOBILE, "text": SMS_TEXT}]


def test_fu_h_consultant_completes_a_due_follow_up_on_a_phone(open_as, snap, consultant_a):
    # An H customer last contacted two days ago: the 2-3 day call is due today.
    customer = CustomerFactory(
        consultant=consultant_a, name="黄丽", mobile="13600001111", grade="H"
    )
    Customer.objects.filter(pk=customer.pk).update(
        created_at=timezone.now() - timedelta(days=2),
        assigned_at=timezone.now() - timedelta(days=2),
    )
    followups_scan()
    task = Followup.objects.get(customer=customer, kind=Kind.H)
    assert task.due_from <= timezone.now() < task.due_by

    page = open_as(consultant_a, phone=True, label="consultant")
    nav_click(page, "followups_today")
    expect(page.locator("h1")).to_have_text("今日回访")
    due = page.locator('[data-section="due"]')
    card = due.locator(f'[data-followup="{task.pk}"]')
    expect(card).to_contain_text("黄丽")
    expect(card.get_by_role("link", name="拨打 黄丽")).to_have_attribute("href", "tel:13600001111")
    snap(page, "today-due")

    card.get_by_role("button", name="记录结果").click()
    expect(card.locator(f"#log-{task.pk}")).to_have_class("collapse show")  # opened, not opening
    card.locator(f"#note-{task.pk}").fill("约好周六上午来店试驾皓影")
    card.locator(f"#channel-{task.pk}").select_option(label="电话")
    card.locator(f"#grade-{task.pk}").select_option("H")
    snap(page, "today-log-result")
    card.get_by_role("button", name="保存").click()

    expect(alert(page)).to_contain_text("回访已记录：黄丽")
    expect(page.locator('[data-section="due"]')).to_contain_text("现在没有待回访。")
    expect(page.locator(f'[data-followup="{task.pk}"]')).to_have_count(0)
    # The next H call is scheduled from today and shows as coming up.
    upcoming = page.locator('[data-section="upcoming"] [data-followup]')
    expect(upcoming).to_have_count(1)
    expect(upcoming).to_contain_text("黄丽")
    snap(page, "today-done")

    task.refresh_from_db()
    assert (task.status, task.result_note, task.channel, task.grade_hint, task.completed_by) == (
        Status.DONE,
        "约好周六上午来店试驾皓影",
        "phone",
        "H",
        consultant_a,
    )
    following = Followup.objects.get(customer=customer, status=Status.OPEN)
    assert following.kind == Kind.H and following.due_from > timezone.now()


def test_lead_5_shw_desk_consultant_ends_a_reception_logged_on_arrival(open_as, snap, consultant_a):
    """LEAD-5, SHW-DESK: the consultant logs the customer on arrival (no time
    out, SMS not sent yet), and when the customer leaves taps "客户离店：结束接待"
    on the reception log; the SMS now falls due 30 minutes after the end."""
    page = open_as(consultant_a, phone=True, label="consultant")
    nav_click(page, "visit_new")
    page.locator("#id_mobile").fill("15012340099")
    page.locator("#id_source_channel").select_option(label="自然来店")
    page.locator("#id_name").fill("周")
    page.locator("#id_appearance").fill("三十岁，短发")
    page.locator("#id_family_background").fill("已婚")
    page.locator("#id_social_background").fill("教师")
    page.locator("#id_needs_and_budget").fill("家用轿车，预算15万")
    page.locator("#id_send_sms").uncheck()
    page.get_by_role("button", name="保存").click()
    expect(alert(page)).to_contain_text("已登记：周")
    visit = Visit.objects.get(customer__mobile="15012340099")
    assert visit.ended_at is None

    nav_click(page, "day_view")
    item = page.locator(f'[data-visit="{visit.pk}"]')
    end = item.locator("[data-visit-end]")
    expect(end).to_have_text("客户离店：结束接待")
    expect(end).to_be_in_viewport()
    snap(page, "reception-log-open-visit")
    end.click()
    expect(alert(page)).to_contain_text("接待已结束：周")
    expect(page.locator(f'[data-visit="{visit.pk}"] [data-visit-end]')).to_have_count(0)
    visit.refresh_from_db()
    assert visit.ended_at is not None
    sms = SmsMessage.objects.get(visit=visit)
    assert sms.due_at == visit.ended_at + timedelta(minutes=30)
    assert timezone.now() - visit.ended_at < timedelta(minutes=5)
