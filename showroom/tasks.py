"""Scheduled jobs of the showroom app; each is safe to run twice."""

from __future__ import annotations

from celery import shared_task

from dealership.models import Store
from showroom import services


@shared_task
def runs_create_task() -> int:
    """SHW-DISPLAY/TESTCAR/ENV: today's morning check for every store (07:30)."""
    return services.runs_create_for_today()


@shared_task
def runs_overdue_check_task() -> int:
    """SHW-*: tell managers of morning checks not signed off by 10:00."""
    return services.runs_overdue_check()


@shared_task
def desk_alert_task() -> int:
    """SHW-DESK: alert group leaders whose two standing consultants are busy."""
    return sum(
        services.desk_alert_check(store=store) for store in Store.objects.filter(is_active=True)
    )
