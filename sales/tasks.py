"""Scheduled checks of the sales app (PTS-4); each is safe to run twice."""

from __future__ import annotations

from celery import shared_task

from sales import checks


@shared_task
def sms_check_task() -> int:
    """LEAD-5: late or missing post-visit SMS."""
    return checks.sms_check()


@shared_task
def delivery_check_task() -> int:
    """DLV-CLASS, DLV-3GUARANTEE: ten-minute class and 三包 confirmation."""
    return checks.delivery_check()


@shared_task
def reassignment_remind_task() -> int:
    """LEAD-8: tell the sales managers who is due for reassignment."""
    return checks.reassignment_remind()


@shared_task
def spot_check_remind_task() -> int:
    """LEAD-10: remind the sales managers of the week's spot check."""
    return checks.spot_check_remind()


@shared_task
def ungraded_remind_task() -> int:
    """LEAD-4: tell consultants of their customers waiting for a grade."""
    return checks.ungraded_remind()


@shared_task
def reassignment_check_task() -> int:
    """LEAD-8: customers due for reassignment that the manager left waiting."""
    return checks.reassignment_check()
