"""`make run` on a machine with nothing installed: the embedded SQLite
database migrates from nothing, keeps its guard triggers (STK-OUT-1, PTS-1)
and takes the demo data (dealership.sqlite_triggers)."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def _manage(database: Path, *args: str) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k not in {"SECRET_KEY", "REDIS_URL"}}
    env.update(
        DJANGO_SETTINGS_MODULE="dealership.settings",
        DEBUG="1",
        DATABASE_URL=f"sqlite:///{database}",
    )
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )


@pytest.fixture(scope="module")
def embedded(tmp_path_factory) -> Path:
    database = tmp_path_factory.mktemp("embedded") / "db.sqlite3"
    for command in (("migrate", "--noinput"), ("sync_defaults",), ("seed_demo",)):
        result = _manage(database, *command)
        assert result.returncode == 0, (command, result.stderr[-3000:])
    return database


def test_the_embedded_database_migrates_from_nothing_and_loads_the_demo(embedded):
    """A later migration rebuilds tables that the guard triggers name (0007
    rebuilt inventory_paymentconfirmation and failed on the trigger)."""
    with sqlite3.connect(embedded) as db:
        stores = {row[0] for row in db.execute("SELECT code FROM dealership_store")}
        staff = db.execute("SELECT count(*) FROM dealership_user").fetchone()[0]
    assert "yj-gh" in stores
    assert staff > 10


def test_the_embedded_database_keeps_its_guard_triggers_after_migrate(embedded):
    with sqlite3.connect(embedded) as db:
        names = {
            row[0] for row in db.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'")
        }
        assert names >= {
            "inventory_vehicle_delivered_guard_update",
            "inventory_vehicle_delivered_guard_insert",
            "scoring_penaltyentry_no_update",
            "scoring_penaltyentry_no_delete",
        }
        before = db.execute("SELECT count(*) FROM inventory_vehicle").fetchone()
        # STK-OUT-1: no car is written as delivered without a full payment.
        with pytest.raises(sqlite3.IntegrityError, match="OUTBOUND_UNPAID"):
            db.execute("INSERT INTO inventory_vehicle (state) VALUES ('delivered')")
        with pytest.raises(sqlite3.IntegrityError, match="OUTBOUND_UNPAID"):
            db.execute(
                "UPDATE inventory_vehicle SET state = 'delivered'"
                " WHERE id = (SELECT min(id) FROM inventory_vehicle WHERE state <> 'delivered')"
            )
        assert db.execute("SELECT count(*) FROM inventory_vehicle").fetchone() == before
        assert db.execute(
            "SELECT count(*) FROM inventory_vehicle WHERE state = 'delivered'"
        ).fetchone() == (0,)


def test_migrating_again_keeps_one_set_of_triggers(embedded):
    result = _manage(embedded, "migrate", "--noinput")
    assert result.returncode == 0, result.stderr[-3000:]
    with sqlite3.connect(embedded) as db:
        count = db.execute(
            "SELECT count(*) FROM sqlite_master WHERE type = 'trigger'"
            " AND name LIKE 'inventory_vehicle_delivered_guard_%'"
        ).fetchone()
    assert count == (2,)
