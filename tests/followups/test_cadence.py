"""FU-H, FU-A, FU-B, FU-C: cadence follow-ups by grade; grade changes,
completion, contact and reassignment (LEAD-4, LEAD-8/9)."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest

from dealership.errors import DomainError
from followups.models import Followup, FollowupRule
from followups.rules import Kind, Status
from followups.services import (
    followup_complete,
    followups_on_contact,
    followups_on_grade_change,
    followups_on_reassign,
)
from scoring.models import PenaltyEntry
from tests.followups.conftest import sh
from tests.sales.factories import CustomerFactory

pytestmark = pytest.mark.django_db


def _pending(customer) -> Followup:
    return Followup.objects.get(customer=customer, status__in=("open", "late", "missed"))


def _open(customer) -> Followup:
    return Followup.objects.get(customer=customer, status__in=("open", "late"))


def test_default_rules_loaded_by_migration():
    rows = {
        r.code: (
            r.grade,
            r.window_start_days,
            r.window_end_days,
            r.window_start_hours,
            r.window_end_hours,
            r.missed_after_days,
            r.late_rule_code,
            r.missed_rule_code,
        )
        for r in FollowupRule.objects.all()
    }
    assert rows == {
        "FU-H": ("H", 2, 3, None, None, 3, "FU-H-LATE", "FU-H-MISSED"),
        "FU-A": ("A", 7, 7, None, None, 3, "FU-A-LATE", "FU-A-MISSED"),
        "FU-B": ("B", 15, 15, None, None, 3, "FU-B-LATE", "FU-B-MISSED"),
        "FU-C": ("C", 30, 30, None, None, 3, "FU-C-LATE", "FU-C-MISSED"),
        "FU-O": ("", 0, 0, 0, 24, 2, "", ""),
        "FU-DLV-2H": ("", 0, 0, 1, 2, 1, "FU-DLV-2H-LATE", "FU-DLV-2H-MISSED"),
        "FU-DLV-7D": ("", 1, 7, None, None, 3, "FU-DLV-7D-LATE", "FU-DLV-7D-MISSED"),
        "FU-MAINT": ("", -3, -3, None, None, 2, "FU-MAINT-LATE", "FU-MAINT-MISSED"),
        "FU-CARE": ("", -1, 0, None, None, 1, "", ""),
    }


def test_fu_h_graded_customer_is_due_for_a_call_in_2_to_3_days(travel, graded, consultant_a):
    travel(sh(2025, 3, 3, 10))
    task = _pending(graded("H"))
    assert (task.kind, task.owner, task.status) == (Kind.H, consultant_a, Status.OPEN)
    assert (task.due_from, task.due_by) == (sh(2025, 3, 5), sh(2025, 3, 7))


def test_fu_h_scan_marks_late_after_3_days(travel, graded, scan, consultant_a):
    travel(sh(2025, 3, 3, 10))
    customer = graded("H")
    scan(sh(2025, 3, 6, 23, 59, 59))
    assert _pending(customer).status == Status.OPEN
    result = scan(sh(2025, 3, 7, 0, 0, 1))
    task = _pending(customer)
    assert (result.late, task.status, task.late_at) == (1, Status.LATE, sh(2025, 3, 7))
    assert task.overdue_owner == consultant_a
    assert not PenaltyEntry.objects.exists()  # charged once settled: −2 late or −5 missed


def test_fu_h_missed_beyond_3_more_days_costs_5_points(travel, graded, scan, consultant_a):
    travel(sh(2025, 3, 3, 10))
    customer = graded("H")
    scan(sh(2025, 3, 9, 23, 59))
    assert _pending(customer).status == Status.LATE
    result = scan(sh(2025, 3, 10, 0, 1))
    task = Followup.objects.get(customer=customer, missed_at__isnull=False)
    # missed, and superseded by the next call in the same run
    assert (result.missed, task.missed_at, task.status) == (1, sh(2025, 3, 10), Status.SUPERSEDED)
    entry = PenaltyEntry.objects.get(person=consultant_a)
    assert (entry.rule.code, entry.points, entry.fact_date) == (
        "FU-H-MISSED",
        Decimal("5"),
        sh(2025, 3, 10).date(),
    )
    assert entry.fact_key == f"followup:{task.pk}"


def test_fu_h_missed_call_is_followed_by_the_next_one_and_each_lapse_costs(
    travel, graded, scan, consultant_a
):
    """A missed H follow-up no longer holds the customer's cadence: the same
    scan gives them the next call, counted from the moment it was missed, and
    a consultant who still does not call is charged again for that one."""
    travel(sh(2025, 3, 3, 10))
    customer = graded("H")
    result = scan(sh(2025, 3, 10, 0, 1))
    missed = Followup.objects.get(customer=customer, status=Status.SUPERSEDED)
    following = _open(customer)
    assert result.scheduled == 1
    assert (following.kind, following.owner, following.pk > missed.pk) == (
        Kind.H,
        consultant_a,
        True,
    )
    assert (following.due_from, following.due_by) == (sh(2025, 3, 12), sh(2025, 3, 14))
    scan(sh(2025, 3, 17, 0, 1))  # the second call is missed as well
    entries = PenaltyEntry.objects.filter(person=consultant_a).order_by("fact_date")
    assert [(e.rule.code, e.points, e.fact_date) for e in entries] == [
        ("FU-H-MISSED", Decimal("5"), date(2025, 3, 10)),
        ("FU-H-MISSED", Decimal("5"), date(2025, 3, 17)),
    ]
    statuses = Followup.objects.filter(customer=customer).order_by("pk")
    assert [t.status for t in statuses] == [Status.SUPERSEDED, Status.SUPERSEDED, Status.OPEN]
    assert _pending(customer).pk == statuses.last().pk  # only the current call is to do


def test_fu_h_superseded_missed_call_is_refused_and_left_off_the_lists(
    travel, graded, scan, consultant_a, store
):
    from followups.selectors import followup_list_pending, followup_list_today

    travel(sh(2025, 3, 3, 10))
    customer = graded("H")
    scan(sh(2025, 3, 10, 0, 1))
    missed = Followup.objects.get(customer=customer, status=Status.SUPERSEDED)
    following = _open(customer)
    today = followup_list_today(user=consultant_a, store=store)
    assert [t.pk for t in today.overdue + today.due + today.upcoming] == [following.pk]
    assert [t.pk for t in followup_list_pending(user=consultant_a)] == [following.pk]
    with pytest.raises(DomainError) as refused:
        followup_complete(followup=missed, note="补打电话", by=consultant_a)
    assert refused.value.code == "FOLLOWUP_SUPERSEDED"
    missed.refresh_from_db()
    assert (missed.status, missed.completed_at, missed.result_note) == (
        Status.SUPERSEDED,
        None,
        "",
    )
    following.refresh_from_db()
    assert following.status == Status.OPEN
    assert Followup.objects.filter(customer=customer).count() == 2
    done = followup_complete(followup=following, note="客户周末来店", by=consultant_a)
    assert done.status == Status.DONE
    assert _open(customer).due_from == sh(2025, 3, 12)  # the next one, from this call


def test_fu_h_call_logged_from_a_page_opened_before_the_miss_lands_on_the_current_call(
    travel, graded, scan, login, consultant_a
):
    """The consultant opened Today while the call was late, the scan marked
    it missed and set the next one, then they logged the call: the page logs
    it on the customer's current follow-up and says so."""
    from django.urls import reverse

    travel(sh(2025, 3, 3, 10))
    customer = graded("H")
    stale = _pending(customer)
    scan(sh(2025, 3, 10, 0, 1))
    travel(sh(2025, 3, 10, 9, 0))
    client = login(consultant_a)
    url = reverse("followups:complete", args=[stale.pk])
    response = client.post(url, {"result_note": "客户说下周来", "channel": "phone"}, follow=True)
    assert response.status_code == 200
    stale.refresh_from_db()
    assert stale.status == Status.SUPERSEDED and stale.completed_at is None
    done = Followup.objects.get(customer=customer, status=Status.DONE)
    assert (done.result_note, done.completed_at) == ("客户说下周来", sh(2025, 3, 10, 9, 0))
    assert "本次通话已记录在客户当前的回访中" in response.content.decode()


def test_refusal_of_a_task_no_longer_listed_is_shown_at_the_top(
    travel, graded, login, consultant_a
):
    """The task was cancelled (the customer ordered) while the page was open:
    its card is gone, so the refusal is shown above the lists."""
    from django.urls import reverse

    travel(sh(2025, 3, 3, 10))
    customer = graded("H")
    task = _pending(customer)
    Followup.objects.filter(pk=task.pk).update(status=Status.CANCELLED)
    client = login(consultant_a)
    url = reverse("followups:complete", args=[task.pk])
    response = client.post(url, {"result_note": "已联系", "channel": "phone"})
    assert response.status_code == 400
    html = response.content.decode()
    assert f'data-refusal="{task.pk}"' in html
    assert "这条回访已关闭。" in html
    task.refresh_from_db()
    assert (task.status, task.result_note) == (Status.CANCELLED, "")


def test_empty_note_on_a_superseded_call_is_explained_at_the_top(
    travel, graded, scan, login, consultant_a
):
    from django.urls import reverse

    travel(sh(2025, 3, 3, 10))
    customer = graded("H")
    stale = _pending(customer)
    scan(sh(2025, 3, 10, 0, 1))
    client = login(consultant_a)
    url = reverse("followups:complete", args=[stale.pk])
    response = client.post(url, {"result_note": "  ", "channel": "phone"})
    assert response.status_code == 400
    html = response.content.decode()
    alert = html[html.index(f'data-refusal="{stale.pk}"') :].split("</div>")[0]
    assert customer.name in alert and len(alert.split(":", 1)[1].strip()) > 0
    assert Followup.objects.filter(customer=customer, status=Status.DONE).count() == 0


def test_fu_h_late_call_costs_2_points_once(travel, graded, scan, consultant_a):
    travel(sh(2025, 3, 3, 10))
    task = _pending(graded("H"))
    scan(sh(2025, 3, 7, 9))
    travel(sh(2025, 3, 7, 9, 30))
    followup_complete(followup=task, note="客户下周来店", by=consultant_a)
    scan(sh(2025, 3, 7, 9, 40))
    scan(sh(2025, 3, 7, 9, 50))
    entries = PenaltyEntry.objects.filter(person=consultant_a)
    assert [(e.rule.code, e.points) for e in entries] == [("FU-H-LATE", Decimal("2"))]


def test_fu_h_completing_schedules_the_next_call_from_now(travel, graded, consultant_a):
    travel(sh(2025, 3, 3, 10))
    customer = graded("H")
    travel(sh(2025, 3, 5, 15))
    done = followup_complete(
        followup=_pending(customer),
        note="约周六试驾",
        channel="visit",
        grade_hint="h",
        by=consultant_a,
    )
    done.refresh_from_db()
    assert (done.status, done.completed_at, done.channel, done.grade_hint) == (
        Status.DONE,
        sh(2025, 3, 5, 15),
        "visit",
        "H",
    )
    assert done.late_at is None
    following = _pending(customer)
    assert (following.due_from, following.due_by) == (sh(2025, 3, 7), sh(2025, 3, 9))


def test_fu_h_contact_just_before_midnight_counts_that_store_day(travel, graded, scan):
    travel(sh(2025, 3, 3, 23, 50))  # 15:50 UTC
    customer = graded("H")
    assert _pending(customer).due_by == sh(2025, 3, 7)
    scan(sh(2025, 3, 7, 0, 5))
    assert _pending(customer).status == Status.LATE


@pytest.mark.parametrize(
    ("grade", "days"), [("A", 7), ("B", 15), ("C", 30)], ids=["fu_a", "fu_b", "fu_c"]
)
def test_fu_a_b_c_follow_up_every_7_15_30_days(travel, graded, scan, grade, days):
    travel(sh(2025, 3, 3, 10))
    task = _pending(graded(grade))
    assert task.kind == f"FU-{grade}"
    due_day = date(2025, 3, 3) + timedelta(days=days)
    assert (task.due_from, task.due_by) == (
        sh(due_day.year, due_day.month, due_day.day),
        sh(due_day.year, due_day.month, due_day.day) + timedelta(days=1),
    )


def test_fu_a_late_and_missed_carry_fu_a_codes(travel, graded, scan, consultant_a):
    travel(sh(2025, 3, 3, 10))
    customer = graded("A")
    scan(sh(2025, 3, 11, 0, 1))
    assert _pending(customer).status == Status.LATE
    scan(sh(2025, 3, 14, 0, 1))
    assert [e.rule.code for e in PenaltyEntry.objects.filter(person=consultant_a)] == [
        "FU-A-MISSED"
    ]


def test_fu_b_every_15_days_late_then_missed_costs_5_points(travel, graded, scan, consultant_a):
    travel(sh(2025, 3, 3, 10))
    customer = graded("B")
    task = _pending(customer)
    assert (task.kind, task.due_from, task.due_by) == ("FU-B", sh(2025, 3, 18), sh(2025, 3, 19))
    scan(sh(2025, 3, 18, 23, 59))
    assert _pending(customer).status == Status.OPEN
    scan(sh(2025, 3, 19, 0, 1))
    assert _pending(customer).status == Status.LATE
    scan(sh(2025, 3, 22, 0, 1))
    entry = PenaltyEntry.objects.get(person=consultant_a)
    assert (entry.rule.code, entry.points) == ("FU-B-MISSED", Decimal("5"))


def test_fu_c_every_30_days_done_late_costs_2_points(travel, graded, scan, consultant_a):
    travel(sh(2025, 3, 3, 10))
    customer = graded("C")
    task = _pending(customer)
    assert (task.kind, task.due_from, task.due_by) == ("FU-C", sh(2025, 4, 2), sh(2025, 4, 3))
    travel(sh(2025, 4, 4, 9))
    followup_complete(followup=task, note="来店看车", by=consultant_a)
    scan(sh(2025, 4, 4, 9, 10))
    entry = PenaltyEntry.objects.get(person=consultant_a)
    assert (entry.rule.code, entry.points, entry.fact_date) == (
        "FU-C-LATE",
        Decimal("2"),
        date(2025, 4, 3),
    )
    following = _pending(customer)  # the next one, 30 days from the late call
    assert (following.kind, following.due_from) == ("FU-C", sh(2025, 5, 4))


def test_fu_a_interval_changed_in_the_admin_changes_the_next_due_date(
    travel, graded, login, consultant_a, manager
):
    """Cadence rules are data: a manager edits FU-A in the admin (7 → 10 days,
    missed after 3 → 5) and the next follow-up is scheduled by the new rule."""
    travel(sh(2025, 3, 3, 10))
    customer = graded("A")
    rule = FollowupRule.objects.get(code="FU-A")
    url = f"/admin/followups/followuprule/{rule.pk}/change/"
    client = login(manager)
    assert client.get(url).status_code == 200
    form = {
        "grade": "A",
        "window_start_days": "10",
        "window_end_days": "10",
        "window_start_hours": "",
        "window_end_hours": "",
        "grace_hours": "0",
        "missed_after_days": "5",
        "late_rule_code": "FU-A-LATE",
        "missed_rule_code": "FU-A-MISSED",
        "is_active": "on",
    }
    response = client.post(url, form)
    assert response.status_code == 302, response.content.decode()[:2000]
    rule.refresh_from_db()
    assert (rule.window_start_days, rule.window_end_days, rule.missed_after_days) == (10, 10, 5)
    travel(sh(2025, 3, 10, 15))
    followup_complete(followup=_pending(customer), note="电话沟通", by=consultant_a)
    following = _pending(customer)
    assert (following.due_from, following.due_by) == (sh(2025, 3, 20), sh(2025, 3, 21))


def test_fu_dlv_2h_window_that_ends_before_it_starts_is_refused_in_the_admin(login, manager):
    """A delivery call window of 3 → 2 hours would make every delivery fail
    (its task could not be stored): the admin refuses it next to the field and
    the database refuses it too."""
    from django.db import IntegrityError, transaction

    rule = FollowupRule.objects.get(code="FU-DLV-2H")
    before = (rule.window_start_hours, rule.window_end_hours)
    url = f"/admin/followups/followuprule/{rule.pk}/change/"
    form = {
        "grade": "",
        "window_start_days": "0",
        "window_end_days": "0",
        "window_start_hours": "3",
        "window_end_hours": "2",
        "grace_hours": "0",
        "missed_after_days": "",
        "late_rule_code": rule.late_rule_code,
        "missed_rule_code": rule.missed_rule_code,
        "is_active": "on",
    }
    response = login(manager).post(url, form)
    assert response.status_code == 200
    assert "window_end_hours" in response.context["adminform"].form.errors
    rule.refresh_from_db()
    assert (rule.window_start_hours, rule.window_end_hours) == before
    with pytest.raises(IntegrityError), transaction.atomic():
        FollowupRule.objects.filter(pk=rule.pk).update(window_start_hours=3, window_end_hours=2)


def _rule_form(rule, **changes) -> dict:
    form = {
        "grade": rule.grade,
        "window_start_days": str(rule.window_start_days),
        "window_end_days": str(rule.window_end_days),
        "window_start_hours": ""
        if rule.window_start_hours is None
        else str(rule.window_start_hours),
        "window_end_hours": "" if rule.window_end_hours is None else str(rule.window_end_hours),
        "grace_hours": str(rule.grace_hours),
        "missed_after_days": "" if rule.missed_after_days is None else str(rule.missed_after_days),
        "late_rule_code": rule.late_rule_code,
        "missed_rule_code": rule.missed_rule_code,
        "is_active": "on",
    }
    form.update(changes)
    return form


@pytest.mark.parametrize(
    ("code", "start", "end"),
    [("FU-H", "0", "3"), ("FU-A", "0", "0"), ("FU-C", "-2", "30"), ("FU-DLV-7D", "-1", "7")],
)
def test_day_window_that_would_fall_due_at_once_or_before_its_anchor_is_refused(
    login, manager, code, start, end
):
    """FU-H..FU-C: a cadence of 0 days would make every call due the same day
    as the last one; FU-DLV-7D cannot fall due before the delivery. The admin
    refuses it next to the field and the rule is unchanged."""
    rule = FollowupRule.objects.get(code=code)
    before = (rule.window_start_days, rule.window_end_days)
    url = f"/admin/followups/followuprule/{rule.pk}/change/"
    response = login(manager).post(
        url, _rule_form(rule, window_start_days=start, window_end_days=end)
    )
    assert response.status_code == 200
    assert list(response.context["adminform"].form.errors) == ["window_start_days"]
    rule.refresh_from_db()
    assert (rule.window_start_days, rule.window_end_days) == before


@pytest.mark.parametrize(("code", "start", "end"), [("FU-MAINT", "-5", "-1"), ("FU-H", "1", "2")])
def test_day_window_before_its_anchor_is_accepted_where_the_rule_means_it(
    login, manager, code, start, end
):
    """FU-MAINT opens before the service date; a one-day cadence is allowed."""
    rule = FollowupRule.objects.get(code=code)
    url = f"/admin/followups/followuprule/{rule.pk}/change/"
    response = login(manager).post(
        url, _rule_form(rule, window_start_days=start, window_end_days=end)
    )
    assert response.status_code == 302
    rule.refresh_from_db()
    assert (rule.window_start_days, rule.window_end_days) == (int(start), int(end))


def test_grade_change_reschedules_for_the_new_grade(travel, graded, consultant_a):
    travel(sh(2025, 3, 3, 10))
    customer = graded("H")
    old = _pending(customer)
    travel(sh(2025, 3, 4, 11))
    customer.grade = "A"
    customer.save()
    followups_on_grade_change(customer=customer, by=consultant_a)
    old.refresh_from_db()
    assert (old.status, old.cancelled_at) == (Status.CANCELLED, sh(2025, 3, 4, 11))
    new = _pending(customer)
    assert (new.kind, new.due_from, new.due_by) == (Kind.A, sh(2025, 3, 11), sh(2025, 3, 12))


@pytest.mark.parametrize("grade", ["O", "D", "F", "T", "N"])
def test_grades_without_cadence_cancel_pending_follow_ups(travel, graded, consultant_a, grade):
    travel(sh(2025, 3, 3, 10))
    customer = graded("B")
    customer.grade = grade
    followups_on_grade_change(customer=customer, by=consultant_a)
    assert list(Followup.objects.values_list("status", flat=True)) == [Status.CANCELLED]


def test_same_grade_again_keeps_the_pending_follow_up(travel, graded, consultant_a):
    travel(sh(2025, 3, 3, 10))
    customer = graded("H")
    before = _pending(customer)
    travel(sh(2025, 3, 4, 10))
    followups_on_grade_change(customer=customer, by=consultant_a)
    assert _pending(customer) == before
    assert Followup.objects.count() == 1


def test_contact_does_not_complete_but_starts_the_cadence(travel, consultant_a):
    travel(sh(2025, 3, 3, 10))
    new = CustomerFactory(consultant=consultant_a, grade="N")
    followups_on_contact(customer=new, at=sh(2025, 3, 3, 10))
    assert not Followup.objects.exists()  # graded first (LEAD-4)
    graded_customer = CustomerFactory(consultant=consultant_a, grade="B")
    followups_on_contact(customer=graded_customer, at=sh(2025, 3, 3, 10))
    task = _pending(graded_customer)
    assert (task.kind, task.due_from) == (Kind.B, sh(2025, 3, 18))
    followups_on_contact(customer=graded_customer, at=sh(2025, 3, 4, 10))
    assert _pending(graded_customer) == task  # a visit does not replace the call


def test_lead_8_reassignment_moves_pending_follow_ups_and_keeps_lateness(
    travel, graded, scan, consultant_a, consultant_b
):
    travel(sh(2025, 3, 3, 10))
    customer = graded("H")
    scan(sh(2025, 3, 7, 1))
    done_before = CustomerFactory(consultant=consultant_a, grade="C")
    followups_on_grade_change(customer=done_before, by=consultant_a)
    customer.consultant = consultant_b
    customer.save()
    assert followups_on_reassign(customers=[customer], to_user=consultant_b) == 1
    task = _pending(customer)
    assert (task.owner, task.overdue_owner) == (consultant_b, consultant_a)
    assert _pending(done_before).owner == consultant_a


def test_lead_8_reassignment_before_the_scan_leaves_the_lapse_with_the_old_holder(
    travel, graded, scan, consultant_a, consultant_b
):
    """The call was missed under consultant A; the scan has not run since.
    A reassignment marks it first, so the −5 stays A's, not B's."""
    travel(sh(2025, 3, 3, 10))
    customer = graded("H")
    travel(sh(2025, 3, 10, 9))
    customer.consultant = consultant_b
    customer.save()
    followups_on_reassign(customers=[customer], to_user=consultant_b)
    task = Followup.objects.get(customer=customer)
    assert (task.status, task.owner, task.overdue_owner) == (
        Status.MISSED,
        consultant_b,
        consultant_a,
    )
    scan(sh(2025, 3, 10, 9, 10))
    entry = PenaltyEntry.objects.get(rule__code="FU-H-MISSED")
    assert entry.person == consultant_a
    assert _open(customer).owner == consultant_b


def test_scan_marks_lateness_before_it_moves_tasks_to_a_new_holder(
    travel, graded, scan, consultant_a, consultant_b
):
    """The reassignment hook did not run (a bulk edit): the scan marks the task
    late in A's name first, then gives it to B."""
    travel(sh(2025, 3, 3, 10))
    customer = graded("H")
    Customer = type(customer)
    Customer.objects.filter(pk=customer.pk).update(consultant=consultant_b)
    scan(sh(2025, 3, 7, 9))
    task = _pending(customer)
    assert (task.status, task.owner, task.overdue_owner) == (
        Status.LATE,
        consultant_b,
        consultant_a,
    )


def test_scan_moves_follow_ups_to_the_holder_when_the_hook_did_not_run(
    travel, graded, scan, consultant_b
):
    travel(sh(2025, 3, 3, 10))
    customer = graded("H")
    customer.consultant = consultant_b
    customer.save()
    scan(sh(2025, 3, 3, 11))
    assert _pending(customer).owner == consultant_b


def test_scan_creates_the_cadence_of_graded_customers_without_one(travel, scan, consultant_a):
    travel(sh(2025, 3, 3, 10))
    fresh = CustomerFactory(consultant=consultant_a, grade="H")
    travel(sh(2025, 1, 1, 10))
    old = CustomerFactory(consultant=consultant_a, grade="B")  # graded long ago
    ungraded = CustomerFactory(consultant=consultant_a, grade="N")
    scan(sh(2025, 3, 3, 12))
    assert (_pending(fresh).due_from, _pending(fresh).due_by) == (sh(2025, 3, 5), sh(2025, 3, 7))
    # Never born overdue: counted from the scan.
    assert (_pending(old).due_from, _pending(old).due_by) == (sh(2025, 3, 18), sh(2025, 3, 19))
    assert not Followup.objects.filter(customer=ungraded).exists()


def test_scan_cancels_a_follow_up_of_a_grade_the_customer_left(travel, graded, scan):
    travel(sh(2025, 3, 3, 10))
    customer = graded("H")
    customer.grade = "C"
    customer.save()  # the sales hook did not run
    scan(sh(2025, 3, 3, 11))
    assert _pending(customer).kind == Kind.C
    assert (
        Followup.objects.filter(customer=customer, status=Status.CANCELLED, kind=Kind.H).count()
        == 1
    )


def test_complete_someone_elses_follow_up_is_refused(travel, graded, consultant_b):
    travel(sh(2025, 3, 3, 10))
    task = _pending(graded("H"))
    with pytest.raises(DomainError) as refused:
        followup_complete(followup=task, note="打过了", by=consultant_b)
    assert (refused.value.code, refused.value.status) == ("FOLLOWUP_NOT_YOURS", 403)
    task.refresh_from_db()
    assert (task.status, task.completed_at, task.result_note) == (Status.OPEN, None, "")
    assert Followup.objects.count() == 1


def test_complete_a_done_follow_up_is_refused(travel, graded, consultant_a):
    travel(sh(2025, 3, 3, 10))
    customer = graded("H")
    task = _pending(customer)
    followup_complete(followup=task, note="第一次", by=consultant_a)
    travel(sh(2025, 3, 3, 11))
    with pytest.raises(DomainError) as refused:
        followup_complete(followup=task, note="第二次", by=consultant_a)
    assert (refused.value.code, refused.value.status) == ("FOLLOWUP_CLOSED", 409)
    task.refresh_from_db()
    assert (task.result_note, task.completed_at) == ("第一次", sh(2025, 3, 3, 10))
    assert Followup.objects.count() == 2


@pytest.mark.parametrize(
    ("fields", "code"),
    [
        ({"note": "  "}, "RESULT_REQUIRED"),
        ({"note": "x", "channel": "fax"}, "CHANNEL_INVALID"),
        ({"note": "x", "grade_hint": "Z"}, "GRADE_INVALID"),
    ],
)
def test_complete_with_bad_input_is_refused(travel, graded, consultant_a, fields, code):
    travel(sh(2025, 3, 3, 10))
    task = _pending(graded("H"))
    with pytest.raises(DomainError) as refused:
        followup_complete(followup=task, by=consultant_a, **fields)
    assert refused.value.code == code
    task.refresh_from_db()
    assert task.status == Status.OPEN
    assert Followup.objects.count() == 1
