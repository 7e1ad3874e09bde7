"""Reads for the consultant's and manager's pages: the day's reception figures
(LEAD-3), the customer timeline, reassignment due (LEAD-8/9), lists."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import Decimal

from django.db.models import Count, Exists, OuterRef, Q, QuerySet
from django.utils import timezone

from dealership.timeutil import store_day_bounds
from sales.models import (
    Customer,
    Delivery,
    GradeChange,
    LostRequest,
    Order,
    SmsMessage,
    TestDrive,
    Visit,
)
from sales.rules import OPEN_GRADES, OrderStatus, Owner, RequestStatus, VisitKind, registration_rate


@dataclass(frozen=True)
class DayFigures:
    """LEAD-3: the day's traffic and the registration rate (留档率)."""

    day: date
    visits: int
    first_visits: int
    calls: int
    new_leads: int
    test_drives: int
    orders: int

    @property
    def registration_rate(self) -> Decimal | None:
        return registration_rate(self.new_leads, self.first_visits)


def reception_day_figures(*, store, day: date, consultant=None) -> DayFigures:
    start, end = store_day_bounds(store, day)
    visits = Visit.objects.filter(store=store, started_at__gte=start, started_at__lt=end)
    customers = Customer.objects.filter(store=store, created_at__gte=start, created_at__lt=end)
    drives = TestDrive.objects.filter(store=store, started_at__gte=start, started_at__lt=end)
    orders = Order.objects.filter(store=store, ordered_at__gte=start, ordered_at__lt=end)
    if consultant is not None:
        visits = visits.filter(consultant=consultant)
        customers = customers.filter(consultant=consultant)
        drives = drives.filter(consultant=consultant)
        orders = orders.filter(consultant=consultant)
    counts = visits.aggregate(
        showroom=Count("pk", filter=Q(kind=VisitKind.SHOWROOM)),
        first=Count("pk", filter=Q(kind=VisitKind.SHOWROOM, is_first=True)),
        calls=Count("pk", filter=Q(kind=VisitKind.CALL)),
    )
    return DayFigures(
        day=day,
        visits=counts["showroom"],
        first_visits=counts["first"],
        calls=counts["calls"],
        new_leads=customers.count(),
        test_drives=drives.count(),
        orders=orders.count(),
    )


def visit_list_for_day(*, store, day: date, customers: QuerySet[Customer]) -> QuerySet[Visit]:
    start, end = store_day_bounds(store, day)
    return (
        Visit.objects.filter(store=store, started_at__gte=start, started_at__lt=end)
        .filter(customer__in=customers)
        .select_related("customer", "consultant", "sms")
        .order_by("-started_at")
    )


@dataclass(frozen=True)
class TimelineEntry:
    at: datetime
    kind: str
    text: str
    obj: object


def customer_timeline(*, customer: Customer) -> list[TimelineEntry]:
    """Visits, calls, SMS, test drives, grade changes, orders and deliveries of
    one customer, newest first (a fixed number of queries)."""
    entries: list[TimelineEntry] = []
    for v in customer.visits.select_related("consultant"):
        entries.append(TimelineEntry(v.started_at, v.kind, v.note, v))
    for s in SmsMessage.objects.filter(customer=customer):
        entries.append(TimelineEntry(s.sent_at or s.due_at, "sms", s.text, s))
    for d in customer.test_drives.select_related("test_car"):
        entries.append(TimelineEntry(d.started_at, "test_drive", str(d.test_car), d))
    for g in GradeChange.objects.filter(customer=customer).select_related("changed_by"):
        entries.append(TimelineEntry(g.changed_at, "grade", g.reason, g))
    for o in customer.orders.all():
        entries.append(TimelineEntry(o.ordered_at, "order", o.number, o))
    for d in Delivery.objects.filter(order__customer=customer):
        entries.append(TimelineEntry(d.delivered_at, "delivery", d.vin, d))
    for r in LostRequest.objects.filter(customer=customer):
        entries.append(TimelineEntry(r.requested_at, "lost", r.get_reason_display(), r))
    return sorted(entries, key=lambda e: e.at, reverse=True)


@dataclass(frozen=True)
class ReassignmentDue:
    """LEAD-8/9: customers without an order, by how long they have been held."""

    to_other_group: list[Customer]
    to_management: list[Customer]
    to_gm_office: list[Customer]


def customers_due_for_reassignment(
    *, store, policy, now: datetime | None = None
) -> ReassignmentDue:
    """LEAD-8: a consultant's customer held more than 2 months (assigned_at)
    without an order goes to the other group. LEAD-9: a customer in the store's
    book more than 3 months (created_at) goes to the manager and supervisor,
    after month 4 to the GM office. Each customer appears in one list only."""
    now = now or timezone.now()
    with_order = Order.objects.filter(
        customer=OuterRef("pk"), status__in=[OrderStatus.ORDERED, OrderStatus.DELIVERED]
    )
    open_customers = (
        Customer.objects.filter(store=store, grade__in=OPEN_GRADES)
        .exclude(Exists(with_order))
        .select_related("consultant")
        .order_by("created_at")
    )
    gm_cut = now - timedelta(days=policy.gm_office_after_days)
    mgmt_cut = now - timedelta(days=policy.management_after_days)
    group_cut = now - timedelta(days=policy.reassign_after_days)
    gm = list(open_customers.filter(created_at__lt=gm_cut).exclude(owner=Owner.GM_OFFICE))
    mgmt = list(
        open_customers.filter(
            created_at__lt=mgmt_cut, created_at__gte=gm_cut, owner=Owner.CONSULTANT
        )
    )
    group = list(
        open_customers.filter(
            assigned_at__lt=group_cut, created_at__gte=mgmt_cut, owner=Owner.CONSULTANT
        )
    )
    return ReassignmentDue(to_other_group=group, to_management=mgmt, to_gm_office=gm)


def lost_requests_pending(*, store) -> QuerySet[LostRequest]:
    return (
        LostRequest.objects.filter(store=store, status=RequestStatus.PENDING)
        .select_related("customer", "requested_by")
        .order_by("requested_at")
    )
