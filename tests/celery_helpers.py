"""Starting real processes (Celery workers, management commands) against the
test database, for integration tests. Same approach as
tests/dealership/test_celery.py: a unique queue per test, the test database's
URL passed in the environment."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

from django.conf import settings
from django.db import connection

ROOT = Path(__file__).resolve().parents[1]


def test_database_url() -> str:
    db = connection.settings_dict
    password = f":{db['PASSWORD']}" if db.get("PASSWORD") else ""
    return f"postgres://{db['USER']}{password}@{db['HOST']}:{db['PORT']}/{db['NAME']}"


test_database_url.__test__ = False  # a helper, not a test


def process_env(**extra: str) -> dict[str, str]:
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "dealership.test_settings",
        "DATABASE_URL": test_database_url(),
        "REDIS_URL": settings.REDIS_URL,
        **extra,
    }


def start_celery(*args: str, env: dict[str, str] | None = None) -> subprocess.Popen:
    """`celery -A dealership <args>` against the test database and Redis
    (`env` overrides variables, e.g. another REDIS_URL)."""
    return subprocess.Popen(
        [sys.executable, "-m", "celery", "-A", "dealership", *args],
        cwd=ROOT,
        env=process_env(**(env or {})),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


def start_manage(*args: str) -> subprocess.Popen:
    """`manage.py <args>` against the test database."""
    return subprocess.Popen(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=process_env(),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def wait_for(predicate: Callable[[], bool], seconds: float = 60.0) -> bool:
    """Poll until the predicate holds (a worker's result in the database)."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.2)
    return False


def stop(*processes: subprocess.Popen) -> None:
    for proc in processes:
        proc.terminate()
        proc.wait(timeout=30)
