"""Celery: the heartbeat proves beat → Redis → worker → PostgreSQL end to end."""

from __future__ import annotations

import uuid

import pytest
from django.db import transaction
from django_celery_beat.models import IntervalSchedule, PeriodicTask

from dealership.models import Heartbeat
from dealership.queue import enqueue_on_commit
from dealership.schedules import DEFAULT_INTERVAL_TASKS, schedules_install_defaults
from dealership.services import heartbeat_record
from dealership.tasks import heartbeat_task
from tests.celery_helpers import start_celery, stop, wait_for


def test_celery_is_configured_for_reliability():
    from dealership.celery import app

    assert app.conf.task_acks_late is True
    assert app.conf.task_reject_on_worker_lost is True
    assert app.conf.worker_prefetch_multiplier == 1
    assert app.conf.broker_url.startswith("redis://")


@pytest.mark.django_db
def test_heartbeat_record_is_safe_to_run_twice():
    first = heartbeat_record(name="x")
    second = heartbeat_record(name="x")
    assert Heartbeat.objects.filter(name="x").count() == 1
    assert second.runs == 2
    assert second.last_run_at >= first.last_run_at


@pytest.mark.django_db
def test_default_schedules_install_once_and_keep_admin_edits():
    assert set(DEFAULT_INTERVAL_TASKS) <= set(schedules_install_defaults())
    task = PeriodicTask.objects.get(name="heartbeat")
    task.interval = IntervalSchedule.objects.create(every=5, period=IntervalSchedule.MINUTES)
    task.save()
    assert schedules_install_defaults() == []
    assert PeriodicTask.objects.get(name="heartbeat").interval.every == 5


@pytest.mark.integration
@pytest.mark.django_db(transaction=True)
def test_heartbeat_runs_through_real_beat_redis_and_worker():
    queue = f"test-{uuid.uuid4().hex[:8]}"
    name = f"beat-{queue}"
    every_second = IntervalSchedule.objects.create(every=1, period=IntervalSchedule.SECONDS)
    PeriodicTask.objects.create(
        name=name,
        task="dealership.tasks.heartbeat_task",
        interval=every_second,
        kwargs=f'{{"name": "{name}"}}',
        queue=queue,
    )
    worker = start_celery("worker", "--pool=solo", "-Q", queue, "--without-heartbeat")
    beat = start_celery("beat", "--max-interval=1", "--pidfile=")
    try:
        assert wait_for(lambda: Heartbeat.objects.filter(name=name, runs__gte=2).exists())
    finally:
        stop(beat, worker)


@pytest.mark.integration
@pytest.mark.django_db(transaction=True)
def test_enqueue_on_commit_sends_only_committed_work():
    queue = f"test-{uuid.uuid4().hex[:8]}"
    worker = start_celery("worker", "--pool=solo", "-Q", queue, "--without-heartbeat")
    try:
        with pytest.raises(RuntimeError), transaction.atomic():
            enqueue_on_commit(heartbeat_task, kwargs={"name": "rolled-back"}, queue=queue)
            raise RuntimeError("rollback")
        with transaction.atomic():
            enqueue_on_commit(heartbeat_task, kwargs={"name": "committed"}, queue=queue)
        assert wait_for(lambda: Heartbeat.objects.filter(name="committed").exists())
        assert not Heartbeat.objects.filter(name="rolled-back").exists()
    finally:
        stop(worker)
