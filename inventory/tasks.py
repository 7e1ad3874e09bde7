"""Periodic tasks of the stock app (MNT-*, KEY-2). Each is safe to run twice."""

from __future__ import annotations

from collections.abc import Callable

from celery import shared_task
from django.urls import reverse
from django.utils.translation import gettext_noop

from dealership.models import Store
from dealership.rules import Role
from dealership.selectors import staff_on_duty_with_role
from dealership.services import message, notification_send
from dealership.timeutil import store_today
from inventory import checks, selectors, services


@shared_task
def care_tasks_generate_task() -> dict[str, int]:
    """MNT-*: the current period's storage-care tasks for every car in stock
    (daily; the unique vehicle+kind+period makes re-runs no-ops)."""
    return services.care_tasks_generate()


@shared_task
def pdi_lateness_check_task() -> int:
    """STK-IN-1: inbound PDI not done in time → −1, once per car."""
    return checks.pdi_lateness_check()


@shared_task
def spot_checks_plan_task() -> int:
    """MNT-RANDOM: draw each store's random spot checks of the month. Runs
    daily so a missed 1st does not skip a month; once drawn, a month's
    checks stay as they are."""
    return sum(
        services.spot_checks_plan(store=store) for store in Store.objects.filter(is_active=True)
    )


@shared_task
def stock_alerts_task() -> int:
    """KEY-2 overdue keys and MNT-WEEKLY-START cars not started: one reminder
    per fact for the store's clerks (notification keys make it idempotent)."""
    sent = 0
    for store in Store.objects.filter(is_active=True):
        # the clerks, and on their rest day the supervisors who stand in
        clerks = staff_on_duty_with_role(store=store, role=Role.WAREHOUSE_CLERK)
        for log in selectors.key_logs_overdue(store=store):
            sent += _notify(
                clerks,
                store,
                key=f"inventory:key-overdue:{log.pk}",
                title=message(
                    gettext_noop("Key %(key)s not returned (%(vin)s)"),
                    key=log.key.number,
                    vin=log.vehicle.vin,
                ),
            )
        week = store_today(store).isocalendar()
        count = selectors.vehicles_not_started(store=store).count()
        if count:
            sent += _notify(
                clerks,
                store,
                key=f"inventory:not-started:{store.pk}:{week.year}-{week.week}",
                title=message(gettext_noop("%(n)d stock cars not started this week"), n=count),
            )
    return sent


def _notify(users, store, *, key: str, title: Callable[[], str]) -> int:
    url = reverse("inventory:stock")
    return sum(notification_send(user=u, key=key, title=title, url=url, store=store) for u in users)
