"""Reads of the dashboards: each board composes the apps' selectors (sales,
inventory, followups, scoring) and counts with grouped queries, so the number
of queries never grows with the number of records, people or stores."""

from dealership.dashboard.selectors.compliance import ComplianceBoard, compliance_board  # noqa: F401
from dealership.dashboard.selectors.funnel import Funnel, Series, daily_series, funnel_for_month  # noqa: F401
from dealership.dashboard.selectors.kpi import KpiBoard, kpi_board, kpi_group_view  # noqa: F401
from dealership.dashboard.selectors.lost import (  # noqa: F401
    LostAnalysis,
    LostLines,
    lost_analysis,
    lost_analysis_report_get,
)
from dealership.dashboard.selectors.records import (  # noqa: F401
    UNKNOWN,
    RecordFilter,
    metric_records,
    record_filter_person,
    record_line,
)
from dealership.dashboard.selectors.sources import METRICS, Period  # noqa: F401
from dealership.dashboard.selectors.stock import (  # noqa: F401
    PlanRow,
    StockBoard,
    order_plan_first_written_at,
    order_plan_rows,
    stock_board,
)
