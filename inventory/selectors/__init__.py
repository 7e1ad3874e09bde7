"""Reads of the stock app: vehicles, keys and care (vehicles.py) and the
stock reports (stock.py)."""

from inventory.selectors.paperwork import (  # noqa: F401
    PRINTABLE,
    Paper,
    dispatches_open,
    orders_open_for_allocation,
    spot_checks_open,
    storm_alerts_open,
    vehicle_paperwork,
)
from inventory.selectors.stock import (  # noqa: F401
    deliveries_by_model,
    stock_age_bands,
    stock_daily_ledger,
    stock_depth,
    stock_in_transit,
    stock_on_hand,
)
from inventory.selectors.vehicles import (  # noqa: F401
    care_readings_by_kind,
    care_tasks_open,
    key_logs_open,
    key_logs_overdue,
    payment_of,
    selection_requests_pending,
    selection_requests_usable,
    stock_policy_for,
    transfers_pending,
    vehicle_for_order,
    vehicle_get_for_user,
    vehicle_list_for_user,
    vehicle_more_actions,
    vehicle_scan_actions,
    vehicles_awaiting_payment,
    vehicles_not_started,
    warehouses_for_user,
)
