"""INC-4 promotion rewards [config]: a campaign pays its amount for each car of
its basis (orders not cancelled, or deliveries) and model during its run; the
incentives page adds up each consultant's cars and reward; managers keep the
campaigns in the admin."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from django.db import IntegrityError
from django.urls import reverse

from scoring.incentives import promotion_results
from scoring.models import PromotionCampaign
from scoring.rules import PromotionBasis
from tests.scoring.conftest import at
from tests.scoring.test_incentives import order

pytestmark = pytest.mark.django_db

MARCH = date(2025, 3, 1)


def campaign(store, **kwargs):
    values = {
        "name": "三月雅阁促销",
        "starts_on": date(2025, 3, 10),
        "ends_on": date(2025, 3, 20),
        "model_name": "雅阁",
        "reward_per_car": Decimal("300.00"),
    }
    values.update(kwargs)
    return PromotionCampaign.objects.create(store=store, **values)


@pytest.fixture
def march_sales(consultant_a, consultant_b):
    """In the run (10–20 March, store days): A two 雅阁 orders and one 飞度, one
    雅阁 cancelled; B one 雅阁 order at 23:30 on the 20th. Outside: A a 雅阁
    order on the 9th, B one at 00:10 on the 21st. Deliveries: A one on the
    15th (ordered in February)."""
    a, b = consultant_a, consultant_b
    order(a, at(2025, 3, 10, 9, 0))
    order(a, at(2025, 3, 18, 16, 0))
    order(a, at(2025, 3, 12, 11, 0), model_name="飞度")
    order(a, at(2025, 3, 14, 11, 0), cancelled_at=at(2025, 3, 16, 10, 0))
    order(b, at(2025, 3, 20, 23, 30))
    order(a, at(2025, 3, 9, 23, 0))
    order(b, at(2025, 3, 21, 0, 10))
    order(a, at(2025, 2, 20, 10, 0), delivered_at=at(2025, 3, 15, 10, 0))


def test_inc_4_orders_of_the_model_in_the_run_earn_the_reward(store, march_sales):
    promo = campaign(store)
    [result] = promotion_results(store=store, month=MARCH)
    assert result.campaign == promo
    assert [(line.person.username, line.cars, line.amount) for line in result.lines] == [
        ("consultant_a", 2, Decimal("600.00")),
        ("consultant_b", 1, Decimal("300.00")),
    ]
    assert (result.cars, result.amount) == (3, Decimal("900.00"))


def test_inc_4_every_model_and_deliveries_as_the_basis(store, march_sales):
    campaign(store, name="全车系", model_name="")
    campaign(store, name="交车奖", basis=PromotionBasis.DELIVERIES, reward_per_car=Decimal("200"))
    results = {r.campaign.name: r for r in promotion_results(store=store, month=MARCH)}
    every, delivered = results["全车系"], results["交车奖"]
    assert [(line.person.username, line.cars) for line in every.lines] == [
        ("consultant_a", 3),
        ("consultant_b", 1),
    ]
    assert [(line.person.username, line.cars, line.amount) for line in delivered.lines] == [
        ("consultant_a", 1, Decimal("200.00"))
    ]


def test_inc_4_campaigns_of_the_month_only_and_of_the_store_only(store, other_store, march_sales):
    campaign(store, name="二月", starts_on=date(2025, 2, 1), ends_on=date(2025, 2, 28))
    campaign(other_store, name="别店")
    spanning = campaign(store, name="跨月", starts_on=date(2025, 2, 20), ends_on=date(2025, 3, 1))
    assert [r.campaign for r in promotion_results(store=store, month=MARCH)] == [spanning]


def test_inc_4_a_campaign_cannot_end_before_it_starts(store):
    with pytest.raises(IntegrityError):
        campaign(store, starts_on=date(2025, 3, 20), ends_on=date(2025, 3, 10))


def test_inc_4_incentives_page_shows_each_campaign(
    login, time_machine, store, manager, march_sales
):
    campaign(store)
    time_machine.move_to(at(2025, 4, 2, 9, 0), tick=False)
    html = login(manager).get(reverse("scoring:incentives")).content.decode()
    section = html.split('id="promotions"', 1)[1]
    assert "三月雅阁促销" in section and "2025-03-10 – 2025-03-20" in section
    row = section.split('data-person="consultant_a"', 1)[1].split("</tr>", 1)[0]
    assert '<td class="text-end" data-cars>2</td>' in row
    assert '<td class="text-end" data-amount>600.00</td>' in row
    assert "每台300.00元" in section
    empty = login(manager).get(reverse("scoring:incentives"), {"month": "2025-05"})
    assert "data-no-promotions" in empty.content.decode()


def test_inc_4_manager_adds_a_campaign_in_the_admin_for_their_store_only(
    login, store, other_store, manager
):
    client = login(manager)
    data = {
        "name": "五一促销",
        "starts_on": "2025-05-01",
        "ends_on": "2025-05-05",
        "basis": "orders",
        "model_name": "",
        "reward_per_car": "500.00",
        "note": "",
    }
    response = client.post(
        reverse("admin:scoring_promotioncampaign_add"), {**data, "store": store.pk}
    )
    assert response.status_code == 302
    assert PromotionCampaign.objects.get().reward_per_car == Decimal("500.00")
    refused = client.post(
        reverse("admin:scoring_promotioncampaign_add"),
        {**data, "store": other_store.pk, "ends_on": "2025-04-30"},
    )
    assert refused.status_code == 200  # another store's, and ends before it starts
    errors = refused.context["adminform"].form.errors
    assert "store" in errors and "ends_on" in errors
    assert PromotionCampaign.objects.count() == 1


def test_inc_4_queries_do_not_grow_with_campaigns_or_sales(
    store, consultant_a, consultant_b, march_sales, django_assert_max_num_queries
):
    campaign(store)
    campaign(store, name="交车奖", basis=PromotionBasis.DELIVERIES)
    with django_assert_max_num_queries(4):
        promotion_results(store=store, month=MARCH)
    for n in range(5):
        campaign(store, name=f"活动{n}", model_name="" if n % 2 else "飞度")
        campaign(store, name=f"交车{n}", basis=PromotionBasis.DELIVERIES)
        order(consultant_b, at(2025, 3, 11 + n, 10, 0))
    with django_assert_max_num_queries(4):
        results = promotion_results(store=store, month=MARCH)
    assert len(results) == 12
