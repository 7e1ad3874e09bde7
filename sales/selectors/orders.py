"""Reads of orders for the delivery steps (DLV-AFFAIRS)."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count, Prefetch, Q, QuerySet

from dealership.rules import Role
from sales.models import AffairsTask, Order
from sales.rules import AffairsKind, OrderStatus
from sales.selectors.access import user_sees_whole_store

AFFAIRS_DESK_LIMIT = 200


@dataclass(frozen=True)
class AffairsRow:
    order: Order
    done: tuple[AffairsTask, ...]
    missing: tuple[tuple[str, str], ...]  # (kind, label) still to do


def affairs_orders_for_user(*, user, store) -> QuerySet[Order]:
    """The live orders whose vehicle affairs the person records: the vehicle
    affairs clerk and the store-wide roles, the store's; a consultant, their
    own customers'."""
    orders = Order.objects.filter(store=store).exclude(status=OrderStatus.CANCELLED)
    if not (user_sees_whole_store(user) or user.has_role(Role.VEHICLE_AFFAIRS)):
        orders = orders.filter(customer__consultant=user)
    return orders


def orders_awaiting_affairs(*, user, store, order_id: int | None = None) -> list[AffairsRow]:
    """DLV-AFFAIRS [seed, 车务人员: "执行新车上牌入户，购买新车相关费用"]: the
    person's orders (affairs_orders_for_user) with plates, purchase tax or
    insurance still to do, oldest first; or just `order_id`. Two queries."""
    orders = (
        affairs_orders_for_user(user=user, store=store)
        .annotate(affairs_done=Count("affairs", filter=Q(affairs__done_at__isnull=False)))
        .filter(affairs_done__lt=len(AffairsKind.values))
        .select_related("customer", "consultant")
        .prefetch_related(Prefetch("affairs", queryset=AffairsTask.objects.order_by("kind")))
        .order_by("ordered_at", "pk")
    )
    if order_id is not None:
        orders = orders.filter(pk=order_id)
    rows = []
    for order in orders[:AFFAIRS_DESK_LIMIT]:
        done = tuple(order.affairs.all())
        kinds = {task.kind for task in done}
        missing = tuple((k, label) for k, label in AffairsKind.choices if k not in kinds)
        rows.append(AffairsRow(order=order, done=done, missing=missing))
    return rows
