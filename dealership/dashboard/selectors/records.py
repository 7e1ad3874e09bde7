"""The drill-down (RPT-KANBAN: every number leads to its records): the
records a figure counted, filtered the same way the board counted them."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.db.models import Q, QuerySet

from dealership.dashboard.selectors.sources import METRICS, Metric, Period, source_rows
from dealership.models import Store, User

# The funnel's line of records with no channel or no model ("—"): the
# drill-down parameter unknown= names which, and the source's path to it.
UNKNOWN = {"channel": "channel", "model": "model_name"}


@dataclass(frozen=True)
class RecordFilter:
    """What a drill-down link carries: the figure, the window and the slice."""

    metric: str
    day: date
    window: str = "today"  # or "month"
    person: int | None = None
    group: str = ""  # sales group A/B
    channel: str = ""
    model_name: str = ""
    unknown: str = ""  # "channel" or "model": the funnel's "—" line, records without one


def metric_records(*, store: Store, filter: RecordFilter) -> tuple[Metric, QuerySet]:
    """The metric and its records, ordered by time, relations loaded (one
    query for the list, whatever its length)."""
    metric = METRICS[filter.metric]
    source = metric.source
    start, end = Period.of(store, filter.day).bounds(filter.window)
    rows = source_rows(source, stores=[store], start=start, end=end).filter(metric.condition)
    if filter.person is not None:
        rows = rows.filter(**{f"{source.person}_id": filter.person})
    if filter.group:
        # Same rule as the board: a group's figures are its members' figures.
        members = User.objects.filter(sales_group=filter.group)
        rows = rows.filter(**{f"{source.person}__in": members})
    if filter.channel:
        rows = rows.filter(**{source.channel: filter.channel})
    if filter.model_name:
        rows = rows.filter(**{source.model_name: filter.model_name})
    if filter.unknown in UNKNOWN:
        path = getattr(source, UNKNOWN[filter.unknown])
        rows = rows.filter(Q(**{path: ""}) | Q(**{f"{path}__isnull": True}))
    return metric, rows.select_related(*source.related).order_by(source.at, "pk")


def record_filter_person(filter: RecordFilter) -> User | None:
    """The consultant a drill-down is sliced by, for its title."""
    if filter.person is None:
        return None
    return User.objects.filter(pk=filter.person).first()


def record_line(metric: Metric, record) -> dict:
    """What a drill-down line shows, whatever the source: time, customer,
    consultant and a detail."""
    at = getattr(record, metric.source.at)
    customer = getattr(record, "customer", None) or getattr(
        getattr(record, "order", None), "customer", None
    )
    if customer is None:  # a customer record itself (new lead)
        customer = record
    consultant = getattr(record, "consultant", None) or customer.consultant
    return {
        "at": at,
        "customer": customer,
        "consultant": consultant,
        "detail": _detail(record),
    }


def _detail(record) -> str:
    for getter in ("get_kind_display", "get_reason_display"):
        if hasattr(record, getter):
            return str(getattr(record, getter)())
    for attr in ("number", "model_name", "test_car"):
        if hasattr(record, attr):
            return str(getattr(record, attr))
    order = getattr(record, "order", None)
    return str(order.number) if order is not None else str(getattr(record, "model_of_interest", ""))
