"""The morning check ticked on a phone (SHW-ENV): a failed item saved without
the person responsible is refused next to that field, the page lands on the
item, and what was entered is still there to complete."""

from __future__ import annotations

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from dealership.timeutil import store_today
from showroom import services
from showroom.models import RunCheck

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_shw_env_refused_item_comes_back_filled_at_its_place_on_a_phone(
    open_as, snap, store, supervisor, consultant_a
):
    run, _created = services.run_create(store=store, day=store_today(store))
    check = RunCheck.objects.filter(run=run).order_by("-pk").first()  # far down the page
    phone = open_as(supervisor, phone=True)
    phone.goto(f"/showroom/runs/{run.pk}/")
    item = phone.locator(f'[data-check="{check.pk}"]')
    item.locator("label", has_text="不合格").click()
    item.locator('input[name="note"]').fill("地面有水渍")
    item.get_by_role("button", name="保存").click()

    refused = phone.locator(f'[data-check="{check.pk}"] form[data-refused]')
    expect(refused.locator('[data-error="responsible"]')).to_have_text("请指定责任人。")
    expect(refused.locator('[data-error="responsible"]')).to_be_visible()
    expect(refused.locator("[data-refusal]")).to_be_in_viewport()  # autofocus scrolled to it
    expect(refused.locator('input[name="note"]')).to_have_value("地面有水渍")
    expect(refused.locator('input[value="fail"]')).to_be_checked()
    snap(phone, "refused-item")
    assert RunCheck.objects.get(pk=check.pk).result == ""

    refused.locator('select[name="responsible"]').select_option(str(consultant_a.pk))
    refused.get_by_role("button", name="保存").click()
    expect(phone.locator(f'[data-check="{check.pk}"]')).to_have_attribute("data-result", "fail")
    snap(phone, "saved-item")
    saved = RunCheck.objects.get(pk=check.pk)
    assert (saved.result, saved.note, saved.responsible, saved.checked_by) == (
        "fail", "地面有水渍", consultant_a, supervisor,
    )  # fmt: skip
    assert saved.checked_at <= timezone.now()
