"""Pages and API of the penalty points: manual entries (PTS-3), the monthly
statement with drill-down, appeals and export (PTS-5), the API list, the
report forms (RPT-*, TRN-4); permissions per role and store (ORG-1)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from io import BytesIO

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from dealership.rules import SalesGroup
from scoring.models import (
    CompetitorPrice,
    ConsultantDailyLog,
    PenaltyAppeal,
    PenaltyEntry,
    PenaltyRule,
    Training,
)
from scoring.services import violation_record
from tests.factories import UserFactory
from tests.scoring.conftest import at

pytestmark = pytest.mark.django_db

DAY = date(2025, 3, 10)


@pytest.fixture(autouse=True)
def march(time_machine):
    time_machine.move_to(at(2025, 3, 20, 10, 0), tick=False)


def record(person, store, code="LEAD-5-MISSING", key="visit:1", day=DAY):
    return violation_record(store=store, person=person, rule_code=code, fact_date=day, fact_key=key)


def manual_post(client, **overrides):
    rule = PenaltyRule.objects.get(code="PTS-3-LATENESS")
    data = {"rule": rule.pk, "fact_date": "2025-03-20", "reason": "迟到25分钟", "evidence": ""}
    return client.post(reverse("scoring:entry_create"), {**data, **overrides})


def test_pts_3_manager_records_a_manual_entry_with_reason(login, manager, consultant_a, supervisor):
    response = manual_post(login(manager), person=consultant_a.pk)
    assert response.status_code == 302
    entry = PenaltyEntry.objects.get(person=consultant_a)
    assert (entry.rule.code, entry.points, entry.note, entry.recorded_by, entry.source) == (
        "PTS-3-LATENESS",
        Decimal("10"),
        "迟到25分钟",
        manager,
        "manual",
    )


@pytest.mark.parametrize(
    ("code", "points"),
    [("SHW-DESK-CHAT", "1"), ("RPT-EVENT-STICKERS", "2"), ("PTS-3-CONDUCT", "1")],
)
def test_pts_3_seed_conduct_rules_are_offered_and_recorded_by_hand(
    login, manager, consultant_a, code, points
):
    """The seed's chatting at the desk, roadshow stickers left on and
    gathering to chat are manual rules: on the manager's form, and recorded."""
    client = login(manager)
    rule = PenaltyRule.objects.get(code=code)
    form = client.get(reverse("scoring:entry_create")).context["form"]
    assert rule in form.fields["rule"].queryset
    response = manual_post(client, person=consultant_a.pk, rule=rule.pk, reason="当场发现")
    assert response.status_code == 302
    entry = PenaltyEntry.objects.get(person=consultant_a, rule=rule)
    assert entry.points == Decimal(points)


def test_pts_3_manual_entry_cascades_joint_liability(
    login, manager, consultant_a, supervisor, admin_officer
):
    rule = PenaltyRule.objects.get(code="PTS-3-DRESS")
    manual_post(login(admin_officer), person=consultant_a.pk, rule=rule.pk, reason="未穿工装")
    points = dict(PenaltyEntry.objects.values_list("person__username", "points"))
    assert points == {
        "consultant_a": Decimal("1"),
        "supervisor": Decimal("0.5"),
        "manager": Decimal("0.5"),
        "admin_officer": Decimal("0.5"),
    }


def test_pts_3_manual_entry_requires_a_reason(login, manager, consultant_a):
    response = manual_post(login(manager), person=consultant_a.pk, reason="   ")
    assert response.status_code == 200
    assert "reason" in response.context["form"].errors
    assert PenaltyEntry.objects.count() == 0


def test_pts_3_manual_entry_refuses_automatic_rules(login, manager, consultant_a):
    rule = PenaltyRule.objects.get(code="RPT-CONSULTANT-LOG")
    response = manual_post(login(manager), person=consultant_a.pk, rule=rule.pk)
    assert "rule" in response.context["form"].errors
    assert PenaltyEntry.objects.count() == 0


def test_pts_3_manual_entry_refuses_a_person_of_another_store(login, manager, outsider):
    response = manual_post(login(manager), person=outsider.pk)
    assert "person" in response.context["form"].errors
    assert PenaltyEntry.objects.count() == 0


def test_pts_3_manual_entry_service_refuses_person_not_in_store(manager, store, outsider):
    from dealership.errors import DomainError
    from scoring.services import penalty_entry_record_manual

    with pytest.raises(DomainError) as refused:
        penalty_entry_record_manual(
            store=store,
            person=outsider,
            rule=PenaltyRule.objects.get(code="PTS-3-LATENESS"),
            fact_date=DAY,
            reason="迟到",
            by=manager,
        )
    assert refused.value.code == "PERSON_NOT_IN_STORE"
    assert PenaltyEntry.objects.count() == 0


def test_pts_3_consultant_cannot_record_manual_entries(login, consultant_a, consultant_b):
    client = login(consultant_a)
    assert client.get(reverse("scoring:entry_create")).status_code == 403
    assert manual_post(client, person=consultant_b.pk).status_code == 403
    assert PenaltyEntry.objects.count() == 0


def test_pts_5_statement_per_person_and_group(
    login, manager, supervisor, consultant_a, consultant_b, store
):
    record(consultant_a, store)
    record(consultant_b, store, code="LEAD-6")
    record(consultant_b, store, code="LEAD-6", day=date(2025, 2, 28))  # another month
    response = login(manager).get(reverse("scoring:statement"), {"month": "2025-03"})
    statement = response.context["statement"]
    points = {row.person.username: row.points for row in statement.rows}
    assert points["consultant_a"] == Decimal("6")
    assert points["consultant_b"] == Decimal("1")
    assert points["supervisor"] == points["manager"] == Decimal("1")
    assert statement.groups == {SalesGroup.A: Decimal("6"), SalesGroup.B: Decimal("1")}
    assert statement.total == Decimal("9")


def test_pts_5_consultant_sees_only_own_entries(login, consultant_a, consultant_b, store):
    record(consultant_a, store)
    record(consultant_b, store, code="LEAD-6")
    client = login(consultant_a)
    response = client.get(reverse("scoring:statement"), {"month": "2025-03"})
    assert response.status_code == 302
    own = client.get(response.url)
    assert [e.person for e in own.context["entries"]] == [consultant_a]
    other = reverse("scoring:person_entries", args=[consultant_b.pk])
    assert client.get(other, {"month": "2025-03"}).status_code == 403
    assert client.get(reverse("scoring:statement_export")).status_code == 403


def test_pts_5_other_store_is_not_found(login, manager, outsider, other_store, consultant_a, store):
    entry = record(consultant_a, store)
    client = login(outsider)
    assert client.get(reverse("scoring:person_entries", args=[consultant_a.pk])).status_code == 404
    assert client.get(reverse("scoring:appeal_create", args=[entry.pk])).status_code == 404
    statement = client.get(reverse("scoring:statement"), {"month": "2025-03"}).context["statement"]
    assert [row.person for row in statement.rows] == [outsider]


def test_pts_5_appeal_accepted_reverses_the_entry_and_its_joints(
    login, consultant_a, supervisor, manager, store
):
    entry = record(consultant_a, store)
    response = login(consultant_a).post(
        reverse("scoring:appeal_create", args=[entry.pk]), {"reason": "客户留的号码是空号"}
    )
    assert response.status_code == 302
    appeal = PenaltyAppeal.objects.get(entry=entry)
    response = login(manager).post(
        reverse("scoring:appeal_decide", args=[appeal.pk]), {"accept": "1", "reason": "核实属实"}
    )
    assert response.status_code == 302
    appeal.refresh_from_db()
    assert (appeal.status, appeal.decided_by, appeal.decision_reason) == (
        "accepted",
        manager,
        "核实属实",
    )
    assert entry.reversal.points == Decimal("-6")
    totals = {
        p.username: sum(e.points for e in PenaltyEntry.objects.filter(person=p))
        for p in (consultant_a, supervisor, manager)
    }
    assert totals == {"consultant_a": 0, "supervisor": 0, "manager": 0}


def test_pts_5_appeal_rejected_is_recorded_with_reason(login, consultant_a, manager, store):
    entry = record(consultant_a, store, code="LEAD-6")
    login(consultant_a).post(
        reverse("scoring:appeal_create", args=[entry.pk]), {"reason": "已登记"}
    )
    appeal = PenaltyAppeal.objects.get()
    login(manager).post(
        reverse("scoring:appeal_decide", args=[appeal.pk]), {"accept": "0", "reason": "无登记记录"}
    )
    appeal.refresh_from_db()
    assert (appeal.status, appeal.decision_reason) == ("rejected", "无登记记录")
    assert PenaltyEntry.objects.count() == 1


def test_pts_5_only_the_person_appeals_and_only_once(login, consultant_a, consultant_b, store):
    entry = record(consultant_a, store, code="LEAD-6")
    assert (
        login(consultant_b).get(reverse("scoring:appeal_create", args=[entry.pk])).status_code
        == 404
    )
    client = login(consultant_a)
    client.post(reverse("scoring:appeal_create", args=[entry.pk]), {"reason": "第一次"})
    response = client.post(reverse("scoring:appeal_create", args=[entry.pk]), {"reason": "第二次"})
    assert response.context["form"].non_field_errors()
    assert list(PenaltyAppeal.objects.values_list("reason", flat=True)) == ["第一次"]


def test_pts_5_consultant_cannot_decide_an_appeal(login, consultant_a, consultant_b, store):
    entry = record(consultant_a, store, code="LEAD-6")
    login(consultant_a).post(reverse("scoring:appeal_create", args=[entry.pk]), {"reason": "不对"})
    appeal = PenaltyAppeal.objects.get()
    response = login(consultant_b).post(
        reverse("scoring:appeal_decide", args=[appeal.pk]), {"accept": "1", "reason": "x"}
    )
    assert response.status_code == 403
    appeal.refresh_from_db()
    assert appeal.status == "pending" and PenaltyEntry.objects.count() == 1


def test_pts_5_statement_exports_to_xlsx(login, manager, consultant_a, consultant_b, store):
    record(consultant_a, store)
    response = login(manager).get(reverse("scoring:statement_export"), {"month": "2025-03"})
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    book = load_workbook(BytesIO(response.content))
    rows = {row[0]: row[3] for row in book.worksheets[0].iter_rows(min_row=3, values_only=True)}
    assert rows["刘晓明"] == 6 and rows["张伟"] == 0
    entries = list(book.worksheets[1].iter_rows(min_row=2, values_only=True))
    assert len(entries) == 3 and entries[-1][2] == "LEAD-5-MISSING"


def _many_entries(store, count):
    for n in range(count):
        person = UserFactory(roles=["sales_consultant"], stores=[store], sales_group="A")
        record(person, store, code="LEAD-6", key=f"td:{n}")
        record(person, store, code="LEAD-2-MISSING", key=f"lead:{n}")


def _queries(client, url, params=None):
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url, params or {}).status_code == 200
    return len(ctx.captured_queries)


def test_pts_5_statement_page_query_count_does_not_grow(
    login, manager, store, django_assert_max_num_queries
):
    client = login(manager)
    _many_entries(store, 2)
    few = _queries(client, reverse("scoring:statement"), {"month": "2025-03"})
    _many_entries(store, 15)
    with django_assert_max_num_queries(few):
        client.get(reverse("scoring:statement"), {"month": "2025-03"})
    person = PenaltyEntry.objects.first().person
    url = reverse("scoring:person_entries", args=[person.pk])
    with django_assert_max_num_queries(12):
        client.get(url, {"month": "2025-03"})


def test_pts_5_api_list_scoped_and_query_count_does_not_grow(
    login,
    manager,
    consultant_a,
    consultant_b,
    outsider,
    other_store,
    store,
    django_assert_max_num_queries,
):
    record(consultant_a, store)
    record(consultant_b, store, code="LEAD-6")
    record(outsider, other_store, code="LEAD-6")
    mine = login(consultant_a).get("/api/penalties/").json()
    assert [e["rule"]["code"] for e in mine["results"]] == ["LEAD-5-MISSING"]
    assert mine["results"][0]["person"]["name"] == "刘晓明"
    assert mine["results"][0]["points"] == "6.0"
    client = login(manager)
    few = _queries(client, "/api/penalties/")
    assert client.get("/api/penalties/").json()["count"] == 4
    _many_entries(store, 10)
    with django_assert_max_num_queries(few):
        data = client.get("/api/penalties/", {"month": "2025-03"}).json()
    assert data["count"] == 24
    other = PenaltyEntry.objects.get(store=other_store)
    assert client.get(f"/api/penalties/{other.pk}/").status_code == 404


def test_rpt_consultant_log_page_saves_and_shows_errors(login, consultant_a, store):
    client = login(consultant_a)
    url = reverse("scoring:consultant_log")
    data = {
        "visits": 6,
        "calls": 9,
        "new_leads": 4,
        "test_drives": 2,
        "orders": 1,
        "followups_done": 7,
        "notes": "",
        "plan": "回访H级",
    }
    assert client.post(url, data).status_code == 302
    log = ConsultantDailyLog.objects.get()
    assert (log.date, log.visits, log.plan, log.store) == (date(2025, 3, 20), 6, "回访H级", store)
    response = client.post(url, {**data, "visits": -1})
    assert "visits" in response.context["form"].errors
    assert ConsultantDailyLog.objects.get().visits == 6


def test_rpt_consultant_cannot_open_the_manager_log(login, consultant_a):
    assert login(consultant_a).get(reverse("scoring:manager_log")).status_code == 403


def test_rpt_competitor_price_must_be_positive(login, marketing):
    response = login(marketing).post(
        reverse("scoring:competitor_prices"),
        {"our_model": "雅阁", "competitor": "凯美瑞", "city": "湛江", "discount_price": "0"},
    )
    assert "discount_price" in response.context["form"].errors
    assert CompetitorPrice.objects.count() == 0


def test_trn_4_training_counter_shows_trainings_of_the_month(
    login, trainer, consultant_a, consultant_b
):
    client = login(trainer)
    for n in range(4):
        response = client.post(
            reverse("scoring:trainings"),
            {
                "training_date": f"2025-03-{n + 2:02d}",
                "topic": f"六方位绕车介绍 {n}",
                "trainer": trainer.pk,
                "attendees": [consultant_a.pk, consultant_b.pk],
                "assessment": "笔试+演练",
                "summary": "合格率90%",
            },
        )
        assert response.status_code == 302
    assert Training.objects.count() == 4
    page = client.get(reverse("scoring:report_home")).content.decode()
    assert "4/4" in page


def test_navigation_shows_scoring_pages_by_role(login, consultant_a, manager):
    keys = lambda user: {i.key for i in login(user).get(reverse("home")).context["nav_items"]}  # noqa: E731
    assert {"scoring_statement", "scoring_reports"} <= keys(consultant_a)
    assert "scoring_entry_create" not in keys(consultant_a)
    assert {"scoring_statement", "scoring_entry_create", "scoring_appeals"} <= keys(manager)


def test_pts_1_admin_ledger_is_read_only(login, manager, consultant_a, store):
    entry = record(consultant_a, store)
    client = login(manager)
    assert client.get(reverse("admin:scoring_penaltyentry_changelist")).status_code == 200
    assert client.get(reverse("admin:scoring_penaltyentry_add")).status_code == 403
    assert (
        client.post(reverse("admin:scoring_penaltyentry_delete", args=[entry.pk])).status_code
        == 403
    )
    change = client.post(
        reverse("admin:scoring_penaltyentry_change", args=[entry.pk]), {"points": "0"}
    )
    assert change.status_code in (200, 403)
    assert PenaltyEntry.objects.get(pk=entry.pk).points == Decimal("6")


def test_pts_3_admin_changes_rule_points(login, manager):
    rule = PenaltyRule.objects.get(code="PTS-3-LATENESS")
    client = login(manager)
    assert (
        client.get(reverse("admin:scoring_penaltyrule_change", args=[rule.pk])).status_code == 200
    )


def test_rpt_every_report_page_renders_for_its_role(
    login, store, consultant_a, manager, supervisor, trainer, marketing
):
    from scoring import reports

    event = reports.marketing_event_create(store=store, name="试驾会", end_date=DAY, by=marketing)
    pages = {
        consultant_a: ["scoring:consultant_log", "scoring:report_home", "scoring:statement"],
        manager: [
            "scoring:manager_log",
            ("scoring:monthly_report", "manager"),
            "scoring:entry_create",
            "scoring:appeal_list",
            "scoring:statement",
        ],
        supervisor: [("scoring:monthly_report", "supervisor"), "scoring:entry_create"],
        trainer: [("scoring:monthly_report", "training"), "scoring:trainings"],
        marketing: [
            ("scoring:monthly_report", "marketing"),
            "scoring:events",
            ("scoring:event_analysis", event.pk),
            "scoring:competitor_prices",
        ],
    }
    for user, names in pages.items():
        client = login(user)
        for name in names:
            url = reverse(name[0], args=[name[1]]) if isinstance(name, tuple) else reverse(name)
            response = client.get(url, follow=True)
            assert response.status_code == 200, (user.username, url)
    assert (
        login(consultant_a).get(reverse("scoring:monthly_report", args=["manager"])).status_code
        == 403
    )
    assert login(manager).get(reverse("scoring:monthly_report", args=["nope"])).status_code == 404


def test_pts_5_manager_corrects_an_entry_with_a_reason(
    login, manager, supervisor, consultant_a, store
):
    entry = record(consultant_a, store)
    client = login(manager)
    page = client.get(
        reverse("scoring:person_entries", args=[consultant_a.pk]), {"month": "2025-03"}
    )
    assert reverse("scoring:entry_correct", args=[entry.pk]) in page.content.decode()
    response = client.post(
        reverse("scoring:entry_correct", args=[entry.pk]), {"reason": "短信系统故障，已补发"}
    )
    assert response.status_code == 302
    reversal = PenaltyEntry.objects.get(reverses=entry)
    assert (reversal.points, reversal.note, reversal.recorded_by) == (
        Decimal("-6"),
        "短信系统故障，已补发",
        manager,
    )
    totals = {
        p.username: sum(e.points for e in PenaltyEntry.objects.filter(person=p))
        for p in (consultant_a, supervisor, manager)
    }
    assert totals == {"consultant_a": 0, "supervisor": 0, "manager": 0}


def test_pts_5_correction_refusals_change_nothing(login, manager, consultant_a, store):
    entry = record(consultant_a, store, code="LEAD-6")
    client = login(manager)
    url = reverse("scoring:entry_correct", args=[entry.pk])
    response = client.post(url, {"reason": ""})
    assert response.status_code == 200
    assert "该字段是必填项。" in response.content.decode()
    assert PenaltyEntry.objects.count() == 1
    client.post(url, {"reason": "误记"})
    response = client.post(url, {"reason": "再次更正"})
    assert response.status_code == 200
    assert "该扣分已冲销。" in response.content.decode()
    assert PenaltyEntry.objects.count() == 2
    reversal = PenaltyEntry.objects.get(reverses=entry)
    response = client.post(reverse("scoring:entry_correct", args=[reversal.pk]), {"reason": "x"})
    assert "冲销记录不能再冲销。" in response.content.decode()
    assert PenaltyEntry.objects.count() == 2


def test_pts_5_only_managers_correct_entries(login, consultant_a, supervisor, store):
    entry = record(consultant_a, store, code="LEAD-6")
    url = reverse("scoring:entry_correct", args=[entry.pk])
    assert login(consultant_a).post(url, {"reason": "误记"}).status_code == 403
    assert login(supervisor).post(url, {"reason": "误记"}).status_code == 403
    page = login(consultant_a).get(
        reverse("scoring:person_entries", args=[consultant_a.pk]), {"month": "2025-03"}
    )
    assert url not in page.content.decode()
    assert PenaltyEntry.objects.count() == 1


def test_pts_5_correction_of_another_store_is_not_found(
    login, outsider, other_store, consultant_a, store
):
    entry = record(consultant_a, store, code="LEAD-6")
    url = reverse("scoring:entry_correct", args=[entry.pk])
    assert login(outsider).post(url, {"reason": "误记"}).status_code == 404
    assert PenaltyEntry.objects.count() == 1
