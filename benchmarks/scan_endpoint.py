"""Benchmark of the clerk's scan page (STK, issue 9): a VIN typed by a
keyboard-wedge scanner, looked up among N vehicles (default 50,000) and shown
with its allowed actions, against the floor of any request that touches the
database: a bare one-row UPDATE by primary key.

    python -m benchmarks.scan_endpoint --vehicles 50000 --requests 300

Runs in-process (Django's test client, no network), on a separate database
(<test database>_bench, dropped and created afresh). Prints the median and the
95th percentile of each, in milliseconds, and their ratio.
"""

from __future__ import annotations

import argparse
import statistics
import time

from benchmarks.followups_scan import analyze, recreate_database, setup_django

BATCH = 5000


def generate(vehicles: int) -> tuple[object, list[str]]:
    """One store with a warehouse and a clerk, `vehicles` cars in stock."""
    from django.contrib.auth.models import Group
    from django.core.management import call_command
    from django.utils import timezone

    from dealership.models import DealerGroup, Store, User
    from dealership.rules import Role
    from dealership.services import roles_sync
    from inventory.models import Vehicle, Warehouse
    from inventory.rules import VehicleState, vin_check_digit

    call_command("migrate", verbosity=0, interactive=False)
    roles_sync()
    group = DealerGroup.objects.create(name="bench")
    store = Store.objects.create(dealer_group=group, code="bench", name="基准店", brand="广汽本田")
    yard = Warehouse.objects.create(store=store, code="main", name="主库")
    clerk = User.objects.create_user(username="bench-clerk", password="x", full_name="库管")
    clerk.stores.add(store)
    clerk.groups.add(Group.objects.get(name=str(Role.WAREHOUSE_CLERK)))
    today = timezone.localdate()
    vins = []
    for start in range(0, vehicles, BATCH):
        batch = []
        for serial in range(start, min(start + BATCH, vehicles)):
            draft = f"LHGCR2650RH{serial:06d}"
            vin = draft[:8] + vin_check_digit(draft) + draft[9:]
            vins.append(vin)
            batch.append(
                Vehicle(
                    store=store,
                    vin=vin,
                    model_name="雅阁",
                    colour="珍珠白",
                    warehouse=yard,
                    state=VehicleState.IN_STOCK,
                    arrival_date=today,
                )
            )
        Vehicle.objects.bulk_create(batch)
    return clerk, vins


def percentiles(samples: list[float]) -> str:
    ordered = sorted(samples)
    p95 = ordered[int(len(ordered) * 0.95) - 1]
    return f"median {statistics.median(ordered) * 1000:.2f} ms, p95 {p95 * 1000:.2f} ms"


def measure(run, requests: int) -> list[float]:
    for _ in range(10):  # warm-up: connections, template cache
        run()
    samples = []
    for _ in range(requests):
        started = time.perf_counter()
        run()
        samples.append(time.perf_counter() - started)
    return samples


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="benchmarks.scan_endpoint")
    parser.add_argument("--vehicles", type=int, default=50_000)
    parser.add_argument("--requests", type=int, default=300)
    parser.add_argument("--database", help="benchmark database name (dropped and created)")
    args, _unknown = parser.parse_known_args(argv or [])
    name = setup_django(args.database)
    recreate_database(name)

    import random

    from django.conf import settings
    from django.db import connection
    from django.test import Client

    settings.ALLOWED_HOSTS = ["testserver"]
    clerk, vins = generate(args.vehicles)
    analyze()
    rng = random.Random(7)
    client = Client()
    client.force_login(clerk)

    def scan() -> None:
        response = client.get("/inventory/scan/", {"vin": rng.choice(vins)})
        assert response.status_code == 200 and b"LHGCR265" in response.content

    with connection.cursor() as cursor:
        cursor.execute("SELECT min(id), max(id) FROM inventory_vehicle")
        low, high = cursor.fetchone()

    def bare_update() -> None:
        with connection.cursor() as cursor:
            cursor.execute(
                "UPDATE inventory_vehicle SET bay = bay WHERE id = %s", [rng.randint(low, high)]
            )

    page = measure(scan, args.requests)
    floor = measure(bare_update, args.requests)
    print(f"vehicles: {args.vehicles}, requests: {args.requests}")
    print(f"scan page (lookup + actions + render): {percentiles(page)}")
    print(f"bare one-row UPDATE: {percentiles(floor)}")
    print(f"ratio of medians: {statistics.median(page) / statistics.median(floor):.1f}x")


if __name__ == "__main__":
    import sys

    main(sys.argv[1:])
