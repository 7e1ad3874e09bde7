"""Reads of the sales app."""

from sales.selectors.access import (  # noqa: F401
    customer_get_for_user,
    customer_list_for_user,
    order_steps_for_user,
    user_can_manage_sales,
    user_sees_whole_store,
    visit_get_for_user,
)
from sales.selectors.customers import (  # noqa: F401, E402
    DayFigures,
    customer_timeline,
    customers_due_for_reassignment,
    lost_requests_pending,
    reception_day_figures,
    visit_list_for_day,
)
from sales.selectors.orders import (  # noqa: F401, E402
    AffairsRow,
    LoanRow,
    affairs_orders_for_user,
    loan_cases_open,
    orders_awaiting_affairs,
)
