"""RPT-LOST / LEAD-11: the month's lost (战败) and out-of-control (失控)
customers — approved lost requests — by reason, with the competitor price
table of the price losses and the competitor prices marketing collected
this month for those models (RPT-COMPETITOR; scoring has no selector for
them, so it is read here). Four queries."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.db.models import Avg, Count, Max, Min, QuerySet

from dealership.compiled import model_rows, values_rows
from dealership.dashboard.models import LostAnalysisReport
from dealership.dashboard.selectors.sources import LOST, Period, source_rows
from dealership.models import Store
from dealership.timeutil import week_start
from sales.models import LostRequest
from sales.rules import LostReason
from scoring.models import CompetitorPrice


@dataclass
class LostAnalysis:
    period: Period
    by_reason: list[dict]  # reason, label, count
    lost: int  # 战败
    out_of_control: int  # 失控
    price_table: list[dict]
    competitor_prices: list[CompetitorPrice]
    store: Store
    day: date

    @property
    def total(self) -> int:
        return self.lost + self.out_of_control

    @property
    def requests(self) -> QuerySet[LostRequest]:
        """Every lost request of the month (the exports); built when asked:
        the page lists them a page at a time (LostLines)."""
        return lost_requests_of_month(store=self.store, day=self.day)


def lost_requests_of_month(*, store: Store, day: date) -> QuerySet[LostRequest]:
    """Approved lost requests decided from the 1st of the month to the day."""
    period = Period.of(store, day)
    return (
        source_rows(LOST, stores=[store], start=period.month_start, end=period.end)
        .select_related("customer", "customer__consultant", "decided_by")
        .order_by("decided_at", "pk")
    )


def _month_rows(store_id, start, end):
    return source_rows(LOST, stores=[store_id], start=start, end=end)


def _reason_counts(store_id, start, end):
    return _month_rows(store_id, start, end).values("reason").annotate(n=Count("pk")).order_by()


def _price_table(store_id, start, end):
    return (
        _month_rows(store_id, start, end)
        .filter(reason=LostReason.PRICE)
        .values("customer__model_of_interest", "competitor_brand")
        .annotate(
            count=Count("pk"),
            lowest=Min("competitor_price"),
            average=Avg("competitor_price"),
            highest=Max("competitor_price"),
        )
        .order_by("customer__model_of_interest", "competitor_brand")
    )


def lost_analysis(*, store: Store, day: date) -> LostAnalysis:
    """Four queries, compiled once (dealership.compiled)."""
    period = Period.of(store, day)
    bounds = {"store_id": store.pk, "start": period.month_start, "end": period.end}
    counts = {
        row["reason"]: row["n"]
        for row in values_rows("dashboard.lost.reasons", _reason_counts, **bounds)
    }
    by_reason = [
        {"reason": value, "label": str(label), "count": counts.get(value, 0)}
        for value, label in LostReason.choices
    ]
    out_of_control = counts.get(LostReason.OUT_OF_CONTACT, 0)
    price_table = values_rows("dashboard.lost.prices", _price_table, **bounds)
    models = sorted({row["customer__model_of_interest"] for row in price_table})
    return LostAnalysis(
        period=period,
        by_reason=by_reason,
        lost=sum(counts.values()) - out_of_control,
        out_of_control=out_of_control,
        price_table=price_table,
        competitor_prices=competitor_prices_of_month(store=store, day=day, models=models),
        store=store,
        day=day,
    )


PERSON_NAME_FIELDS = ("full_name", "first_name", "last_name", "username")  # display_name_of
LINE_FIELDS = (
    "pk",
    "decided_at",
    "customer_id",
    "customer__name",
    "customer__model_of_interest",
    *(f"customer__consultant__{f}" for f in PERSON_NAME_FIELDS),
    "reason",
    "competitor_brand",
    "competitor_price",
    "note",
)


def lost_request_lines(*, store: Store, day: date, offset: int, limit: int) -> list[dict]:
    """One page of the month's lost requests in decision order, as the
    board lists them (the fields of LINE_FIELDS); one query, compiled per
    page position."""
    period = Period.of(store, day)

    def build(store_id, start, end):
        return (
            _month_rows(store_id, start, end)
            .values(*LINE_FIELDS)
            .order_by("decided_at", "pk")[offset : offset + limit]
        )

    return values_rows(
        ("dashboard.lost.lines", offset, limit),
        build,
        store_id=store.pk,
        start=period.month_start,
        end=period.end,
    )


class LostLines:
    """The month's lost requests for a Paginator: the count is the board's
    (no second count query), a page is one compiled query."""

    def __init__(self, *, store: Store, day: date, total: int):
        self.store, self.day, self.total = store, day, total

    def count(self) -> int:
        return self.total

    def __len__(self) -> int:
        return self.total

    def __getitem__(self, item: slice) -> list[dict]:
        start = item.start or 0
        return lost_request_lines(
            store=self.store, day=self.day, offset=start, limit=item.stop - start
        )


def _competitor_prices(store_id, week_from, week_to, models):
    return CompetitorPrice.objects.filter(
        store=store_id, week__gte=week_from, week__lte=week_to, our_model__in=models
    ).order_by("our_model", "competitor", "city", "week")


def competitor_prices_of_month(*, store: Store, day: date, models: list[str]) -> list:
    """RPT-COMPETITOR: the weekly competitor prices of the month (weeks
    starting from the Monday of the 1st) for the models lost on price."""
    if not models:
        return []
    return model_rows(
        "dashboard.lost.competitor_prices",
        _competitor_prices,
        store_id=store.pk,
        week_from=week_start(day.replace(day=1)),
        week_to=day,
        models=models,
    )


def _analysis_report(store_id, month):
    return LostAnalysisReport.objects.filter(store=store_id, month=month)[:1]


def lost_analysis_report_get(*, store: Store, month: date) -> LostAnalysisReport | None:
    """RPT-LOST: the month's submitted analysis (who submitted it loads when
    read)."""
    rows = model_rows(
        "dashboard.lost.report", _analysis_report, store_id=store.pk, month=month.replace(day=1)
    )
    return rows[0] if rows else None
