"""The world of the permission matrix: two stores of one dealer group, each
with the named cast of tests/conftest.py and one record of every kind a URL
names (a customer, order, delivery, lost request of its consultant in group A,
a car in each paper stage, a follow-up, a penalty entry, a morning check...).

Built once per test module (see conftest.py) through the apps' services where
a service makes the record, else with the ORM, so that every URL of the
project can be filled with a real id of either store."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import time, timedelta
from decimal import Decimal

from django.utils import timezone

from dealership.rules import Role, SalesGroup
from dealership.services import roles_sync
from dealership.timeutil import store_today, week_start
from inventory.rules import WarehouseKind
from tests.factories import StoreFactory, UserFactory, WarehouseFactory
from tests.inventory.factories import VehicleFactory, make_vin
from tests.sales.factories import TestCarFactory, valid_id_number

# The cast of tests/conftest.py, plus the two report writers the scoring
# pages are for (marketing, training supervisor) so their pages are not
# "nobody may open" in the matrix.
CAST: dict[str, tuple[str, ...]] = {
    "gm": (Role.GM_OFFICE,),
    "manager": (Role.SALES_MANAGER,),
    "supervisor": (Role.SALES_SUPERVISOR,),
    "consultant_a": (Role.SALES_CONSULTANT,),
    "consultant_b": (Role.SALES_CONSULTANT,),
    "finance": (Role.FINANCE,),
    "clerk": (Role.WAREHOUSE_CLERK,),
    "marketing": (Role.MARKETING,),
    "trainer": (Role.TRAINING_SUPERVISOR,),
}
CHAIN = {
    "manager": "gm",
    "supervisor": "manager",
    "consultant_a": "supervisor",
    "consultant_b": "supervisor",
    "finance": "gm",
    "clerk": "supervisor",
    "marketing": "manager",
    "trainer": "manager",
}
GROUPS = {"consultant_a": SalesGroup.A, "consultant_b": SalesGroup.B}


@dataclass
class StoreWorld:
    """One store, its people (by cast name) and its records (by kind)."""

    store: object
    people: dict[str, object] = field(default_factory=dict)
    objects: dict[str, object] = field(default_factory=dict)
    # Text that shows only this store's records (customer names, VINs): a page
    # another store's person opens must not contain any of it.
    markers: list[str] = field(default_factory=list)

    def __getattr__(self, name: str):
        try:
            return self.__dict__["objects"][name]
        except KeyError:
            raise AttributeError(name) from None


def _cast(store, prefix: str) -> dict[str, object]:
    people: dict[str, object] = {}
    for name, roles in CAST.items():  # CAST lists bosses before their staff
        boss = people.get(CHAIN.get(name, ""))
        people[name] = UserFactory(
            username=f"{prefix}{name}",
            full_name=f"{prefix}{name}",
            roles=list(roles),
            stores=[store],
            supervisor=boss,
            sales_group=GROUPS.get(name, ""),
            is_staff=name == "manager",
        )
    return people


def _sales(w: StoreWorld, tag: str) -> None:
    from sales import services as sales
    from sales.models import OrderAccessory, TestDrive
    from sales.services.customers import NewCustomerData
    from sales.services.orders import AccessoryLine

    a, manager = w.people["consultant_a"], w.people["manager"]
    now = timezone.now()

    def visit(name: str, mobile: str):
        data = NewCustomerData(
            name=name,
            appearance="三十岁左右",
            family_background="已婚",
            social_background="教师",
            needs_and_budget="家用二十万",
            model_of_interest="雅阁",
        )
        return sales.visit_log(
            store=w.store,
            by=a,
            consultant=a,
            kind="showroom",
            source_channel="walk_in",
            mobile=mobile,
            started_at=now - timedelta(hours=1),
            ended_at=now - timedelta(minutes=30),
            customer_data=data,
        )

    first = visit(f"{tag}甲客户", f"1390000{tag_digits(tag)}01")
    customer = first.customer
    w.objects.update(customer=customer, sms=first.sms, visit=first)
    w.markers.append(customer.name)
    order = sales.order_create(
        customer=customer,
        by=a,
        full_name=customer.name,
        mobile=customer.mobile,
        address="阳江市江城区东风路1号",
        id_number=valid_id_number(),
        model_name="雅阁",
        colour="白",
        price=Decimal("179800.00"),
        deposit=Decimal("5000.00"),
        accessories=[AccessoryLine("脚垫", Decimal("300.00"), 1)],
    )
    w.objects.update(order=order, accessory=OrderAccessory.objects.get(order=order))
    test_car = TestCarFactory(store=w.store)
    w.objects["drive"] = TestDrive.objects.create(
        store=w.store,
        customer=customer,
        consultant=a,
        test_car=test_car,
        driver_name=customer.name,
        licence_number="441702199003071234",
        started_at=now - timedelta(minutes=20),
    )
    delivered = visit(f"{tag}乙客户", f"1390000{tag_digits(tag)}02").customer
    w.objects["delivered_customer"] = delivered
    w.markers.append(delivered.name)
    delivered_order = sales.order_create(
        customer=delivered,
        by=a,
        full_name=delivered.name,
        mobile=delivered.mobile,
        address="阳江市江城区东风路2号",
        id_number=valid_id_number(),
        model_name="雅阁",
        colour="黑",
        price=Decimal("179800.00"),
        deposit=Decimal("5000.00"),
    )
    w.objects["delivery"] = sales.delivery_create(
        order=delivered_order, vin=make_vin(900000 + tag_digits(tag)), by=a
    )
    w.objects["loan"] = sales.loan_open(order=delivered_order, amount=Decimal("100000"), by=a)
    lost = visit(f"{tag}丙客户", f"1390000{tag_digits(tag)}03").customer
    w.objects["lost_customer"] = lost
    w.markers.append(lost.name)
    sales.customer_change_grade(customer=lost, to_grade="B", reason="一个月内买", by=a)
    w.objects["lost_request"] = sales.lost_request(customer=lost, reason="service", by=a)
    check = sales.spot_check_create(
        store=w.store, week=week_start(store_today(w.store)), by=manager, size=10
    )
    w.objects["spot_check_item"] = check.items.order_by("pk").first()


def tag_digits(tag: str) -> int:
    return {"yj": 11, "mm": 22}[tag]


def _followups(w: StoreWorld) -> None:
    from followups.models import DmsDiscrepancy, DmsReconciliation, Followup

    a = w.people["consultant_a"]
    followup = Followup.objects.filter(owner=a, customer=w.lost_customer).order_by("pk").first()
    assert followup is not None, "grading a customer B should have planned a follow-up"
    w.objects["followup"] = followup
    today = store_today(w.store)
    reconciliation = DmsReconciliation.objects.create(
        store=w.store,
        consultant=a,
        week_start=week_start(today) - timedelta(days=7),
        due_by=timezone.now() + timedelta(days=2),
    )
    w.objects["reconciliation"] = reconciliation
    w.objects["discrepancy"] = DmsDiscrepancy.objects.create(
        reconciliation=reconciliation,
        followup=followup,
        issue=DmsDiscrepancy._meta.get_field("issue").choices[0][0],
        note="DMS里没有这次回访",
        created_by=w.people["supervisor"],
    )


def _inventory(w: StoreWorld, serial: int) -> None:
    from inventory import services as stock
    from inventory.models import CareTask, KeyLog, PdiChecklistItem, StockSpotCheck, VehicleKey
    from inventory.rules import PdiKind

    clerk, manager, finance = w.people["clerk"], w.people["manager"], w.people["finance"]
    a = w.people["consultant_a"]
    yard = WarehouseFactory(store=w.store, code="main", name="主库", kind=WarehouseKind.MAIN)
    far = WarehouseFactory(store=w.store, code="far", name="外库", kind=WarehouseKind.OFFSITE)
    WarehouseFactory(store=w.store, code="jc", name="交车区", kind=WarehouseKind.DELIVERY)
    WarehouseFactory(store=w.store, code="zt", name="展厅", kind=WarehouseKind.SHOWROOM)

    def car(n: int, **kw):
        kw.setdefault("warehouse", yard)
        vehicle = VehicleFactory(store=w.store, vin=make_vin(serial + n), **kw)
        w.markers.append(vehicle.vin)
        return vehicle

    # The sold car: allocated to the open order, PDI passed, paid, signed, slip.
    sold = car(1, bay="A-01")
    for kind in ("coc", "warranty", "manual"):
        sold.documents.create(kind=kind, custody="in_custody")
    VehicleKey.objects.create(store=w.store, vehicle=sold, number=f"K{serial}-1")
    stock.vehicle_allocate(vehicle=sold, order=w.order, by=manager)
    results = [
        stock.ItemResult(code=i.code, ok=True)
        for i in PdiChecklistItem.objects.filter(is_active=True)
    ]
    inspection = stock.pdi_record(
        vehicle=sold, kind=PdiKind.PREDELIVERY, inspector=a, results=results, by=a
    )
    payment = stock.payment_confirm(vehicle=sold, amount=w.order.amount_due, by=finance)
    stock.delivery_confirm(vehicle=sold, customer_signature=w.order.full_name, by=a)
    stock.release_slip_issue(vehicle=sold, by=finance)
    w.objects.update(vehicle=sold, inspection=inspection, payment=payment)

    # A stock car moving out: a transfer waiting for approval, a selection
    # request, a key out, a dispatch order, a care task and a spot check.
    spare = car(2, bay="A-02")
    key = VehicleKey.objects.create(store=w.store, vehicle=spare, number=f"K{serial}-2")
    w.objects["transfer"] = stock.transfer_request(
        vehicle=spare, to_warehouse=far, check_ok=True, cleaned=True, by=clerk
    )
    w.objects["selection"] = stock.selection_request_create(
        vehicle=spare, customer_name="看车客户", by=a
    )
    now = timezone.now()
    w.objects["key_log"] = KeyLog.objects.create(
        store=w.store,
        key=key,
        vehicle=spare,
        purpose=KeyLog._meta.get_field("purpose").choices[0][0],
        issued_to=a,
        issued_by=clerk,
        issued_at=now,
        due_back_at=now + timedelta(hours=1),
        signature=a.full_name,
    )
    away = car(3, bay="A-03")
    w.objects["dispatch"] = stock.dispatch_create(vehicle=away, to_dealer="茂名溢田", by=clerk)
    w.objects.update(transfer_car=spare, dispatch_car=away)
    today = timezone.localdate()
    w.objects["care_task"] = CareTask.objects.create(
        store=w.store,
        vehicle=spare,
        kind=CareTask._meta.get_field("kind").choices[0][0],
        period_start=today,
        due_date=today + timedelta(days=3),
    )
    w.objects["storm"] = stock.storm_alert_raise(store=w.store, title="台风", by=manager)
    w.objects["stock_spot_check"] = StockSpotCheck.objects.create(
        store=w.store, vehicle=spare, month=today.replace(day=1), seq=1, planned_at=now
    )
    w.objects["in_transit"] = car(4, warehouse=None, arrival_date=None, state="in_transit")


def _showroom(w: StoreWorld) -> None:
    from showroom import services as showroom
    from showroom.models import DeskShift, ShowroomSpot

    manager = w.people["manager"]
    w.objects["spot"] = ShowroomSpot.objects.create(
        store=w.store, code="p1", name="1号展位", position=1
    )
    run, _created = showroom.run_create(store=w.store, day=store_today(w.store))
    w.objects["run"] = run
    w.objects["run_check"] = run.checks.order_by("pk").first()
    # Group A has one consultant in this cast; the rota service wants two of
    # the group, so the slot is written directly.
    shift = DeskShift.objects.create(
        store=w.store,
        day=store_today(w.store) + timedelta(days=1),
        starts_at=time(9, 0),
        ends_at=time(12, 0),
        sales_group=SalesGroup.A,
        first=w.people["consultant_a"],
        second=w.people["consultant_b"],
        planned_by=manager,
    )
    w.objects["shift"] = shift


def _scoring(w: StoreWorld) -> None:
    from scoring import reports, selectors
    from scoring import services as scoring
    from scoring.models import IncentiveAward
    from scoring.rules import IncentiveKind

    manager, a = w.people["manager"], w.people["consultant_a"]
    rules = selectors.penalty_rule_list_manual()
    today = store_today(w.store)

    def entry(reason: str):
        return scoring.penalty_entry_record_manual(
            store=w.store, person=a, rule=rules[0], fact_date=today, reason=reason, by=manager
        )

    w.objects["entry"] = entry("迟到")
    appealed = entry("着装不规范")
    w.objects["appeal"] = scoring.penalty_appeal_file(entry=appealed, reason="当天请假", by=a)
    w.objects["award"] = IncentiveAward.objects.create(
        store=w.store,
        kind=IncentiveKind.values[0],
        period=today.replace(day=1),
        person=a,
        figure=Decimal("10"),
        reward=Decimal("500.00"),
        amount=Decimal("500.00"),
        confirmed_by=manager,
        confirmed_at=timezone.now(),
    )
    w.objects["event"] = reports.marketing_event_create(
        store=w.store, by=w.people["marketing"], name="周末试驾会", end_date=today
    )


def build_store(code: str, name: str, prefix: str, serial: int) -> StoreWorld:
    store = StoreFactory(code=code, name=name)
    w = StoreWorld(store=store, people=_cast(store, prefix), objects={"store_row": store})
    _sales(w, code)
    _followups(w)
    _inventory(w, serial)
    _showroom(w)
    _scoring(w)
    return w


def build_world() -> dict[str, StoreWorld]:
    """'here': the store whose records the URLs name; 'other': a second store
    of the same dealer group, with its own people and records."""
    roles_sync()
    return {
        "here": build_store("yj", "广汽本田阳江溢田店", "", 300000),
        "other": build_store("mm", "广汽本田茂名溢田店", "mm_", 400000),
    }
