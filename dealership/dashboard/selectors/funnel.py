"""The month's funnel visit → lead → test drive → order → delivery, by source
channel (LEAD-1) and by car model, and its daily series for the charts. One
grouped query per stage and breakdown, whatever the number of records."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal

from django.db.models import Count, F
from django.db.models.functions import TruncDate

from dealership.compiled import values_rows
from dealership.dashboard.rules import rate
from dealership.dashboard.selectors.sources import METRICS, Metric, Period, source_rows
from dealership.models import Store
from dealership.timeutil import store_tz
from sales.rules import SourceChannel

STAGES = ("visits", "new_leads", "test_drives", "orders", "deliveries")


def stage_metrics() -> list[Metric]:
    return [METRICS[key] for key in STAGES]


@dataclass
class FunnelRow:
    key: str  # the channel's value or the model's name ("" when unknown)
    label: str
    counts: dict[str, int] = field(default_factory=lambda: dict.fromkeys(STAGES, 0))

    @property
    def conversion(self) -> dict[str, Decimal | None]:
        """Each stage as a percentage of the visits (the funnel's mouth)."""
        return {key: rate(self.counts[key], self.counts["visits"]) for key in STAGES[1:]}


@dataclass
class Funnel:
    period: Period
    total: FunnelRow
    by_channel: list[FunnelRow]
    by_model: list[FunnelRow]


def _grouped(metric: Metric, path: str, *, store: Store, period: Period) -> dict[str, int]:
    def build(store_id, start, end):
        return (
            source_rows(metric.source, stores=[store_id], start=start, end=end)
            .filter(metric.condition)
            .annotate(group_key=F(path))
            .values("group_key")
            .annotate(n=Count("pk"))
            .order_by()
        )

    rows = values_rows(
        ("dashboard.funnel", metric.key, path),
        build,
        store_id=store.pk,
        start=period.month_start,
        end=period.end,
    )
    counts: dict[str, int] = {}
    for row in rows:  # no value recorded: blank and NULL are one line ("—")
        key = row["group_key"] or ""
        counts[key] = counts.get(key, 0) + row["n"]
    return counts


def _breakdown(path_of, labels: dict[str, str], *, store, period) -> list[FunnelRow]:
    rows: dict[str, FunnelRow] = {}
    for metric in stage_metrics():
        for key, n in _grouped(metric, path_of(metric), store=store, period=period).items():
            row = rows.setdefault(key, FunnelRow(key=key, label=labels.get(key, key)))
            row.counts[metric.key] = n
    return sorted(rows.values(), key=lambda r: (-r.counts["visits"], -r.counts["orders"], r.key))


def funnel_for_month(*, store: Store, day: date) -> Funnel:
    """Month to date (the day included); ten queries."""
    period = Period.of(store, day)
    channels = {value: str(label) for value, label in SourceChannel.choices}
    by_channel = _breakdown(lambda m: m.source.channel, channels, store=store, period=period)
    by_model = _breakdown(lambda m: m.source.model_name, {}, store=store, period=period)
    total = FunnelRow(key="total", label="")
    for row in by_channel:
        for key in STAGES:
            total.counts[key] += row.counts[key]
    return Funnel(period=period, total=total, by_channel=by_channel, by_model=by_model)


@dataclass
class Series:
    days: list[date]
    values: dict[str, list[int]]  # stage → one value per day


def daily_series(*, store: Store, day: date) -> Series:
    """Each stage per store day from the 1st of the month to the day (five
    queries)."""
    period = Period.of(store, day)
    days = [day.replace(day=1) + timedelta(days=i) for i in range(day.day)]
    index = {d: i for i, d in enumerate(days)}
    values = {}
    tz = store_tz(store)
    for metric in stage_metrics():

        def build(store_id, start, end, metric=metric):
            return (
                source_rows(metric.source, stores=[store_id], start=start, end=end)
                .filter(metric.condition)
                .annotate(on=TruncDate(metric.source.at, tzinfo=tz))
                .values("on")
                .annotate(n=Count("pk"))
                .order_by()
            )

        series = [0] * len(days)
        rows = values_rows(
            ("dashboard.daily_series", metric.key, str(tz)),
            build,
            store_id=store.pk,
            start=period.month_start,
            end=period.end,
        )
        for row in rows:
            series[index[row["on"]]] = row["n"]
        values[metric.key] = series
    return Series(days=days, values=values)
