"""Reads of orders for the delivery steps (DLV-AFFAIRS, DLV-LOAN)."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count, Prefetch, Q, QuerySet
from django.utils import timezone

from dealership.rules import Role
from dealership.timeutil import store_today, store_tz
from sales.models import AffairsTask, LoanCase, Order
from sales.rules import LOAN_TRANSITIONS, AffairsKind, LoanStatus, OrderStatus
from sales.selectors.access import user_sees_whole_store

AFFAIRS_DESK_LIMIT = 200
LOAN_LIST_LIMIT = 200


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


@dataclass(frozen=True)
class LoanRow:
    case: LoanCase
    days_in_stage: int
    next_statuses: tuple[tuple[str, str], ...]  # (status, label) it may move to


LOAN_OPEN_STATUSES = tuple(s for s, nxt in LOAN_TRANSITIONS.items() if nxt)


def loan_cases_open(*, store) -> list[LoanRow]:
    """DLV-LOAN [seed, 销售主管: "办理广汽汇理申请、审批放款跟进及抵押相关手续"]:
    the store's loan cases not yet through to the mortgage (nor declined), the
    one waiting longest in its stage first, for the supervisor's follow-up.
    One query."""
    today = store_today(store)
    cases = (
        LoanCase.objects.filter(order__store=store, status__in=LOAN_OPEN_STATUSES)
        .exclude(order__status=OrderStatus.CANCELLED)
        .select_related("order", "order__consultant")
        .order_by("updated_at", "pk")
    )
    labels = dict(LoanStatus.choices)
    rows = []
    for case in cases[:LOAN_LIST_LIMIT]:
        waiting = (today - timezone.localtime(case.updated_at, store_tz(store)).date()).days
        nxt = tuple((s, labels[s]) for s in LoanStatus.values if s in LOAN_TRANSITIONS[case.status])
        rows.append(LoanRow(case=case, days_in_stage=max(waiting, 0), next_statuses=nxt))
    return rows
