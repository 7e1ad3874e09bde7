"""Celery tasks of the follow-ups app. Beat runs the scan every 10 minutes
(dealership/schedules.py); it is safe to run twice or from two workers at once."""

from __future__ import annotations

from celery import shared_task

from followups.scan import followups_scan


@shared_task
def followups_scan_task() -> dict:
    """FU-*: create due follow-ups and greetings, open the week's DMS
    reconciliations, mark late and missed ones, hand the facts to scoring and
    remind the owners and supervisors."""
    result = followups_scan()
    return {
        "scheduled": result.scheduled,
        "late": result.late,
        "missed": result.missed,
        "reported": result.reported,
        "reminded": result.reminded,
        "dms_opened": result.dms_opened,
    }
