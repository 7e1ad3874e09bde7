"""Storage care (MNT-*): beat tasks idempotent, readings, long-stock moves,
storm alerts, the weekly start check."""

from datetime import date, timedelta

import pytest
import time_machine
from django.urls import reverse

from dealership.errors import DomainError
from dealership.models import Notification
from inventory import selectors, services, tasks
from inventory.models import CareRule, CareTask
from inventory.rules import CareKind
from tests.html import html_part
from tests.inventory.factories import VehicleFactory

WEEKLY = {"weekly_start", "dust"}
HALF = {"tyre", "battery"}
MONTHLY = {"rubber", "dash"}


@time_machine.travel("2026-03-18 08:00 +0800", tick=False)
def test_mnt_beat_task_twice_gives_the_same_tasks(stock_car, store):
    """MNT-WEEKLY-START / MNT-DUST weekly, MNT-TYRE / MNT-BATTERY every half
    month, MNT-RUBBER / MNT-DASH monthly: one task per car and period, and a
    second run adds none (MNT-MOVE: the car is not stored long)."""
    first = tasks.care_tasks_generate_task()
    second = tasks.care_tasks_generate_task()
    assert first == {
        "weekly_start": 1,
        "dust": 1,
        "tyre": 1,
        "battery": 1,
        "rubber": 1,
        "dash": 1,
        "move": 0,
        "battery_off": 0,
    }
    assert set(second.values()) == {0}
    rows = set(CareTask.objects.values_list("kind", "period_start", "due_date"))
    assert rows == {
        ("weekly_start", date(2026, 3, 16), date(2026, 3, 22)),
        ("dust", date(2026, 3, 16), date(2026, 3, 22)),
        ("tyre", date(2026, 3, 16), date(2026, 3, 31)),
        ("battery", date(2026, 3, 16), date(2026, 3, 31)),
        ("rubber", date(2026, 3, 1), date(2026, 3, 31)),
        ("dash", date(2026, 3, 1), date(2026, 3, 31)),
    }


def test_mnt_weekly_dust_half_monthly_tyre_battery_monthly_rubber_dash(stock_car):
    """MNT-WEEKLY-START / MNT-DUST each week, MNT-TYRE / MNT-BATTERY each half
    month, MNT-RUBBER / MNT-DASH each month."""
    with time_machine.travel("2026-03-02 08:00 +0800", tick=False) as traveller:
        services.care_tasks_generate()
        traveller.move_to("2026-03-09 08:00 +0800")  # next week, same half month
        created = services.care_tasks_generate()
        assert {k for k, n in created.items() if n} == WEEKLY
        traveller.move_to("2026-03-16 08:00 +0800")  # second half of March
        created = services.care_tasks_generate()
        assert {k for k, n in created.items() if n} == WEEKLY | HALF
        traveller.move_to("2026-04-01 08:00 +0800")
        created = services.care_tasks_generate()
        assert {k for k, n in created.items() if n} == WEEKLY | HALF | MONTHLY
    assert CareTask.objects.filter(kind="dust").count() == 4


def test_mnt_move_only_for_cars_in_stock_longer_than_the_configured_days(store, yard):
    """MNT-MOVE: "stored long" is 90 days by default, editable in the admin."""
    today = date(2026, 5, 1)
    old = VehicleFactory(store=store, warehouse=yard, arrival_date=today - timedelta(days=90))
    VehicleFactory(store=store, warehouse=yard, arrival_date=today - timedelta(days=89))
    services.care_tasks_generate(today=today)
    assert list(CareTask.objects.filter(kind="move").values_list("vehicle", flat=True)) == [old.pk]
    CareRule.objects.filter(kind="move").update(min_days_in_stock=30)
    services.care_tasks_generate(today=today)
    assert CareTask.objects.filter(kind="move").count() == 2


def test_mnt_battery_long_stored_cars_have_the_battery_disconnected_checked_monthly(
    store, yard, clerk
):
    """MNT-BATTERY [seed]: "对于需要长期存放的车辆必须拨去电瓶线": a car in stock
    90 days (as MNT-MOVE's "long") gets a monthly task to confirm it; a
    younger car does not; done once, the month asks no more."""
    today = date(2026, 5, 1)
    old = VehicleFactory(store=store, warehouse=yard, arrival_date=today - timedelta(days=90))
    young = VehicleFactory(store=store, warehouse=yard, arrival_date=today - timedelta(days=60))
    services.care_tasks_generate(today=today)
    task = CareTask.objects.get(kind="battery_off")
    assert (task.vehicle, task.period_start, task.due_date) == (
        old,
        date(2026, 5, 1),
        date(2026, 5, 31),
    )
    assert task.get_kind_display() == "Long-stored: battery disconnected (MNT-BATTERY)"
    services.care_task_complete(task=task, by=clerk)
    assert services.care_tasks_generate(today=today + timedelta(days=10))["battery_off"] == 0
    assert young.pk not in CareTask.objects.filter(kind="battery_off").values_list(
        "vehicle", flat=True
    )


def test_mnt_in_transit_and_delivered_cars_get_no_tasks(in_transit_car, store, yard):
    VehicleFactory(store=store, warehouse=yard, state="dispatched")
    services.care_tasks_generate()
    assert CareTask.objects.count() == 0


def test_mnt_tyre_and_battery_need_readings(stock_car, technician):
    """MNT-TYRE: four pressures in bar; MNT-BATTERY: the voltage."""
    services.care_tasks_generate()
    tyre = CareTask.objects.get(kind="tyre")
    with pytest.raises(DomainError) as exc:
        services.care_task_complete(task=tyre, by=technician, readings={"fl": 2.3})
    assert exc.value.code == "READING_REQUIRED"
    assert CareTask.objects.get(pk=tyre.pk).done_at is None
    done = services.care_task_complete(
        task=tyre, by=technician, readings={"fl": "2.3", "fr": 2.3, "rl": 2.2, "rr": 2.25}
    )
    assert done.readings == {"fl": 2.3, "fr": 2.3, "rl": 2.2, "rr": 2.25}
    battery = CareTask.objects.get(kind="battery")
    done = services.care_task_complete(task=battery, by=technician, readings={"volts": "12,6"})
    assert done.readings == {"volts": 12.6}  # a decimal comma is read as a point


@pytest.mark.parametrize(
    ("readings", "code", "field"),
    [
        ({"fl": "2.3", "fr": "2.3", "rl": "2.2"}, "READING_REQUIRED", "rr"),
        ({"fl": "2.3", "fr": "2.3", "rl": "2.2", "rr": "nan"}, "READING_REQUIRED", "rr"),
        ({"fl": "33", "fr": "2.3", "rl": "2.2", "rr": "2.2"}, "READING_OUT_OF_RANGE", "fl"),
        ({"fl": "2.3", "fr": "-1", "rl": "2.2", "rr": "2.2"}, "READING_OUT_OF_RANGE", "fr"),
    ],
)
def test_mnt_tyre_readings_refused_name_the_wheel(stock_car, technician, readings, code, field):
    """MNT-TYRE: a pressure typed in psi (33) or a typo is refused at its box;
    nothing is saved."""
    services.care_tasks_generate()
    tyre = CareTask.objects.get(kind="tyre")
    with pytest.raises(DomainError) as exc:
        services.care_task_complete(task=tyre, by=technician, readings=readings)
    assert (exc.value.code, exc.value.field) == (code, field)
    tyre.refresh_from_db()
    assert (tyre.done_at, tyre.readings) == (None, {})


def test_mnt_flat_tyre_and_flat_battery_are_readings_too(stock_car, technician):
    """MNT-TYRE / MNT-BATTERY: a flat tyre or battery (0) is recorded (to be
    charged); a voltage typed without its point is refused."""
    services.care_tasks_generate()
    tyre = CareTask.objects.get(kind="tyre")
    done = services.care_task_complete(
        task=tyre, by=technician, readings={"fl": "0", "fr": "2.3", "rl": "2.2", "rr": "4.5"}
    )
    assert done.readings == {"fl": 0.0, "fr": 2.3, "rl": 2.2, "rr": 4.5}
    battery = CareTask.objects.get(kind="battery")
    with pytest.raises(DomainError) as exc:
        services.care_task_complete(task=battery, by=technician, readings={"volts": "126"})
    assert exc.value.message == "“Battery voltage” must be between 0 and 16 V."
    assert services.care_task_complete(
        task=battery, by=technician, readings={"volts": "0"}
    ).readings == {"volts": 0.0}


def test_mnt_care_page_refusal_comes_back_at_the_task_with_what_was_typed(
    client, stock_car, technician
):
    services.care_tasks_generate()
    tyre = CareTask.objects.get(kind="tyre")
    client.force_login(technician)
    task_html = html_part(client.get(reverse("inventory:care")), f'data-task="{tyre.pk}"')
    assert [n for n in ("r_fl", "r_fr", "r_rl", "r_rr") if f'name="{n}"' in task_html] == [
        "r_fl",
        "r_fr",
        "r_rl",
        "r_rr",
    ]
    assert "左前 (bar)" in task_html  # labelled, translated
    response = client.post(
        reverse("inventory:care_done", args=[tyre.pk]),
        {"r_fl": "2.3", "r_fr": "2.4", "r_rl": "32", "r_rr": "2.3"},
    )
    assert response.status_code == 400
    html = response.content.decode()
    task_html = html_part(response, f'data-task="{tyre.pk}"')
    assert "data-refused" in task_html and "autofocus" in task_html
    assert '<div class="invalid-feedback" data-error="rl">“左后”须在 0 至 4.5 bar 之间。</div>' in (
        task_html
    )
    for name, value in (("fl", "2.3"), ("fr", "2.4"), ("rl", "32"), ("rr", "2.3")):
        assert f'name="r_{name}" value="{value}"' in task_html
    assert html.count("data-refused") == 1
    tyre.refresh_from_db()
    assert (tyre.done_at, tyre.readings) == (None, {})
    response = client.post(
        reverse("inventory:care_done", args=[tyre.pk]),
        {"r_fl": "2.3", "r_fr": "2.4", "r_rl": "2.3", "r_rr": "2.3"},
    )
    assert response.status_code == 302
    tyre.refresh_from_db()
    assert tyre.readings == {"fl": 2.3, "fr": 2.4, "rl": 2.3, "rr": 2.3}
    assert f'data-task="{tyre.pk}"' not in client.get(reverse("inventory:care")).content.decode()


def test_mnt_storm_alert_creates_protect_then_wash_tasks(stock_car, manager, clerk, store):
    with pytest.raises(DomainError) as exc:
        services.storm_alert_raise(store=store, title="台风“山竹”", by=clerk)
    assert exc.value.code == "ROLE_REQUIRED"
    alert = services.storm_alert_raise(store=store, title="台风“山竹”", by=manager)
    assert list(alert.tasks.values_list("kind", "vehicle")) == [
        (CareKind.STORM_PROTECT, stock_car.pk)
    ]
    services.storm_alert_end(alert=alert, by=manager)
    assert sorted(alert.tasks.values_list("kind", flat=True)) == ["storm_protect", "storm_wash"]


def test_mnt_weekly_start_lists_cars_not_started_in_7_days(store, yard, clerk):
    """MNT-WEEKLY-START: stock cars with no start-and-check in 7 days are
    listed, and the clerks get one reminder for the week."""
    with time_machine.travel("2026-03-20 08:00 +0800", tick=False):
        today = date(2026, 3, 20)
        started = VehicleFactory(store=store, warehouse=yard, arrival_date=today - timedelta(30))
        idle = VehicleFactory(store=store, warehouse=yard, arrival_date=today - timedelta(30))
        VehicleFactory(store=store, warehouse=yard, arrival_date=today - timedelta(3))
        services.care_tasks_generate()
        task = CareTask.objects.get(vehicle=started, kind="weekly_start")
        services.care_task_complete(task=task, by=clerk)
        assert list(selectors.vehicles_not_started(store=store)) == [idle]
        assert tasks.stock_alerts_task() == 1
        assert tasks.stock_alerts_task() == 0
        note = Notification.objects.get(user=clerk)
    assert note.titles == {
        "zh-hans": "本周有1台库存车未启动",
        "en": "1 stock cars not started this week",
    }
    assert note.title == "本周有1台库存车未启动"  # the site's language


def _periods(kind):
    return list(
        CareTask.objects.filter(kind=kind)
        .order_by("period_start")
        .values_list("period_start", "due_date")
    )


def _run_on(*days):
    for day in days:
        with time_machine.travel(f"{day} 08:00 +0800", tick=False):
            services.care_tasks_generate()


def test_mnt_dust_every_week(stock_car):
    """MNT-DUST: one dust cleaning per Monday-to-Sunday week."""
    _run_on("2026-03-04", "2026-03-08", "2026-03-09")
    assert _periods("dust") == [
        (date(2026, 3, 2), date(2026, 3, 8)),
        (date(2026, 3, 9), date(2026, 3, 15)),
    ]


def test_mnt_battery_every_half_month_with_the_voltage(stock_car, technician):
    """MNT-BATTERY: every half month (1st-15th, 16th-end), with the voltage."""
    _run_on("2026-03-01", "2026-03-15", "2026-03-16")
    assert _periods("battery") == [
        (date(2026, 3, 1), date(2026, 3, 15)),
        (date(2026, 3, 16), date(2026, 3, 31)),
    ]
    task = CareTask.objects.filter(kind="battery").first()
    with pytest.raises(DomainError) as exc:
        services.care_task_complete(task=task, by=technician, readings={"volts": "flat"})
    assert exc.value.code == "READING_REQUIRED"
    assert CareTask.objects.get(pk=task.pk).readings == {}


def test_mnt_rubber_every_month(stock_car):
    """MNT-RUBBER: rubber parts and seals once a calendar month."""
    _run_on("2026-02-10", "2026-02-28", "2026-03-01")
    assert _periods("rubber") == [
        (date(2026, 2, 1), date(2026, 2, 28)),
        (date(2026, 3, 1), date(2026, 3, 31)),
    ]


def test_mnt_dash_every_month_and_editable_in_the_admin(stock_car):
    """MNT-DASH: the dashboard once a month; the period is admin data."""
    _run_on("2026-03-05")
    assert _periods("dash") == [(date(2026, 3, 1), date(2026, 3, 31))]
    CareRule.objects.filter(kind="dash").update(period="week")
    _run_on("2026-03-10")
    assert _periods("dash")[-1] == (date(2026, 3, 9), date(2026, 3, 15))


def test_mnt_care_refusal_of_a_task_beyond_the_page_is_said_above_it(
    client, stock_car, technician, monkeypatch
):
    from inventory.views import stock

    services.care_tasks_generate()
    tyre = CareTask.objects.get(kind="tyre")
    monkeypatch.setattr(stock, "CARE_PAGE_TASKS", 1)  # the tyre task is not the first
    assert CareTask.objects.order_by("due_date", "kind").first() != tyre
    client.force_login(technician)
    response = client.post(
        reverse("inventory:care_done", args=[tyre.pk]), {"r_fl": "2.3"}, follow=True
    )
    assert [str(m) for m in response.context["messages"]] == ["请填写读数“右前”（bar）。"]
    tyre.refresh_from_db()
    assert (tyre.done_at, tyre.readings) == (None, {})


@pytest.mark.parametrize("note", ["a" * 201, "划痕\x00"])
def test_mnt_care_note_too_long_or_with_a_nul_is_refused_not_a_server_error(
    stock_car, technician, note
):
    """The care page posts its note as it comes; 201 characters or a NUL
    failed the save with a 500 before."""
    _run_on("2026-03-04")
    task = CareTask.objects.get(vehicle=stock_car, kind="dust")
    with pytest.raises(DomainError) as exc:
        services.care_task_complete(task=task, by=technician, note=note)
    assert (exc.value.code, exc.value.field) == ("NOTE_INVALID", "note")
    task.refresh_from_db()
    assert (task.done_at, task.note) == (None, "")


def test_mnt_periods_follow_the_stores_own_day(stock_car, store):
    """MNT-DUST: 01:00 on Monday 03-09 in Shanghai is still Sunday 03-08 in Urumqi: a
    store there gets the task of the week that began 03-02, not 03-09."""
    store.time_zone = "Asia/Urumqi"
    store.save(update_fields=["time_zone"])
    _run_on_at("2026-03-09 01:00 +0800")
    assert _periods("dust") == [(date(2026, 3, 2), date(2026, 3, 8))]
    store.time_zone = "Asia/Shanghai"
    store.save(update_fields=["time_zone"])
    _run_on_at("2026-03-09 01:00 +0800")
    assert _periods("dust")[-1] == (date(2026, 3, 9), date(2026, 3, 15))


def _run_on_at(moment: str) -> None:
    with time_machine.travel(moment, tick=False):
        services.care_tasks_generate()


def test_mnt_tyre_every_half_month_even_in_february(stock_car):
    """MNT-TYRE: the tyre check of each half month: the 1st to the 15th and
    the 16th to the month's last day (the 28th in February)."""
    _run_on("2026-02-15", "2026-02-16", "2026-02-28", "2026-03-01")
    assert _periods("tyre") == [
        (date(2026, 2, 1), date(2026, 2, 15)),
        (date(2026, 2, 16), date(2026, 2, 28)),
        (date(2026, 3, 1), date(2026, 3, 15)),
    ]


def test_mnt_move_once_a_month_for_each_car_stored_long(store, yard, clerk):
    """MNT-MOVE: a car in stock 90 days or more is moved (with its anti-rust
    treatment) once in each calendar month; a car reaching 90 days gets the
    task of the month it reaches them in."""
    old = VehicleFactory(store=store, warehouse=yard, arrival_date=date(2026, 2, 1))
    young = VehicleFactory(store=store, warehouse=yard, arrival_date=date(2026, 3, 3))
    for day in (date(2026, 5, 2), date(2026, 5, 31), date(2026, 6, 1)):
        services.care_tasks_generate(today=day)

    def moves(car):
        tasks_of_car = CareTask.objects.filter(vehicle=car, kind="move").order_by("period_start")
        return list(tasks_of_car.values_list("period_start", "due_date"))

    assert moves(old) == [
        (date(2026, 5, 1), date(2026, 5, 31)),
        (date(2026, 6, 1), date(2026, 6, 30)),
    ]
    assert moves(young) == [(date(2026, 6, 1), date(2026, 6, 30))]
    may = CareTask.objects.get(vehicle=old, kind="move", period_start=date(2026, 5, 1))
    done = services.care_task_complete(task=may, by=clerk, note=" 已移位，底盘防锈 ")
    assert (done.note, done.done_by, done.readings) == ("已移位，底盘防锈", clerk, {})


def test_mnt_care_task_done_once_by_the_clerk_or_a_technician(
    stock_car, clerk, technician, consultant_a
):
    """MNT-DUST (and every care task): done by the warehouse clerk or an
    after-sales technician, once; a consultant is refused and a second
    completion keeps the first."""
    _run_on("2026-03-04")
    dust = CareTask.objects.get(vehicle=stock_car, kind="dust")
    with pytest.raises(DomainError) as exc:
        services.care_task_complete(task=dust, by=consultant_a)
    assert exc.value.code == "ROLE_REQUIRED"
    dust.refresh_from_db()
    assert (dust.done_at, dust.done_by) == (None, None)
    first = services.care_task_complete(task=dust, by=clerk, note="已除尘")
    with pytest.raises(DomainError) as exc:
        services.care_task_complete(task=dust, by=technician, note="再次除尘")
    assert exc.value.code == "ALREADY_DONE"
    dust.refresh_from_db()
    assert (dust.done_at, dust.done_by, dust.note) == (first.done_at, clerk, "已除尘")


def test_mnt_weekly_start_week_is_the_stores_own_calendar_week(
    roles, store, yard, clerk, other_store
):
    """MNT-WEEKLY-START: the week of the start-and-check task and of the
    "not started this week" reminder is the store's own calendar week. At
    01:00 on Monday 03-09 in Shanghai it is still Sunday 03-08, 23:00, in
    Urumqi: the Urumqi store is in the week of 03-02 (ISO week 10) and only
    two hours later, at 01:00 on its Monday, in the week of 03-09 (week 11),
    with a new task and a new reminder. A Shanghai store is in week 11 at
    both runs: one task, one reminder."""
    from dealership.rules import Role
    from tests.factories import UserFactory, WarehouseFactory

    store.time_zone = "Asia/Urumqi"
    store.save(update_fields=["time_zone"])
    shanghai_clerk = UserFactory(roles=[Role.WAREHOUSE_CLERK], stores=[other_store])
    long_ago = date(2026, 2, 1)
    urumqi_car = VehicleFactory(store=store, warehouse=yard, arrival_date=long_ago)
    shanghai_car = VehicleFactory(
        store=other_store, warehouse=WarehouseFactory(store=other_store), arrival_date=long_ago
    )
    with time_machine.travel("2026-03-09 01:00 +0800", tick=False):  # Urumqi: Sun 23:00
        services.care_tasks_generate()
        assert tasks.stock_alerts_task() == 2  # one per store
    with time_machine.travel("2026-03-09 03:00 +0800", tick=False):  # Urumqi: Mon 01:00
        services.care_tasks_generate()
        assert tasks.stock_alerts_task() == 1  # Urumqi's new week only

    def weeks(car):
        rows = CareTask.objects.filter(vehicle=car, kind="weekly_start").order_by("period_start")
        return list(rows.values_list("period_start", "due_date"))

    def reminders(user):
        return sorted(Notification.objects.filter(user=user).values_list("key", flat=True))

    assert weeks(urumqi_car) == [
        (date(2026, 3, 2), date(2026, 3, 8)),
        (date(2026, 3, 9), date(2026, 3, 15)),
    ]
    assert weeks(shanghai_car) == [(date(2026, 3, 9), date(2026, 3, 15))]
    assert reminders(clerk) == [
        f"inventory:not-started:{store.pk}:2026-10",
        f"inventory:not-started:{store.pk}:2026-11",
    ]
    assert reminders(shanghai_clerk) == [f"inventory:not-started:{other_store.pk}:2026-11"]
