"""The ledger (PTS-1), joint liability (PTS-2), the catalogue (PTS-3) and the
interface for automatic checks (PTS-4)."""

from __future__ import annotations

import threading
from datetime import date
from decimal import Decimal

import pytest
from django.db import DatabaseError, connections, transaction

from dealership.errors import DomainError
from dealership.models import Notification
from scoring.models import PenaltyEntry, PenaltyRule
from scoring.services import penalty_entry_reverse, violation_record

pytestmark = pytest.mark.django_db

DAY = date(2025, 3, 10)


def _record(person, store, code="LEAD-5-MISSING", key="visit:1", **kwargs):
    return violation_record(
        store=store,
        person=person,
        rule_code=code,
        fact_date=kwargs.pop("fact_date", DAY),
        fact_key=key,
        source="auto:test",
        **kwargs,
    )


def test_pts_3_catalogue_holds_every_points_row_of_the_rules():
    expected = {
        "LEAD-2-MISSING": "1",
        "LEAD-3": "2",
        "LEAD-5-LATE": "2",
        "LEAD-5-MISSING": "6",
        "LEAD-6": "1",
        "LEAD-7": "2",
        "LEAD-8": "10",
        "FU-H-LATE": "2",
        "FU-H-MISSED": "5",
        "FU-C-MISSED": "5",
        "FU-MAINT-LATE": "2",
        "FU-MAINT-MISSED": "5",
        "FU-CARE": "2",
        "FU-DMS": "2",
        "STK-PRINCIPLE": "10",
        "STK-IN-1": "1",
        "STK-OUT-1": "20",
        "MNT-STORM": "10",
        "SHW-DESK-VACANCY": "5",
        "SHW-DESK-UNATTENDED": "10",
        "SHW-GREET": "1",
        "SHW-ENV": "1",
        "SHW-DISPLAY": "1",
        "SHW-TESTCAR": "1",
        "DLV-LIST": "1",
        "DLV-CLASS": "6",
        "DLV-3GUARANTEE-IMPROPER": "2",
        "DLV-3GUARANTEE-MISSING": "10",
        "RPT-MGR-LOG": "5",
        "RPT-CONSULTANT-LOG": "2",
        "RPT-STOCK-DAILY": "2",
        "RPT-MONTHLY-MGR-LATE": "1",
        "RPT-MONTHLY-MGR-MISSING": "10",
        "RPT-MONTHLY-MKT": "10",
        "RPT-EVENT-KPI": "5",
        "RPT-EVENT-OEM-LATE": "10",
        "RPT-EVENT-OEM-MISSING": "20",
        "RPT-COMPETITOR": "5",
        "RPT-ORDER-PLAN": "2",
        "RPT-LOST": "5",
        "RPT-KANBAN": "1",
        "RPT-FORMS-STOCKOUT": "10",
        "RPT-FORMS-UNTIDY": "1",
        "PTS-3-LATENESS": "10",
        "PTS-3-DRESS": "1",
        "PTS-3-REFUSE": "2",
        # seed conduct rules with no system signal, added by migration 0012
        "SHW-DESK-CHAT": "1",
        "RPT-EVENT-STICKERS": "2",
        "PTS-3-CONDUCT": "1",
    }
    points = dict(PenaltyRule.objects.values_list("code", "points"))
    assert {code: points.get(code) for code in expected} == {
        code: Decimal(value) for code, value in expected.items()
    }


def test_pts_3_joint_points_of_the_catalogue():
    def joints(code):
        rule = PenaltyRule.objects.get(code=code)
        return {j.role: j.points for j in rule.joints.all()}

    assert joints("LEAD-5-MISSING") == {"sales_supervisor": 1, "sales_manager": 1}
    assert joints("RPT-MGR-LOG") == {"gm_office": 2}
    assert joints("RPT-MONTHLY-SUP-LATE") == {"sales_manager": Decimal("0.5")}
    assert joints("RPT-MONTHLY-SUP-MISSING") == {"sales_manager": 2}
    assert joints("PTS-3-DRESS") == {
        "sales_manager": Decimal("0.5"),
        "sales_supervisor": Decimal("0.5"),
        "administration": Decimal("0.5"),
    }
    assert joints("RPT-KPI-DAILY") == {"sales_manager": 2}
    # seed: eating at work, manager, supervisor and head of administration 1 each;
    # a phone greeting not as written, 0.5 each.
    assert joints("PTS-3-EATING") == {
        "sales_manager": 1,
        "sales_supervisor": 1,
        "administration": 1,
    }
    assert joints("PTS-3-PHONE-GREETING") == {
        "sales_manager": Decimal("0.5"),
        "sales_supervisor": Decimal("0.5"),
        "administration": Decimal("0.5"),
    }
    # seed, 着装及行为规范: conduct as dress, 0.5 each
    assert joints("PTS-3-CONDUCT") == joints("PTS-3-DRESS")
    assert PenaltyRule.objects.get(code="PTS-3-LATENESS").is_manual is True
    assert PenaltyRule.objects.get(code="RPT-CONSULTANT-LOG").is_manual is False


def test_pts_3_migration_adds_the_missing_conduct_joints_and_keeps_a_managers_own():
    """A catalogue installed before (supervisor only, or a manager's own
    points for a role) gets the seed's missing roles; what is there stays."""
    from importlib import import_module

    from django.apps import apps

    from scoring.models import PenaltyRuleJoint

    eating = PenaltyRule.objects.get(code="PTS-3-EATING")
    # a manager had deleted the supervisor's joint and set administration's to 2
    PenaltyRuleJoint.objects.filter(rule=eating).exclude(role="administration").delete()
    PenaltyRuleJoint.objects.filter(rule=eating).update(points=Decimal("2"))
    import_module("scoring.migrations.0011_conduct_joint_liability").forward(apps, None)
    import_module("scoring.migrations.0011_conduct_joint_liability").forward(apps, None)
    assert {j.role: j.points for j in eating.joints.all()} == {
        "administration": 2,
        "sales_manager": 1,
    }


def test_pts_1_entry_records_person_rule_points_date_evidence_and_source(consultant_a, store):
    entry = _record(consultant_a, store, evidence=store, note="未发短信")
    assert (entry.person, entry.rule.code, entry.points, entry.fact_date) == (
        consultant_a,
        "LEAD-5-MISSING",
        Decimal("6"),
        DAY,
    )
    assert entry.evidence == store
    assert entry.evidence_text == store.name
    assert (entry.source, entry.recorded_by, entry.note) == ("auto:test", None, "未发短信")


def test_pts_1_ledger_cannot_be_updated_or_deleted(consultant_a, store):
    entry = _record(consultant_a, store)
    with pytest.raises(DatabaseError), transaction.atomic():
        PenaltyEntry.objects.filter(pk=entry.pk).update(points=Decimal("0"))
    with pytest.raises(DatabaseError), transaction.atomic():
        PenaltyEntry.objects.filter(pk=entry.pk).delete()
    entry.points = Decimal("1")
    with pytest.raises(DatabaseError), transaction.atomic():
        entry.save()
    assert PenaltyEntry.objects.get(pk=entry.pk).points == Decimal("6")
    assert PenaltyEntry.objects.filter(person=consultant_a).count() == 1


def test_pts_1_correction_is_a_reversing_entry_with_its_joint_entries(
    consultant_a, supervisor, manager, store
):
    entry = _record(consultant_a, store)
    reversal = penalty_entry_reverse(entry=entry, reason="短信其实已发", by=manager)
    assert (reversal.points, reversal.reverses, reversal.recorded_by) == (
        Decimal("-6"),
        entry,
        manager,
    )
    totals = {
        person: sum(e.points for e in PenaltyEntry.objects.filter(person=person))
        for person in (consultant_a, supervisor, manager)
    }
    assert totals == {consultant_a: 0, supervisor: 0, manager: 0}
    assert PenaltyEntry.objects.count() == 6


def test_pts_1_entry_cannot_be_reversed_twice(consultant_a, manager, store):
    entry = _record(consultant_a, store, code="LEAD-6")
    penalty_entry_reverse(entry=entry, reason="误记", by=manager)
    with pytest.raises(DomainError) as refused:
        penalty_entry_reverse(entry=entry, reason="再来一次", by=manager)
    assert refused.value.code == "ENTRY_ALREADY_REVERSED"
    assert PenaltyEntry.objects.count() == 2


def test_pts_1_consultant_cannot_reverse_an_entry(consultant_a, consultant_b, store):
    entry = _record(consultant_a, store, code="LEAD-6")
    with pytest.raises(DomainError) as refused:
        penalty_entry_reverse(entry=entry, reason="不服", by=consultant_b)
    assert refused.value.code == "NOT_ALLOWED"
    assert PenaltyEntry.objects.count() == 1


def test_pts_2_lead_5_cascade_to_supervisor_and_manager(consultant_a, supervisor, manager, store):
    """PTS-2 along the chain of command (ORG-4): the consultant's LEAD-5 joint
    points go to their supervisor and the manager above."""
    entry = _record(consultant_a, store)
    joints = {j.person: j.points for j in entry.joint_entries.all()}
    assert joints == {supervisor: Decimal("1"), manager: Decimal("1")}
    assert all(j.rule.code == "LEAD-5-MISSING" for j in entry.joint_entries.all())
    assert PenaltyEntry.objects.count() == 3


def test_pts_2_a_joint_role_the_offender_holds_is_not_charged_to_a_peer(
    store, roles, manager, supervisor, admin_officer
):
    """Review: a second sales manager eating at work (PTS-3-EATING: manager,
    supervisor and administration jointly) does not cost the first manager a
    point; the supervisor and administration joints still apply."""
    from dealership.rules import Role
    from tests.factories import UserFactory

    second = UserFactory(username="manager_2", roles=[Role.SALES_MANAGER], stores=[store])
    entry = violation_record(
        store=store, person=second, rule_code="PTS-3-EATING", fact_date=DAY, fact_key="e"
    )
    charged = {j.person.username: j.points for j in entry.joint_entries.all()}
    assert "manager" not in charged
    assert set(charged) == {supervisor.username, admin_officer.username}


def test_pts_2_joint_role_outside_the_chain_falls_back_to_the_store(
    consultant_a, supervisor, manager, admin_officer, store, other_store
):
    from tests.factories import UserFactory

    UserFactory(roles=["administration"], stores=[other_store])
    entry = violation_record(
        store=store,
        person=consultant_a,
        rule_code="LEAD-6",
        fact_date=DAY,
        fact_key="x",
    )
    assert entry.joint_entries.count() == 0
    rule = PenaltyRule.objects.get(code="PTS-3-DRESS")
    rule.is_manual = False
    rule.save()
    entry = violation_record(
        store=store, person=consultant_a, rule_code="PTS-3-DRESS", fact_date=DAY, fact_key="d"
    )
    joints = {j.person: j.points for j in entry.joint_entries.all()}
    assert joints == {
        supervisor: Decimal("0.5"),
        manager: Decimal("0.5"),
        admin_officer: Decimal("0.5"),
    }


def test_pts_2_nobody_holding_the_role_means_no_joint_entry(roles, store):
    from tests.factories import UserFactory

    lonely = UserFactory(roles=["sales_consultant"], stores=[store])
    entry = _record(lonely, store)
    assert entry.joint_entries.count() == 0


def test_pts_4_violation_is_recorded_once_per_fact(consultant_a, store):
    first = _record(consultant_a, store)
    assert _record(consultant_a, store) is None
    assert PenaltyEntry.objects.count() == 3
    other_fact = _record(consultant_a, store, key="visit:2")
    assert other_fact is not None and other_fact.pk != first.pk
    assert PenaltyEntry.objects.count() == 6


def test_pts_4_duplicate_leaves_the_callers_transaction_usable(consultant_a, store):
    """The insert runs in a savepoint: a duplicate returns None without
    breaking the caller's transaction."""
    _record(consultant_a, store)
    with transaction.atomic():
        assert _record(consultant_a, store) is None
        assert PenaltyEntry.objects.count() == 3


@pytest.mark.django_db(transaction=True)
def test_pts_4_two_concurrent_callers_record_once(consultant_a, store):
    """Two workers running the same check at the same moment, each in its own
    connection and transaction: the unique constraint lets one through."""
    barrier = threading.Barrier(2)
    results = []

    def worker():
        try:
            barrier.wait()
            with transaction.atomic():
                results.append(_record(consultant_a, store))
        finally:
            connections.close_all()

    threads = [threading.Thread(target=worker) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(entry is None for entry in results) == [False, True]
    assert PenaltyEntry.objects.filter(joint_of__isnull=True).count() == 1
    assert PenaltyEntry.objects.count() == 3


def test_pts_4_inactive_rule_records_nothing(consultant_a, store):
    rule = PenaltyRule.objects.get(code="LEAD-6")
    rule.active_from = date(2025, 4, 1)
    rule.save()
    assert _record(consultant_a, store, code="LEAD-6") is None
    rule.active_from, rule.active_to = date(2025, 1, 1), date(2025, 3, 9)
    rule.save()
    assert _record(consultant_a, store, code="LEAD-6") is None
    assert PenaltyEntry.objects.count() == 0


def test_pts_4_points_are_those_of_the_catalogue_when_recorded(consultant_a, store):
    rule = PenaltyRule.objects.get(code="LEAD-6")
    rule.points = Decimal("3")
    rule.save()
    assert _record(consultant_a, store, code="LEAD-6").points == Decimal("3")


def test_pts_4_unknown_rule_is_refused(consultant_a, store):
    with pytest.raises(DomainError) as refused:
        _record(consultant_a, store, code="NOPE-1")
    assert refused.value.code == "PENALTY_RULE_UNKNOWN"
    assert PenaltyEntry.objects.count() == 0


def test_pts_1_person_is_notified_of_each_entry_once(consultant_a, supervisor, manager, store):
    entry = _record(consultant_a, store)
    assert _record(consultant_a, store) is None
    titles = dict(Notification.objects.values_list("user__username", "title"))
    assert titles == {
        "consultant_a": "扣分记录：LEAD-5-MISSING −6.0（2025-03-10）",
        "supervisor": "连带扣分：LEAD-5-MISSING −1.0（2025-03-10）",
        "manager": "连带扣分：LEAD-5-MISSING −1.0（2025-03-10）",
    }
    note = Notification.objects.get(user=consultant_a)
    assert (note.key, note.url, note.store) == (
        f"scoring:entry:{entry.pk}",
        f"/scoring/people/{consultant_a.pk}/?month=2025-03",
        store,
    )
    penalty_entry_reverse(entry=entry, reason="客户号码有误", by=manager)
    returned = Notification.objects.filter(title__startswith="扣分冲销").order_by("user__username")
    assert [(n.user.username, n.title, n.body) for n in returned] == [
        ("consultant_a", "扣分冲销：LEAD-5-MISSING +6.0（2025-03-10）", "客户号码有误"),
        ("manager", "扣分冲销：LEAD-5-MISSING +1.0（2025-03-10）", "客户号码有误"),
        ("supervisor", "扣分冲销：LEAD-5-MISSING +1.0（2025-03-10）", "客户号码有误"),
    ]
    assert Notification.objects.count() == 6


def test_pts_3_migration_adds_the_seed_conduct_rules_and_keeps_a_managers_own():
    """Migration 0012: a database installed before gets the three seed rules
    it lacked, as manual rules (PTS-3); a row a manager changed stays."""
    from importlib import import_module

    from django.apps import apps

    PenaltyRule.objects.filter(code__in=["SHW-DESK-CHAT", "RPT-EVENT-STICKERS"]).delete()
    PenaltyRule.objects.filter(code="PTS-3-CONDUCT").update(points=Decimal("3"))
    migration = import_module("scoring.migrations.0012_seed_conduct_rules")
    migration.forward(apps, None)
    migration.forward(apps, None)
    rules = {
        r.code: (r.points, r.is_manual)
        for r in PenaltyRule.objects.filter(
            code__in=["SHW-DESK-CHAT", "RPT-EVENT-STICKERS", "PTS-3-CONDUCT"]
        )
    }
    assert rules == {
        "SHW-DESK-CHAT": (Decimal("1"), True),
        "RPT-EVENT-STICKERS": (Decimal("2"), True),
        "PTS-3-CONDUCT": (Decimal("3"), True),
    }


def test_pts_2_migration_adds_the_conduct_joints_and_keeps_a_managers_own():
    """Migration 0014: PTS-3-CONDUCT installed by 0012 without joints gets the
    seed's three 0.5s; a role a manager set keeps its points."""
    from importlib import import_module

    from django.apps import apps

    from scoring.models import PenaltyRuleJoint

    conduct = PenaltyRule.objects.get(code="PTS-3-CONDUCT")
    PenaltyRuleJoint.objects.filter(rule=conduct).exclude(role="sales_manager").delete()
    PenaltyRuleJoint.objects.filter(rule=conduct).update(points=Decimal("1"))
    migration = import_module("scoring.migrations.0014_conduct_rule_joints")
    migration.forward(apps, None)
    migration.forward(apps, None)
    assert {j.role: j.points for j in conduct.joints.all()} == {
        "sales_manager": 1,
        "sales_supervisor": Decimal("0.5"),
        "administration": Decimal("0.5"),
    }
