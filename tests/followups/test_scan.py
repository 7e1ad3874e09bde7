"""The periodic scan: idempotent (twice, and from two processes at once),
set-based (queries constant in the number of customers), reminders, and the
run through a real Celery worker and Redis."""

from __future__ import annotations

import json
import uuid
from datetime import date

import pytest
from django.conf import settings
from django.db import connection
from django.db.models import Count
from django.test.utils import CaptureQueriesContext

from dealership.models import Notification
from followups.models import DmsReconciliation, Followup, FollowupPolicy
from followups.rules import Status
from followups.selectors import followup_violation_facts
from followups.services import followups_on_grade_change
from followups.tasks import followups_scan_task
from sales.models import Customer
from scoring.models import PenaltyEntry
from tests.celery_helpers import start_celery, start_manage, stop, wait_for
from tests.followups.conftest import sh
from tests.sales.factories import CustomerFactory


def _snapshot():
    return sorted(
        Followup.objects.values_list("pk", "customer_id", "kind", "slot", "status", "late_at")
    )


@pytest.mark.django_db
def test_scan_twice_gives_the_same_rows(travel, graded, scan, consultant_a):
    travel(sh(2025, 3, 3, 10))
    for _ in range(3):
        graded("H")
    CustomerFactory(consultant=consultant_a, grade="B")  # no hook: the scan schedules it
    CustomerFactory(consultant=consultant_a, grade="D", birthday=sh(1990, 3, 12).date())
    scan(sh(2025, 3, 10, 9))
    rows, notes, entries = _snapshot(), Notification.objects.count(), PenaltyEntry.objects.count()
    second = scan(sh(2025, 3, 10, 9))
    assert (_snapshot(), Notification.objects.count(), PenaltyEntry.objects.count()) == (
        rows,
        notes,
        entries,
    )
    assert (second.late, second.missed, second.reminded, second.scheduled) == (0, 0, 0, 0)
    # 3 missed H tasks, each followed by the next call, the B task, the birthday
    assert len(rows) == 8
    assert entries == 3  # the three H follow-ups missed (FU-H-MISSED)


@pytest.mark.django_db
def test_scan_queries_do_not_grow_with_customers(travel, scan, consultant_a, consultant_b):
    """Every step does work: cadence tasks (H), holiday and birthday greetings
    (FU-CARE, Spring Festival 2025-01-28), the week's DMS reconciliations,
    late and missed marks, scoring and reminders. Only the data grows."""

    def measure(per_kind: int) -> tuple[int, int]:
        Followup.objects.all().delete()
        Notification.objects.all().delete()
        DmsReconciliation.objects.all().delete()
        PenaltyEntry.objects.all().delete()
        travel(sh(2025, 1, 25, 10))
        for consultant in (consultant_a, consultant_b):
            have = Customer.objects.filter(consultant=consultant, grade="H").count()
            for _ in range(per_kind - have):
                CustomerFactory(consultant=consultant, grade="H")
                CustomerFactory(consultant=consultant, grade="D", birthday=date(1980, 1, 27))
        with CaptureQueriesContext(connection) as creating:
            scan(sh(2025, 1, 25, 10))
        with CaptureQueriesContext(connection) as overdue:
            scan(sh(2025, 1, 30, 10))  # late and missed, handed to scoring, reminded
        counts = dict(
            Followup.objects.values_list("kind").annotate(n=Count("pk")).values_list("kind", "n")
        )
        assert counts == {"FU-H": 2 * per_kind, "FU-CARE": 4 * per_kind}
        assert not Followup.objects.filter(status=Status.OPEN).exists()
        assert DmsReconciliation.objects.count() == 4  # 2 consultants, 2 ended weeks
        return len(creating), len(overdue)

    five = measure(5)
    fifty = measure(50)
    assert five == fifty, (five, fifty)


@pytest.mark.django_db
def test_due_today_reminder_once_a_day_from_the_reminder_hour(travel, graded, scan, consultant_a):
    travel(sh(2025, 3, 3, 10))
    graded("H")
    graded("H")
    scan(sh(2025, 3, 5, 7, 50))
    assert not Notification.objects.filter(user=consultant_a).exists()
    scan(sh(2025, 3, 5, 8, 0))
    scan(sh(2025, 3, 5, 12, 0))
    note = Notification.objects.get(user=consultant_a)
    assert (note.title, note.url) == ("今天有 2 个待回访", "/followups/")


@pytest.mark.django_db
def test_overdue_reminder_once_per_batch(travel, graded, scan, consultant_a):
    travel(sh(2025, 3, 3, 10))
    graded("H")
    scan(sh(2025, 3, 7, 0, 10))
    scan(sh(2025, 3, 7, 0, 20))
    overdue = Notification.objects.filter(key__startswith="followups:overdue:")
    assert list(overdue.values_list("user__username", "title")) == [
        ("consultant_a", "1 个回访已逾期")
    ]


@pytest.mark.django_db
def test_overdue_reminder_for_a_call_missed_and_superseded_in_one_run(
    travel, graded, scan, consultant_a
):
    """The scan did not run while the call was late (an outage): one run marks
    it missed and supersedes it, and the consultant is still told."""
    travel(sh(2025, 3, 3, 10))
    customer = graded("H")
    scan(sh(2025, 3, 10, 0, 10))
    assert Followup.objects.get(customer=customer, missed_at__isnull=False).status == (
        Status.SUPERSEDED
    )
    overdue = Notification.objects.filter(key__startswith="followups:overdue:")
    assert list(overdue.values_list("user__username", "title")) == [
        ("consultant_a", "1 个回访已逾期")
    ]


def _sms_lines() -> list[dict]:
    path = settings.SMS_FILE_PATH
    if not path.exists():
        return []
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


@pytest.mark.django_db
def test_staff_sms_reminder_off_by_default_on_per_store(travel, graded, scan, consultant_a, store):
    consultant_a.phone = "13800138000"
    consultant_a.save()
    travel(sh(2025, 3, 3, 10))
    graded("H")
    before = len(_sms_lines())
    scan(sh(2025, 3, 5, 9))
    assert len(_sms_lines()) == before
    FollowupPolicy.objects.create(store=store, staff_sms_reminders=True)
    scan(sh(2025, 3, 7, 1))
    sent = _sms_lines()[before:]
    assert [(m["mobile"], m["text"]) for m in sent] == [
        ("13800138000", f"{store.name}: 1 个回访已逾期")
    ]


@pytest.mark.django_db
def test_violation_facts_kept_on_the_task_rows(travel, graded, scan, consultant_a, store):
    travel(sh(2025, 3, 3, 10))
    customer = graded("H")
    scan(sh(2025, 3, 10, 1))
    task = Followup.objects.get(customer=customer, status=Status.SUPERSEDED)
    facts = followup_violation_facts(store=store)
    assert [(f["person"], f["rule_code"], f["fact_date"], f["fact_key"]) for f in facts] == [
        (consultant_a, "FU-H-MISSED", sh(2025, 3, 10).date(), f"followup:{task.pk}")
    ]


@pytest.mark.django_db(transaction=True)
def test_scan_from_two_processes_at_once_creates_no_duplicates(consultant_a):
    customers = [CustomerFactory(consultant=consultant_a, grade="H") for _ in range(40)]
    owners = [CustomerFactory(consultant=consultant_a, grade="D") for _ in range(10)]
    followups_on_grade_change(customer=customers[0], by=consultant_a)
    runs = [start_manage("followups_scan") for _ in range(2)]
    outputs = [run.communicate(timeout=120) for run in runs]
    assert [run.returncode for run in runs] == [0, 0], outputs
    per_customer = Followup.objects.filter(slot="").values("customer").annotate(n=Count("pk"))
    assert sorted(row["n"] for row in per_customer) == [1] * 40
    assert not Followup.objects.filter(customer__in=owners, slot="").exists()
    assert DmsReconciliation.objects.filter(consultant=consultant_a).count() == 1  # FU-DMS
    keys = Notification.objects.values("user", "key").annotate(n=Count("pk"))
    assert all(row["n"] == 1 for row in keys)


@pytest.mark.integration
@pytest.mark.django_db(transaction=True)
def test_scan_runs_through_a_real_celery_worker_and_redis(consultant_a):
    customers = [CustomerFactory(consultant=consultant_a, grade="A") for _ in range(3)]
    queue = f"test-{uuid.uuid4().hex[:8]}"
    worker = start_celery("worker", "--pool=solo", "-Q", queue, "--without-heartbeat")
    try:
        followups_scan_task.apply_async(queue=queue)
        assert wait_for(lambda: Followup.objects.filter(customer__in=customers).count() == 3)
    finally:
        stop(worker)
    assert set(Followup.objects.values_list("kind", "status")) == {("FU-A", "open")}
