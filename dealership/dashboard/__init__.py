"""The managers' dashboards (issue 8, RULES.md 7: RPT-KPI-DAILY, RPT-KANBAN,
RPT-STOCK-DAILY, RPT-ORDER-PLAN, RPT-LOST): read-only boards composed from the
selectors of sales, inventory, followups and scoring, plus the two records the
boards own: monthly KPI targets and the written order plan."""
