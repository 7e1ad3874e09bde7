"""Incentives (RULES.md section 9): INC-1 monthly sales champion with the
cancellation offset and the target condition, INC-2 accessories champion,
INC-3 annual champion by invoiced sales without staff under six months of
service; every award confirmed exactly once."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from dealership.errors import ConflictError, DomainError
from dealership.models import Notification
from dealership.rules import Role
from sales.models import Delivery, OrderAccessory
from sales.rules import OrderStatus
from scoring.incentives import incentive_contest
from scoring.models import IncentiveAward, IncentivePolicy, IncentiveTarget
from scoring.rules import IncentiveKind, has_tenure, sales_champion_deduction
from scoring.services import incentive_award_confirm
from tests.factories import UserFactory
from tests.sales.factories import CustomerFactory, OrderFactory
from tests.scoring.conftest import at

pytestmark = pytest.mark.django_db

MARCH = date(2025, 3, 1)
INC1, INC2, INC3 = (
    IncentiveKind.SALES_MONTH,
    IncentiveKind.ACCESSORIES_MONTH,
    IncentiveKind.SALES_YEAR,
)


def order(consultant, ordered_at, *, cancelled_at=None, delivered_at=None, **kwargs):
    customer = CustomerFactory(consultant=consultant)
    status = OrderStatus.ORDERED
    if cancelled_at:
        status = OrderStatus.CANCELLED
    elif delivered_at:
        status = OrderStatus.DELIVERED
    placed = OrderFactory(
        customer=customer, ordered_at=ordered_at, status=status, cancelled_at=cancelled_at, **kwargs
    )
    if delivered_at:
        Delivery.objects.create(
            store=placed.store,
            order=placed,
            consultant=consultant,
            delivered_at=delivered_at,
            created_by=consultant,
        )
    return placed


def accessory(placed, unit_price: str, quantity: int = 1):
    OrderAccessory.objects.create(
        order=placed, name="脚垫", unit_price=Decimal(unit_price), quantity=quantity
    )


@pytest.fixture
def policy(store):
    return IncentivePolicy.objects.create(
        store=store,
        sales_champion_reward=Decimal("1000.00"),
        accessories_champion_reward=Decimal("500.00"),
        annual_champion_reward=Decimal("5000.00"),
        annual_target_bonus=Decimal("2000.00"),
        monthly_order_target=1,
        monthly_accessories_target=Decimal("3000.00"),
        annual_invoiced_target=5,
    )


@pytest.fixture
def march_sales(consultant_a, consultant_b):
    """A: 3 orders in March, one cancelled in March, plus a February order
    cancelled in March (2 cancellations). B: 2 orders, none cancelled."""
    order(consultant_a, at(2025, 3, 3, 10, 0))
    order(consultant_a, at(2025, 3, 10, 10, 0))
    order(consultant_a, at(2025, 3, 31, 23, 30), cancelled_at=at(2025, 3, 31, 23, 50))
    order(consultant_a, at(2025, 2, 20, 10, 0), cancelled_at=at(2025, 3, 2, 10, 0))
    order(consultant_b, at(2025, 3, 1, 0, 10))
    order(consultant_b, at(2025, 3, 15, 10, 0))
    order(consultant_b, at(2025, 4, 1, 0, 5))  # April in Shanghai: not counted


def test_inc_1_cancellation_offset_arithmetic_in_decimal():
    reward = Decimal("1000.00")
    assert sales_champion_deduction(reward=reward, orders=3, cancellations=2) == Decimal("666.67")
    assert sales_champion_deduction(reward=reward, orders=7, cancellations=2) == Decimal("285.71")
    assert sales_champion_deduction(reward=reward, orders=8, cancellations=0) == Decimal("0.00")
    assert sales_champion_deduction(reward=reward, orders=2, cancellations=5) == Decimal("1000.00")
    assert sales_champion_deduction(reward=Decimal("999.99"), orders=3, cancellations=1) == Decimal(
        "333.33"
    )


def test_inc_1_sales_champion_most_orders_reward_less_cancellations(
    time_machine, store, manager, consultant_a, consultant_b, policy, march_sales
):
    time_machine.move_to(at(2025, 4, 2, 9, 0), tick=False)
    contest = incentive_contest(store=store, kind=INC1, day=MARCH)
    rows = [(s.person.username, s.figure, s.cancellations, s.amount) for s in contest.standings]
    assert rows == [
        ("consultant_a", Decimal("3"), 2, Decimal("333.33")),
        ("consultant_b", Decimal("2"), 0, Decimal("1000.00")),
    ]
    award = incentive_award_confirm(
        store=store, kind=INC1, day=MARCH, person=consultant_a, by=manager
    )
    award.refresh_from_db()
    assert (award.period, award.figure, award.cancellations, award.target) == (
        MARCH,
        Decimal("3.00"),
        2,
        Decimal("1.00"),
    )
    assert (award.reward, award.deduction, award.bonus, award.amount) == (
        Decimal("1000.00"),
        Decimal("666.67"),
        Decimal("0.00"),
        Decimal("333.33"),
    )
    note = Notification.objects.get(user=consultant_a, key=f"scoring:award:{award.pk}")
    assert note.url == f"/scoring/incentives/{award.pk}/certificate/"


def test_inc_1_target_not_met_means_no_award(
    time_machine, store, manager, consultant_a, consultant_b, policy, march_sales
):
    # A: 3 orders less 2 cancellations = 1, below A's own March target of 2.
    IncentiveTarget.objects.create(
        store=store, person=consultant_a, month=MARCH, orders=2, accessories=Decimal("0")
    )
    time_machine.move_to(at(2025, 4, 2, 9, 0), tick=False)
    contest = incentive_contest(store=store, kind=INC1, day=MARCH)
    assert [s.person.username for s in contest.leaders] == ["consultant_a"]
    assert contest.winners == []
    assert "未达成" in contest.no_award_reason
    with pytest.raises(DomainError) as refused:
        incentive_award_confirm(store=store, kind=INC1, day=MARCH, person=consultant_a, by=manager)
    assert refused.value.code == "NO_CHAMPION"
    with pytest.raises(DomainError) as refused:
        incentive_award_confirm(store=store, kind=INC1, day=MARCH, person=consultant_b, by=manager)
    assert refused.value.code == "NO_CHAMPION"
    assert IncentiveAward.objects.count() == 0
    assert not Notification.objects.filter(key__startswith="scoring:award:").exists()


def test_inc_1_award_recorded_exactly_once(
    time_machine, store, manager, gm, consultant_a, policy, march_sales
):
    time_machine.move_to(at(2025, 4, 2, 9, 0), tick=False)
    first = incentive_award_confirm(
        store=store, kind=INC1, day=MARCH, person=consultant_a, by=manager
    )
    with pytest.raises(ConflictError) as refused:
        incentive_award_confirm(
            store=store, kind=INC1, day=date(2025, 3, 20), person=consultant_a, by=gm
        )
    assert refused.value.code == "AWARD_EXISTS"
    assert list(IncentiveAward.objects.values_list("pk", "confirmed_by__username")) == [
        (first.pk, "manager")
    ]
    assert Notification.objects.filter(key__startswith="scoring:award:").count() == 1


def test_inc_1_refusals_change_nothing(
    time_machine, store, manager, consultant_a, consultant_b, policy, march_sales
):
    time_machine.move_to(at(2025, 3, 31, 23, 59), tick=False)
    with pytest.raises(ConflictError) as refused:
        incentive_award_confirm(store=store, kind=INC1, day=MARCH, person=consultant_a, by=manager)
    assert refused.value.code == "PERIOD_NOT_OVER"
    time_machine.move_to(at(2025, 4, 2, 9, 0), tick=False)
    with pytest.raises(DomainError) as refused:
        incentive_award_confirm(store=store, kind=INC1, day=MARCH, person=consultant_b, by=manager)
    assert (refused.value.code, refused.value.field) == ("NOT_CHAMPION", "person")
    with pytest.raises(DomainError) as refused:
        incentive_award_confirm(
            store=store, kind=INC1, day=MARCH, person=consultant_a, by=consultant_b
        )
    assert refused.value.code == "NOT_ALLOWED"
    with pytest.raises(DomainError) as refused:
        incentive_award_confirm(
            store=store, kind="bonus", day=MARCH, person=consultant_a, by=manager
        )
    assert refused.value.code == "INCENTIVE_UNKNOWN"
    assert IncentiveAward.objects.count() == 0


def test_inc_1_deals_taken_from_the_consultant_do_not_count(
    time_machine, store, consultant_a, consultant_b, policy
):
    """LEAD-9: a deal after month 3 no longer counts for the consultant."""
    order(consultant_a, at(2025, 3, 3, 10, 0))
    order(consultant_a, at(2025, 3, 4, 10, 0), commission_excluded=True)
    order(consultant_a, at(2025, 3, 5, 10, 0), commission_excluded=True)
    order(consultant_b, at(2025, 3, 6, 10, 0))
    order(consultant_b, at(2025, 3, 7, 10, 0))
    time_machine.move_to(at(2025, 4, 2, 9, 0), tick=False)
    contest = incentive_contest(store=store, kind=INC1, day=MARCH)
    assert [(s.person.username, s.figure) for s in contest.standings] == [
        ("consultant_b", Decimal("2")),
        ("consultant_a", Decimal("1")),
    ]


def test_inc_2_accessories_champion_needs_the_target(
    time_machine, store, manager, consultant_a, consultant_b, policy
):
    a1 = order(consultant_a, at(2025, 3, 3, 10, 0))
    accessory(a1, "1200.00", 2)
    accessory(a1, "800.50")
    cancelled = order(consultant_b, at(2025, 3, 4, 10, 0), cancelled_at=at(2025, 3, 9, 10, 0))
    accessory(cancelled, "9000.00")  # a cancelled order sold nothing
    b1 = order(consultant_b, at(2025, 3, 5, 10, 0))
    accessory(b1, "2999.99")
    time_machine.move_to(at(2025, 4, 1, 8, 0), tick=False)
    contest = incentive_contest(store=store, kind=INC2, day=MARCH)
    assert [(s.person.username, s.figure, s.eligible) for s in contest.standings] == [
        ("consultant_a", Decimal("3200.50"), True),
        ("consultant_b", Decimal("2999.99"), False),
    ]
    award = incentive_award_confirm(
        store=store, kind=INC2, day=MARCH, person=consultant_a, by=manager
    )
    assert (award.figure, award.target, award.amount) == (
        Decimal("3200.50"),
        Decimal("3000.00"),
        Decimal("500.00"),
    )


def test_inc_2_best_seller_below_target_means_no_award(
    time_machine, store, manager, consultant_a, policy
):
    a1 = order(consultant_a, at(2025, 3, 3, 10, 0))
    accessory(a1, "2999.99")
    time_machine.move_to(at(2025, 4, 1, 8, 0), tick=False)
    contest = incentive_contest(store=store, kind=INC2, day=MARCH)
    assert contest.winners == []
    with pytest.raises(DomainError) as refused:
        incentive_award_confirm(store=store, kind=INC2, day=MARCH, person=consultant_a, by=manager)
    assert refused.value.code == "NO_CHAMPION"
    assert IncentiveAward.objects.count() == 0


def test_inc_3_tenure_of_six_months_at_the_year_end():
    """INC-3 / ORG-5: six months of service counted from the hire date; no
    hire date recorded, no tenure shown."""
    year_end = date(2026, 1, 1)
    assert has_tenure(hire_date=date(2025, 7, 1), on=year_end, months=6)
    assert not has_tenure(hire_date=date(2025, 7, 2), on=year_end, months=6)
    assert not has_tenure(hire_date=None, on=year_end, months=6)
    assert has_tenure(hire_date=date(2024, 8, 31), on=date(2025, 2, 28), months=6)


def test_inc_3_annual_champion_by_invoiced_sales_without_new_staff(
    time_machine, store, manager, consultant_a, consultant_b, policy
):
    """INC-3: the most invoiced sales of the year; ORG-5: a consultant hired
    under six months before the year end is not eligible."""
    consultant_a.hire_date = date(2025, 7, 2)  # under six months on 31 December
    consultant_a.save()
    consultant_b.hire_date = date(2020, 5, 1)
    consultant_b.save()
    for month in (2, 5, 9):
        order(consultant_a, at(2025, month, 1, 10), delivered_at=at(2025, month, 20, 10))
    order(consultant_b, at(2025, 1, 5, 10), delivered_at=at(2025, 1, 25, 10))
    order(consultant_b, at(2025, 11, 5, 10), invoiced_at=at(2025, 12, 31, 23, 0))  # invoiced
    order(consultant_b, at(2025, 12, 5, 10), delivered_at=at(2026, 1, 2, 10))  # next year
    order(consultant_b, at(2025, 6, 5, 10))  # ordered, never invoiced
    time_machine.move_to(at(2026, 1, 5, 9, 0), tick=False)
    contest = incentive_contest(store=store, kind=INC3, day=date(2025, 7, 1))
    assert contest.period == date(2025, 1, 1)
    rows = [(s.person.username, s.figure, s.eligible) for s in contest.standings]
    assert rows == [("consultant_b", Decimal("2"), True), ("consultant_a", Decimal("3"), False)]
    assert [s.person.username for s in contest.winners] == ["consultant_b"]
    with pytest.raises(DomainError) as refused:
        incentive_award_confirm(
            store=store, kind=INC3, day=date(2025, 12, 1), person=consultant_a, by=manager
        )
    assert refused.value.code == "NOT_CHAMPION"
    award = incentive_award_confirm(
        store=store, kind=INC3, day=date(2025, 12, 1), person=consultant_b, by=manager
    )
    # The store invoiced 5 cars (a's 3 count for the store): the target of 5 is met.
    assert (award.figure, award.reward, award.bonus, award.amount) == (
        Decimal("2"),
        Decimal("5000.00"),
        Decimal("2000.00"),
        Decimal("7000.00"),
    )


def test_inc_3_no_extra_reward_below_the_store_target(
    time_machine, store, manager, consultant_b, policy
):
    consultant_b.hire_date = date(2020, 5, 1)
    consultant_b.save()
    order(consultant_b, at(2025, 1, 5, 10), delivered_at=at(2025, 1, 25, 10))
    time_machine.move_to(at(2026, 1, 5, 9, 0), tick=False)
    award = incentive_award_confirm(
        store=store, kind=INC3, day=date(2025, 1, 1), person=consultant_b, by=manager
    )
    assert (award.bonus, award.amount) == (Decimal("0.00"), Decimal("5000.00"))
    with pytest.raises(ConflictError) as refused:
        incentive_award_confirm(
            store=store, kind=INC3, day=date(2025, 6, 1), person=consultant_b, by=manager
        )
    assert refused.value.code == "AWARD_EXISTS"
    assert IncentiveAward.objects.count() == 1


def test_inc_amounts_are_zero_until_configured(time_machine, store, manager, consultant_a):
    """INC [config]: the seed leaves every amount blank."""
    order(consultant_a, at(2025, 3, 3, 10, 0))
    time_machine.move_to(at(2025, 4, 2, 9, 0), tick=False)
    award = incentive_award_confirm(
        store=store, kind=INC1, day=MARCH, person=consultant_a, by=manager
    )
    assert (award.reward, award.amount) == (Decimal("0.00"), Decimal("0.00"))


def test_inc_page_manager_confirms_the_award_and_prints_the_certificate(
    time_machine, login, store, manager, consultant_a, consultant_b, policy, march_sales
):
    time_machine.move_to(at(2025, 4, 2, 9, 0), tick=False)
    client = login(manager)
    page = client.get(reverse("scoring:incentives"))  # last month by default
    html = page.content.decode()
    assert page.status_code == 200
    assert "激励，2025-03" in html
    assert "333.33" in html
    response = client.post(
        reverse("scoring:incentives"),
        {"kind": "sales_month", "day": "2025-03-01", "person": consultant_a.pk},
    )
    assert response.status_code == 302
    award = IncentiveAward.objects.get()
    assert award.amount == Decimal("333.33")
    response = client.post(
        reverse("scoring:incentives"),
        {"kind": "sales_month", "day": "2025-03-01", "person": consultant_a.pk},
    )
    assert "该奖励已确认过。" in response.content.decode()
    assert IncentiveAward.objects.count() == 1
    certificate = login(consultant_a).get(reverse("scoring:certificate", args=[award.pk]))
    html = certificate.content.decode()
    assert certificate.status_code == 200
    assert "荣誉证书" in html and "刘晓明" in html and "333.33" in html
    assert "window.print()" in html


def test_inc_page_refusal_is_shown_and_changes_nothing(
    time_machine, login, store, manager, consultant_a, consultant_b, policy, march_sales
):
    time_machine.move_to(at(2025, 4, 2, 9, 0), tick=False)
    response = login(manager).post(
        reverse("scoring:incentives"),
        {"kind": "sales_month", "day": "2025-03-01", "person": consultant_b.pk},
    )
    assert response.status_code == 200
    assert "此人不是冠军。" in response.content.decode()
    assert IncentiveAward.objects.count() == 0


def test_inc_pages_are_for_managers_and_the_champion(
    time_machine, login, store, manager, consultant_a, consultant_b, outsider, policy, march_sales
):
    time_machine.move_to(at(2025, 4, 2, 9, 0), tick=False)
    award = incentive_award_confirm(
        store=store, kind=INC1, day=MARCH, person=consultant_a, by=manager
    )
    url = reverse("scoring:certificate", args=[award.pk])
    assert login(consultant_b).get(reverse("scoring:incentives")).status_code == 403
    assert login(consultant_b).get(url).status_code == 403
    assert login(manager).get(url).status_code == 200
    assert login(outsider).get(url).status_code == 404
    response = login(consultant_b).post(
        reverse("scoring:incentives"),
        {"kind": "sales_month", "day": "2025-03-01", "person": consultant_b.pk},
    )
    assert response.status_code == 403
    nav = login(manager).get(reverse("scoring:statement")).content.decode()
    assert 'data-nav="scoring_incentives"' in nav
    nav = login(consultant_a).get(reverse("scoring:report_home")).content.decode()
    assert 'data-nav="scoring_incentives"' not in nav


def test_inc_page_query_count_does_not_grow(
    time_machine, login, store, manager, consultant_a, policy, django_assert_max_num_queries
):
    client = login(manager)
    first = order(consultant_a, at(2025, 3, 3, 10, 0), delivered_at=at(2025, 3, 10, 10))
    accessory(first, "100.00")
    time_machine.move_to(at(2025, 4, 2, 9, 0), tick=False)
    with CaptureQueriesContext(connection) as few:
        assert client.get(reverse("scoring:incentives")).status_code == 200
    for n in range(8):
        person = UserFactory(roles=[Role.SALES_CONSULTANT], stores=[store])
        placed = order(person, at(2025, 3, 4 + n, 10, 0), delivered_at=at(2025, 3, 20, 10))
        accessory(placed, "100.00", n + 1)
    with django_assert_max_num_queries(len(few.captured_queries)):
        html = client.get(reverse("scoring:incentives")).content.decode()
    assert html.count("data-figure") == 3 * 9


def test_inc_amounts_and_targets_are_edited_in_the_admin(
    login, store, other_store, manager, consultant_a
):
    client = login(manager)
    response = client.post(
        reverse("admin:scoring_incentivepolicy_add"),
        {
            "store": store.pk,
            "sales_champion_reward": "1500.00",
            "accessories_champion_reward": "800.00",
            "annual_champion_reward": "10000.00",
            "annual_target_bonus": "3000.00",
            "monthly_order_target": "8",
            "monthly_accessories_target": "5000.00",
            "annual_invoiced_target": "600",
            "min_service_months": "6",
        },
    )
    assert response.status_code == 302
    policy = IncentivePolicy.objects.get(store=store)
    assert (policy.sales_champion_reward, policy.monthly_order_target) == (Decimal("1500.00"), 8)
    response = client.post(
        reverse("admin:scoring_incentivetarget_add"),
        {
            "store": other_store.pk,
            "person": consultant_a.pk,
            "month": "2025-03-01",
            "orders": "3",
            "accessories": "0",
        },
    )
    assert response.status_code == 200  # not one of the manager's stores
    assert IncentiveTarget.objects.count() == 0


def test_rpt_deadline_rows_of_a_store_are_edited_by_its_manager(login, store, manager):
    from scoring.models import ReportDeadline

    client = login(manager)
    default = ReportDeadline.objects.get(kind="consultant_log", store=None)
    response = client.post(
        reverse("admin:scoring_reportdeadline_change", args=[default.pk]),
        {"kind": "consultant_log", "at": "21:00", "remind_minutes_before": "60"},
    )
    assert response.status_code == 403
    response = client.post(
        reverse("admin:scoring_reportdeadline_add"),
        {
            "kind": "consultant_log",
            "store": store.pk,
            "at": "21:30",
            "remind_minutes_before": "45",
            "remind_days_before": "0",
        },
    )
    assert response.status_code == 302
    own = ReportDeadline.objects.get(kind="consultant_log", store=store)
    assert (own.at.hour, own.at.minute, own.remind_minutes_before) == (21, 30, 45)
    assert ReportDeadline.objects.get(pk=default.pk).at.hour == 22
