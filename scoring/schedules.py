"""Celery beat schedules of the scoring app (RPT-* deadlines), in the stores'
time zone; installed by `manage.py sync_defaults`, editable in the admin.

The daily-log checks and reminders run every quarter of an hour: the
deadlines themselves are data (ReportDeadline), so a manager who moves the
22:00 deadline needs no change here. Each run records a fact once."""

EVERY_QUARTER = {"minute": "*/15"}

CRONTAB_TASKS: dict[str, tuple[str, dict]] = {
    "scoring: manager log reminder (RPT-MGR-LOG)": (
        "scoring.tasks.manager_log_remind_task",
        EVERY_QUARTER,
    ),
    "scoring: manager log check (RPT-MGR-LOG)": (
        "scoring.tasks.manager_log_check_task",
        EVERY_QUARTER,
    ),
    "scoring: consultant log reminder (RPT-CONSULTANT-LOG)": (
        "scoring.tasks.consultant_log_remind_task",
        EVERY_QUARTER,
    ),
    "scoring: consultant log check (RPT-CONSULTANT-LOG)": (
        "scoring.tasks.consultant_log_check_task",
        EVERY_QUARTER,
    ),
    "scoring: test drives not registered (LEAD-6)": (
        "scoring.tasks.drive_registration_check_task",
        {"minute": "40"},
    ),
    "scoring: monthly summaries check (RPT-MONTHLY)": (
        "scoring.tasks.monthly_report_check_task",
        {"minute": "10", "hour": "0"},
    ),
    "scoring: event KPI check (RPT-EVENT-KPI)": (
        "scoring.tasks.event_kpi_check_task",
        {"minute": "20", "hour": "0"},
    ),
    "scoring: competitor prices check (RPT-COMPETITOR)": (
        "scoring.tasks.competitor_price_check_task",
        {"minute": "30", "hour": "0", "day_of_week": "1"},
    ),
    "scoring: order plan check (RPT-ORDER-PLAN)": (
        "scoring.tasks.order_plan_check_task",
        {"minute": "15", "hour": "0"},
    ),
    "scoring: lost-customer analysis check (RPT-LOST)": (
        "scoring.tasks.lost_analysis_check_task",
        {"minute": "25", "hour": "0"},
    ),
    "scoring: report reminders (RPT-MONTHLY, RPT-EVENT-KPI, RPT-COMPETITOR)": (
        "scoring.tasks.report_remind_task",
        {"minute": "0", "hour": "9"},
    ),
}
