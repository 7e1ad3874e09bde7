"""Stock reports (section 4 and RULES.md 7): on hand, in transit, age bands,
stock depth and the daily 进销存 ledger, all from the movement records."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Count, F, Q, QuerySet
from django.db.models.functions import TruncDate

from dealership.compiled import values_rows, whole
from dealership.models import Store
from dealership.timeutil import store_clock, store_today
from inventory.models import Movement, Vehicle
from inventory.rules import (
    AGE_BANDS,
    ON_HAND_STATES,
    OUT_ACTIONS,
    STOCK_DEPTH_SALES_MONTHS,
    Action,
    VehicleState,
    stock_depth_months,
    stock_depth_warning,
)


def _on_hand(store) -> QuerySet[Vehicle]:
    """The cars on hand of a store (or store id)."""
    return Vehicle.objects.filter(store=store, state__in=ON_HAND_STATES)


def _on_hand_grouped(store_id):
    return (
        _on_hand(store_id)
        .values("model_name", "colour", "warehouse__name")
        .annotate(count=Count("pk"))
        .order_by("model_name", "colour", "warehouse__name")
    )


def stock_on_hand(*, store: Store) -> list[dict]:
    """Cars on hand by model, colour and warehouse (one grouped query,
    compiled once: dealership.compiled)."""
    return values_rows("inventory.stock_on_hand", _on_hand_grouped, store_id=store.pk)


def stock_in_transit(*, store: Store) -> QuerySet[Vehicle]:
    return Vehicle.objects.filter(store=store, state=VehicleState.IN_TRANSIT).order_by(
        "model_name", "colour", "vin"
    )


def _age_bands(store_id, **bounds):
    aggregates = {}
    for low, high in AGE_BANDS:
        cond = Q(arrival_date__lte=bounds[f"from_{low}"])
        if high is not None:
            cond &= Q(arrival_date__gte=bounds[f"to_{high}"])
        aggregates[_band_key(low, high)] = Count("pk", filter=cond)
    return whole(_on_hand(store_id).filter(arrival_date__isnull=False)).annotate(**aggregates)


def stock_age_bands(*, store: Store, today: date | None = None) -> list[dict]:
    """Stock age bands by days since arrival: 0-30, 31-60, 61-90, >90."""
    today = today or store_today(store)
    bounds = {f"from_{low}": today - timedelta(days=low) for low, _high in AGE_BANDS}
    bounds.update({f"to_{high}": today - timedelta(days=high) for _low, high in AGE_BANDS if high})
    (counts,) = values_rows("inventory.stock_age_bands", _age_bands, store_id=store.pk, **bounds)
    return [
        {"band": _band_label(low, high), "count": counts[_band_key(low, high)]}
        for low, high in AGE_BANDS
    ]


def _band_key(low: int, high: int | None) -> str:
    return f"band_{low}_{high or 'plus'}"


def _band_label(low: int, high: int | None) -> str:
    return f"{low}-{high}" if high is not None else f">{low - 1}"


@dataclass(frozen=True)
class StockDepth:
    closing: int
    average_monthly_sales: Decimal
    depth: Decimal | None  # months of stock; None when nothing was sold
    warning: bool


def _closing(store_id):
    return whole(_on_hand(store_id)).annotate(n=Count("pk"))


def _delivered_by_model(store_id, since, until):
    return (
        Movement.objects.filter(
            store=store_id, action=Action.DELIVER, at__date__gt=since, at__date__lte=until
        )
        .values(model_name=F("vehicle__model_name"))
        .annotate(count=Count("pk"))
        .order_by()
    )


def deliveries_by_model(*, store: Store, since: date, until: date) -> list[dict]:
    """Cars delivered to customers after `since` up to `until`, on the store's
    days, by model ({"model_name", "count"}): the sales behind stock depth
    and the order plan's velocity. One query."""
    with store_clock(store):
        return values_rows(
            "inventory.deliveries_by_model",
            _delivered_by_model,
            store_id=store.pk,
            since=since,
            until=until,
        )


def stock_depth(*, store: Store, today: date | None = None) -> StockDepth:
    """库存深度 = closing stock ÷ average monthly retail sales over the last
    three months; above the warning line 1.5 the store is overstocked."""
    today = today or store_today(store)
    since = today - timedelta(days=30 * STOCK_DEPTH_SALES_MONTHS)
    closing = values_rows("inventory.stock_closing", _closing, store_id=store.pk)[0]["n"]
    sold = sum(row["count"] for row in deliveries_by_model(store=store, since=since, until=today))
    average = (Decimal(sold) / STOCK_DEPTH_SALES_MONTHS).quantize(Decimal("0.01"), ROUND_HALF_UP)
    depth = stock_depth_months(closing, sold)
    warning = stock_depth_warning(depth=depth, on_hand=closing)
    return StockDepth(closing=closing, average_monthly_sales=average, depth=depth, warning=warning)


def _moves_counted(moves):
    return moves.annotate(
        received=Count("pk", filter=Q(action=Action.RECEIVE)),
        sold=Count("pk", filter=Q(action__in=OUT_ACTIONS)),
    )


def _ledger_before(store_id, start):
    return _moves_counted(whole(Movement.objects.filter(store=store_id, at__date__lt=start)))


def _ledger_days(store_id, start, end):
    moves = Movement.objects.filter(store=store_id, at__date__gte=start, at__date__lte=end)
    return _moves_counted(moves.annotate(day=TruncDate("at")).values("day")).order_by()


def stock_daily_ledger(*, store: Store, start: date, end: date) -> list[dict]:
    """进销存 per day: opening + received − sold = closing, from movements
    (received: inbound; sold: delivered or dispatched). Two queries."""
    bounds = {"store_id": store.pk, "start": start, "end": end}
    with store_clock(store):  # the store's days, whatever the request's zone
        (before,) = values_rows(
            "inventory.ledger_before", _ledger_before, store_id=store.pk, start=start
        )
        per_day = {
            row["day"]: row for row in values_rows("inventory.ledger_days", _ledger_days, **bounds)
        }
    rows, opening = [], before["received"] - before["sold"]
    day = start
    while day <= end:
        got = per_day.get(day, {"received": 0, "sold": 0})
        closing = opening + got["received"] - got["sold"]
        rows.append(
            {
                "day": day,
                "opening": opening,
                "received": got["received"],
                "sold": got["sold"],
                "closing": closing,
            }
        )
        opening, day = closing, day + timedelta(days=1)
    return rows
