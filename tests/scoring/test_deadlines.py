"""Reports with deadlines (RULES.md section 7): the scheduled checks record
missing or late reports once (PTS-4), with joint liability (PTS-2), and the
reminders go out an hour before. Time is moved with time-machine."""

from __future__ import annotations

from datetime import date, time
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django_celery_beat.models import PeriodicTask

from dealership.models import Notification
from dealership.rules import Role
from dealership.schedules import schedules_install_defaults
from sales.models import TestDrive
from scoring import reports, tasks
from scoring.models import PenaltyEntry, ReportDeadline
from scoring.schedules import CRONTAB_TASKS
from scoring.selectors import report_deadline_get
from tests.factories import UserFactory
from tests.sales.factories import CustomerFactory, TestCarFactory
from tests.scoring.conftest import at

pytestmark = pytest.mark.django_db

LOG = {"visits": 5, "calls": 8, "new_leads": 3, "test_drives": 1, "orders": 1, "followups_done": 6}


def ledger(code=None):
    entries = PenaltyEntry.objects.order_by("pk")
    if code:
        entries = entries.filter(rule__code=code)
    return [(e.person.username, e.rule.code, e.points, e.fact_date) for e in entries]


def test_rpt_consultant_log_missing_by_22_records_minus_2(
    time_machine, store, consultant_a, consultant_b
):
    time_machine.move_to(at(2025, 3, 10, 21, 30), tick=False)
    reports.consultant_log_submit(store=store, data=LOG, by=consultant_a)
    time_machine.move_to(at(2025, 3, 10, 22, 5), tick=False)
    assert tasks.consultant_log_check_task() == 1
    assert tasks.consultant_log_check_task() == 0
    assert ledger() == [("consultant_b", "RPT-CONSULTANT-LOG", Decimal("2"), date(2025, 3, 10))]


def test_rpt_daily_logs_are_not_owed_on_a_rest_day(
    time_machine, store, other_store, consultant_a, consultant_b, manager, gm
):
    """Seed: the log is written "下班当天" — on a working day. A consultant and
    the manager on the rota's rest day (轮休, DayOff) of this store are neither
    reminded nor charged (nor the GM jointly); a rest day in another store
    does not excuse them here."""
    from dealership.models import DayOff

    day = date(2025, 3, 10)
    DayOff.objects.create(store=store, person=consultant_b, day=day)
    DayOff.objects.create(store=store, person=manager, day=day)
    other_store.staff.add(consultant_a)
    DayOff.objects.create(store=other_store, person=consultant_a, day=day)
    time_machine.move_to(at(2025, 3, 10, 19, 0), tick=False)
    assert tasks.manager_log_remind_task() == 0
    time_machine.move_to(at(2025, 3, 10, 21, 0), tick=False)
    assert tasks.consultant_log_remind_task() == 1
    assert list(Notification.objects.values_list("user__username", flat=True)) == ["consultant_a"]
    time_machine.move_to(at(2025, 3, 10, 22, 5), tick=False)
    tasks.manager_log_check_task()
    tasks.consultant_log_check_task()
    assert ledger() == [("consultant_a", "RPT-CONSULTANT-LOG", Decimal("2"), day)]
    time_machine.move_to(at(2025, 3, 11, 22, 5), tick=False)  # back at work the next day
    tasks.consultant_log_check_task()
    assert ("consultant_b", "RPT-CONSULTANT-LOG", Decimal("2"), date(2025, 3, 11)) in ledger()


def test_rpt_a_rest_day_is_set_in_advance_for_a_person_of_the_store(
    client, time_machine, store, other_store, manager, consultant_a
):
    """ORG-1 in the admin: the rota names only the store's people, is set in
    advance (not for a day that has begun: it would excuse that evening's log
    after the fact) and by someone else (a manager's own rest day is entered
    by their manager); a past rest day is neither moved nor deleted."""
    from django.contrib.auth.models import Group
    from django.urls import reverse

    from dealership.models import DayOff

    time_machine.move_to(at(2025, 3, 10, 19, 55), tick=False)
    stranger = UserFactory(username="stranger", stores=[other_store])
    client.force_login(manager)
    assert manager.has_perm("dealership.add_dayoff"), list(Group.objects.filter(user=manager))
    url = reverse("admin:dealership_dayoff_add")
    for person, day, field in (
        (stranger, "2025-03-11", "person"),
        (manager, "2025-03-11", "person"),
        (consultant_a, "2025-03-10", "day"),
    ):
        form = {"store": store.pk, "person": person.pk, "day": day, "note": ""}
        response = client.post(url, form)
        assert response.status_code == 200
        assert field in response.context["adminform"].form.errors
    assert not DayOff.objects.exists()
    form = {"store": store.pk, "person": consultant_a.pk, "day": "2025-03-11", "note": ""}
    assert client.post(url, form).status_code == 302
    rest = DayOff.objects.get()
    assert rest.created_by == manager
    time_machine.move_to(at(2025, 3, 11, 9, 0), tick=False)
    change = reverse("admin:dealership_dayoff_change", args=[rest.pk])
    response = client.post(change, form | {"day": "2025-03-12"})
    assert response.status_code == 200
    delete = reverse("admin:dealership_dayoff_delete", args=[rest.pk])
    assert client.post(delete, {"post": "yes"}).status_code == 403
    rest.refresh_from_db()
    assert rest.day == date(2025, 3, 11)


def test_rpt_consultant_log_check_catches_up_after_a_beat_outage(time_machine, store, consultant_a):
    """The beat was down from the 10th's run to the 13th: the 13th's run
    judges the 11th, 12th and 13th (each once). The first run ever judged only
    its own day, not the days before the system checked."""
    for day in (10, 11, 12, 13):
        time_machine.move_to(at(2025, 3, day, 21, 0), tick=False)
        if day != 12:
            reports.consultant_log_submit(store=store, data=LOG, by=consultant_a)
    time_machine.move_to(at(2025, 3, 10, 22, 5), tick=False)
    assert tasks.consultant_log_check_task() == 0  # the 9th and before: not judged
    time_machine.move_to(at(2025, 3, 13, 22, 5), tick=False)
    assert tasks.consultant_log_check_task() == 1
    assert tasks.consultant_log_check_task() == 0
    assert ledger() == [("consultant_a", "RPT-CONSULTANT-LOG", Decimal("2"), date(2025, 3, 12))]


def test_rpt_daily_log_catch_up_is_bounded_to_a_week(time_machine, store, consultant_a):
    time_machine.move_to(at(2025, 3, 1, 22, 5), tick=False)
    tasks.consultant_log_check_task()
    time_machine.move_to(at(2025, 3, 20, 22, 5), tick=False)
    tasks.consultant_log_check_task()
    days = [row[3] for row in ledger()]
    assert days == [date(2025, 3, 1)] + [date(2025, 3, day) for day in range(13, 21)]


def test_rpt_competitor_check_catches_up_a_missed_monday(time_machine, store, marketing):
    time_machine.move_to(at(2025, 3, 3, 0, 30), tick=False)
    reports.competitor_price_record(
        store=store,
        our_model="雅阁",
        competitor="凯美瑞",
        city="茂名",
        discount_price=Decimal("172800.00"),
        by=marketing,
    )  # week of 3 March
    time_machine.move_to(at(2025, 3, 10, 0, 30), tick=False)
    assert tasks.competitor_price_check_task() == 0
    time_machine.move_to(at(2025, 3, 24, 0, 30), tick=False)  # the 17th's run never ran
    assert tasks.competitor_price_check_task() == 2
    assert ledger() == [
        ("marketing", "RPT-COMPETITOR", Decimal("5"), date(2025, 3, 16)),
        ("marketing", "RPT-COMPETITOR", Decimal("5"), date(2025, 3, 23)),
    ]


def test_rpt_consultant_log_not_charged_before_the_stores_first_day(
    time_machine, store, consultant_a
):
    """A store that starts on the system on the 11th owes no log of the 10th."""
    store.live_from = date(2025, 3, 11)
    store.save(update_fields=["live_from"])
    time_machine.move_to(at(2025, 3, 10, 22, 5), tick=False)
    assert tasks.consultant_log_check_task() == 0
    assert ledger() == []
    time_machine.move_to(at(2025, 3, 11, 22, 5), tick=False)
    assert tasks.consultant_log_check_task() == 1
    assert ledger() == [("consultant_a", "RPT-CONSULTANT-LOG", Decimal("2"), date(2025, 3, 11))]


def test_rpt_consultant_log_written_after_22_is_still_missing(time_machine, store, consultant_a):
    time_machine.move_to(at(2025, 3, 10, 22, 1), tick=False)
    reports.consultant_log_submit(store=store, data=LOG, by=consultant_a)
    time_machine.move_to(at(2025, 3, 11, 8, 0), tick=False)  # a late run checks yesterday
    tasks.consultant_log_check_task()
    tasks.consultant_log_check_task()
    assert ledger() == [("consultant_a", "RPT-CONSULTANT-LOG", Decimal("2"), date(2025, 3, 10))]


def test_rpt_consultant_log_check_before_22_looks_at_yesterday(time_machine, store, consultant_a):
    time_machine.move_to(at(2025, 3, 9, 21, 0), tick=False)
    reports.consultant_log_submit(store=store, data=LOG, by=consultant_a)
    time_machine.move_to(at(2025, 3, 10, 21, 59), tick=False)
    assert tasks.consultant_log_check_task() == 0
    assert ledger() == []


def test_rpt_mgr_log_missing_by_20_records_minus_5_and_joint_minus_2(time_machine, gm, manager):
    time_machine.move_to(at(2025, 3, 10, 20, 5), tick=False)
    tasks.manager_log_check_task()
    tasks.manager_log_check_task()
    assert ledger() == [
        ("manager", "RPT-MGR-LOG", Decimal("5"), date(2025, 3, 10)),
        ("gm", "RPT-MGR-LOG", Decimal("2"), date(2025, 3, 10)),
    ]
    joint = PenaltyEntry.objects.get(person=gm)
    assert joint.joint_of.person == manager


def test_rpt_mgr_log_on_time_records_nothing(time_machine, store, manager):
    time_machine.move_to(at(2025, 3, 10, 19, 59), tick=False)
    reports.manager_log_submit(
        store=store, data={"summary": "接待12组", "problems": "", "plan": ""}, by=manager
    )
    time_machine.move_to(at(2025, 3, 10, 20, 5), tick=False)
    tasks.manager_log_check_task()
    assert ledger() == []


def test_rpt_daily_log_reminders_one_hour_before_once(
    time_machine, store, consultant_a, consultant_b, manager
):
    time_machine.move_to(at(2025, 3, 10, 20, 30), tick=False)
    reports.consultant_log_submit(store=store, data=LOG, by=consultant_a)
    assert tasks.consultant_log_remind_task() == 0  # not yet within the hour before 22:00
    time_machine.move_to(at(2025, 3, 10, 21, 0), tick=False)
    assert tasks.consultant_log_remind_task() == 1
    assert tasks.consultant_log_remind_task() == 0
    assert list(Notification.objects.values_list("user__username", flat=True)) == ["consultant_b"]
    time_machine.move_to(at(2025, 3, 10, 19, 0), tick=False)
    assert tasks.manager_log_remind_task() == 1
    assert Notification.objects.filter(user=manager).count() == 1


def test_rpt_monthly_sup_minus_1_per_day_late_with_joint_half_point(
    time_machine, store, supervisor, manager
):
    time_machine.move_to(at(2025, 4, 5, 23, 0), tick=False)
    tasks.monthly_report_check_task()
    assert ledger("RPT-MONTHLY-SUP-LATE") == []
    time_machine.move_to(at(2025, 4, 6, 0, 10), tick=False)
    tasks.monthly_report_check_task()
    time_machine.move_to(at(2025, 4, 7, 0, 10), tick=False)
    tasks.monthly_report_check_task()
    tasks.monthly_report_check_task()
    time_machine.move_to(at(2025, 4, 7, 10, 0), tick=False)
    report = reports.monthly_report_submit(
        store=store, kind="supervisor", results="3月交车45台", plan="4月目标50台", by=supervisor
    )
    assert report.period == date(2025, 3, 1)
    for day in (8, 12, 20):
        time_machine.move_to(at(2025, 4, day, 0, 10), tick=False)
        tasks.monthly_report_check_task()
    assert ledger("RPT-MONTHLY-SUP-LATE") == [
        ("supervisor", "RPT-MONTHLY-SUP-LATE", Decimal("1"), date(2025, 4, 6)),
        ("manager", "RPT-MONTHLY-SUP-LATE", Decimal("0.5"), date(2025, 4, 6)),
        ("supervisor", "RPT-MONTHLY-SUP-LATE", Decimal("1"), date(2025, 4, 7)),
        ("manager", "RPT-MONTHLY-SUP-LATE", Decimal("0.5"), date(2025, 4, 7)),
    ]
    assert ledger("RPT-MONTHLY-SUP-MISSING") == []


def _net(person: str, prefix: str) -> Decimal:
    return sum(
        (
            e.points
            for e in PenaltyEntry.objects.filter(
                person__username=person, rule__code__startswith=prefix
            )
        ),
        Decimal("0"),
    )


def test_rpt_monthly_mgr_not_done_records_minus_10_and_joint_2(time_machine, manager, gm):
    """ "−1 per day late, −10 not done": once not done, the −10 (joint −2)
    replaces the late days charged so far, which the system reverses."""
    time_machine.move_to(at(2025, 4, 8, 0, 10), tick=False)
    tasks.monthly_report_check_task()
    assert _net("manager", "RPT-MONTHLY-MGR") == Decimal("3")  # the 6th, 7th and 8th (begun)
    from scoring.services import penalty_appeal_file

    first_day = PenaltyEntry.objects.get(
        person=manager, rule__code="RPT-MONTHLY-MGR-LATE", fact_date=date(2025, 4, 6)
    )
    appeal = penalty_appeal_file(entry=first_day, reason="5号在外地培训", by=manager)
    told = Notification.objects.filter(user=manager).count()
    time_machine.move_to(at(2025, 4, 11, 0, 10), tick=False)  # beat missed days: catch up
    tasks.monthly_report_check_task()
    tasks.monthly_report_check_task()
    # PTS-1: told of every entry: the 9th, the 10th, the −10 and the 5 returned days
    assert Notification.objects.filter(user=manager).count() - told == 8
    late = PenaltyEntry.objects.filter(rule__code="RPT-MONTHLY-MGR-LATE")
    originals = late.filter(reverses__isnull=True, person=manager)
    assert [e.fact_date for e in originals.order_by("fact_date")] == [
        date(2025, 4, day) for day in range(6, 11)
    ]
    reversals = late.filter(reverses__isnull=False)
    assert reversals.count() == late.filter(reverses__isnull=True).count() == 10  # with gm's
    assert all(r.recorded_by is None and r.source == "auto:monthly_report_check" for r in reversals)
    assert ledger("RPT-MONTHLY-MGR-MISSING") == [
        ("manager", "RPT-MONTHLY-MGR-MISSING", Decimal("10"), date(2025, 4, 11)),
        ("gm", "RPT-MONTHLY-MGR-MISSING", Decimal("2"), date(2025, 4, 11)),
    ]
    assert (_net("manager", "RPT-MONTHLY-MGR"), _net("gm", "RPT-MONTHLY-MGR")) == (
        Decimal("10"),
        Decimal("2"),
    )
    appeal.refresh_from_db()  # PTS-5: the appealed day was returned, so the appeal is answered
    assert (appeal.status, appeal.decided_by) == ("accepted", None)


def test_rpt_monthly_handed_in_after_the_cutoff_counts_as_not_done_only(
    time_machine, store, manager, gm
):
    time_machine.move_to(at(2025, 4, 14, 9, 0), tick=False)
    reports.monthly_report_submit(
        store=store, kind="manager", results="3月交车45台", plan="4月目标50台", by=manager
    )
    tasks.monthly_report_check_task()
    tasks.monthly_report_check_task()
    assert _net("manager", "RPT-MONTHLY-MGR") == Decimal("10")
    assert len(ledger("RPT-MONTHLY-MGR-MISSING")) == 2


def test_rpt_monthly_trn_late_charges_the_supervisor_jointly(
    time_machine, store, trainer, supervisor
):
    time_machine.move_to(at(2025, 4, 6, 9, 0), tick=False)
    reports.monthly_report_submit(
        store=store, kind="training", results="培训6次", plan="计划5次", by=trainer
    )
    tasks.monthly_report_check_task()
    assert ledger("RPT-MONTHLY-TRN-LATE") == [
        ("trainer", "RPT-MONTHLY-TRN-LATE", Decimal("1"), date(2025, 4, 6)),
        ("supervisor", "RPT-MONTHLY-TRN-LATE", Decimal("0.5"), date(2025, 4, 6)),
    ]


def test_rpt_monthly_mkt_not_done_by_the_5th_records_minus_10(time_machine, store, marketing):
    time_machine.move_to(at(2025, 4, 6, 0, 10), tick=False)
    tasks.monthly_report_check_task()
    tasks.monthly_report_check_task()
    assert ledger("RPT-MONTHLY-MKT") == [
        ("marketing", "RPT-MONTHLY-MKT", Decimal("10"), date(2025, 4, 6))
    ]


def test_rpt_monthly_on_time_records_nothing(time_machine, store, manager):
    time_machine.move_to(at(2025, 4, 5, 23, 59), tick=False)
    reports.monthly_report_submit(
        store=store, kind="manager", results="完成", plan="计划", by=manager
    )
    time_machine.move_to(at(2025, 4, 20, 0, 10), tick=False)
    tasks.monthly_report_check_task()
    assert ledger("RPT-MONTHLY-MGR-LATE") == ledger("RPT-MONTHLY-MGR-MISSING") == []


def test_rpt_monthly_reminder_on_the_4th_and_5th(time_machine, store, manager, marketing):
    time_machine.move_to(at(2025, 4, 3, 9, 0), tick=False)
    assert tasks.report_remind_task() == 0
    time_machine.move_to(at(2025, 4, 4, 9, 0), tick=False)
    assert tasks.report_remind_task() == 2
    assert tasks.report_remind_task() == 0
    reports.monthly_report_submit(
        store=store, kind="manager", results="完成", plan="计划", by=manager
    )
    time_machine.move_to(at(2025, 4, 5, 9, 0), tick=False)
    assert tasks.report_remind_task() == 1
    assert Notification.objects.filter(user=marketing).count() == 2


def test_rpt_event_kpi_due_two_days_after_records_minus_5(time_machine, store, marketing):
    time_machine.move_to(at(2025, 3, 8, 10, 0), tick=False)
    late = reports.marketing_event_create(
        store=store, name="春季试驾会", end_date=date(2025, 3, 10), by=marketing
    )
    done = reports.marketing_event_create(
        store=store, name="车展", end_date=date(2025, 3, 10), by=marketing
    )
    time_machine.move_to(at(2025, 3, 12, 9, 0), tick=False)
    assert tasks.report_remind_task() == 2
    reports.marketing_event_submit_analysis(event=done, analysis="到店48组，订车9台", by=marketing)
    time_machine.move_to(at(2025, 3, 12, 23, 59), tick=False)
    assert tasks.event_kpi_check_task() == 0
    time_machine.move_to(at(2025, 3, 13, 0, 20), tick=False)
    assert tasks.event_kpi_check_task() == 1
    assert tasks.event_kpi_check_task() == 0
    assert ledger() == [("marketing", "RPT-EVENT-KPI", Decimal("5"), date(2025, 3, 12))]
    assert PenaltyEntry.objects.get().evidence == late


def test_rpt_event_kpi_analysis_refused_before_the_event_ends(time_machine, store, marketing):
    time_machine.move_to(at(2025, 3, 8, 10, 0), tick=False)
    event = reports.marketing_event_create(
        store=store, name="店庆", end_date=date(2025, 3, 10), by=marketing
    )
    from dealership.errors import DomainError

    with pytest.raises(DomainError) as refused:
        reports.marketing_event_submit_analysis(event=event, analysis="提前写", by=marketing)
    assert refused.value.code == "EVENT_NOT_ENDED"
    event.refresh_from_db()
    assert (event.analysis, event.analysis_submitted_at) == ("", None)


def test_rpt_competitor_prices_weekly_missing_records_minus_5(
    time_machine, store, other_store, marketing
):

    other_marketing = UserFactory(
        username="mm_marketing", roles=["marketing"], stores=[other_store]
    )
    time_machine.move_to(at(2025, 3, 5, 15, 0), tick=False)  # Wednesday of the week of 3 March
    reports.competitor_price_record(
        store=store,
        our_model="雅阁",
        competitor="凯美瑞",
        city="茂名",
        discount_price=Decimal("172800.00"),
        by=marketing,
    )
    time_machine.move_to(at(2025, 3, 10, 0, 30), tick=False)
    assert tasks.competitor_price_check_task() == 1
    assert tasks.competitor_price_check_task() == 0
    assert ledger() == [
        (other_marketing.username, "RPT-COMPETITOR", Decimal("5"), date(2025, 3, 9))
    ]
    time_machine.move_to(at(2025, 3, 17, 0, 30), tick=False)
    tasks.competitor_price_check_task()
    assert ledger()[1:] == [
        ("marketing", "RPT-COMPETITOR", Decimal("5"), date(2025, 3, 16)),
        (other_marketing.username, "RPT-COMPETITOR", Decimal("5"), date(2025, 3, 16)),
    ]


def test_rpt_schedules_installed_as_crontabs_in_shanghai(db):
    created = schedules_install_defaults()
    assert set(CRONTAB_TASKS) <= set(created)
    task = PeriodicTask.objects.get(name="scoring: consultant log check (RPT-CONSULTANT-LOG)")
    # The deadline is data (ReportDeadline): the check runs every quarter hour.
    assert (task.task, task.crontab.hour, task.crontab.minute) == (
        "scoring.tasks.consultant_log_check_task",
        "*",
        "*/15",
    )
    assert str(task.crontab.timezone) == "Asia/Shanghai"
    assert schedules_install_defaults() == []


def _deadline(kind, store=None, **values):
    row, _created = ReportDeadline.objects.get_or_create(kind=kind, store=store)
    for name, value in values.items():
        setattr(row, name, value)
    row.full_clean()
    row.save()
    return row


def test_rpt_deadlines_are_loaded_with_the_defaults_of_the_rules(store):
    rows = {
        row.kind: (row.at, row.day, row.not_done_after_days, row.remind_days_before)
        for row in ReportDeadline.objects.filter(store=None)
    }
    assert rows == {
        "consultant_log": (time(22, 0), None, None, 0),
        "manager_log": (time(20, 0), None, None, 0),
        "monthly": (None, 5, 5, 1),
        "event_kpi": (None, 2, None, 0),
        "competitor": (None, None, None, 0),
        "training": (None, None, None, 7),
        "order_plan": (None, 5, None, 1),
        "lost_analysis": (None, 3, None, 3),
    }
    assert ReportDeadline.objects.get(kind="training").target_count == 4
    assert report_deadline_get(store=store, kind="consultant_log").remind_minutes_before == 60


def test_rpt_consultant_log_deadline_is_admin_data(time_machine, store, consultant_a):
    _deadline("consultant_log", at=time(21, 0), remind_minutes_before=30)
    time_machine.move_to(at(2025, 3, 10, 20, 29), tick=False)
    assert tasks.consultant_log_remind_task() == 0
    time_machine.move_to(at(2025, 3, 10, 20, 30), tick=False)
    assert tasks.consultant_log_remind_task() == 1
    assert Notification.objects.get(user=consultant_a).title == "请在21:00前填写工作日志"
    time_machine.move_to(at(2025, 3, 10, 21, 0), tick=False)
    assert tasks.consultant_log_check_task() == 1
    assert tasks.consultant_log_check_task() == 0
    assert ledger() == [("consultant_a", "RPT-CONSULTANT-LOG", Decimal("2"), date(2025, 3, 10))]
    entry = PenaltyEntry.objects.get()
    assert entry.note == "2025-03-10的工作日志未在21:00前提交。"


def test_rpt_deadline_of_a_store_overrides_the_default(
    time_machine, store, other_store, consultant_a
):
    other = UserFactory(roles=[Role.SALES_CONSULTANT], stores=[other_store])
    _deadline("consultant_log", store=store, at=time(23, 30))
    time_machine.move_to(at(2025, 3, 10, 22, 15), tick=False)
    tasks.consultant_log_check_task()
    # The other store keeps 22:00; this store's latest passed deadline is yesterday's.
    assert ledger() == [
        ("consultant_a", "RPT-CONSULTANT-LOG", Decimal("2"), date(2025, 3, 9)),
        (other.username, "RPT-CONSULTANT-LOG", Decimal("2"), date(2025, 3, 10)),
    ]
    time_machine.move_to(at(2025, 3, 10, 23, 30), tick=False)
    tasks.consultant_log_check_task()
    assert ledger()[2:] == [("consultant_a", "RPT-CONSULTANT-LOG", Decimal("2"), date(2025, 3, 10))]


def test_rpt_monthly_due_day_is_admin_data(time_machine, store, marketing):
    _deadline("monthly", day=3)
    time_machine.move_to(at(2025, 4, 3, 23, 0), tick=False)
    assert tasks.monthly_report_check_task() == 0
    time_machine.move_to(at(2025, 4, 4, 0, 10), tick=False)
    assert tasks.monthly_report_check_task() == 2
    assert tasks.monthly_report_check_task() == 0
    assert ledger("RPT-MONTHLY-MKT") == [
        ("marketing", "RPT-MONTHLY-MKT", Decimal("10"), date(2025, 4, 4))
    ]
    assert ledger("RPT-MONTHLY-MGR-LATE") == [
        ("manager", "RPT-MONTHLY-MGR-LATE", Decimal("1"), date(2025, 4, 4)),
        ("gm", "RPT-MONTHLY-MGR-LATE", Decimal("0.5"), date(2025, 4, 4)),
    ]


def test_rpt_event_kpi_days_are_admin_data(time_machine, store, marketing):
    _deadline("event_kpi", day=1)
    time_machine.move_to(at(2025, 3, 8, 10, 0), tick=False)
    reports.marketing_event_create(
        store=store, name="试驾会", end_date=date(2025, 3, 10), by=marketing
    )
    time_machine.move_to(at(2025, 3, 12, 0, 20), tick=False)
    assert tasks.event_kpi_check_task() == 1
    assert ledger() == [("marketing", "RPT-EVENT-KPI", Decimal("5"), date(2025, 3, 11))]


def test_rpt_deadline_without_its_value_is_refused(store):
    row = ReportDeadline.objects.get(kind="manager_log", store=None)
    row.at = None
    with pytest.raises(ValidationError) as refused:
        row.full_clean()
    assert "at" in refused.value.message_dict
    assert ReportDeadline.objects.get(pk=row.pk).at == time(20, 0)


def test_trn_4_reminder_in_the_last_week_while_fewer_than_four(time_machine, store, trainer):
    time_machine.move_to(at(2025, 3, 23, 9, 0), tick=False)
    assert tasks.report_remind_task() == 0
    time_machine.move_to(at(2025, 3, 24, 9, 0), tick=False)
    assert tasks.report_remind_task() == 1
    assert tasks.report_remind_task() == 0
    assert Notification.objects.get(user=trainer).title == "本月已培训0次，要求4次"
    for day in (3, 10, 17, 24):
        reports.training_record(
            store=store,
            training_date=date(2025, 3, day),
            topic="产品知识",
            trainer=trainer,
            attendees=[],
            assessment="笔试",
            summary="良好",
            by=trainer,
        )
    time_machine.move_to(at(2025, 3, 25, 9, 0), tick=False)
    assert tasks.report_remind_task() == 0


def test_lead_6_test_drives_in_the_log_but_not_registered(
    time_machine, store, consultant_a, consultant_b
):
    customer = CustomerFactory(consultant=consultant_a)
    TestDrive.objects.create(
        store=store,
        customer=customer,
        consultant=consultant_a,
        test_car=TestCarFactory(store=store),
        driver_name="陈先生",
        licence_number="441702199003071234",
        started_at=at(2025, 3, 10, 15, 0),
    )
    time_machine.move_to(at(2025, 3, 10, 21, 0), tick=False)
    reports.consultant_log_submit(store=store, data={**LOG, "test_drives": 3}, by=consultant_a)
    reports.consultant_log_submit(store=store, data={**LOG, "test_drives": 0}, by=consultant_b)
    assert tasks.drive_registration_check_task() == 0  # the day's deadline has not passed
    time_machine.move_to(at(2025, 3, 10, 22, 40), tick=False)
    assert tasks.drive_registration_check_task() == 2
    assert tasks.drive_registration_check_task() == 0
    assert ledger() == [
        ("consultant_a", "LEAD-6", Decimal("1"), date(2025, 3, 10)),
        ("consultant_a", "LEAD-6", Decimal("1"), date(2025, 3, 10)),
    ]
    assert PenaltyEntry.objects.first().note == "工作日志填报试驾3次，系统登记1次。"


def test_rpt_periodic_checks_skip_what_fell_due_before_the_stores_first_day(
    time_machine, store, manager, marketing
):
    """A store live from 8 April owes neither March's monthly summary (due
    5 April), nor the competitor prices of the week that ended 6 April; the
    week ending 13 April is its own."""
    store.live_from = date(2025, 4, 8)
    store.save(update_fields=["live_from"])
    time_machine.move_to(at(2025, 4, 7, 0, 30), tick=False)
    assert tasks.competitor_price_check_task() == 0
    time_machine.move_to(at(2025, 4, 20, 0, 10), tick=False)
    assert tasks.monthly_report_check_task() == 0
    assert ledger() == []
    time_machine.move_to(at(2025, 4, 14, 0, 30), tick=False)
    assert tasks.competitor_price_check_task() == 1
    assert ledger() == [("marketing", "RPT-COMPETITOR", Decimal("5"), date(2025, 4, 13))]
