"""Celery beat schedules of the inventory app (MNT-*, KEY-2), in the stores'
time zone; installed by `manage.py sync_defaults`, editable in the admin."""

CRONTAB_TASKS: dict[str, tuple[str, dict]] = {
    "inventory: storage-care tasks (MNT-*)": (
        "inventory.tasks.care_tasks_generate_task",
        {"minute": "30", "hour": "6"},
    ),
    "inventory: overdue keys and cars not started (KEY-2, MNT-WEEKLY-START)": (
        "inventory.tasks.stock_alerts_task",
        {"minute": "0", "hour": "*"},
    ),
}
