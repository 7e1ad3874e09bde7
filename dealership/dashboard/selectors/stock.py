"""RPT-STOCK-DAILY and RPT-ORDER-PLAN: the stock board composes inventory's
selectors (进销存, on hand by model/colour/warehouse, age bands, stock depth)
and adds, per model, the figures the N+0.5 / N+2 / N+3 suggestion comes from."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import Decimal

from django.db.models import Count, Min

from dealership.compiled import values_rows
from dealership.dashboard.models import OrderPlan
from dealership.dashboard.rules import VELOCITY_MONTHS, order_suggestion, velocity
from dealership.models import Store
from inventory import selectors as inventory
from inventory.models import Vehicle
from inventory.rules import (
    STOCK_DEPTH_WARNING,
    VehicleState,
    stock_depth_months,
    stock_depth_warning,
)
from inventory.selectors.stock import StockDepth
from sales.models import Order
from sales.rules import OrderStatus

WARNING_LINE = Decimal(str(STOCK_DEPTH_WARNING))


@dataclass
class PlanRow:
    """One model: the inputs of the suggestion, the suggestion and what was
    written for the month (None until the information officer saves it)."""

    model_name: str
    on_hand: int
    in_transit: int
    retained_orders: int
    monthly_sales: Decimal
    suggested: tuple[int, int, int]
    saved: OrderPlan | None = None
    sold: int = 0  # deliveries of the model in the velocity window

    @property
    def depth(self) -> Decimal | None:
        """库存深度 of the model, counted as the store's (stock_depth_months)."""
        return stock_depth_months(self.on_hand, self.sold, VELOCITY_MONTHS)

    @property
    def warning(self) -> bool:
        return stock_depth_warning(depth=self.depth, on_hand=self.on_hand)

    @property
    def plan(self) -> tuple[int, int, int]:
        """What the month's plan says: the saved figures, else the suggestion."""
        if self.saved is None:
            return self.suggested
        return self.saved.n_half, self.saved.n_plus_2, self.saved.n_plus_3


def _by_model(rows, key: str = "count") -> Counter:
    counts: Counter = Counter()
    for row in rows:
        counts[row["model_name"]] += row[key]
    return counts


def _in_transit(store_id):
    return (
        Vehicle.objects.filter(store=store_id, state=VehicleState.IN_TRANSIT)
        .values("model_name")
        .annotate(count=Count("pk"))
        .order_by()
    )


def _retained(store_id):
    return (
        Order.objects.filter(store=store_id, status=OrderStatus.ORDERED)
        .values("model_name")
        .annotate(count=Count("pk"))
        .order_by()
    )


def order_plan_rows(*, store: Store, day: date, on_hand: list[dict] | None = None) -> list[PlanRow]:
    """RPT-ORDER-PLAN per model: sales velocity (deliveries of the last three
    months, as stock_depth counts them), on hand, in transit and retained
    orders (ordered, not yet delivered). Five queries."""
    on_hand_by_model = _by_model(
        on_hand if on_hand is not None else inventory.stock_on_hand(store=store)
    )
    since = day - timedelta(days=30 * VELOCITY_MONTHS)
    transit = _by_model(values_rows("dashboard.plan.transit", _in_transit, store_id=store.pk))
    retained = _by_model(values_rows("dashboard.plan.retained", _retained, store_id=store.pk))
    sold = _by_model(inventory.deliveries_by_model(store=store, since=since, until=day))
    saved = {
        p.model_name: p
        for p in OrderPlan.objects.filter(store=store, month=day.replace(day=1)).select_related(
            "by"
        )
    }
    models = sorted(set(on_hand_by_model) | set(transit) | set(retained) | set(sold) | set(saved))
    rows = []
    for name in models:
        monthly = velocity(sold[name])
        row = PlanRow(
            model_name=name,
            on_hand=on_hand_by_model[name],
            in_transit=transit[name],
            retained_orders=retained[name],
            monthly_sales=monthly,
            suggested=order_suggestion(
                monthly_sales=monthly,
                on_hand=on_hand_by_model[name],
                in_transit=transit[name],
                retained_orders=retained[name],
            ),
            saved=saved.get(name),
            sold=sold[name],
        )
        rows.append(row)
    return rows


@dataclass
class StockBoard:
    day: date
    on_hand: list[dict]
    age_bands: list[dict]
    depth: StockDepth
    ledger: list[dict]
    plan: list[PlanRow]
    warning_line: Decimal = WARNING_LINE


def stock_board(*, store: Store, day: date) -> StockBoard:
    """RPT-STOCK-DAILY: the day's stock, the 进销存 of the month to date and
    the order plan. A constant number of queries."""
    on_hand = inventory.stock_on_hand(store=store)
    return StockBoard(
        day=day,
        on_hand=on_hand,
        age_bands=inventory.stock_age_bands(store=store, today=day),
        depth=inventory.stock_depth(store=store, today=day),
        ledger=inventory.stock_daily_ledger(store=store, start=day.replace(day=1), end=day),
        plan=order_plan_rows(store=store, day=day, on_hand=on_hand),
    )


def order_plan_first_written_at(*, store: Store, month: date) -> datetime | None:
    """RPT-ORDER-PLAN: when the month's written suggestion was first saved
    (None while there is none); corrections saved later do not move it."""
    return OrderPlan.objects.filter(store=store, month=month.replace(day=1)).aggregate(
        first=Min("first_at")
    )["first"]
