"""Dashboard rules (RULES.md 7): who sees the boards, the KPI formulas and the
order-plan formula (RPT-ORDER-PLAN). Pure functions, no database."""

from __future__ import annotations

import math
from decimal import ROUND_HALF_UP, Decimal

from dealership.rules import STORE_WIDE_ROLES, Role, percent
from inventory.rules import STOCK_DEPTH_SALES_MONTHS

# Managers, supervisors, the GM office and the information officer see their
# stores' dashboards (issue 8); consultants do not.
DASHBOARD_ROLES = frozenset(STORE_WIDE_ROLES)
# RPT-ORDER-PLAN: the information officer writes the suggestion, the manager
# may correct it.
ORDER_PLAN_EDITOR_ROLES = frozenset({Role.INFO_OFFICER, Role.SALES_MANAGER})
# RPT-LOST: the sales supervisor submits the month-end analysis; the sales
# manager may submit it in the supervisor's place.
LOST_ANALYSIS_EDITOR_ROLES = frozenset({Role.SALES_SUPERVISOR, Role.SALES_MANAGER})

# [practice] Months of sales the stock should cover at the end of the month
# when the N+0.5 order arrives; below the dealers' association's warning
# line of 1.5 (RULES.md 7).
ORDER_PLAN_TARGET_DEPTH = Decimal("1.0")
# Months of deliveries over which the sales velocity is averaged.
VELOCITY_MONTHS = STOCK_DEPTH_SALES_MONTHS  # the same window as the store's stock depth


def rate(numerator: int, denominator: int) -> Decimal | None:
    """A percentage with one decimal, None when the base is zero."""
    return percent(numerator, denominator)


def velocity(delivered: int, months: int = VELOCITY_MONTHS) -> Decimal:
    """Average monthly retail sales (cars a month, two decimals)."""
    return (Decimal(delivered) / months).quantize(Decimal("0.01"), ROUND_HALF_UP)


def order_suggestion(
    *,
    monthly_sales: Decimal,
    on_hand: int,
    in_transit: int,
    retained_orders: int,
    target_depth: Decimal = ORDER_PLAN_TARGET_DEPTH,
) -> tuple[int, int, int]:
    """RPT-ORDER-PLAN [practice]: (N+0.5, N+2, N+3) cars of one model.

    Free stock is what is on hand or on its way less the retained orders (订单
    留存) still waiting for a car. N+0.5 (the second half of this month) covers
    half a month of sales and brings the stock back to `target_depth` months;
    N+2 and N+3 replace one month of sales each at the same velocity. Whole
    cars, rounded up, never negative."""
    free = on_hand + in_transit - retained_orders
    half = monthly_sales / 2 + monthly_sales * target_depth - free
    month = math.ceil(monthly_sales)
    return max(0, math.ceil(half)), month, month


# ORG-2: admin permissions of the dashboards per role (merged by roles_sync:
# "dealership.dashboard" is listed in dealership.rules.PERMISSION_APPS).
ROLE_PERMISSIONS: dict[str, set[str]] = {
    Role.SALES_MANAGER: {
        "dashboard.view_kpitarget",
        "dashboard.add_kpitarget",
        "dashboard.change_kpitarget",
        "dashboard.delete_kpitarget",
        "dashboard.view_orderplan",
        "dashboard.view_lostanalysisreport",
    },
    Role.GM_OFFICE: {
        "dashboard.view_kpitarget",
        "dashboard.view_orderplan",
        "dashboard.view_lostanalysisreport",
    },
    Role.SALES_SUPERVISOR: {
        "dashboard.view_kpitarget",
        "dashboard.view_orderplan",
        "dashboard.view_lostanalysisreport",
    },
    Role.INFO_OFFICER: {"dashboard.view_kpitarget", "dashboard.view_orderplan"},
}
