"""The Celery beat jobs of the showroom: today's morning check for every
store before opening (exactly one run per store and day, however often the
job runs), the overdue alert, the front-desk alert."""

from __future__ import annotations

import threading

import pytest
import time_machine
from django.db import connection
from django_celery_beat.models import PeriodicTask

from dealership.schedules import schedules_install_defaults
from showroom import services, tasks
from showroom.models import ChecklistRun, RunCheck
from tests.factories import StoreFactory
from tests.showroom.conftest import DAY, at


def runs() -> list[tuple]:
    return sorted(ChecklistRun.objects.values_list("store__code", "day"))


def test_shw_beat_creates_exactly_one_run_per_store_per_day(store, other_store, test_car):
    StoreFactory(code="closed", is_active=False)
    with time_machine.travel(at(2026, 3, 10, 7, 30), tick=False):  # 23:30 UTC the day before
        assert tasks.runs_create_task() == 2
        rows = RunCheck.objects.count()
        assert tasks.runs_create_task() == 0
        assert tasks.runs_create_task.apply().get() == 0
    assert runs() == [("mm", DAY), ("yj", DAY)]
    assert RunCheck.objects.count() == rows
    assert ChecklistRun.objects.get(store=store).checks.filter(test_car=test_car).count() == 9
    with time_machine.travel(at(2026, 3, 11, 7, 30), tick=False):
        assert tasks.runs_create_task() == 2
    assert len(runs()) == 4


def test_shw_beat_keeps_a_run_started_by_hand_earlier(store, manager):
    with time_machine.travel(at(2026, 3, 10, 7, 10), tick=False):
        run = services.run_open(store=store, day=DAY, by=manager)
    with time_machine.travel(at(2026, 3, 10, 7, 30), tick=False):
        assert tasks.runs_create_task() == 0
    assert list(ChecklistRun.objects.all()) == [run]


def test_shw_beat_leaves_a_signed_off_run_alone(store, run, manager, test_car):
    for check in run.checks.all():
        services.run_check_record(check=check, result="pass", by=manager)
    services.run_sign_off(run=run, by=manager)
    rows = run.checks.count()
    from sales.models import TestCar

    TestCar.objects.create(store=store, model_name="缤智", plate="粤Q66666")
    with time_machine.travel(at(2026, 3, 10, 11, 0), tick=False):
        services.runs_create_for_today()
    assert run.checks.count() == rows


@pytest.mark.django_db(transaction=True)
def test_shw_beat_two_workers_at_once_still_create_one_run(store, other_store):
    """Two workers picking up the job at the same moment (a duplicate beat
    message): the unique constraints decide, nobody fails."""
    barrier = threading.Barrier(2)
    results, errors = [], []

    def work():
        try:
            barrier.wait(timeout=10)
            results.append(services.runs_create_for_today())
        except Exception as exc:  # noqa: BLE001 - reported below
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=work) for _ in range(2)]
    with time_machine.travel(at(2026, 3, 10, 7, 30), tick=False):
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=30)
    assert errors == []
    assert sum(results) == 2
    assert runs() == [("mm", DAY), ("yj", DAY)]
    per_run = {r.pk: r.checks.count() for r in ChecklistRun.objects.all()}
    assert len(set(per_run.values())) == 1  # each store got the same full set of rows


def test_shw_beat_schedules_are_installed(db):
    schedules_install_defaults()
    create = PeriodicTask.objects.get(task="showroom.tasks.runs_create_task")
    assert (create.crontab.hour, create.crontab.minute, str(create.crontab.timezone)) == (
        "7",
        "30",
        "Asia/Shanghai",
    )
    overdue = PeriodicTask.objects.get(task="showroom.tasks.runs_overdue_check_task")
    assert (overdue.crontab.hour, overdue.crontab.minute) == ("*", "*/15")  # store's own time
    desk = PeriodicTask.objects.get(task="showroom.tasks.desk_alert_task")
    assert desk.interval.every == 60


def test_shw_overdue_task_runs_the_check(store, manager):
    with time_machine.travel(at(2026, 3, 10, 10, 5), tick=False):
        assert tasks.runs_overdue_check_task() == 1
        assert tasks.runs_overdue_check_task() == 0


def test_shw_an_installed_10_05_overdue_schedule_is_moved_to_every_15_minutes(db):
    """Migration 0006: a beat schedule installed under the old name and time
    becomes the quarter-hourly one; sync_defaults then adds no second."""
    from importlib import import_module

    from django.apps import apps
    from django_celery_beat.models import CrontabSchedule

    old = CrontabSchedule.objects.create(minute="5", hour="10", timezone="Asia/Shanghai")
    PeriodicTask.objects.create(
        name="showroom: morning checks not signed off by 10:00",
        task="showroom.tasks.runs_overdue_check_task",
        crontab=old,
    )
    import_module("showroom.migrations.0006_overdue_check_every_quarter_hour").forward(apps, None)
    schedules_install_defaults()
    (beat,) = PeriodicTask.objects.filter(task="showroom.tasks.runs_overdue_check_task")
    assert (beat.name, beat.crontab.minute, beat.crontab.hour) == (
        "showroom: morning checks not signed off in time",
        "*/15",
        "*",
    )


def test_shw_a_re_timed_overdue_schedule_is_left_as_the_manager_set_it(db):
    """Migration 0006 leaves a schedule a manager moved to 09:05 as it was;
    the quarter-hourly one is installed beside it."""
    from importlib import import_module

    from django.apps import apps
    from django_celery_beat.models import CrontabSchedule

    own = CrontabSchedule.objects.create(minute="5", hour="9", timezone="Asia/Shanghai")
    PeriodicTask.objects.create(
        name="showroom: morning checks not signed off by 10:00",
        task="showroom.tasks.runs_overdue_check_task",
        crontab=own,
    )
    import_module("showroom.migrations.0006_overdue_check_every_quarter_hour").forward(apps, None)
    schedules_install_defaults()
    beats = PeriodicTask.objects.filter(task="showroom.tasks.runs_overdue_check_task")
    assert sorted((b.name, b.crontab.minute, b.crontab.hour) for b in beats) == [
        ("showroom: morning checks not signed off by 10:00", "5", "9"),
        ("showroom: morning checks not signed off in time", "*/15", "*"),
    ]
