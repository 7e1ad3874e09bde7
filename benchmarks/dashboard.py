"""Benchmark of the managers' dashboards (issue 8): a dealer group of N stores
(default 10) over Y years (default 5) at a scale of the full size — 200,000
customers, 1,000,000 reception-log entries, 2,000,000 follow-ups and 50,000
vehicles at --scale 1 — bulk-inserted into a separate database
(<test database>_bench, dropped and created afresh). Then, for every board:

- the page is requested through the Django test client (middleware, the
  board's selectors, the template), several times; the median is kept;
- the SQL the page sent (captured once) is run again on its own through a
  cursor, several times; the median is kept ("raw SQL");
- the ratio page ÷ raw SQL and the number of queries are printed, together
  with the number of queries of the same page on a one-store, one-month
  data set (constant: it must not grow with the data).

    python -m benchmarks.dashboard --scale 0.1
    python -m benchmarks dashboard -- --scale 1
"""

from __future__ import annotations

import argparse
import random
import statistics
import time
from datetime import timedelta
from decimal import Decimal

from benchmarks.followups_scan import analyze, recreate_database, setup_django

FULL = {"customers": 200_000, "visits": 1_000_000, "followups": 2_000_000, "vehicles": 50_000}
CONSULTANTS = 20  # per store
MODELS = ("雅阁", "飞度", "缤智", "凌派", "皓影", "型格")
COLOURS = ("白", "黑", "灰", "红", "蓝")
CHANNELS = ("walk_in", "referral", "advertising", "phone", "dcc", "online", "event")
BATCH = 10_000
# `make bench` runs every benchmark with its defaults. The full size (scale 1)
# takes over an hour to generate on the 2-core development machine, so the
# default is a tenth of it; pass --scale 1 for the full group (README).
DEFAULT_SCALE = 0.1
BOARDS = ("kpi", "funnel", "stock", "compliance", "lost", "group", "wall")


def migrate() -> None:
    from django.core.management import call_command

    from dealership.defaults import defaults_install_all

    call_command("migrate", verbosity=0, interactive=False)
    defaults_install_all()


def _bulk(model, rows) -> None:
    batch = []
    for row in rows:
        batch.append(row)
        if len(batch) >= BATCH:
            model.objects.bulk_create(batch)
            batch = []
    if batch:
        model.objects.bulk_create(batch)


class Generator:
    """Bulk-writes one dealer group's history; every store gets 1/N of each
    total, spread evenly over the years up to now."""

    def __init__(self, *, stores: int, years: int, scale: float, seed: int = 8):
        from django.utils import timezone

        self.rng = random.Random(seed)
        self.stores_n = stores
        self.now = timezone.now()
        self.start = self.now - timedelta(days=365 * years)
        self.span = (self.now - self.start).total_seconds()
        self.per_store = {key: max(1, int(n * scale) // stores) for key, n in FULL.items()}

    def when(self, recent_days: int | None = None):
        if recent_days:
            return self.now - timedelta(seconds=self.rng.random() * recent_days * 86400)
        return self.start + timedelta(seconds=self.rng.random() * self.span)

    def run(self) -> dict:
        from django.contrib.auth.models import Group

        from dealership.models import DealerGroup, Store, User
        from dealership.rules import Role

        group = DealerGroup.objects.create(name="基准集团")
        consultant_role, _ = Group.objects.get_or_create(name=Role.SALES_CONSULTANT)
        manager_role, _ = Group.objects.get_or_create(name=Role.GM_OFFICE)
        gm = User.objects.create(username="bench_gm", full_name="集团总经办")
        gm.groups.add(manager_role)
        for s in range(self.stores_n):
            store = Store.objects.create(
                dealer_group=group, code=f"b{s:02d}", name=f"基准{s:02d}店", brand="广汽本田"
            )
            gm.stores.add(store)
            staff = User.objects.bulk_create(
                [
                    User(
                        username=f"b{s:02d}c{i}", full_name=f"顾问{s}-{i}", sales_group="AB"[i % 2]
                    )
                    for i in range(CONSULTANTS)
                ]
            )
            for user in staff:
                user.stores.add(store)
                user.groups.add(consultant_role)
            self.store(store, staff)
            print(f"  store {store.code} written", flush=True)
        return {"gm": gm}

    def store(self, store, staff) -> None:
        customers = self.customers(store, staff)
        self.visits(store, customers)
        self.followups(store, customers)
        self.sales(store, customers)
        self.recent(store, staff)

    def customers(self, store, staff) -> list[tuple[int, int]]:
        from sales.models import Customer

        rng = self.rng
        n = self.per_store["customers"]

        def rows():
            for i in range(n):
                who = staff[i % len(staff)]
                yield Customer(
                    store=store,
                    name=f"客户{i}",
                    mobile=f"139{i:08d}",  # unique in the store
                    consultant=who,
                    created_by=who,
                    assigned_at=self.when(),
                    grade=rng.choice("HABCNF"),
                    source_channel=rng.choice(CHANNELS),
                    model_of_interest=rng.choice(MODELS),
                )

        _bulk(Customer, rows())
        # created_at is auto_now_add: place it at the assignment time.
        Customer.objects.filter(store=store).update(created_at=models_f("assigned_at"))
        return list(Customer.objects.filter(store=store).values_list("pk", "consultant_id"))

    def visits(self, store, customers) -> None:
        from sales.models import SmsMessage, Visit

        rng = self.rng

        def rows():
            for _ in range(self.per_store["visits"]):
                customer_id, consultant_id = rng.choice(customers)
                showroom = rng.random() < 0.7
                yield Visit(
                    store=store,
                    customer_id=customer_id,
                    consultant_id=consultant_id,
                    created_by_id=consultant_id,
                    kind="showroom" if showroom else "call",
                    source_channel=rng.choice(CHANNELS),
                    is_first=rng.random() < 0.6,
                    started_at=self.when(),
                )

        _bulk(Visit, rows())

        def sms():
            for visit_id, customer_id, sender_id, started in Visit.objects.filter(
                store=store, kind="showroom", is_first=True
            ).values_list("pk", "customer_id", "consultant_id", "started_at"):
                due = started + timedelta(minutes=30)
                late = rng.random()
                sent = None if late < 0.03 else due + timedelta(minutes=(20 if late < 0.1 else -20))
                yield SmsMessage(
                    store=store,
                    customer_id=customer_id,
                    visit_id=visit_id,
                    sender_id=sender_id,
                    mobile="13900000000",
                    text="您好",
                    due_at=due,
                    sent_at=sent,
                )

        _bulk(SmsMessage, sms())

    def followups(self, store, customers) -> None:
        from followups.models import Followup

        rng = self.rng

        def rows():
            for i in range(self.per_store["followups"]):
                customer_id, owner_id = rng.choice(customers)
                due = self.when()
                fate = rng.random()
                done = fate < 0.85 and due < self.now
                late = due if (0.75 < fate < 0.95 and due < self.now) else None
                missed = due + timedelta(days=3) if (0.9 < fate < 0.95 and late) else None
                status = "done" if done else ("missed" if missed else ("late" if late else "open"))
                if due < self.now and status == "open":
                    status = "done"
                yield Followup(
                    store=store,
                    customer_id=customer_id,
                    owner_id=owner_id,
                    kind=rng.choice(("FU-H", "FU-A", "FU-B", "FU-C")),
                    slot=f"bench:{i}",
                    due_from=due - timedelta(days=2),
                    due_by=due,
                    status=status,
                    late_at=late,
                    missed_at=missed,
                    completed_at=due if status == "done" else None,
                )

        _bulk(Followup, rows())

    def sales(self, store, customers) -> None:
        """Vehicles (90% delivered against an order with a full-payment
        confirmation), their movements, orders, deliveries, test drives and
        lost requests."""
        from django.db import connection

        from inventory.models import Movement, PaymentConfirmation, Vehicle, Warehouse
        from sales.models import Delivery, LostRequest, Order, TestCar, TestDrive

        rng = self.rng
        n = self.per_store["vehicles"]
        yard = Warehouse.objects.create(store=store, code=f"{store.code}-main", name="主库")
        cars = TestCar.objects.bulk_create(
            [
                TestCar(store=store, model_name=m, plate=f"粤Q{store.code}{i}")
                for i, m in enumerate(MODELS)
            ]
        )
        plan = []  # (ordered_at, delivered_at or None, status)
        for _ in range(n):
            ordered = self.when()
            fate = rng.random()
            if fate < 0.9 and ordered < self.now - timedelta(days=20):
                plan.append((ordered, ordered + timedelta(days=rng.randrange(3, 20)), "delivered"))
            elif fate < 0.95:
                plan.append((ordered, None, "cancelled"))
            else:
                plan.append((self.when(recent_days=60), None, "ordered"))
        orders = Order.objects.bulk_create(
            [
                Order(
                    store=store,
                    number=f"{store.code}-{i:07d}",
                    customer_id=rng.choice(customers)[0],
                    consultant_id=rng.choice(customers)[1],
                    created_by_id=customers[0][1],
                    full_name="陈大文",
                    mobile="13800138000",
                    address="阳江市",
                    id_number="44170219800101001X",
                    model_name=rng.choice(MODELS),
                    colour=rng.choice(COLOURS),
                    price=Decimal("179800.00"),
                    status=status,
                    ordered_at=ordered,
                    cancelled_at=ordered + timedelta(days=2) if status == "cancelled" else None,
                )
                for i, (ordered, _d, status) in enumerate(plan)
            ],
            batch_size=BATCH,
        )
        vehicles, moves, payments, deliveries = [], [], [], []
        for i, (order, (ordered, _delivered, status)) in enumerate(zip(orders, plan, strict=True)):
            arrived = ordered - timedelta(days=rng.randrange(0, 120))
            in_stock = status != "delivered"
            vehicles.append(
                Vehicle(
                    store=store,
                    vin=f"B{store.code}{i:08d}".ljust(17, "0")[:17],
                    model_name=order.model_name,
                    colour=order.colour,
                    state="in_stock" if in_stock else "pdi_passed",
                    warehouse=yard,
                    arrival_date=arrived.date(),
                    order=None if in_stock else order,
                )
            )
        vehicles = Vehicle.objects.bulk_create(vehicles, batch_size=BATCH)
        for vehicle, order, (ordered, delivered, _status) in zip(
            vehicles, orders, plan, strict=True
        ):
            received_at = ordered - timedelta(days=(self.now - ordered).days % 60)
            moves.append(
                Movement(
                    store=store,
                    vehicle=vehicle,
                    action="receive",
                    to_state="in_stock",
                    by_id=order.created_by_id,
                    at=received_at,
                )
            )
            if delivered:
                moves.append(
                    Movement(
                        store=store,
                        vehicle=vehicle,
                        action="deliver",
                        to_state="delivered",
                        by_id=order.created_by_id,
                        at=delivered,
                    )
                )
                payments.append(
                    PaymentConfirmation(
                        store=store,
                        number=f"QK-{vehicle.vin}",
                        vehicle=vehicle,
                        order=order,
                        amount=order.price,
                        confirmed_by_id=order.created_by_id,
                        confirmed_at=delivered,
                    )
                )
                deliveries.append(
                    Delivery(
                        store=store,
                        order=order,
                        consultant_id=order.consultant_id,
                        delivered_at=delivered,
                        vin=vehicle.vin,
                        created_by_id=order.consultant_id,
                    )
                )
        _bulk(Movement, moves)
        _bulk(PaymentConfirmation, payments)
        _bulk(Delivery, deliveries)
        with connection.cursor() as cursor:  # STK-OUT-1's trigger checks each row
            cursor.execute(
                "UPDATE inventory_vehicle SET state = 'delivered'"
                " WHERE store_id = %s AND state = 'pdi_passed'",
                [store.pk],
            )

        def drives():
            for _ in range(n * 2):
                customer_id, consultant_id = rng.choice(customers)
                yield TestDrive(
                    store=store,
                    customer_id=customer_id,
                    consultant_id=consultant_id,
                    test_car=rng.choice(cars),
                    driver_name="陈大文",
                    licence_number="441702198001010010",
                    started_at=self.when(),
                )

        _bulk(TestDrive, drives())

        def lost():
            for _ in range(self.per_store["customers"] // 10):
                customer_id, consultant_id = rng.choice(customers)
                reason = rng.choice(("price", "competitor", "financing", "stock", "out_of_contact"))
                yield LostRequest(
                    store=store,
                    customer_id=customer_id,
                    reason=reason,
                    competitor_brand="丰田凯美瑞" if reason == "price" else "",
                    competitor_price=Decimal(rng.randrange(150, 180) * 1000)
                    if reason == "price"
                    else None,
                    status="approved",
                    requested_by_id=consultant_id,
                    grade_before="B",
                    decided_by_id=consultant_id,
                    decided_at=self.when(),
                )

        _bulk(LostRequest, lost())

    def recent(self, store, staff) -> None:
        """The last 90 days of daily logs and morning checks."""
        from dealership.timeutil import store_today
        from scoring.models import ConsultantDailyLog
        from showroom.models import ChecklistRun

        today = store_today(store)
        days = [today - timedelta(days=d) for d in range(90)]
        _bulk(
            ConsultantDailyLog,
            (
                ConsultantDailyLog(store=store, author=who, date=day, submitted_at=self.now)
                for day in days
                for who in staff
                if self.rng.random() < 0.9
            ),
        )
        ChecklistRun.objects.bulk_create(
            [ChecklistRun(store=store, day=day, signed_off_at=self.now) for day in days[1:]]
        )


def models_f(name: str):
    from django.db.models import F

    return F(name)


def _median_seconds(run, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        run()
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def measure(client, path: str, repeat: int) -> dict:
    """The page through the client vs. the SQL it sent, run on its own."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def page():
        response = client.get(path)
        assert response.status_code == 200, (path, response.status_code)
        return response

    page()  # warm caches (PostgreSQL's and the template loader's)
    with CaptureQueriesContext(connection) as captured:
        page()
    statements = [q["sql"] for q in captured.captured_queries]

    def raw_sql():
        with connection.cursor() as cursor:
            for sql in statements:
                cursor.execute(sql)
                if cursor.description:
                    cursor.fetchall()

    raw_sql()
    # Interleaved, so that a slower moment of the machine weighs on both.
    pages, sqls = [], []
    for _ in range(repeat):
        pages.append(_median_seconds(page, 1))
        sqls.append(_median_seconds(raw_sql, 1))
    return {
        "page": statistics.median(pages),
        "sql": statistics.median(sqls),
        "queries": len(statements),
    }


def report(client, store_id: int, repeat: int) -> list[tuple]:
    from django.urls import reverse

    rows = []
    for board in BOARDS:
        path = f"{reverse(f'dashboard:{board}')}?store={store_id}"
        got = measure(client, path, repeat)
        rows.append((board, got["queries"], got["sql"], got["page"]))
    return rows


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="benchmarks.dashboard")
    parser.add_argument("--stores", type=int, default=10)
    parser.add_argument("--years", type=int, default=5)
    parser.add_argument(
        "--scale",
        type=float,
        default=DEFAULT_SCALE,
        help="fraction of the full data set: 1 = 200k customers, 1M visits, 2M follow-ups,"
        " 50k cars",
    )
    parser.add_argument("--repeat", type=int, default=11)
    parser.add_argument("--database", help="benchmark database name (dropped and created)")
    parser.add_argument(
        "--reuse",
        action="store_true",
        help="measure the data a previous run generated (same --database) instead of"
        " dropping and generating it again",
    )
    # parse_known_args: `python -m benchmarks -- ...` hands every module the same list.
    args, _unknown = parser.parse_known_args(argv or [])
    name = setup_django(args.database)
    if not (args.reuse and database_exists(name)):
        recreate_database(name)
        migrate()
        gen = Generator(stores=args.stores, years=args.years, scale=args.scale)
        print(f"per store: {gen.per_store}", flush=True)
        started = time.perf_counter()
        gen.run()
        analyze()
        print(f"generate: {time.perf_counter() - started:.1f} s", flush=True)
    else:
        migrate()
    print_counts()

    from django.test import Client

    from dealership.models import Store, User

    gm = User.objects.get(username="bench_gm")
    client = Client()
    client.force_login(gm)
    store = Store.objects.exclude(code="empty").order_by("code").first()
    # An empty store of the same group: its pages must send as many queries.
    empty, _ = Store.objects.get_or_create(
        code="empty",
        defaults={"dealer_group": store.dealer_group, "name": "空店", "brand": "广汽本田"},
    )
    gm.stores.add(empty)
    empty_counts = {board: q for board, q, _s, _p in report(client, empty.pk, 1)}
    rows = report(client, store.pk, args.repeat)
    print(f"\nstore {store.code}, median of {args.repeat} runs")
    header = f"{'board':<11} {'queries':>7} {'(empty)':>7} {'raw SQL ms':>10} {'page ms':>8}"
    print(f"{header} {'page/SQL':>8}")
    for board, queries, sql, page in rows:
        print(
            f"{board:<11} {queries:>7} {empty_counts[board]:>7} {sql * 1000:>10.1f}"
            f" {page * 1000:>8.1f} {page / sql:>8.2f}"
        )
    worst = max(page / sql for _b, _q, sql, page in rows)
    print(f"worst page/SQL ratio: {worst:.2f} (target ≤ 1.5)")


def database_exists(name: str) -> bool:
    from django.db import connection

    with connection._nodb_cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name])
        return cursor.fetchone() is not None


def print_counts() -> None:
    from followups.models import Followup
    from inventory.models import Vehicle
    from sales.models import Customer, Order, SmsMessage, Visit

    counts = {
        "customers": Customer.objects.count(),
        "visits": Visit.objects.count(),
        "follow-ups": Followup.objects.count(),
        "vehicles": Vehicle.objects.count(),
        "orders": Order.objects.count(),
        "sms": SmsMessage.objects.count(),
    }
    print("rows: " + ", ".join(f"{k} {v:,}" for k, v in counts.items()), flush=True)


if __name__ == "__main__":
    import sys

    main(sys.argv[1:])
