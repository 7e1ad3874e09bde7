"""Settings come from the environment; a bad value says clearly what is wrong."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

from dealership.env import Env

ROOT = Path(__file__).resolve().parents[2]


def test_bool_values():
    env = Env({"A": "yes", "B": "0", "C": "On"})
    assert (env.bool("A"), env.bool("B"), env.bool("C"), env.bool("D", True)) == (
        True,
        False,
        True,
        True,
    )


def test_bad_bool_names_the_variable():
    with pytest.raises(ImproperlyConfigured, match=r"DEBUG='maybe' is not a boolean"):
        Env({"DEBUG": "maybe"}).bool("DEBUG")


def test_bad_int_names_the_variable():
    with pytest.raises(ImproperlyConfigured, match=r"AXES_FAILURE_LIMIT='five' is not a whole"):
        Env({"AXES_FAILURE_LIMIT": "five"}).int("AXES_FAILURE_LIMIT", 5)


def test_list_splits_on_commas():
    assert Env({"H": "a.cn, b.cn,,"}).list("H") == ["a.cn", "b.cn"]


def test_database_url_postgres():
    config = Env({"DATABASE_URL": "postgres://u:p@db.local:5433/store"}).database(
        "DATABASE_URL", default="sqlite:///x"
    )
    assert (config["ENGINE"], config["HOST"], config["PORT"], config["NAME"]) == (
        "django.db.backends.postgresql",
        "db.local",
        5433,
        "store",
    )
    assert config["CONN_HEALTH_CHECKS"] is True


def test_database_url_default_is_embedded_sqlite():
    config = Env({}).database("DATABASE_URL", default="sqlite:////tmp/x.sqlite3")
    assert config["ENGINE"] == "django.db.backends.sqlite3"


def test_bad_database_url_is_explained():
    with pytest.raises(ImproperlyConfigured, match=r"DATABASE_URL='mysq://x' is not a database"):
        Env({"DATABASE_URL": "mysq://x"}).database("DATABASE_URL", default="")


def test_bad_redis_url_is_explained():
    with pytest.raises(ImproperlyConfigured, match=r"REDIS_URL='localhost:6379' is not a Redis"):
        Env({"REDIS_URL": "localhost:6379"}).redis_url("REDIS_URL")


def _run_settings(env: dict[str, str], *args: str) -> subprocess.CompletedProcess:
    base = {k: v for k, v in os.environ.items() if k not in {"SECRET_KEY", "DEBUG", "REDIS_URL"}}
    base.update({"DJANGO_SETTINGS_MODULE": "dealership.settings", **env})
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=base,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_production_without_secret_key_refuses_to_start():
    result = _run_settings({"DEBUG": "0"}, "check")
    assert result.returncode != 0
    assert "SECRET_KEY must be set when DEBUG is off" in result.stderr


def test_makemigrations_check_runs_on_a_fresh_checkout_without_a_secret():
    """Schema-only commands sign nothing; serving commands still refuse (above)."""
    result = _run_settings({}, "makemigrations", "--check", "--dry-run")
    assert result.returncode == 0, result.stderr
    assert "No changes detected" in result.stdout


def test_unset_redis_uses_embedded_filesystem_broker():
    result = _run_settings(
        {"DEBUG": "1"},
        "shell",
        "--no-imports",
        "-c",
        "from django.conf import settings; print(settings.CELERY_BROKER_URL)",
    )
    assert result.stdout.strip() == "filesystem://", result.stderr


def test_production_settings_pass_check_deploy_without_warnings():
    result = _run_settings(
        {
            "DEBUG": "0",
            "SECRET_KEY": "a-real-looking-production-secret-key-0123456789-abcdefghijklmnop",
            "ALLOWED_HOSTS": "sales.example.cn",
            "REDIS_URL": "redis://127.0.0.1:6379/15",
        },
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout
