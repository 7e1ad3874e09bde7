"""Celery beat schedules of the showroom app, Asia/Shanghai."""

CRONTAB_TASKS: dict[str, tuple[str, dict]] = {
    "showroom: create the morning checks (SHW-DISPLAY, SHW-TESTCAR, SHW-ENV)": (
        "showroom.tasks.runs_create_task",
        {"minute": "30", "hour": "7"},
    ),
    # Every 15 minutes: each store's sign-off time is its own (SalesPolicy).
    "showroom: morning checks not signed off in time": (
        "showroom.tasks.runs_overdue_check_task",
        {"minute": "*/15"},
    ),
}

INTERVAL_TASKS: dict[str, tuple[str, int]] = {
    "showroom: front desk both busy (SHW-DESK)": ("showroom.tasks.desk_alert_task", 60),
}
