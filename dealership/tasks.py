"""Periodic tasks of the project package."""

from __future__ import annotations

from celery import shared_task

from dealership.services import heartbeat_record

HEARTBEAT_NAME = "celery-beat"


@shared_task
def heartbeat_task(name: str = HEARTBEAT_NAME) -> str:
    """Beat sends this every minute; the home page shows its last run so an
    administrator sees at a glance that scheduled reminders are flowing."""
    beat = heartbeat_record(name=name)
    return beat.last_run_at.isoformat()
