"""Event-driven follow-ups: FU-O (ordered car), FU-DLV-2H, FU-DLV-7D,
FU-MAINT (first service) and FU-CARE (holidays, birthdays)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from dealership.errors import DomainError
from followups.models import FirstServiceInterval, Followup, FollowupPolicy
from followups.rules import Kind, Status
from followups.services import (
    followup_complete,
    followups_on_delivery,
    followups_on_grade_change,
    followups_on_order_event,
)
from sales.models import Delivery
from scoring.models import PenaltyEntry
from tests.followups.conftest import sh
from tests.sales.factories import CustomerFactory, OrderFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def order(consultant_a):
    customer = CustomerFactory(consultant=consultant_a, grade="O", name="黄女士")
    return OrderFactory(customer=customer, model_name="雅阁")


def _deliver(order, at):
    return Delivery.objects.create(
        store=order.store,
        order=order,
        consultant=order.consultant,
        delivered_at=at,
        created_by=order.consultant,
    )


def test_fu_o_task_for_each_status_change_of_the_ordered_car(travel, order, consultant_a):
    travel(sh(2025, 3, 3, 10))
    allocated = followups_on_order_event(order=order, event="allocated", at=sh(2025, 3, 3, 10))
    again = followups_on_order_event(order=order, event="allocated", at=sh(2025, 3, 3, 11))
    arrived = followups_on_order_event(order=order, event="arrived", at=sh(2025, 3, 8, 9))
    assert allocated == again
    assert (allocated.kind, allocated.owner, allocated.slot, allocated.title) == (
        Kind.ORDER,
        consultant_a,
        f"order:{order.pk}:allocated",
        order.number,
    )
    assert (allocated.due_from, allocated.due_by) == (sh(2025, 3, 3, 10), sh(2025, 3, 4, 10))
    assert (arrived.due_from, arrived.due_by) == (sh(2025, 3, 8, 9), sh(2025, 3, 9, 9))
    assert Followup.objects.count() == 2


def test_fu_o_unknown_vehicle_status_is_refused(order):
    with pytest.raises(DomainError) as refused:
        followups_on_order_event(order=order, event="sold", at=sh(2025, 3, 3, 10))
    assert refused.value.code == "ORDER_EVENT_UNKNOWN"
    assert not Followup.objects.exists()


def test_fu_o_updates_end_when_the_order_is_cancelled(travel, order, consultant_a):
    travel(sh(2025, 3, 3, 10))
    task = followups_on_order_event(order=order, event="in_transit", at=sh(2025, 3, 3, 10))
    order.customer.grade = "T"
    followups_on_grade_change(customer=order.customer, by=consultant_a)
    task.refresh_from_db()
    assert task.status == Status.CANCELLED


def test_fu_dlv_2h_created_on_delivery(travel, order, scan, consultant_a):
    travel(sh(2025, 3, 3, 15))
    delivery = _deliver(order, sh(2025, 3, 3, 15))
    followups_on_delivery(delivery=delivery)
    followups_on_delivery(delivery=delivery)  # safe twice
    task = Followup.objects.get(kind=Kind.DELIVERY_2H)
    assert (task.owner, task.slot) == (consultant_a, f"delivery:{delivery.pk}")
    assert (task.due_from, task.due_by) == (sh(2025, 3, 3, 16), sh(2025, 3, 3, 17))
    scan(sh(2025, 3, 3, 17, 0, 1))
    task.refresh_from_db()
    assert (task.status, task.late_at) == (Status.LATE, sh(2025, 3, 3, 17))
    # PTS-4: the seed's "没按时回访扣2分" of the follow-up list, charged once
    # the late call is made (a late task may still go on to be missed)
    scan(sh(2025, 3, 3, 18))
    assert not PenaltyEntry.objects.exists()
    followup_complete(followup=task, note="客户已安全到家", by=consultant_a)
    scan(sh(2025, 3, 3, 19))
    scan(sh(2025, 3, 3, 20))
    entry = PenaltyEntry.objects.get()
    assert (entry.person, entry.rule.code, entry.points) == (
        consultant_a,
        "FU-DLV-2H-LATE",
        Decimal("2"),
    )


def test_fu_dlv_7d_not_made_is_charged_5_points(travel, order, scan, consultant_a):
    """PTS-4: no follow-up in the week after delivery and three days more:
    the seed's "未回访扣5分", charged to the holder, once."""
    travel(sh(2025, 3, 3, 15))
    followups_on_delivery(delivery=_deliver(order, sh(2025, 3, 3, 15)))
    task = Followup.objects.get(kind=Kind.DELIVERY_7D)
    scan(sh(2025, 3, 14, 0, 0, 1))
    scan(sh(2025, 3, 14, 1))
    task.refresh_from_db()
    assert task.status == Status.MISSED
    entry = PenaltyEntry.objects.get(rule__code__startswith="FU-DLV-7D")
    assert (entry.person, entry.rule.code, entry.points) == (
        consultant_a,
        "FU-DLV-7D-MISSED",
        Decimal("5"),
    )


def test_fu_dlv_7d_created_on_delivery(travel, order):
    travel(sh(2025, 3, 3, 15))
    followups_on_delivery(delivery=_deliver(order, sh(2025, 3, 3, 15)))
    task = Followup.objects.get(kind=Kind.DELIVERY_7D)
    assert (task.due_from, task.due_by) == (sh(2025, 3, 4), sh(2025, 3, 11))


def test_fu_dlv_delivery_ends_pending_ordered_car_updates(travel, order):
    travel(sh(2025, 3, 3, 10))
    update = followups_on_order_event(order=order, event="pdi_passed", at=sh(2025, 3, 3, 10))
    followups_on_delivery(delivery=_deliver(order, sh(2025, 3, 3, 15)))
    update.refresh_from_db()
    assert update.status == Status.CANCELLED


def test_fu_maint_reminder_3_days_before_first_service(travel, order):
    travel(sh(2025, 3, 3, 15))
    followups_on_delivery(delivery=_deliver(order, sh(2025, 3, 3, 15)))
    task = Followup.objects.get(kind=Kind.MAINTENANCE)
    # First service 3 months after delivery: 2025-06-03; remind on 31 May.
    assert (task.due_from, task.due_by) == (sh(2025, 5, 31), sh(2025, 6, 1))
    assert task.title == "雅阁 · 首保 2025-06-03 或 5000 公里"  # the store's language


def test_fu_maint_interval_configured_per_model(travel, order):
    FirstServiceInterval.objects.create(model_name="雅阁", months=6, km=7500)
    travel(sh(2025, 3, 3, 15))
    followups_on_delivery(delivery=_deliver(order, sh(2025, 3, 3, 15)))
    task = Followup.objects.get(kind=Kind.MAINTENANCE)
    assert (task.due_from, task.due_by) == (sh(2025, 8, 31), sh(2025, 9, 1))
    assert task.title == "雅阁 · 首保 2025-09-03 或 7500 公里"


def test_fu_maint_late_2_points_missed_5_points(travel, order, scan, consultant_a):
    travel(sh(2025, 3, 3, 15))
    followups_on_delivery(delivery=_deliver(order, sh(2025, 3, 3, 15)))
    task = Followup.objects.get(kind=Kind.MAINTENANCE)
    scan(sh(2025, 6, 1, 0, 1))
    task.refresh_from_db()
    assert task.status == Status.LATE
    scan(sh(2025, 6, 3, 0, 1))  # the service day came with no reminder
    task.refresh_from_db()
    assert (task.status, task.missed_at) == (Status.MISSED, sh(2025, 6, 3))
    entry = PenaltyEntry.objects.get(person=consultant_a, rule__code__startswith="FU-MAINT")
    assert (entry.rule.code, entry.points, entry.fact_date) == (
        "FU-MAINT-MISSED",
        Decimal("5"),
        date(2025, 6, 3),
    )


@pytest.fixture
def owner_customer(consultant_a):
    return CustomerFactory(consultant=consultant_a, grade="D", birthday=date(1985, 6, 20))


def test_fu_care_spring_festival_greeting(owner_customer, consultant_a, scan):
    intent = CustomerFactory(consultant=consultant_a, grade="B")
    scan(sh(2025, 1, 24, 10))  # the holiday is 5 days away: not yet
    assert not Followup.objects.filter(kind=Kind.CARE).exists()
    scan(sh(2025, 1, 25, 10))  # 28 January (除夕) is 3 days away
    scan(sh(2025, 1, 26, 10))
    task = Followup.objects.get(kind=Kind.CARE)
    assert (task.customer, task.owner, task.slot) == (
        owner_customer,
        consultant_a,
        "care:spring_festival:2025",
    )
    assert (task.due_from, task.due_by) == (sh(2025, 1, 27), sh(2025, 1, 29))
    assert not Followup.objects.filter(customer=intent, kind=Kind.CARE).exists()


def test_fu_care_national_day_and_mid_autumn_are_two_greetings(owner_customer, scan):
    FollowupPolicy.objects.create(store=owner_customer.store, care_lead_days=7)
    scan(sh(2025, 9, 30, 10))
    slots = set(Followup.objects.filter(kind=Kind.CARE).values_list("slot", flat=True))
    assert slots == {"care:national_day:2025", "care:mid_autumn_festival:2025"}


def test_fu_care_birthday_greeting(owner_customer, scan):
    scan(sh(2025, 6, 17, 10))
    scan(sh(2025, 6, 18, 10))
    task = Followup.objects.get(kind=Kind.CARE)
    assert task.slot == "care:birthday:2025-06-20"
    assert (task.due_from, task.due_by) == (sh(2025, 6, 19), sh(2025, 6, 21))


def test_fu_care_29_february_birthday_greeted_on_28th(consultant_a, scan):
    CustomerFactory(consultant=consultant_a, grade="D", birthday=date(1988, 2, 29))
    scan(sh(2025, 2, 27, 10))
    task = Followup.objects.get(kind=Kind.CARE)
    assert task.slot == "care:birthday:2025-02-28"


def test_fu_dlv_migration_sets_the_penalty_codes_only_where_both_are_blank():
    """followups 0009: rules loaded by 0002 (no codes) get FU-DLV-*; a rule a
    manager gave codes of their own keeps them."""
    from importlib import import_module

    from django.apps import apps

    from followups.models import FollowupRule

    FollowupRule.objects.filter(code=Kind.DELIVERY_2H).update(
        late_rule_code="", missed_rule_code=""
    )
    FollowupRule.objects.filter(code=Kind.DELIVERY_7D).update(
        late_rule_code="", missed_rule_code="FU-H-MISSED"
    )
    import_module("followups.migrations.0009_delivery_penalty_codes").forward(apps, None)
    codes = dict(
        (code, (late, missed))
        for code, late, missed in FollowupRule.objects.filter(
            code__in=[Kind.DELIVERY_2H, Kind.DELIVERY_7D]
        ).values_list("code", "late_rule_code", "missed_rule_code")
    )
    assert codes == {
        Kind.DELIVERY_2H: ("FU-DLV-2H-LATE", "FU-DLV-2H-MISSED"),
        Kind.DELIVERY_7D: ("", "FU-H-MISSED"),
    }


def test_fu_dlv_migration_charges_from_today_where_delivery_tasks_exist(travel, order):
    """followups 0009 on a store with delivery follow-ups already: the new
    penalty rules apply from today, so a lateness from before is not charged
    when its task is closed later; an empty database keeps them open-ended."""
    from importlib import import_module

    from django.apps import apps
    from django.utils import timezone

    from scoring.models import PenaltyRule

    codes = ["FU-DLV-2H-LATE", "FU-DLV-2H-MISSED", "FU-DLV-7D-LATE", "FU-DLV-7D-MISSED"]
    migration = import_module("followups.migrations.0009_delivery_penalty_codes")
    migration.forward(apps, None)
    assert set(
        PenaltyRule.objects.filter(code__in=codes).values_list("active_from", flat=True)
    ) == {None}
    travel(sh(2025, 3, 3, 15))
    followups_on_delivery(delivery=_deliver(order, sh(2025, 3, 3, 15)))
    migration.forward(apps, None)
    assert set(
        PenaltyRule.objects.filter(code__in=codes).values_list("active_from", flat=True)
    ) == {timezone.localdate()}
