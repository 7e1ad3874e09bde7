"""Celery beat schedules of the inventory app (MNT-*, KEY-2, STK-IN-1), in the
stores' time zone; installed by `manage.py sync_defaults`, editable in the admin."""

CRONTAB_TASKS: dict[str, tuple[str, dict]] = {
    "inventory: storage-care tasks (MNT-*)": (
        "inventory.tasks.care_tasks_generate_task",
        {"minute": "30", "hour": "6"},
    ),
    "inventory: overdue keys and cars not started (KEY-2, MNT-WEEKLY-START)": (
        "inventory.tasks.stock_alerts_task",
        {"minute": "0", "hour": "*"},
    ),
    "inventory: inbound PDI in time (STK-IN-1)": (
        "inventory.tasks.pdi_lateness_check_task",
        {"minute": "15", "hour": "*"},
    ),
    "inventory: random spot checks of the month (MNT-RANDOM)": (
        "inventory.tasks.spot_checks_plan_task",
        {"minute": "45", "hour": "6"},
    ),
}
