"""Celery tasks of the scoring app (RPT-* deadlines, PTS-4). Each takes no
ids, calls one check, and is safe to run twice: the checks record each fact
once and reminders are idempotent per key. Schedules: dealership/schedules.py
(scoring/schedules.py, Asia/Shanghai)."""

from __future__ import annotations

from celery import shared_task

from scoring import checks


@shared_task
def consultant_log_check_task() -> int:
    """RPT-CONSULTANT-LOG: every quarter hour; the deadline (22:00) is data."""
    return checks.daily_log_check(key="consultant_log")


@shared_task
def manager_log_check_task() -> int:
    """RPT-MGR-LOG: every quarter hour; the deadline (20:00) is data."""
    return checks.daily_log_check(key="manager_log")


@shared_task
def consultant_log_remind_task() -> int:
    """RPT-CONSULTANT-LOG: reminder before the deadline, once per person and day."""
    return checks.daily_log_remind(key="consultant_log")


@shared_task
def manager_log_remind_task() -> int:
    """RPT-MGR-LOG: reminder before the deadline, once per person and day."""
    return checks.daily_log_remind(key="manager_log")


@shared_task
def monthly_report_check_task() -> int:
    """RPT-MONTHLY-*: daily after midnight from the 6th."""
    return checks.monthly_report_check()


@shared_task
def event_kpi_check_task() -> int:
    """RPT-EVENT-KPI: daily after midnight."""
    return checks.event_kpi_check()


@shared_task
def competitor_price_check_task() -> int:
    """RPT-COMPETITOR: Mondays after midnight, for the week before."""
    return checks.competitor_price_check()


@shared_task
def order_plan_check_task() -> int:
    """RPT-ORDER-PLAN: daily after midnight; the due day (the 5th) is data."""
    return checks.store_month_check(key="order_plan")


@shared_task
def lost_analysis_check_task() -> int:
    """RPT-LOST: daily after midnight; the due day (the 3rd of the next month) is data."""
    return checks.store_month_check(key="lost_analysis")


@shared_task
def report_remind_task() -> int:
    """Morning reminders: monthly summaries, order plan, lost-customer
    analysis, event KPI, competitor prices, TRN-4."""
    return checks.report_remind()


@shared_task
def drive_registration_check_task() -> int:
    """LEAD-6: test drives in the consultant's log but not registered."""
    return checks.drive_registration_check()
