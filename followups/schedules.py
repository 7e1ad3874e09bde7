"""Celery beat schedules of the follow-ups app; installed by sync_defaults,
editable in the admin."""

INTERVAL_TASKS: dict[str, tuple[str, int]] = {
    "followups: scan (FU-*)": ("followups.tasks.followups_scan_task", 600),
}
