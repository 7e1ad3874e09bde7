"""FU-DMS: the supervisor's weekly reconciliation of each consultant's
follow-ups against the DMS: opened by beat per consultant and ended week,
discrepancies noted (−2 each to the consultant when reconciled), lateness
shown, the pages and their refusals."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from dealership.errors import DomainError
from dealership.models import Notification
from dealership.navigation import nav_items_for
from dealership.rules import Role
from followups.dms import (
    dms_discrepancy_add,
    dms_discrepancy_remove,
    dms_reconciliation_complete,
)
from followups.models import DmsDiscrepancy, DmsReconciliation, Followup, FollowupPolicy
from followups.rules import DmsIssue, DmsStatus
from scoring.models import PenaltyEntry
from tests.factories import UserFactory
from tests.followups.conftest import sh

pytestmark = pytest.mark.django_db

WEEK = date(2025, 3, 3)  # Monday; the week ends on Sunday 9 March


@pytest.fixture
def week(travel, graded, scan, consultant_a, consultant_b, supervisor):
    """Two H follow-ups of consultant_a and one of consultant_b due in the week
    of 3 March, then the scan just after the week ended."""
    travel(sh(2025, 3, 1, 10))
    tasks = [Followup.objects.get(customer=graded("H")) for _ in range(2)]
    other = Followup.objects.get(customer=graded("H", consultant=consultant_b))
    scan(sh(2025, 3, 10, 0, 10))
    mine = DmsReconciliation.objects.get(consultant=consultant_a, week_start=WEEK)
    return mine, tasks, other


def _state(reconciliation: DmsReconciliation):
    reconciliation.refresh_from_db()
    return (
        reconciliation.status,
        reconciliation.reconciled_at,
        list(DmsDiscrepancy.objects.values_list("followup_id", "issue", "note")),
        _dms_entries().count(),
    )


def _dms_entries():
    return PenaltyEntry.objects.filter(rule__code="FU-DMS")


def test_fu_dms_beat_opens_a_reconciliation_per_consultant_after_the_week(
    travel, scan, consultant_a, consultant_b, supervisor, manager
):
    scan(sh(2025, 3, 9, 23, 50))  # Sunday evening, store time: the week is not over
    assert not DmsReconciliation.objects.filter(week_start=WEEK).exists()
    scan(sh(2025, 3, 10, 0, 10))  # Monday 00:10 in Shanghai (Sunday 16:10 UTC)
    scan(sh(2025, 3, 10, 0, 20))  # again: nothing new
    rows = DmsReconciliation.objects.filter(week_start=WEEK).order_by("consultant__username")
    assert [(r.consultant, r.status, r.due_by) for r in rows] == [
        (consultant_a, DmsStatus.OPEN, sh(2025, 3, 12)),  # by the end of Tuesday
        (consultant_b, DmsStatus.OPEN, sh(2025, 3, 12)),
    ]
    notes = Notification.objects.filter(key__startswith="followups:dms:").order_by("pk")
    assert list(notes.values_list("user__username", "title", "url")) == [
        (
            "supervisor",
            "请与DMS核对 2 位顾问的回访（2025-02-24 那一周）",
            "/followups/dms/?week=2025-02-24",
        ),
        (
            "supervisor",
            "请与DMS核对 2 位顾问的回访（2025-03-03 那一周）",
            "/followups/dms/?week=2025-03-03",
        ),
    ]


def test_fu_dms_due_days_configured_per_store(scan, consultant_a, store):
    FollowupPolicy.objects.create(store=store, dms_due_days=4)
    scan(sh(2025, 3, 10, 9))
    assert DmsReconciliation.objects.get(consultant=consultant_a).due_by == sh(2025, 3, 14)


def test_fu_dms_each_discrepancy_costs_the_consultant_2_points(week, supervisor, consultant_a):
    mine, tasks, _other = week
    for task, issue in ((tasks[0], DmsIssue.DETAIL), (tasks[1], DmsIssue.GRADE)):
        dms_discrepancy_add(
            reconciliation=mine, followup_id=task.pk, issue=issue, note="记录不详", by=supervisor
        )
    assert not _dms_entries().exists()  # handed over when the week is reconciled
    done = dms_reconciliation_complete(
        reconciliation=mine, note="已核对", by=supervisor, at=sh(2025, 3, 11, 15)
    )
    assert (done.status, done.reconciled_by, done.was_late) == (
        DmsStatus.RECONCILED,
        supervisor,
        False,
    )
    entries = _dms_entries().filter(person=consultant_a).order_by("pk")
    assert [(e.rule.code, e.points, e.fact_date) for e in entries] == [
        ("FU-DMS", Decimal("2"), date(2025, 3, 11)),
        ("FU-DMS", Decimal("2"), date(2025, 3, 11)),
    ]


def test_fu_dms_penalty_note_names_the_issue_customer_and_week_in_chinese(
    week, supervisor, consultant_a
):
    mine, tasks, _other = week
    dms_discrepancy_add(
        reconciliation=mine,
        followup_id=tasks[0].pk,
        issue=DmsIssue.DETAIL,
        note="记录不详",
        by=supervisor,
    )
    dms_reconciliation_complete(reconciliation=mine, note="", by=supervisor, at=sh(2025, 3, 11, 15))
    issue = DmsDiscrepancy._meta.get_field("issue").choices
    label = dict(issue)[DmsIssue.DETAIL]
    assert _dms_entries().get().note == (
        f"{label}：记录不详（客户 {tasks[0].customer.name}，2025-03-03 那一周）"
    )


def test_fu_dms_is_not_offered_for_entry_by_hand(week, manager, store, consultant_a):
    """PTS-4: the weekly reconciliation records FU-DMS; the manual page would
    charge the same fact twice, so the rule is automatic and refused there."""
    from scoring.models import PenaltyRule
    from scoring.selectors import penalty_rule_list_manual
    from scoring.services import penalty_entry_record_manual

    rule = PenaltyRule.objects.get(code="FU-DMS")
    assert rule.is_manual is False
    assert rule not in penalty_rule_list_manual()
    with pytest.raises(DomainError) as refused:
        penalty_entry_record_manual(
            store=store,
            person=consultant_a,
            rule=rule,
            fact_date=date(2025, 3, 11),
            reason="记录不详",
            by=manager,
        )
    assert refused.value.code == "RULE_NOT_MANUAL"
    assert not _dms_entries().exists()


def test_fu_dms_late_reconciliation_is_shown_not_scored(week, supervisor, login):
    mine, _tasks, _other = week
    dms_reconciliation_complete(reconciliation=mine, note="", by=supervisor, at=sh(2025, 3, 12, 9))
    mine.refresh_from_db()
    assert mine.was_late
    assert not _dms_entries().exists()  # RULES.md gives no points for it
    page = login(supervisor).get(f"/followups/dms/?week={WEEK}").content.decode()
    row = page.split(f'data-reconciliation="{mine.pk}"')[1].split("</a>")[0]
    assert "已核对" in row and "超时" in row


def test_fu_dms_reconciled_week_cannot_be_changed(week, supervisor):
    mine, tasks, _other = week
    dms_reconciliation_complete(reconciliation=mine, note="", by=supervisor)
    before = _state(mine)
    with pytest.raises(DomainError) as again:
        dms_reconciliation_complete(reconciliation=mine, note="再次", by=supervisor)
    with pytest.raises(DomainError) as add:
        dms_discrepancy_add(
            reconciliation=mine, followup_id=tasks[0].pk, issue="detail", note="x", by=supervisor
        )
    assert (again.value.code, add.value.code) == ("DMS_CLOSED", "DMS_CLOSED")
    assert _state(mine) == before


def test_fu_dms_consultant_cannot_reconcile(week, consultant_a):
    mine, tasks, _other = week
    before = _state(mine)
    with pytest.raises(DomainError) as exc:
        dms_discrepancy_add(
            reconciliation=mine, followup_id=tasks[0].pk, issue="detail", note="x", by=consultant_a
        )
    with pytest.raises(DomainError) as done:
        dms_reconciliation_complete(reconciliation=mine, note="", by=consultant_a)
    assert (exc.value.code, exc.value.status, done.value.code) == (
        "DMS_NOT_ALLOWED",
        403,
        "DMS_NOT_ALLOWED",
    )
    assert _state(mine) == before


def test_fu_dms_supervisor_of_another_store_cannot_reconcile(week, other_store, roles):
    mine, tasks, _other = week
    stranger = UserFactory(roles=[Role.SALES_SUPERVISOR], stores=[other_store])
    before = _state(mine)
    with pytest.raises(DomainError) as exc:
        dms_reconciliation_complete(reconciliation=mine, note="", by=stranger)
    assert exc.value.code == "DMS_NOT_ALLOWED"
    assert _state(mine) == before


@pytest.mark.parametrize(
    ("which", "issue", "note", "code", "field"),
    [
        ("other", "detail", "x", "DMS_FOLLOWUP_NOT_IN_WEEK", "followup"),
        ("mine", "", "x", "DMS_ISSUE_INVALID", "issue"),
        ("mine", "detail", "  ", "NOTE_REQUIRED", "note"),
    ],
)
def test_fu_dms_bad_discrepancy_is_refused(week, supervisor, which, issue, note, code, field):
    mine, tasks, other = week
    task = other if which == "other" else tasks[0]
    before = _state(mine)
    with pytest.raises(DomainError) as exc:
        dms_discrepancy_add(
            reconciliation=mine, followup_id=task.pk, issue=issue, note=note, by=supervisor
        )
    assert (exc.value.code, exc.value.field) == (code, field)
    assert _state(mine) == before


def test_fu_dms_same_record_and_issue_noted_once(week, supervisor):
    mine, tasks, _other = week
    dms_discrepancy_add(
        reconciliation=mine, followup_id=tasks[0].pk, issue="detail", note="x", by=supervisor
    )
    before = _state(mine)
    with pytest.raises(DomainError) as exc:
        dms_discrepancy_add(
            reconciliation=mine, followup_id=tasks[0].pk, issue="detail", note="y", by=supervisor
        )
    assert (exc.value.code, exc.value.status) == ("DMS_DUPLICATE", 409)
    assert _state(mine) == before


def test_fu_dms_discrepancy_taken_back_while_open(week, supervisor):
    mine, tasks, _other = week
    item = dms_discrepancy_add(
        reconciliation=mine, followup_id=tasks[0].pk, issue="grade", note="x", by=supervisor
    )
    dms_discrepancy_remove(discrepancy=item, by=supervisor)
    dms_reconciliation_complete(reconciliation=mine, note="", by=supervisor)
    assert not DmsDiscrepancy.objects.exists()
    assert not _dms_entries().exists()


# --- pages ---------------------------------------------------------------------------


def test_fu_dms_page_lists_the_week_with_each_consultants_figures(week, login, supervisor):
    mine, _tasks, _other = week
    page = login(supervisor).get(f"/followups/dms/?week={date(2025, 3, 5)}").content.decode()
    row = page.split(f'data-reconciliation="{mine.pk}"')[1].split("</a>")[0]
    assert 'data-col="total">2<' in row and 'data-col="missed">2<' in row
    assert "待核对" in row


def test_fu_dms_supervisor_notes_and_reconciles_on_the_page(week, login, supervisor, consultant_a):
    mine, tasks, _other = week
    client = login(supervisor)
    detail = client.get(f"/followups/dms/{mine.pk}/").content.decode()
    assert detail.count("data-followup=") == 2
    response = client.post(
        f"/followups/dms/{mine.pk}/discrepancies/",
        {"followup": tasks[0].pk, "issue": "timeliness", "note": "回访时间与DMS不符"},
    )
    assert response.status_code == 302
    response = client.post(f"/followups/dms/{mine.pk}/reconcile/", {"note": "本周已核对"})
    assert response.status_code == 302
    mine.refresh_from_db()
    assert (mine.status, mine.note) == (DmsStatus.RECONCILED, "本周已核对")
    entry = _dms_entries().get(person=consultant_a)
    assert (entry.points, entry.source) == (Decimal("2"), "auto:followups_dms")


def test_fu_dms_page_shows_a_refusal_next_to_the_field(week, login, supervisor):
    mine, tasks, _other = week
    client = login(supervisor)
    fields = {"followup": tasks[0].pk, "issue": "detail", "note": "记录不详"}
    assert client.post(f"/followups/dms/{mine.pk}/discrepancies/", fields).status_code == 302
    before = _state(mine)
    response = client.post(f"/followups/dms/{mine.pk}/discrepancies/", fields)
    assert response.status_code == 400
    flag = response.content.decode().split(f'id="flag-{tasks[0].pk}"')[1].split("</form>")[0]
    issue = flag.split('name="issue"')[0].rsplit("<select", 1)[1]
    assert "is-invalid" in issue
    assert "该记录的这个问题已经记录过了" in flag
    assert _state(mine) == before


def test_fu_dms_pages_queries_do_not_grow(travel, graded, login, supervisor, consultant_a, scan):
    client = login(supervisor)

    def measure() -> tuple[int, int]:
        reconciliation = DmsReconciliation.objects.get(consultant=consultant_a, week_start=WEEK)
        with CaptureQueriesContext(connection) as listing:
            assert client.get(f"/followups/dms/?week={WEEK}").status_code == 200
        with CaptureQueriesContext(connection) as detail:
            assert client.get(f"/followups/dms/{reconciliation.pk}/").status_code == 200
        return len(listing), len(detail)

    travel(sh(2025, 3, 1, 10))
    graded("H")
    scan(sh(2025, 3, 10, 0, 10))
    few = measure()
    travel(sh(2025, 3, 1, 10))
    for _n in range(6):
        consultant = UserFactory(
            roles=[Role.SALES_CONSULTANT], stores=[consultant_a.stores.first()]
        )
        graded("H", consultant=consultant)
        graded("H")
    DmsReconciliation.objects.all().delete()
    scan(sh(2025, 3, 10, 0, 10))
    assert DmsReconciliation.objects.filter(week_start=WEEK).count() == 7
    assert measure() == few


def test_fu_dms_consultant_gets_403_and_other_store_404(week, login, consultant_a, other_store):
    mine, _tasks, _other = week
    assert login(consultant_a).get("/followups/dms/").status_code == 403
    assert login(consultant_a).post(f"/followups/dms/{mine.pk}/reconcile/").status_code == 403
    stranger = UserFactory(roles=[Role.SALES_SUPERVISOR], stores=[other_store])
    assert login(stranger).get(f"/followups/dms/{mine.pk}/").status_code == 404
    mine.refresh_from_db()
    assert mine.status == DmsStatus.OPEN


def test_fu_dms_navigation_for_supervisors_and_managers(consultant_a, supervisor, manager, gm):
    def keys(user):
        return {item.key for item in nav_items_for(user)}

    assert "followups_dms" in keys(supervisor)
    assert "followups_dms" in keys(manager)
    assert "followups_dms" in keys(gm)
    assert "followups_dms" not in keys(consultant_a)
