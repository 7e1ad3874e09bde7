"""Where each dashboard figure comes from: one Source per (model, date field),
with the conditions of the figures it gives. The KPI board, the group view,
the funnel, the daily series and the drill-down lists all count through these
definitions, so a number and the records behind it cannot disagree."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

from django.db.models import Model, Q, QuerySet
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from dealership.timeutil import store_day_bounds
from sales.models import Customer, Delivery, LostRequest, Order, TestDrive, Visit
from sales.rules import OrderStatus, RequestStatus, VisitKind


@dataclass(frozen=True)
class Source:
    model: type[Model]
    at: str  # the date-time field that places a record on a day
    person: str  # path to the consultant the figure is credited to
    channel: str  # path to the source channel (LEAD-1)
    model_name: str  # path to the car model
    related: tuple[str, ...]  # select_related of the drill-down list
    base: Q = field(default_factory=Q)


VISITS = Source(
    Visit,
    "started_at",
    "consultant",
    "source_channel",
    "customer__model_of_interest",
    ("customer", "consultant"),
)
LEADS = Source(
    Customer, "created_at", "consultant", "source_channel", "model_of_interest", ("consultant",)
)
DRIVES = Source(
    TestDrive,
    "started_at",
    "consultant",
    "customer__source_channel",
    "test_car__model_name",
    ("customer", "consultant", "test_car"),
)
ORDERS = Source(
    Order,
    "ordered_at",
    "consultant",
    "customer__source_channel",
    "model_name",
    ("customer", "consultant"),
)
CANCELLATIONS = Source(
    Order,
    "cancelled_at",
    "consultant",
    "customer__source_channel",
    "model_name",
    ("customer", "consultant"),
    Q(status=OrderStatus.CANCELLED),
)
DELIVERIES = Source(
    Delivery,
    "delivered_at",
    "consultant",
    "order__customer__source_channel",
    "order__model_name",
    ("order", "order__customer", "consultant"),
)
LOST = Source(
    LostRequest,
    "decided_at",
    "customer__consultant",
    "customer__source_channel",
    "customer__model_of_interest",
    ("customer", "customer__consultant"),
    Q(status=RequestStatus.APPROVED),
)


@dataclass(frozen=True)
class Metric:
    """A counted KPI: its source, the condition within it and how it is
    counted (shown under the number: RPT-KANBAN asks for exact data)."""

    key: str
    label: Promise
    source: Source
    condition: Q
    formula: Promise


METRICS: dict[str, Metric] = {
    m.key: m
    for m in (
        Metric(
            "calls",
            _("Calls"),
            VISITS,
            Q(kind=VisitKind.CALL),
            _("Inbound calls in the reception log"),
        ),
        Metric(
            "visits",
            _("Visits"),
            VISITS,
            Q(kind=VisitKind.SHOWROOM),
            _("Showroom visit groups in the reception log"),
        ),
        Metric(
            "first_visits",
            _("First visits"),
            VISITS,
            Q(kind=VisitKind.SHOWROOM, is_first=True),
            _("Showroom visit groups marked first visit"),
        ),
        Metric(
            "return_visits",
            _("Return visits"),
            VISITS,
            Q(kind=VisitKind.SHOWROOM, is_first=False),
            _("Showroom visit groups not marked first visit"),
        ),
        Metric("new_leads", _("New leads"), LEADS, Q(), _("Customer records created")),
        Metric("test_drives", _("Test drives"), DRIVES, Q(), _("Test drives started")),
        Metric("orders", _("Orders"), ORDERS, Q(), _("Orders placed (cancelled ones included)")),
        Metric("deliveries", _("Deliveries"), DELIVERIES, Q(), _("Cars delivered")),
        Metric(
            "cancellations",
            pgettext_lazy("dashboard", "Cancellations"),
            CANCELLATIONS,
            Q(),
            _("Orders cancelled (退订) on the day"),
        ),
        Metric(
            "lost",
            _("Lost"),
            LOST,
            Q(),
            _("Lost and out-of-control customers approved by a manager"),
        ),
    )
}

# The sources in the order the boards query them (one query each).
SOURCES: tuple[Source, ...] = (VISITS, LEADS, DRIVES, ORDERS, CANCELLATIONS, DELIVERIES, LOST)


def metrics_of(source: Source) -> list[Metric]:
    return [m for m in METRICS.values() if m.source is source]


@dataclass(frozen=True)
class Period:
    """A store-day window [start, end) and the month it belongs to."""

    day: date
    start: datetime  # start of the day
    month_start: datetime  # start of the day's month
    end: datetime  # end of the day

    @classmethod
    def of(cls, store, day: date) -> Period:
        start, end = store_day_bounds(store, day)
        month_start, _end = store_day_bounds(store, day.replace(day=1))
        return cls(day=day, start=start, month_start=month_start, end=end)

    def bounds(self, which: str) -> tuple[datetime, datetime]:
        """'today' or 'month' (month to date, the day included)."""
        return (self.start if which == "today" else self.month_start), self.end


def in_window(source: Source, start: datetime, end: datetime) -> Q:
    return Q(**{f"{source.at}__gte": start, f"{source.at}__lt": end})


def source_rows(source: Source, *, stores, start: datetime, end: datetime) -> QuerySet:
    """The source's records of the stores in [start, end)."""
    return source.model.objects.filter(source.base, in_window(source, start, end)).filter(
        store__in=stores
    )
