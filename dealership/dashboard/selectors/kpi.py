"""RPT-KPI-DAILY / RPT-KANBAN / LEAD-3: the daily KPI board per consultant,
per sales group and for the store, today and month to date, against the
month's targets; and the dealer group's view across stores. One grouped
query per source, whatever the number of people, stores or records."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field, fields
from datetime import date
from decimal import Decimal

from django.db.models import Count, F

from dealership.compiled import model_rows, tuple_rows
from dealership.dashboard.models import TARGET_FIELDS, KpiTarget
from dealership.dashboard.rules import rate
from dealership.dashboard.selectors.people import store_consultants
from dealership.dashboard.selectors.sources import (
    METRICS,
    SOURCES,
    Period,
    Source,
    in_window,
    metrics_of,
    source_rows,
)
from dealership.models import Store, User
from dealership.rules import SalesGroup
from dealership.timeutil import stores_by_time_zone
from sales.rules import registration_rate

WINDOWS = ("today", "month")


@dataclass
class Figures:
    """The counted KPIs of one person, group or store over one window."""

    calls: int = 0
    visits: int = 0
    first_visits: int = 0
    return_visits: int = 0
    new_leads: int = 0
    test_drives: int = 0
    orders: int = 0
    deliveries: int = 0
    cancellations: int = 0
    lost: int = 0

    @property
    def registration_rate(self) -> Decimal | None:
        """LEAD-3: 留档率 = new leads ÷ first-visit groups (sales.rules)."""
        return registration_rate(self.new_leads, self.first_visits)

    @property
    def test_drive_rate(self) -> Decimal | None:
        """Test drives ÷ visit groups."""
        return rate(self.test_drives, self.visits)

    @property
    def closing_rate(self) -> Decimal | None:
        """Orders ÷ visit groups."""
        return rate(self.orders, self.visits)

    def add(self, other: Figures) -> None:
        mine, theirs = self.__dict__, other.__dict__
        for name in _FIGURE_FIELDS:
            mine[name] += theirs[name]


_FIGURE_FIELDS = tuple(f.name for f in fields(Figures))


@dataclass
class Target:
    visits: int = 0
    new_leads: int = 0
    test_drives: int = 0
    orders: int = 0
    deliveries: int = 0

    @classmethod
    def of(cls, target: KpiTarget) -> Target:
        """The figures of a target row of the admin."""
        return cls(**{name: getattr(target, name) for name in TARGET_FIELDS})

    def add(self, other: Target) -> None:
        for name in TARGET_FIELDS:
            setattr(self, name, getattr(self, name) + getattr(other, name))

    def progress(self, figures: Figures) -> dict[str, Decimal | None]:
        """Month to date as a percentage of the target, per target field."""
        return {name: rate(getattr(figures, name), getattr(self, name)) for name in TARGET_FIELDS}


@dataclass
class KpiRow:
    """A line of the board: a consultant, a group (A/B) or the store."""

    key: str  # consultant id, "A"/"B" or "store"
    label: str
    today: Figures = field(default_factory=Figures)
    month: Figures = field(default_factory=Figures)
    target: Target = field(default_factory=Target)
    person: User | None = None

    @property
    def progress(self) -> dict[str, Decimal | None]:
        return self.target.progress(self.month)


@dataclass
class KpiBoard:
    store: Store
    period: Period
    people: list[KpiRow]
    groups: list[KpiRow]
    total: KpiRow
    store_target_set: bool


def _kpi_counts_query(source: Source, by: str):
    """The grouped query of one source as a function of the stores and the
    period's bounds: a count per metric and window, per person or store."""
    group_by = source.person + "_id" if by == "person" else "store_id"

    def build(store_ids, month_start, start, end):
        bounds = {"today": (start, end), "month": (month_start, end)}
        annotations = {
            f"{window}__{metric.key}": Count(
                "pk", filter=metric.condition & in_window(source, *bounds[window])
            )
            for metric in metrics_of(source)
            for window in WINDOWS
        }
        return (
            source_rows(source, stores=store_ids, start=month_start, end=end)
            .annotate(group_key=F(group_by))
            .values("group_key")
            .annotate(**annotations)
            .order_by()
        )

    return build


# "today__visits" → ("today", "visits"), for every annotation of kpi_counts
_SPLIT = {f"{window}__{metric}": (window, metric) for metric in METRICS for window in WINDOWS}


def kpi_counts(*, stores, period: Period, by: str) -> dict[object, dict[str, Figures]]:
    """{key: {"today": Figures, "month": Figures}} where key is the value of
    `by` ("person" or "store") — one query per source, compiled once per
    process (dealership.compiled)."""
    result: dict[object, dict[str, Figures]] = defaultdict(lambda: {w: Figures() for w in WINDOWS})
    store_ids = [store.pk for store in stores]
    for index, source in enumerate(SOURCES):
        names, rows = tuple_rows(
            ("dashboard.kpi_counts", index, by),
            _kpi_counts_query(source, by),
            store_ids=store_ids,
            month_start=period.month_start,
            start=period.start,
            end=period.end,
        )
        key_at = names.index("group_key")
        slots = [(i, *_SPLIT[name]) for i, name in enumerate(names) if i != key_at]
        for row in rows:
            figures = result[row[key_at]]
            for i, window, metric in slots:
                setattr(figures[window], metric, row[i])
    return result


def _store_targets(store_id, month):
    return KpiTarget.objects.filter(store=store_id, month=month)


def _targets(store: Store, month: date) -> tuple[dict[int, Target], Target | None]:
    per_person, store_target = {}, None
    for t in model_rows("dashboard.kpi.targets", _store_targets, store_id=store.pk, month=month):
        target = Target.of(t)
        if t.consultant_id is None:
            store_target = target
        else:
            per_person[t.consultant_id] = target
    return per_person, store_target


def kpi_board(*, store: Store, day: date) -> KpiBoard:
    """The board of a store day (five queries per source set plus people and
    targets: constant)."""
    period = Period.of(store, day)
    counts = kpi_counts(stores=[store], period=period, by="person")
    targets, store_target = _targets(store, day.replace(day=1))
    people = []
    for person in store_consultants(store, counts):
        figures = counts.get(person.pk) or {w: Figures() for w in WINDOWS}
        people.append(
            KpiRow(
                key=str(person.pk),
                label=person.display_name,
                today=figures["today"],
                month=figures["month"],
                target=targets.get(person.pk, Target()),
                person=person,
            )
        )
    groups = [_sum_rows(g.value, str(g.label), people, g.value) for g in SalesGroup]
    total = _sum_rows("store", store.name, people, None)
    if store_target is not None:
        total.target = store_target
    return KpiBoard(store, period, people, groups, total, store_target is not None)


def _sum_rows(key: str, label: str, rows: list[KpiRow], group: str | None) -> KpiRow:
    out = KpiRow(key=key, label=label)
    for row in rows:
        if group is None or row.person.sales_group == group:
            out.today.add(row.today)
            out.month.add(row.month)
            out.target.add(row.target)
    return out


@dataclass
class GroupView:
    period: Period
    rows: list[KpiRow]
    total: KpiRow


def kpi_group_view(*, stores: list[Store], day: date) -> GroupView:
    """The dealer group (GM office): each of the person's stores of the group
    and the sum, counted per store in the same constant number of queries
    (one per source and one for the stores' targets). Each store's day is its
    own: stores in another time zone are counted with their day's bounds, in
    as many more queries per source as there are other zones (none in China)."""
    counts: dict[object, dict[str, Figures]] = {}
    for zone_stores in stores_by_time_zone(stores):
        counts.update(
            kpi_counts(stores=zone_stores, period=Period.of(zone_stores[0], day), by="store")
        )
    period = Period.of(stores[0], day)
    targets = {
        t.store_id: Target.of(t)
        for t in KpiTarget.objects.filter(
            store__in=stores, month=day.replace(day=1), consultant__isnull=True
        )
    }
    rows = []
    for store in stores:
        figures = counts.get(store.pk) or {w: Figures() for w in WINDOWS}
        rows.append(
            KpiRow(
                key=str(store.pk),
                label=store.name,
                today=figures["today"],
                month=figures["month"],
                target=targets.get(store.pk, Target()),
            )
        )
    return GroupView(period=period, rows=rows, total=_sum_rows("total", "", rows, None))
