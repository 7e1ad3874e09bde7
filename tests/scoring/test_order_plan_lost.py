"""RPT-ORDER-PLAN (the information officer's written N+0.5/N+2/N+3 suggestion,
by the 5th, −2, manager −0.5 joint) and RPT-LOST (the sales supervisor's
month-end lost-customer analysis, by the 3rd of the next month, −5): the
deadlines are data, the checks record each missed month once (PTS-4), the
reminders go out once a day before the deadline, and the analysis is
submitted on the lost-customer board. Time is moved with time-machine."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from django.urls import reverse
from django_celery_beat.models import PeriodicTask

from dealership.dashboard import services as dashboard
from dealership.dashboard.models import LostAnalysisReport, OrderPlan
from dealership.errors import DomainError
from dealership.models import Notification
from dealership.schedules import schedules_install_defaults
from scoring import tasks
from scoring.models import PenaltyEntry, PenaltyRule, ReportDeadline
from tests.scoring.conftest import at

pytestmark = pytest.mark.django_db

PLAN = [{"model_name": "雅阁", "n_half": 4, "n_plus_2": 6, "n_plus_3": 6, "note": "留存订单3台"}]
ANALYSIS = "价格战败2组：凯美瑞优惠高8000元；失控1组：电话停机。"


def ledger(code: str | None = None) -> list[tuple]:
    entries = PenaltyEntry.objects.order_by("pk")
    if code:
        entries = entries.filter(rule__code=code)
    return [(e.person.username, e.rule.code, e.points, e.fact_date) for e in entries]


def reminders(key: str) -> list[tuple]:
    rows = Notification.objects.filter(key__startswith=f"scoring:{key}:").order_by("pk")
    return [(n.user.username, n.title, n.url) for n in rows]


def save_plan(store, by, when, rows=PLAN):
    """The information officer saves the month's suggestion at `when`."""
    return dashboard.order_plan_save(store=store, month=when.date(), rows=rows, by=by)


# -- the catalogue and the schedules ---------------------------------------------


def test_rpt_order_plan_and_rpt_lost_are_automatic_rules_of_the_catalogue():
    plan = PenaltyRule.objects.get(code="RPT-ORDER-PLAN")
    lost = PenaltyRule.objects.get(code="RPT-LOST")
    assert (plan.points, plan.is_manual) == (Decimal("2"), False)
    assert {j.role: j.points for j in plan.joints.all()} == {"sales_manager": Decimal("0.5")}
    assert (lost.points, lost.is_manual, lost.joints.count()) == (Decimal("5"), False, 0)


def test_rpt_order_plan_and_lost_checks_scheduled_daily_after_midnight(db):
    schedules_install_defaults()
    found = {
        task.task: (task.crontab.hour, task.crontab.minute, str(task.crontab.timezone))
        for task in PeriodicTask.objects.filter(
            name__in=[
                "scoring: order plan check (RPT-ORDER-PLAN)",
                "scoring: lost-customer analysis check (RPT-LOST)",
            ]
        )
    }
    assert found == {
        "scoring.tasks.order_plan_check_task": ("0", "15", "Asia/Shanghai"),
        "scoring.tasks.lost_analysis_check_task": ("0", "25", "Asia/Shanghai"),
    }


# -- RPT-ORDER-PLAN ------------------------------------------------------------


def test_rpt_order_plan_not_charged_when_due_before_the_stores_first_day(
    time_machine, store, info_officer, manager
):
    """Live from 6 April: April's plan was due on the 5th, before the store
    worked with the system; May's is its own."""
    store.live_from = date(2025, 4, 6)
    store.save(update_fields=["live_from"])
    time_machine.move_to(at(2025, 4, 6, 0, 15), tick=False)
    assert tasks.order_plan_check_task() == 0
    time_machine.move_to(at(2025, 5, 6, 0, 15), tick=False)
    assert tasks.order_plan_check_task() == 1
    assert ledger()[0] == ("info", "RPT-ORDER-PLAN", Decimal("2"), date(2025, 5, 5))


def test_rpt_order_plan_not_written_by_the_5th_minus_2_and_manager_minus_half(
    time_machine, store, info_officer, manager
):
    time_machine.move_to(at(2025, 3, 20, 15, 0), tick=False)
    save_plan(store, info_officer, at(2025, 3, 20, 15, 0))  # March's plan: not April's
    time_machine.move_to(at(2025, 4, 5, 23, 59), tick=False)
    assert tasks.order_plan_check_task() == 0  # the 5th is not over yet
    time_machine.move_to(at(2025, 4, 6, 0, 15), tick=False)
    assert tasks.order_plan_check_task() == 1
    assert tasks.order_plan_check_task() == 0
    assert ledger() == [
        ("info", "RPT-ORDER-PLAN", Decimal("2"), date(2025, 4, 5)),
        ("manager", "RPT-ORDER-PLAN", Decimal("0.5"), date(2025, 4, 5)),
    ]
    original = PenaltyEntry.objects.get(person=info_officer)
    assert PenaltyEntry.objects.get(person=manager).joint_of == original
    assert (original.source, original.note) == (
        "auto:order_plan_check",
        "2025-04的书面订车建议未在2025-04-05前保存。",
    )
    # Written late: the fact stays, and the daily runs record nothing more.
    time_machine.move_to(at(2025, 4, 7, 10, 0), tick=False)
    save_plan(store, info_officer, at(2025, 4, 7, 10, 0))
    for day in (8, 20, 30):
        time_machine.move_to(at(2025, 4, day, 0, 15), tick=False)
        assert tasks.order_plan_check_task() == 0
    assert len(ledger()) == 2


def test_rpt_order_plan_on_time_records_nothing_even_when_corrected_later(
    time_machine, store, info_officer, manager
):
    time_machine.move_to(at(2025, 4, 5, 23, 59), tick=False)
    save_plan(store, info_officer, at(2025, 4, 5, 23, 59))
    time_machine.move_to(at(2025, 4, 6, 0, 15), tick=False)
    assert tasks.order_plan_check_task() == 0
    time_machine.move_to(at(2025, 4, 12, 16, 0), tick=False)  # a correction after the 5th
    save_plan(store, info_officer, at(2025, 4, 12, 16, 0), rows=[{**PLAN[0], "n_half": 5}])
    plan = OrderPlan.objects.get()
    assert (plan.n_half, plan.first_at, plan.at) == (
        5,
        at(2025, 4, 5, 23, 59),
        at(2025, 4, 12, 16, 0),
    )
    time_machine.move_to(at(2025, 4, 13, 0, 15), tick=False)
    assert tasks.order_plan_check_task() == 0
    assert ledger() == []


def test_rpt_order_plan_due_day_is_admin_data(time_machine, store, info_officer, manager):
    row = ReportDeadline.objects.get(kind="order_plan", store=None)
    row.day = 10
    row.full_clean()
    row.save()
    time_machine.move_to(at(2025, 4, 8, 0, 15), tick=False)
    assert tasks.order_plan_check_task() == 0
    time_machine.move_to(at(2025, 4, 11, 0, 15), tick=False)
    assert tasks.order_plan_check_task() == 1
    first = ledger("RPT-ORDER-PLAN")[0]
    assert first == ("info", "RPT-ORDER-PLAN", Decimal("2"), date(2025, 4, 10))


def test_rpt_order_plan_reminder_on_the_4th_and_5th_once_a_day(
    time_machine, store, info_officer, manager
):
    time_machine.move_to(at(2025, 4, 3, 9, 0), tick=False)
    tasks.report_remind_task()
    assert reminders("order_plan") == []
    time_machine.move_to(at(2025, 4, 4, 9, 0), tick=False)
    tasks.report_remind_task()
    tasks.report_remind_task()
    url = reverse("dashboard:stock") + f"?store={store.pk}&month=2025-04"
    assert reminders("order_plan") == [
        ("info", "请在2025-04-05前填写2025-04的N+0.5/N+2/N+3订车建议", url)
    ]
    save_plan(store, info_officer, at(2025, 4, 4, 9, 0))
    time_machine.move_to(at(2025, 4, 5, 9, 0), tick=False)
    tasks.report_remind_task()
    assert len(reminders("order_plan")) == 1


# -- RPT-LOST --------------------------------------------------------------------


def test_rpt_lost_analysis_not_submitted_by_the_3rd_records_minus_5(
    time_machine, store, supervisor, manager
):
    time_machine.move_to(at(2025, 4, 3, 23, 59), tick=False)
    assert tasks.lost_analysis_check_task() == 0
    time_machine.move_to(at(2025, 4, 4, 0, 5), tick=False)  # submitted late, before the run
    dashboard.lost_analysis_submit(
        store=store, month=date(2025, 3, 1), analysis=ANALYSIS, by=supervisor
    )
    time_machine.move_to(at(2025, 4, 4, 0, 25), tick=False)
    assert tasks.lost_analysis_check_task() == 1
    assert tasks.lost_analysis_check_task() == 0
    time_machine.move_to(at(2025, 4, 20, 0, 25), tick=False)
    assert tasks.lost_analysis_check_task() == 0
    assert ledger() == [("supervisor", "RPT-LOST", Decimal("5"), date(2025, 4, 3))]
    assert PenaltyEntry.objects.get().note == "2025-03的战败失控客户分析未在2025-04-03前提交。"


def test_rpt_lost_analysis_at_month_end_or_by_the_3rd_records_nothing(
    time_machine, store, other_store, supervisor, manager
):
    from tests.factories import UserFactory

    other = UserFactory(username="mm_supervisor", roles=["sales_supervisor"], stores=[other_store])
    time_machine.move_to(at(2025, 3, 31, 18, 0), tick=False)
    dashboard.lost_analysis_submit(
        store=store, month=date(2025, 3, 1), analysis=ANALYSIS, by=supervisor
    )
    time_machine.move_to(at(2025, 4, 3, 23, 59), tick=False)
    dashboard.lost_analysis_submit(
        store=other_store, month=date(2025, 3, 1), analysis=ANALYSIS, by=other
    )
    time_machine.move_to(at(2025, 4, 4, 0, 25), tick=False)
    assert tasks.lost_analysis_check_task() == 0
    # April's analysis is not judged before 3 May.
    time_machine.move_to(at(2025, 4, 30, 0, 25), tick=False)
    assert tasks.lost_analysis_check_task() == 0
    assert ledger() == []


def test_rpt_lost_reminders_from_the_months_last_day_once_a_day(
    time_machine, store, supervisor, manager
):
    time_machine.move_to(at(2025, 3, 30, 9, 0), tick=False)
    tasks.report_remind_task()
    assert reminders("lost_analysis") == []
    time_machine.move_to(at(2025, 3, 31, 9, 0), tick=False)
    tasks.report_remind_task()
    tasks.report_remind_task()
    url = reverse("dashboard:lost") + f"?store={store.pk}&month=2025-03"
    assert reminders("lost_analysis") == [
        ("supervisor", "请在2025-04-03前提交2025-03的战败失控客户分析", url)
    ]
    time_machine.move_to(at(2025, 4, 1, 9, 0), tick=False)
    tasks.report_remind_task()
    assert len(reminders("lost_analysis")) == 2
    dashboard.lost_analysis_submit(
        store=store, month=date(2025, 3, 1), analysis=ANALYSIS, by=supervisor
    )
    time_machine.move_to(at(2025, 4, 2, 9, 0), tick=False)
    tasks.report_remind_task()
    assert len(reminders("lost_analysis")) == 2


@pytest.mark.parametrize("who", ["consultant_a", "gm", "info_officer", "outsider"])
def test_rpt_lost_analysis_refused_to_others_than_supervisor_and_manager(
    time_machine, request, store, who
):
    time_machine.move_to(at(2025, 3, 31, 18, 0), tick=False)
    person = request.getfixturevalue(who)
    with pytest.raises(DomainError) as refused:
        dashboard.lost_analysis_submit(
            store=store, month=date(2025, 3, 1), analysis=ANALYSIS, by=person
        )
    assert refused.value.code == "LOST_ANALYSIS_FORBIDDEN"
    assert LostAnalysisReport.objects.count() == 0


def test_rpt_lost_analysis_submitted_once_a_month(time_machine, store, supervisor, manager):
    time_machine.move_to(at(2025, 3, 31, 18, 0), tick=False)
    first = dashboard.lost_analysis_submit(
        store=store, month=date(2025, 3, 15), analysis=f"  {ANALYSIS}\n", by=supervisor
    )
    assert (first.month, first.analysis, first.submitted_at) == (
        date(2025, 3, 1),
        ANALYSIS,
        at(2025, 3, 31, 18, 0),
    )
    with pytest.raises(DomainError) as again:
        dashboard.lost_analysis_submit(
            store=store, month=date(2025, 3, 1), analysis="重写", by=manager
        )
    assert again.value.code == "LOST_ANALYSIS_EXISTS"
    with pytest.raises(DomainError) as future:
        dashboard.lost_analysis_submit(
            store=store, month=date(2025, 4, 1), analysis=ANALYSIS, by=supervisor
        )
    assert future.value.code == "LOST_ANALYSIS_FUTURE"
    assert list(LostAnalysisReport.objects.values_list("analysis", "submitted_by")) == [
        (ANALYSIS, supervisor.pk)
    ]


# -- the form on the lost-customer board --------------------------------------------


def test_rpt_lost_board_form_saves_and_shows_who_submitted(time_machine, login, store, supervisor):
    time_machine.move_to(at(2025, 3, 31, 18, 0), tick=False)
    client = login(supervisor)
    url = reverse("dashboard:lost")
    page = client.get(url).content.decode()
    assert "data-lost-analysis-form" in page
    response = client.post(url, {"month": "2025-03-01", "analysis": ANALYSIS})
    assert response.status_code == 302
    report = LostAnalysisReport.objects.get()
    assert (report.store, report.month, report.analysis, report.submitted_by) == (
        store,
        date(2025, 3, 1),
        ANALYSIS,
        supervisor,
    )
    assert report.submitted_at == at(2025, 3, 31, 18, 0)
    html = client.get(response["Location"]).content.decode()
    assert "由李主管于2025-03-31 18:00提交" in html
    assert ANALYSIS in html
    assert "data-lost-analysis-form" not in html
    # Early next month the board of March still shows it.
    time_machine.move_to(at(2025, 4, 2, 9, 0), tick=False)
    html = client.get(url, {"month": "2025-03"}).content.decode()
    assert "由李主管于2025-03-31 18:00提交" in html


def test_rpt_lost_board_form_invalid_shows_the_error_next_to_the_field(
    time_machine, login, store, supervisor
):
    time_machine.move_to(at(2025, 3, 31, 18, 0), tick=False)
    response = login(supervisor).post(
        reverse("dashboard:lost"), {"month": "2025-03-01", "analysis": "  "}
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert 'name="analysis"' in html and "is-invalid" in html
    # The message sits in the analysis field's own feedback, in Chinese.
    assert '<p id="error_1_id_analysis"><strong>该字段是必填项。</strong></p>' in html
    assert response.context["form"].errors == {"analysis": ["该字段是必填项。"]}
    assert LostAnalysisReport.objects.count() == 0


def test_rpt_lost_board_form_refused_to_the_gm_nothing_saved(time_machine, login, store, gm):
    time_machine.move_to(at(2025, 3, 31, 18, 0), tick=False)
    client = login(gm)
    assert "data-lost-analysis-form" not in client.get(reverse("dashboard:lost")).content.decode()
    response = client.post(reverse("dashboard:lost"), {"month": "2025-03-01", "analysis": ANALYSIS})
    assert response.status_code == 403
    assert "只有销售主管或销售经理可以提交战败失控客户分析。" in response.content.decode()
    assert LostAnalysisReport.objects.count() == 0


def test_rpt_lost_deadline_day_is_admin_data(time_machine, store, supervisor):
    row = ReportDeadline.objects.get(kind="lost_analysis", store=None)
    row.day = 5
    row.full_clean()
    row.save()
    time_machine.move_to(at(2025, 4, 5, 23, 0), tick=False)
    assert tasks.lost_analysis_check_task() == 0
    time_machine.move_to(at(2025, 4, 6, 0, 25), tick=False)
    assert tasks.lost_analysis_check_task() == 1
    assert ledger() == [("supervisor", "RPT-LOST", Decimal("5"), date(2025, 4, 5))]
