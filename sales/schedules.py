"""Celery beat schedules of the sales app (PTS-4 checks), Asia/Shanghai."""

CRONTAB_TASKS: dict[str, tuple[str, dict]] = {
    "sales: post-visit SMS check (LEAD-5)": ("sales.tasks.sms_check_task", {"minute": "*/15"}),
    "sales: delivery class and 三包 check (DLV-CLASS, DLV-3GUARANTEE)": (
        "sales.tasks.delivery_check_task",
        {"minute": "40", "hour": "23"},
    ),
    "sales: reassignment due reminder (LEAD-8)": (
        "sales.tasks.reassignment_remind_task",
        {"minute": "30", "hour": "8"},
    ),
    "sales: weekly spot check reminder (LEAD-10)": (
        "sales.tasks.spot_check_remind_task",
        {"minute": "40", "hour": "8"},
    ),
    "sales: customers waiting for a grade (LEAD-4)": (
        "sales.tasks.ungraded_remind_task",
        {"minute": "45", "hour": "8"},
    ),
    "sales: reassignment overdue check (LEAD-8)": (
        "sales.tasks.reassignment_check_task",
        {"minute": "50", "hour": "23"},
    ),
}
