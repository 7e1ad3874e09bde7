"""PTS-4 for sales facts: LEAD-5, DLV-CLASS, DLV-3GUARANTEE, LEAD-8 recorded
automatically, with exact points and joint liability, exactly once."""

from __future__ import annotations

from datetime import datetime, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
import time_machine

from sales import checks
from sales.models import Customer, SmsMessage
from sales.rules import SourceChannel, VisitKind
from sales.services import delivery_create, sms_send, visit_log
from sales.services.customers import NewCustomerData
from scoring.models import PenaltyEntry
from tests.sales.factories import CustomerFactory, OrderFactory

pytestmark = pytest.mark.django_db
SH = ZoneInfo("Asia/Shanghai")
T0 = datetime(2026, 11, 25, 10, 0, tzinfo=SH)


def ledger() -> list[tuple[str, str, Decimal]]:
    return sorted(
        (e.person.username, e.rule.code, e.points)
        for e in PenaltyEntry.objects.select_related("person", "rule")
    )


def visit(store, consultant, mobile="13912340000"):
    return visit_log(
        store=store,
        by=consultant,
        consultant=consultant,
        kind=VisitKind.SHOWROOM,
        source_channel=SourceChannel.WALK_IN,
        mobile=mobile,
        started_at=T0,
        ended_at=T0 + timedelta(minutes=30),
        customer_data=NewCustomerData(
            name="林",
            appearance="a",
            family_background="b",
            social_background="c",
            needs_and_budget="d",
        ),
    )


def test_lead_5_late_sms_costs_2_and_joint_1_each_once(store, consultant_a, supervisor, manager):
    sms = visit(store, consultant_a).sms
    with time_machine.travel(T0 + timedelta(minutes=75), tick=False):
        sms_send(sms=sms, by=consultant_a)
        assert checks.sms_check() == 1
        assert checks.sms_check() == 0
    assert ledger() == [
        ("consultant_a", "LEAD-5-LATE", Decimal("2.00")),
        ("manager", "LEAD-5-LATE", Decimal("1.00")),
        ("supervisor", "LEAD-5-LATE", Decimal("1.00")),
    ]


def test_lead_5_sms_on_time_costs_nothing(store, consultant_a, supervisor, manager):
    sms = visit(store, consultant_a).sms
    with time_machine.travel(T0 + timedelta(minutes=50), tick=False):
        sms_send(sms=sms, by=consultant_a)
        checks.sms_check()
    assert ledger() == []


def test_lead_5_unsent_sms_a_day_later_costs_6(store, consultant_a, supervisor, manager):
    visit(store, consultant_a)
    with time_machine.travel(T0 + timedelta(hours=20), tick=False):
        assert checks.sms_check() == 0  # still time to send it late
    with time_machine.travel(T0 + timedelta(hours=25, minutes=1), tick=False):
        checks.sms_check()
        checks.sms_check()
    assert ledger() == [
        ("consultant_a", "LEAD-5-MISSING", Decimal("6.00")),
        ("manager", "LEAD-5-MISSING", Decimal("1.00")),
        ("supervisor", "LEAD-5-MISSING", Decimal("1.00")),
    ]
    assert SmsMessage.objects.get().sent_at is None


def test_dlv_class_not_notified_within_3_days_costs_6(consultant_a, supervisor, manager):
    order = OrderFactory(customer=CustomerFactory(consultant=consultant_a))
    with time_machine.travel(T0, tick=False):
        delivery = delivery_create(order=order, vin="LHGCV1658J8000001", by=consultant_a)
        delivery.three_guarantee_confirmed_at = T0
        delivery.save()
    with time_machine.travel(T0 + timedelta(days=2), tick=False):
        assert checks.delivery_check() == 0
    # "within 3 days" counts store days: delivered at 10:00 on the 25th, the
    # 28th is the third day and it ends at midnight.
    with time_machine.travel(datetime(2026, 11, 28, 23, 59, tzinfo=SH), tick=False):
        assert checks.delivery_check() == 0
    with time_machine.travel(datetime(2026, 11, 29, 0, 1, tzinfo=SH), tick=False):
        assert checks.delivery_check() == 1
        assert checks.delivery_check() == 0
    assert ledger() == [
        ("consultant_a", "DLV-CLASS", Decimal("6.00")),
        ("manager", "DLV-CLASS", Decimal("2.00")),
        ("supervisor", "DLV-CLASS", Decimal("2.00")),
    ]


def test_dlv_3guarantee_unsigned_a_day_after_delivery_costs_10(consultant_a, supervisor, manager):
    order = OrderFactory(customer=CustomerFactory(consultant=consultant_a))
    with time_machine.travel(T0, tick=False):
        delivery_create(order=order, vin="LHGCV1658J8000001", by=consultant_a)
    with time_machine.travel(datetime(2026, 11, 26, 23, 59, tzinfo=SH), tick=False):
        checks.delivery_check()  # the day after the delivery is not over yet
    assert ledger() == []
    with time_machine.travel(datetime(2026, 11, 27, 0, 1, tzinfo=SH), tick=False):
        checks.delivery_check()
    assert ("consultant_a", "DLV-3GUARANTEE-MISSING", Decimal("10.00")) in ledger()


def test_lead_8_manager_charged_10_once_when_reassignment_waits(consultant_a, manager):
    customer = CustomerFactory(consultant=consultant_a)
    old = T0 - timedelta(days=64)
    Customer.objects.filter(pk=customer.pk).update(created_at=old, assigned_at=old)
    with time_machine.travel(T0, tick=False):
        assert checks.reassignment_check() == 1
        assert checks.reassignment_check() == 0
    assert [r for r in ledger() if r[1] == "LEAD-8"] == [("manager", "LEAD-8", Decimal("10.00"))]


def test_lead_8_no_charge_within_the_grace_days(consultant_a, manager):
    customer = CustomerFactory(consultant=consultant_a)
    old = T0 - timedelta(days=61)
    Customer.objects.filter(pk=customer.pk).update(created_at=old, assigned_at=old)
    with time_machine.travel(T0, tick=False):
        assert checks.reassignment_check() == 0


def test_lead_8_the_managers_are_told_each_morning_before_any_charge(
    consultant_a, manager, supervisor
):
    """Due (61 days held) but within the grace days: no charge yet, one
    reminder a day to the store's sales manager, saying when the −10 falls."""
    from dealership.models import Notification

    customer = CustomerFactory(consultant=consultant_a)
    old = T0 - timedelta(days=61)
    Customer.objects.filter(pk=customer.pk).update(created_at=old, assigned_at=old)
    with time_machine.travel(T0, tick=False):
        assert checks.reassignment_remind() == 1
        assert checks.reassignment_remind() == 0
        assert checks.reassignment_check() == 0
    note = Notification.objects.get()
    assert (note.user, note.url) == (manager, "/sales/reassign/")
    assert note.titles["zh-hans"] == (
        "待转给另一组的客户：1位；自2026-11-27起，每位仍未分配的客户扣10分（LEAD-8）"
    )
    with time_machine.travel(T0 + timedelta(days=1), tick=False):
        assert checks.reassignment_remind() == 1  # the next morning again
    assert not PenaltyEntry.objects.exists()


def test_lead_8_no_reminder_when_nobody_is_due(consultant_a, manager):
    from dealership.models import Notification

    customer = CustomerFactory(consultant=consultant_a)
    recent = T0 - timedelta(days=30)
    Customer.objects.filter(pk=customer.pk).update(created_at=recent, assigned_at=recent)
    with time_machine.travel(T0, tick=False):
        assert checks.reassignment_remind() == 0
    assert not Notification.objects.exists()


def test_lead_8_charges_the_manager_above_the_consultant(
    store, roles, consultant_a, consultant_b, manager, supervisor
):
    """ORG-3: with two sales managers, the one in the consultant's chain of
    command is charged, not the store's first."""
    from dealership.rules import Role
    from tests.factories import UserFactory

    second = UserFactory(username="manager_2", roles=[Role.SALES_MANAGER], stores=[store])
    consultant_b.supervisor = second
    consultant_b.save(update_fields=["supervisor"])
    old = T0 - timedelta(days=64)
    for consultant in (consultant_a, consultant_b):
        customer = CustomerFactory(consultant=consultant)
        Customer.objects.filter(pk=customer.pk).update(created_at=old, assigned_at=old)
    with time_machine.travel(T0, tick=False):
        assert checks.reassignment_check() == 2
    assert [r for r in ledger() if r[1] == "LEAD-8"] == [
        ("manager", "LEAD-8", Decimal("10.00")),
        ("manager_2", "LEAD-8", Decimal("10.00")),
    ]


def test_lead_10_managers_reminded_from_thursday_of_a_week_without_a_spot_check(
    store, manager, consultant_a
):
    """Seed: the manager spot-checks at least weekly. Monday to Wednesday no
    reminder; from Thursday one a week while the week has no spot check; a
    week with one done gets none."""
    from dealership.models import Notification
    from sales.services import spot_check_create

    wednesday = datetime(2026, 11, 25, 9, 0, tzinfo=SH)
    with time_machine.travel(wednesday, tick=False):
        assert checks.spot_check_remind() == 0
    with time_machine.travel(wednesday + timedelta(days=1), tick=False):
        assert checks.spot_check_remind() == 1
        assert checks.spot_check_remind() == 0
    note = Notification.objects.get()
    assert (note.user, note.url) == (manager, "/sales/spot-check/")
    assert note.titles["zh-hans"] == "本周意向客户抽查尚未完成（LEAD-10）"
    next_monday = datetime(2026, 11, 30, 9, 0, tzinfo=SH)
    with time_machine.travel(next_monday, tick=False):
        spot_check_create(store=store, week=next_monday.date(), by=manager)
    with time_machine.travel(next_monday + timedelta(days=3), tick=False):
        assert checks.spot_check_remind() == 0
    assert Notification.objects.count() == 1


def test_lead_4_consultants_told_each_morning_of_customers_waiting_for_a_grade(
    consultant_a, consultant_b, manager
):
    """N (new) is graded at the first contact and T goes back to an intent
    grade: no cadence follows them until then. A customer of yesterday still
    N, or T, is counted for their consultant the next morning; one made today,
    graded since, or graded H is not."""
    from dealership.models import Notification
    from sales.services import customer_change_grade

    yesterday = T0 - timedelta(days=1)
    waiting = [CustomerFactory(consultant=consultant_a, grade=g) for g in ("N", "T")]
    graded_h = CustomerFactory(consultant=consultant_a, grade="H")
    regraded = CustomerFactory(consultant=consultant_b, grade="N")
    Customer.objects.filter(pk__in=[c.pk for c in (*waiting, graded_h, regraded)]).update(
        created_at=yesterday
    )
    CustomerFactory(consultant=consultant_b, grade="N")  # made today
    with time_machine.travel(T0 - timedelta(hours=1), tick=False):
        customer_change_grade(customer=regraded, to_grade="A", reason="有意向", by=consultant_b)
        Customer.objects.filter(pk=regraded.pk).update(grade="N")  # e.g. back to N this morning
    with time_machine.travel(T0, tick=False):
        assert checks.ungraded_remind() == 1
        assert checks.ungraded_remind() == 0
    note = Notification.objects.get()
    assert note.user == consultant_a
    assert note.titles["zh-hans"] == "等待定级的客户（新客户或已退订）：2位（LEAD-4）"


def test_lead_8_a_waiting_customer_is_charged_once_even_when_the_chain_changes(
    store, roles, consultant_a, supervisor, manager
):
    """Review: the fact is the customer's wait, whoever is charged for it; a
    supervisor moved under a second manager must not bring a second −10."""
    from dealership.rules import Role
    from tests.factories import UserFactory

    customer = CustomerFactory(consultant=consultant_a)
    old = T0 - timedelta(days=64)
    Customer.objects.filter(pk=customer.pk).update(created_at=old, assigned_at=old)
    with time_machine.travel(T0, tick=False):
        assert checks.reassignment_check() == 1
    second = UserFactory(username="manager_2", roles=[Role.SALES_MANAGER], stores=[store])
    supervisor.supervisor = second
    supervisor.save(update_fields=["supervisor"])
    with time_machine.travel(T0 + timedelta(days=1), tick=False):
        assert checks.reassignment_check() == 0
    assert [r for r in ledger() if r[1] == "LEAD-8"] == [("manager", "LEAD-8", Decimal("10.00"))]


def test_lead_8_each_manager_is_told_of_the_customers_they_would_answer_for(
    store, roles, consultant_a, consultant_b, manager
):
    from dealership.models import Notification
    from dealership.rules import Role
    from tests.factories import UserFactory

    second = UserFactory(username="manager_2", roles=[Role.SALES_MANAGER], stores=[store])
    consultant_b.supervisor = second
    consultant_b.save(update_fields=["supervisor"])
    old = T0 - timedelta(days=61)
    for consultant in (consultant_a, consultant_a, consultant_b):
        c = CustomerFactory(consultant=consultant)
        Customer.objects.filter(pk=c.pk).update(created_at=old, assigned_at=old)
    with time_machine.travel(T0, tick=False):
        assert checks.reassignment_remind() == 2
    titles = {n.user.username: n.titles["zh-hans"] for n in Notification.objects.all()}
    assert titles["manager"].startswith("待转给另一组的客户：2位")
    assert titles["manager_2"].startswith("待转给另一组的客户：1位")
