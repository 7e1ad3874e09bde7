"""Default Celery beat schedules, installed into django-celery-beat's tables so
a manager can change them in the admin without a deploy. Installing never
overwrites a schedule someone edited."""

from __future__ import annotations

from importlib import import_module

from django.db import transaction
from django_celery_beat.models import CrontabSchedule, IntervalSchedule, PeriodicTask

# name -> (task, every N seconds); apps add theirs as INTERVAL_TASKS in their
# own schedules.py.
DEFAULT_INTERVAL_TASKS: dict[str, tuple[str, int]] = {
    "heartbeat": ("dealership.tasks.heartbeat_task", 60),
}

# Deadlines in the stores' time zone: each app lists its crontab tasks in its
# own `schedules.py` as CRONTAB_TASKS = {name: (task, crontab fields)}.
CRONTAB_TIMEZONE = "Asia/Shanghai"
SCHEDULE_APPS = ["sales", "followups", "inventory", "showroom", "scoring"]


def _collect(attribute: str) -> dict:
    tasks: dict = {}
    for app in SCHEDULE_APPS:
        try:
            module = import_module(f"{app}.schedules")
        except ModuleNotFoundError:
            continue
        tasks.update(getattr(module, attribute, {}))
    return tasks


def default_interval_tasks() -> dict[str, tuple[str, int]]:
    return {**DEFAULT_INTERVAL_TASKS, **_collect("INTERVAL_TASKS")}


def default_crontab_tasks() -> dict[str, tuple[str, dict]]:
    return _collect("CRONTAB_TASKS")


@transaction.atomic
def schedules_install_defaults() -> list[str]:
    """Create the periodic tasks that do not exist yet; return their names."""
    created = []
    for name, (task, seconds) in default_interval_tasks().items():
        if PeriodicTask.objects.filter(name=name).exists():
            continue
        interval, _ = IntervalSchedule.objects.get_or_create(
            every=seconds, period=IntervalSchedule.SECONDS
        )
        PeriodicTask.objects.create(name=name, task=task, interval=interval)
        created.append(name)
    for name, (task, fields) in default_crontab_tasks().items():
        if PeriodicTask.objects.filter(name=name).exists():
            continue
        crontab, _ = CrontabSchedule.objects.get_or_create(
            timezone=CRONTAB_TIMEZONE, **_crontab_fields(fields)
        )
        PeriodicTask.objects.create(name=name, task=task, crontab=crontab)
        created.append(name)
    return created


def _crontab_fields(fields: dict) -> dict:
    """Every crontab field, "*" where not given (so get_or_create matches)."""
    keys = ("minute", "hour", "day_of_week", "day_of_month", "month_of_year")
    return {key: str(fields.get(key, "*")) for key in keys}
