"""Reliability under faults (issue 9): a Celery worker killed in the middle of
the follow-up scan, Redis stopped under a running web server and worker, and
every database connection dropped as a PostgreSQL restart drops them.

Real processes throughout: gunicorn, Celery workers, a private redis-server
for the outage (so the shared Redis of other tests is never stopped)."""

from __future__ import annotations

import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
import uuid

import pytest
from django.db import connection
from django.db.models import Count
from django.utils import timezone

from benchmarks.followups_scan import generate
from dealership.celery import app
from dealership.models import Heartbeat
from dealership.tasks import heartbeat_task
from followups.models import Followup
from followups.scan import followups_scan
from followups.tasks import followups_scan_task
from sales.models import Customer
from scoring.models import PenaltyEntry
from tests.celery_helpers import ROOT, process_env, start_celery, stop, wait_for

pytestmark = [pytest.mark.integration, pytest.mark.django_db(transaction=True)]


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _start_redis(port: int) -> subprocess.Popen:
    proc = subprocess.Popen(
        ["redis-server", "--port", str(port), "--bind", "127.0.0.1", "--save", ""]
        + ["--appendonly", "no"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    assert wait_for(lambda: _port_open(port), 10), "redis-server did not start"
    return proc


def _port_open(port: int) -> bool:
    with socket.socket() as sock:
        sock.settimeout(0.5)
        return sock.connect_ex(("127.0.0.1", port)) == 0


def _start_web(env: dict[str, str] | None = None) -> tuple[subprocess.Popen, str]:
    port = _free_port()
    proc = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "dealership.wsgi", "--bind", f"127.0.0.1:{port}"]
        + ["--workers", "1", "--timeout", "30"],
        cwd=ROOT,
        env=process_env(**(env or {})),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"
    assert wait_for(lambda: _status(f"{base}/health/") == 200, 30), "gunicorn did not start"
    return proc, base


def _status(url: str) -> int | None:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.status
    except urllib.error.HTTPError as exc:
        return exc.code
    except OSError:
        return None


def _send_heartbeat(name: str, queue: str, broker: str | None = None) -> None:
    with app.connection_for_write(broker) as conn:
        heartbeat_task.apply_async(kwargs={"name": name}, queue=queue, connection=conn)


def _other_backend_in_a_write_transaction() -> bool:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database()"
            " AND pid <> pg_backend_pid()"
            " AND (state = 'idle in transaction' OR backend_xid IS NOT NULL)"
        )
        return cursor.fetchone()[0] > 0


def _cadence_counts() -> list[int]:
    rows = Followup.objects.filter(slot="").values("customer").annotate(n=Count("pk"))
    return [row["n"] for row in rows]


def test_worker_killed_in_the_middle_of_the_scan_loses_and_doubles_nothing():
    generate(6000)
    graded = Customer.objects.filter(grade__in=["H", "A", "B", "C"]).count()
    queue = f"test-{uuid.uuid4().hex[:8]}"
    env = {"CELERY_VISIBILITY_TIMEOUT": "2"}
    worker = start_celery("worker", "--pool=solo", "-Q", queue, "--without-heartbeat", env=env)
    try:
        followups_scan_task.apply_async(queue=queue)
        deadline = time.monotonic() + 60
        while not _other_backend_in_a_write_transaction():
            assert time.monotonic() < deadline, "the scan never started writing"
            time.sleep(0.01)
        worker.kill()  # SIGKILL: no warm shutdown, the message stays unacknowledged
        worker.wait(timeout=30)
    finally:
        if worker.poll() is None:
            stop(worker)
    assert len(_cadence_counts()) < graded  # the scan was cut off half-way

    again = start_celery("worker", "--pool=solo", "-Q", queue, "--without-heartbeat", env=env)
    try:
        assert wait_for(lambda: len(_cadence_counts()) == graded, 120)
        _send_heartbeat("after-the-scan", queue)  # solo pool: runs once the scan is done
        assert wait_for(lambda: Heartbeat.objects.filter(name="after-the-scan").exists(), 120)
    finally:
        stop(again)

    assert _cadence_counts() == [1] * graded
    entries = PenaltyEntry.objects.values("fact_key").annotate(n=Count("pk"))
    assert all(row["n"] == 1 for row in entries.filter(fact_key__startswith="followup:"))
    rerun = followups_scan(now=timezone.now())
    assert (rerun.scheduled, rerun.late, rerun.missed) == (0, 0, 0)


def test_redis_stopped_the_web_keeps_serving_and_tasks_resume_when_it_returns():
    port = _free_port()
    broker = f"redis://127.0.0.1:{port}/0"
    redis = _start_redis(port)
    queue = f"test-{uuid.uuid4().hex[:8]}"
    web, base = _start_web({"REDIS_URL": broker})
    worker = start_celery(
        "worker", "--pool=solo", "-Q", queue, "--without-heartbeat", env={"REDIS_URL": broker}
    )
    try:
        _send_heartbeat("before", queue, broker)
        assert wait_for(lambda: Heartbeat.objects.filter(name="before").exists())

        stop(redis)
        assert not _port_open(port)
        assert [_status(f"{base}/health/"), _status(f"{base}/accounts/login/")] == [200, 200]

        redis = _start_redis(port)
        _send_heartbeat("after", queue, broker)
        assert wait_for(lambda: Heartbeat.objects.filter(name="after").exists(), 120)
        assert worker.poll() is None  # the same worker, reconnected
    finally:
        stop(worker, web)
        if redis.poll() is None:
            stop(redis)


def test_database_connections_dropped_the_web_and_worker_recover():
    queue = f"test-{uuid.uuid4().hex[:8]}"
    web, base = _start_web()
    worker = start_celery("worker", "--pool=solo", "-Q", queue, "--without-heartbeat")
    try:
        _send_heartbeat("before", queue)
        assert wait_for(lambda: Heartbeat.objects.filter(name="before").exists())
        assert _status(f"{base}/health/") == 200

        with connection.cursor() as cursor:  # what a PostgreSQL restart does to clients
            cursor.execute(
                "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity"
                " WHERE datname = current_database() AND pid <> pg_backend_pid()"
            )
            assert cursor.fetchone()[0] >= 1  # at least the web's persistent connection

        assert _status(f"{base}/health/") == 200
        _send_heartbeat("after", queue)
        assert wait_for(lambda: Heartbeat.objects.filter(name="after").exists(), 60)
    finally:
        stop(worker, web)
