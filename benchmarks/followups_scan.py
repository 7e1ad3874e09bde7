"""Benchmark of the follow-up scan (FU-*): bulk-inserts N customers (default
200,000) of one store into a separate database (<test database>_bench, dropped
and created afresh) and times the scan: the first run (creates every cadence
and care follow-up), a second run at once (nothing to do: idempotent), and a
run five days later (marks late ones, reminds the owners).

    python -m benchmarks.followups_scan --customers 20000
"""

from __future__ import annotations

import argparse
import os
import random
import time
from datetime import date, timedelta

GRADES = [("H", 10), ("A", 20), ("B", 25), ("C", 20), ("D", 15), ("N", 5), ("F", 5)]
CONSULTANTS = 20
BATCH = 5000


def setup_django(database: str | None) -> str:
    """Django on the test settings, pointed at the benchmark database."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "dealership.test_settings")
    from django.conf import settings

    db = settings.DATABASES["default"]
    db["NAME"] = database or f"{db['NAME']}_bench"
    import django

    django.setup()
    return db["NAME"]


def recreate_database(name: str) -> None:
    from django.db import connection

    with connection._nodb_cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{name}"')
        cursor.execute(f'CREATE DATABASE "{name}"')


def migrate() -> None:
    from django.core.management import call_command

    from followups.services import followup_rules_install_defaults

    call_command("migrate", verbosity=0, interactive=False)
    followup_rules_install_defaults()


def generate(customers: int, seed: int = 4) -> None:
    """One store, CONSULTANTS consultants, `customers` customers by grade mix."""
    from django.contrib.auth.models import Group
    from django.utils import timezone

    from dealership.models import DealerGroup, Store, User
    from dealership.rules import Role
    from sales.models import Customer

    rng = random.Random(seed)
    group = DealerGroup.objects.create(name="bench")
    store = Store.objects.create(dealer_group=group, code="bench", name="基准店", brand="广汽本田")
    staff = User.objects.bulk_create(
        [User(username=f"bench{i}", full_name=f"顾问{i}") for i in range(CONSULTANTS)]
    )
    # Consultants of the store (ORG-1/2), so the weekly FU-DMS step has work too.
    store.staff.add(*staff)
    Group.objects.get_or_create(name=Role.SALES_CONSULTANT)[0].user_set.add(*staff)
    grades = [g for g, weight in GRADES for _ in range(weight)]
    now = timezone.now()
    batch = []
    for n in range(customers):
        consultant = staff[n % CONSULTANTS]
        batch.append(
            Customer(
                store=store,
                name=f"客户{n}",
                mobile=f"139{n:08d}",
                consultant=consultant,
                created_by=consultant,
                assigned_at=now,
                grade=rng.choice(grades),
                source_channel="walk_in",
                birthday=date(1970, 1, 1) + timedelta(days=rng.randrange(365 * 30)),
            )
        )
        if len(batch) >= BATCH:
            Customer.objects.bulk_create(batch)
            batch = []
    Customer.objects.bulk_create(batch)


def analyze() -> None:
    """What autovacuum does after a bulk load: fresh planner statistics."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")


def timed(label: str, run) -> None:
    started = time.perf_counter()
    result = run()
    print(f"{label}: {time.perf_counter() - started:.2f} s  {result}", flush=True)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="benchmarks.followups_scan")
    parser.add_argument("--customers", type=int, default=200_000)
    parser.add_argument("--database", help="benchmark database name (dropped and created)")
    args = parser.parse_args(argv or [])
    name = setup_django(args.database)
    recreate_database(name)
    migrate()
    timed(f"generate {args.customers} customers", lambda: generate(args.customers))

    import time_machine
    from django.utils import timezone

    from followups.models import Followup
    from followups.scan import followups_scan

    analyze()
    timed("scan 1 (creates follow-ups)", followups_scan)
    analyze()
    timed("scan 2 (idempotent, nothing to do)", followups_scan)
    with time_machine.travel(timezone.now() + timedelta(days=5), tick=True):
        timed("scan 3 (5 days later: late, reminders)", followups_scan)
    print(f"follow-ups: {Followup.objects.count()}")


if __name__ == "__main__":
    import sys

    main(sys.argv[1:])
