"""The small known data set of the dashboard tests: one store (yj) in March
2025, the clock on 2025-03-20 15:00 in Shanghai, two consultants (A and B)
and every kind of record the boards count, plus a second store (mm) of the
same dealer group whose records must never leak into yj's boards.

The expected figures are worked out by hand in the tests that use them."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest

from dealership.rules import Role, SalesGroup
from followups.models import Followup
from inventory.models import CareTask, Movement, PaymentConfirmation, Vehicle
from inventory.rules import Action, VehicleState
from sales.models import (
    Customer,
    Delivery,
    LostRequest,
    Order,
    SmsMessage,
    TestCar,
    TestDrive,
    Visit,
)
from scoring.models import ConsultantDailyLog
from scoring.services import violation_record
from showroom.models import ChecklistItem, ChecklistRun, RunCheck
from tests.factories import UserFactory, WarehouseFactory
from tests.inventory.factories import make_vin

SHANGHAI = ZoneInfo("Asia/Shanghai")
DAY = date(2025, 3, 20)


def at(*args: int) -> datetime:
    """An aware datetime on the store's wall clock (Asia/Shanghai)."""
    return datetime(*args, tzinfo=SHANGHAI)


NOW = at(2025, 3, 20, 15, 0)


@pytest.fixture(autouse=True)
def clock(time_machine):
    time_machine.move_to(NOW, tick=False)


@pytest.fixture
def other_consultant(roles, other_store):
    return UserFactory(
        username="consultant_m",
        full_name="茂名顾问",
        roles=[Role.SALES_CONSULTANT],
        stores=[other_store],
        sales_group=SalesGroup.A,
    )


@pytest.fixture
def group_gm(roles, store, other_store):
    """The GM office of the dealer group, working in both stores."""
    return UserFactory(
        username="group_gm",
        full_name="集团总经办",
        roles=[Role.GM_OFFICE],
        stores=[store, other_store],
    )


class Maker:
    """Writes records with the exact times the tests need (bypassing the
    services: the boards only read, and the facts must be placed exactly)."""

    def __init__(self, store):
        self.store = store
        self.n = 0

    def _next(self) -> int:
        self.n += 1
        return self.n

    def customer(self, consultant, created, *, channel="walk_in", model="雅阁", store=None):
        n = self._next()
        c = Customer.objects.create(
            store=store or self.store,
            name=f"客户{n}",
            mobile=f"1391000{n:04d}",
            consultant=consultant,
            created_by=consultant,
            assigned_at=created,
            grade="B",
            source_channel=channel,
            model_of_interest=model,
        )
        Customer.objects.filter(pk=c.pk).update(created_at=created)
        c.refresh_from_db()
        return c

    def old_customer(self, consultant, **kwargs):
        return self.customer(consultant, at(2024, 6, 1, 10, 0), **kwargs)

    def visit(
        self,
        consultant,
        started,
        *,
        kind="showroom",
        first=True,
        channel="walk_in",
        customer=None,
        store=None,
    ):
        customer = customer or self.old_customer(consultant, channel=channel, store=store)
        return Visit.objects.create(
            store=store or self.store,
            customer=customer,
            consultant=consultant,
            kind=kind,
            source_channel=channel,
            is_first=first,
            started_at=started,
            created_by=consultant,
        )

    def drive(self, consultant, started, customer, car):
        return TestDrive.objects.create(
            store=self.store,
            customer=customer,
            consultant=consultant,
            test_car=car,
            driver_name=customer.name,
            licence_number="441702199003071234",
            started_at=started,
        )

    def order(
        self, consultant, ordered, *, customer=None, model="雅阁", status="ordered", cancelled=None
    ):
        customer = customer or self.old_customer(consultant, model=model)
        return Order.objects.create(
            store=self.store,
            number=f"DB{self._next():05d}",
            customer=customer,
            consultant=consultant,
            full_name=customer.name,
            mobile=customer.mobile,
            address="阳江市江城区东风路1号",
            id_number="44170219800101001X",
            model_name=model,
            colour="白",
            price=Decimal("179800.00"),
            status=status,
            ordered_at=ordered,
            cancelled_at=cancelled,
            created_by=consultant,
        )

    def delivery(self, consultant, delivered, order):
        return Delivery.objects.create(
            store=self.store,
            order=order,
            consultant=consultant,
            delivered_at=delivered,
            created_by=consultant,
        )

    def lost(
        self,
        consultant,
        decided,
        *,
        status="approved",
        reason="price",
        competitor="",
        price=None,
        by=None,
    ):
        customer = self.old_customer(consultant)
        return LostRequest.objects.create(
            store=self.store,
            customer=customer,
            reason=reason,
            competitor_brand=competitor,
            competitor_price=price,
            status=status,
            requested_by=consultant,
            grade_before="B",
            decided_by=by if status != "pending" else None,
            decided_at=decided if status != "pending" else None,
        )

    def vehicle(
        self,
        model,
        colour,
        *,
        state="in_stock",
        received=None,
        delivered=None,
        warehouse,
        by,
        order=None,
    ):
        n = self._next()
        v = Vehicle.objects.create(
            store=self.store,
            vin=make_vin(500000 + n),
            model_name=model,
            colour=colour,
            state="pdi_passed" if state == "delivered" else state,
            warehouse=warehouse if state != "in_transit" else None,
            arrival_date=received.date() if received else None,
            order=order,
        )
        moves = [(Action.REGISTER, VehicleState.IN_TRANSIT, at(2024, 10, 1, 9, 0))]
        if received:
            moves.append((Action.RECEIVE, VehicleState.IN_STOCK, received))
        if delivered:
            moves.append((Action.DELIVER, VehicleState.DELIVERED, delivered))
        if state == "delivered":  # STK-OUT-1: the database wants the payment first
            PaymentConfirmation.objects.create(
                store=self.store,
                number=f"QK{n:05d}",
                vehicle=v,
                order=order,
                amount=order.price,
                confirmed_by=by,
                confirmed_at=delivered,
            )
            Vehicle.objects.filter(pk=v.pk).update(state="delivered")
        for action, to_state, when in moves:
            Movement.objects.create(
                store=self.store, vehicle=v, action=action, to_state=to_state, by=by, at=when
            )
        return v


@pytest.fixture
def make(store):
    return Maker(store)


@pytest.fixture
def sales_data(make, store, other_store, consultant_a, consultant_b, manager, other_consultant):
    """Reception, leads, test drives, orders, deliveries and lost customers.

    Today (03-20): A 3 showroom visits (2 first, 1 return, one at 00:30 —
    still 03-19 in UTC), 1 call, 2 new leads, 1 test drive, 1 order;
    B 1 first visit, 1 call, 1 new lead, 1 delivery.
    Earlier this month: B 1 call at 03-19 23:30; A 2 first visits, 1 new
    lead, 1 test drive and 1 order (03-05, cancelled 03-10), a delivery
    (03-12); lost: B price (03-15), A out of contact (03-16).
    Last month (not counted): A a visit and an order."""
    a, b = consultant_a, consultant_b
    lead_a1 = make.customer(a, at(2025, 3, 20, 10, 5), channel="walk_in")
    lead_a2 = make.customer(a, at(2025, 3, 20, 11, 5), channel="referral")
    lead_a3 = make.customer(a, at(2025, 3, 5, 10, 5), channel="walk_in", model="飞度")
    lead_b1 = make.customer(b, at(2025, 3, 20, 14, 5), channel="advertising")
    make.visit(a, at(2025, 3, 20, 10, 0), customer=lead_a1)
    make.visit(a, at(2025, 3, 20, 11, 0), channel="referral", customer=lead_a2)
    make.visit(a, at(2025, 3, 20, 0, 30), first=False)
    make.visit(a, at(2025, 3, 20, 9, 0), kind="call", channel="phone")
    make.visit(b, at(2025, 3, 20, 14, 0), channel="advertising", customer=lead_b1)
    make.visit(b, at(2025, 3, 20, 12, 0), kind="call", channel="phone")
    make.visit(b, at(2025, 3, 19, 23, 30), kind="call", channel="phone")
    make.visit(a, at(2025, 3, 5, 10, 0), customer=lead_a3)
    make.visit(a, at(2025, 3, 5, 11, 0))
    make.visit(a, at(2025, 2, 25, 10, 0))
    car = TestCar.objects.create(store=store, model_name="雅阁", plate="粤Q00001")
    make.drive(a, at(2025, 3, 20, 11, 30), lead_a2, car)
    make.drive(a, at(2025, 3, 5, 11, 30), lead_a3, car)
    today_order = make.order(a, at(2025, 3, 20, 12, 0), customer=lead_a2)
    make.order(
        a,
        at(2025, 3, 5, 12, 0),
        customer=lead_a3,
        model="飞度",
        status="cancelled",
        cancelled=at(2025, 3, 10, 10, 0),
    )
    old_a = make.order(a, at(2025, 2, 25, 12, 0), status="delivered")
    old_b = make.order(b, at(2025, 2, 20, 12, 0), status="delivered")
    make.delivery(a, at(2025, 3, 12, 10, 0), old_a)
    make.delivery(b, at(2025, 3, 20, 9, 30), old_b)
    make.lost(
        b, at(2025, 3, 15, 10, 0), competitor="丰田凯美瑞", price=Decimal("165000.00"), by=manager
    )
    make.lost(a, at(2025, 3, 16, 10, 0), reason="out_of_contact", by=manager)
    make.lost(a, None, status="pending")
    make.lost(b, at(2025, 3, 17, 10, 0), status="rejected", by=manager)
    for hour in range(9, 14):
        make.visit(other_consultant, at(2025, 3, 20, hour, 0), store=other_store)
    return {"today_order": today_order, "old_a": old_a, "old_b": old_b}


@pytest.fixture
def stock_data(make, store, manager, sales_data, consultant_b):
    """Eight cars: opening 03-01 = 5, received 03-03 and 03-18, delivered
    03-12 and 03-20, closing 5; one in transit; three retained 缤智 orders."""
    yard = WarehouseFactory(store=store, code="main", name="主库")
    v = make.vehicle
    v("雅阁", "白", received=at(2025, 2, 10, 10, 0), warehouse=yard, by=manager)
    v("雅阁", "白", received=at(2025, 3, 3, 10, 0), warehouse=yard, by=manager)
    v(
        "雅阁",
        "黑",
        state="allocated",
        received=at(2025, 1, 1, 10, 0),
        warehouse=yard,
        by=manager,
        order=sales_data["today_order"],
    )
    v("飞度", "红", received=at(2025, 3, 18, 10, 0), warehouse=yard, by=manager)
    v(
        "雅阁",
        "白",
        state="delivered",
        received=at(2025, 2, 1, 10, 0),
        delivered=at(2025, 3, 12, 10, 0),
        warehouse=yard,
        by=manager,
        order=sales_data["old_a"],
    )
    v(
        "雅阁",
        "白",
        state="delivered",
        received=at(2025, 2, 5, 10, 0),
        delivered=at(2025, 3, 20, 9, 30),
        warehouse=yard,
        by=manager,
        order=sales_data["old_b"],
    )
    v("雅阁", "灰", state="in_transit", warehouse=None, by=manager)
    v("飞度", "白", received=at(2024, 11, 1, 10, 0), warehouse=yard, by=manager)
    for day in (10, 11, 12):
        make.order(consultant_b, at(2025, 2, day, 12, 0), model="缤智")
    return yard


@pytest.fixture
def compliance_data(make, store, consultant_a, consultant_b, supervisor, manager, stock_data):
    """Follow-ups, SMS, daily logs, a LEAD-5 penalty, morning checks and care
    tasks of March, as the compliance test works them out."""
    a, b = consultant_a, consultant_b
    cust_a, cust_b = make.old_customer(a), make.old_customer(b)

    def followup(owner, customer, n, due, status, late=None, missed=None):
        Followup.objects.create(
            store=store,
            customer=customer,
            owner=owner,
            kind="FU-B",
            slot=f"test:{n}",
            due_from=at(2025, 3, 1, 9, 0),
            due_by=due,
            status=status,
            late_at=late,
            missed_at=missed,
            completed_at=due if status == "done" else None,
        )

    followup(a, cust_a, 1, at(2025, 3, 10, 18, 0), "done")
    followup(a, cust_a, 2, at(2025, 3, 11, 18, 0), "done", late=at(2025, 3, 11, 18, 0))
    followup(
        a,
        cust_a,
        3,
        at(2025, 3, 12, 18, 0),
        "missed",
        late=at(2025, 3, 12, 18, 0),
        missed=at(2025, 3, 15, 18, 0),
    )
    followup(a, cust_a, 4, at(2025, 3, 21, 18, 0), "open")
    followup(b, cust_b, 5, at(2025, 3, 18, 18, 0), "done")

    def sms(sender, customer, due, sent=None):
        SmsMessage.objects.create(
            store=store,
            customer=customer,
            sender=sender,
            mobile=customer.mobile,
            text="您好",
            due_at=due,
            sent_at=sent,
        )

    sms(a, cust_a, at(2025, 3, 20, 10, 30), at(2025, 3, 20, 10, 20))
    sms(a, cust_a, at(2025, 3, 19, 11, 0), at(2025, 3, 19, 11, 40))
    sms(a, cust_a, at(2025, 3, 18, 11, 0))
    sms(a, cust_a, at(2025, 3, 20, 15, 20))
    sms(b, cust_b, at(2025, 3, 20, 14, 30), at(2025, 3, 20, 14, 10))
    for author, day in ((a, 18), (a, 19), (b, 19)):
        ConsultantDailyLog.objects.create(
            store=store,
            author=author,
            date=date(2025, 3, day),
            submitted_at=at(2025, 3, day, 21, 0),
        )
    violation_record(
        store=store,
        person=a,
        rule_code="LEAD-5-MISSING",
        fact_date=date(2025, 3, 18),
        fact_key="sms:t",
    )
    items = list(ChecklistItem.objects.filter(kind="environment").order_by("pk")[:2])
    signed = ChecklistRun.objects.create(
        store=store,
        day=date(2025, 3, 19),
        signed_off_at=at(2025, 3, 19, 9, 0),
        signed_off_by=manager,
    )
    RunCheck.objects.create(
        run=signed, item=items[0], result="fail", responsible=a, note="地面有水"
    )
    RunCheck.objects.create(run=signed, item=items[1], result="pass")
    today_run = ChecklistRun.objects.create(store=store, day=date(2025, 3, 20))
    RunCheck.objects.create(run=today_run, item=items[0], result="")
    car = Vehicle.objects.filter(store=store, model_name="飞度", colour="白").get()
    for kind, due, done in (
        ("dust", date(2025, 3, 10), at(2025, 3, 9, 10, 0)),
        ("tyre", date(2025, 3, 12), at(2025, 3, 14, 10, 0)),
        ("battery", date(2025, 3, 15), None),
        ("weekly_start", date(2025, 3, 20), None),
        ("rubber", date(2025, 3, 25), None),
    ):
        CareTask.objects.create(
            store=store, vehicle=car, kind=kind, period_start=due, due_date=due, done_at=done
        )
