"""RPT-LOST / LEAD-11: the month's lost (战败) and out-of-control (失控)
customers — approved lost requests — by reason, with the competitor price
table of the price losses and the competitor prices marketing collected
this month for those models (RPT-COMPETITOR; scoring has no selector for
them, so it is read here). Four queries."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.db.models import Avg, Count, Max, Min, QuerySet

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
    requests: QuerySet[LostRequest]
    price_table: list[dict]
    competitor_prices: list[CompetitorPrice]


def lost_requests_of_month(*, store: Store, day: date) -> QuerySet[LostRequest]:
    """Approved lost requests decided from the 1st of the month to the day."""
    period = Period.of(store, day)
    return (
        source_rows(LOST, stores=[store], start=period.month_start, end=period.end)
        .select_related("customer", "customer__consultant", "decided_by")
        .order_by("decided_at", "pk")
    )


def lost_analysis(*, store: Store, day: date) -> LostAnalysis:
    requests = lost_requests_of_month(store=store, day=day)
    counts = dict(requests.values_list("reason").annotate(n=Count("pk")).order_by())
    by_reason = [
        {"reason": value, "label": str(label), "count": counts.get(value, 0)}
        for value, label in LostReason.choices
    ]
    out_of_control = counts.get(LostReason.OUT_OF_CONTACT, 0)
    price_table = list(
        requests.filter(reason=LostReason.PRICE)
        .values("customer__model_of_interest", "competitor_brand")
        .annotate(
            count=Count("pk"),
            lowest=Min("competitor_price"),
            average=Avg("competitor_price"),
            highest=Max("competitor_price"),
        )
        .order_by("customer__model_of_interest", "competitor_brand")
    )
    models = sorted({row["customer__model_of_interest"] for row in price_table})
    return LostAnalysis(
        period=Period.of(store, day),
        by_reason=by_reason,
        lost=sum(counts.values()) - out_of_control,
        out_of_control=out_of_control,
        requests=requests,
        price_table=price_table,
        competitor_prices=competitor_prices_of_month(store=store, day=day, models=models),
    )


def competitor_prices_of_month(*, store: Store, day: date, models: list[str]) -> list:
    """RPT-COMPETITOR: the weekly competitor prices of the month (weeks
    starting from the Monday of the 1st) for the models lost on price."""
    if not models:
        return []
    return list(
        CompetitorPrice.objects.filter(
            store=store,
            week__gte=week_start(day.replace(day=1)),
            week__lte=day,
            our_model__in=models,
        ).order_by("our_model", "competitor", "city", "week")
    )


def lost_analysis_report_get(*, store: Store, month: date) -> LostAnalysisReport | None:
    """RPT-LOST: the month's submitted analysis, with who submitted it."""
    return (
        LostAnalysisReport.objects.filter(store=store, month=month.replace(day=1))
        .select_related("submitted_by")
        .first()
    )
