"""Read-only sales figures per consultant for the incentives (RULES.md INC-1..3,
computed by scoring.incentives). Orders that LEAD-9 excludes from the
consultant's commission (deals after month 3) are not counted for them."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from django.db.models import Count, DecimalField, ExpressionWrapper, F, Q, Sum
from django.db.models.functions import Coalesce

from sales.models import Delivery, Order, OrderAccessory
from sales.rules import OrderStatus


@dataclass(frozen=True)
class OrderTally:
    orders: int  # orders (订车) placed in the period, whatever became of them
    cancellations: int  # orders cancelled (退订) in the period


def order_tally_by_consultant(*, store, start: datetime, end: datetime) -> dict[int, OrderTally]:
    """INC-1: per consultant id, orders placed in [start, end) and orders
    cancelled in [start, end) (whenever they were placed). One query."""
    in_period = Q(ordered_at__gte=start, ordered_at__lt=end)
    cancelled = Q(status=OrderStatus.CANCELLED, cancelled_at__gte=start, cancelled_at__lt=end)
    rows = (
        Order.objects.filter(store=store, commission_excluded=False)
        .filter(in_period | cancelled)
        .values("consultant")
        .annotate(orders=Count("pk", filter=in_period), cancellations=Count("pk", filter=cancelled))
    )
    return {
        row["consultant"]: OrderTally(orders=row["orders"], cancellations=row["cancellations"])
        for row in rows
    }


def accessory_sales_by_consultant(*, store, start: datetime, end: datetime) -> dict[int, Decimal]:
    """INC-2: per consultant id, the accessories (精品) sold with the orders
    placed in [start, end) that were not cancelled, in yuan. One query."""
    amount = ExpressionWrapper(
        F("unit_price") * F("quantity"), output_field=DecimalField(max_digits=14, decimal_places=2)
    )
    rows = (
        OrderAccessory.objects.filter(
            order__store=store,
            order__commission_excluded=False,
            order__ordered_at__gte=start,
            order__ordered_at__lt=end,
        )
        .exclude(order__status=OrderStatus.CANCELLED)
        .values("order__consultant")
        .annotate(total=Sum(amount))
    )
    return {row["order__consultant"]: row["total"] for row in rows}


def _invoiced(store, start: datetime, end: datetime):
    """INC-3 "invoiced sales" (开票数): the system records no invoice of its
    own, so an order counts as invoiced on `invoiced_at` when set, else on
    the day the car was delivered (the vehicle invoice is issued before the
    car leaves, STK-OUT-1). Cancelled orders never count."""
    return (
        Order.objects.filter(store=store)
        .exclude(status=OrderStatus.CANCELLED)
        .annotate(invoiced_on=Coalesce("invoiced_at", "delivery__delivered_at"))
        .filter(invoiced_on__gte=start, invoiced_on__lt=end)
    )


def invoiced_sales_by_consultant(*, store, start: datetime, end: datetime) -> dict[int, int]:
    """INC-3: per consultant id, invoiced sales in [start, end). One query."""
    rows = (
        _invoiced(store, start, end)
        .filter(commission_excluded=False)
        .values("consultant")
        .annotate(n=Count("pk"))
    )
    return {row["consultant"]: row["n"] for row in rows}


def invoiced_sales_count(*, store, start: datetime, end: datetime) -> int:
    """INC-3: the store's invoiced sales in [start, end), every deal counted
    (for the department's annual target)."""
    return _invoiced(store, start, end).count()


@dataclass(frozen=True)
class PromotionWindow:
    """INC-4: what one campaign counts: [start, end) and a model ("" = all)."""

    key: object
    start: datetime
    end: datetime
    model_name: str = ""


def promotion_cars_by_consultant(
    *, store, windows: list[PromotionWindow], deliveries: bool
) -> dict[object, dict[int, int]]:
    """INC-4: per campaign key, per consultant id, the cars the campaign
    counts: orders placed in its window and not cancelled, or cars delivered
    in it (credited to the order's consultant); of its model, or all. LEAD-9's
    excluded deals count for nobody. One query for all the windows."""
    if not windows:
        return {}
    if deliveries:
        rows = Delivery.objects.filter(store=store, order__commission_excluded=False)
        person, at, model = "order__consultant", "delivered_at", "order__model_name"
    else:
        rows = Order.objects.filter(store=store, commission_excluded=False).exclude(
            status=OrderStatus.CANCELLED
        )
        person, at, model = "consultant", "ordered_at", "model_name"
    conditions = {}
    for n, window in enumerate(windows):
        condition = Q(**{f"{at}__gte": window.start, f"{at}__lt": window.end})
        if window.model_name:
            condition &= Q(**{model: window.model_name})
        conditions[f"w{n}"] = condition
    any_window = Q()
    for condition in conditions.values():
        any_window |= condition
    counted = (
        rows.filter(any_window)
        .values(person)
        .annotate(**{name: Count("pk", filter=c) for name, c in conditions.items()})
        .order_by()
    )
    result: dict[object, dict[int, int]] = {window.key: {} for window in windows}
    for row in counted:
        for n, window in enumerate(windows):
            if row[f"w{n}"]:
                result[window.key][row[person]] = row[f"w{n}"]
    return result
