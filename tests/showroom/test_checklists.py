"""The daily opening check (SHW-DISPLAY, SHW-TESTCAR, SHW-ENV and 5S): the
default items, the run with a row per item and subject, ticking, sign-off by
a manager or supervisor, failed items as violations, the overdue alert."""

from __future__ import annotations

from datetime import date, time
from decimal import Decimal

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile

from dealership.errors import DomainError
from dealership.models import Notification
from scoring.models import PenaltyEntry
from showroom import services
from showroom.models import ChecklistItem, ChecklistRun, RunCheck, ShowroomSpot
from showroom.rules import DEFAULT_CHECKLIST_ITEMS, ChecklistKind, CheckResult
from tests.showroom.conftest import DAY, at


def check_of(run, code: str) -> RunCheck:
    return run.checks.get(item__code=code)


def snapshot(run) -> list[tuple]:
    """Everything a refused action must leave as it was."""
    return list(
        RunCheck.objects.filter(run=run)
        .order_by("pk")
        .values_list("result", "note", "responsible_id", "checked_by_id", "fixed_at")
    )


def tick_all(run, by, result=CheckResult.PASS):
    for check in run.checks.all():
        services.run_check_record(check=check, result=result, by=by)


# Default items (data, admin-editable) ------------------------------------------


def test_shw_display_defaults_are_the_seven_items_of_the_seed(db):
    display = list(
        ChecklistItem.objects.filter(kind=ChecklistKind.DISPLAY_CAR).values_list("code", flat=True)
    )
    assert display == [
        "display-in-place",
        "display-colours",
        "display-clean",
        "display-restored",
        "display-waxed",
        "display-cards",
        "display-windows",
    ]
    assert ChecklistItem.objects.get(code="display-windows").text == (
        "展车前窗玻璃是否调下，后玻璃窗调下2/3，天窗调到通风位置"
    )


def test_shw_testcar_defaults_cover_fuel_battery_cleanliness_and_papers(db):
    items = dict(
        ChecklistItem.objects.filter(kind=ChecklistKind.TEST_CAR).values_list(
            "code", "blocks_test_drive"
        )
    )
    assert items == {
        "testcar-in-place": False,
        "testcar-body": True,
        "testcar-interior": True,
        "testcar-registered": False,
        "testcar-condition": True,
        "testcar-fuel": True,
        "testcar-battery": True,
        "testcar-papers": True,
        "testcar-no-smoking": False,
    }


def test_shw_env_defaults_are_the_four_items_and_5s(db):
    codes = set(
        ChecklistItem.objects.filter(kind=ChecklistKind.ENVIRONMENT).values_list("code", flat=True)
    )
    assert codes == {
        "env-floor",
        "env-tables",
        "env-reception",
        "env-keys",
        "5s-brochures",
        "5s-plants",
        "5s-stands",
        "5s-stairwell",
    }


def test_shw_defaults_install_keeps_a_managers_edit_and_adds_what_is_missing(db):
    ChecklistItem.objects.filter(code="display-waxed").update(text="展车每周打蜡")
    ChecklistItem.objects.filter(code="5s-plants").delete()
    assert services.checklist_defaults_install() == 1
    assert services.checklist_defaults_install() == 0
    assert ChecklistItem.objects.get(code="display-waxed").text == "展车每周打蜡"
    assert ChecklistItem.objects.count() == len(DEFAULT_CHECKLIST_ITEMS)


# The run -----------------------------------------------------------------------


def test_shw_run_has_a_row_per_item_and_subject(run, display_car, test_car):
    rows = run.checks.all()
    display = rows.filter(item__kind=ChecklistKind.DISPLAY_CAR)
    testcar = rows.filter(item__kind=ChecklistKind.TEST_CAR)
    env = rows.filter(item__kind=ChecklistKind.ENVIRONMENT)
    assert (display.count(), testcar.count(), env.count()) == (7, 9, 8)
    assert set(display.values_list("vehicle_id", flat=True)) == {display_car.pk}
    assert set(testcar.values_list("test_car_id", flat=True)) == {test_car.pk}
    assert set(env.values_list("vehicle_id", "test_car_id")) == {(None, None)}
    assert set(rows.values_list("result", flat=True)) == {""}


def test_shw_run_skips_inactive_items_spots_and_test_cars(store, display_car, test_car, spot):
    ChecklistItem.objects.filter(code="display-waxed").update(is_active=False)
    test_car.is_active = False
    test_car.save()
    run, _ = services.run_create(store=store, day=DAY)
    assert run.checks.filter(item__kind=ChecklistKind.DISPLAY_CAR).count() == 6
    assert not run.checks.filter(item__kind=ChecklistKind.TEST_CAR).exists()
    ShowroomSpot.objects.filter(pk=spot.pk).update(is_active=False)
    other, _ = services.run_create(store=store, day=DAY.replace(day=11))
    assert not other.checks.filter(item__kind=ChecklistKind.DISPLAY_CAR).exists()


def test_shw_run_create_twice_is_one_run_with_the_same_rows(store, run):
    rows = run.checks.count()
    again, created = services.run_create(store=store, day=DAY)
    assert (again, created) == (run, False)
    assert ChecklistRun.objects.filter(store=store, day=DAY).count() == 1
    assert again.checks.count() == rows


def test_shw_run_open_adds_a_test_car_put_in_service_after_creation(store, run, manager):
    from sales.models import TestCar

    car = TestCar.objects.create(store=store, model_name="缤智", plate="粤Q88888")
    assert services.run_open(store=store, day=DAY, by=manager) == run
    assert run.checks.filter(test_car=car).count() == 9


def test_shw_run_open_refused_for_a_consultant(store, consultant_a, db):
    with pytest.raises(DomainError) as exc:
        services.run_open(store=store, day=DAY, by=consultant_a)
    assert exc.value.code == "ROLE_REQUIRED"
    assert not ChecklistRun.objects.exists()


# Ticking -----------------------------------------------------------------------


def test_shw_display_pass_is_recorded_with_who_and_when(run, supervisor):
    check = check_of(run, "display-in-place")
    with time_machine.travel(at(2026, 3, 10, 8, 5), tick=False):
        services.run_check_record(check=check, result=CheckResult.PASS, by=supervisor)
    check.refresh_from_db()
    assert (check.result, check.checked_by, check.checked_at) == (
        "pass",
        supervisor,
        at(2026, 3, 10, 8, 5),
    )


def test_shw_testcar_failure_takes_a_note_and_the_responsible_person(run, manager, consultant_a):
    check = check_of(run, "testcar-fuel")
    services.run_check_record(
        check=check, result="fail", note=" 油表见底 ", responsible=consultant_a, by=manager
    )
    check.refresh_from_db()
    assert (check.result, check.note, check.responsible) == ("fail", "油表见底", consultant_a)


def test_shw_env_failure_with_a_photo_only(run, manager, consultant_a, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    check = check_of(run, "env-floor")
    photo = SimpleUploadedFile("floor.jpg", b"\xff\xd8\xff\xe0jpeg", content_type="image/jpeg")
    services.run_check_record(
        check=check, result="fail", photo=photo, responsible=consultant_a, by=manager
    )
    check.refresh_from_db()
    assert check.photo.name.startswith(f"showroom/{run.store_id}/2026/03/10/floor")
    assert (tmp_path / check.photo.name).read_bytes() == b"\xff\xd8\xff\xe0jpeg"


def test_shw_env_pass_after_fail_clears_the_fault(run, manager, consultant_a):
    check = check_of(run, "env-tables")
    services.run_check_record(
        check=check, result="fail", note="椅子乱", responsible=consultant_a, by=manager
    )
    services.run_check_record(check=check, result="pass", by=manager)
    check.refresh_from_db()
    assert (check.result, check.note, check.responsible) == ("pass", "", None)


@pytest.mark.parametrize(
    ("kwargs", "code"),
    [
        ({"result": "fail", "responsible": "consultant"}, "FAIL_NEEDS_EVIDENCE"),
        ({"result": "fail", "note": "有烟头"}, "RESPONSIBLE_REQUIRED"),
        ({"result": "maybe"}, "RESULT_REQUIRED"),
        ({"result": "fail", "note": "有烟头", "responsible": "outsider"}, "PERSON_OTHER_STORE"),
    ],
)
def test_shw_env_failure_refused_without_evidence_or_responsible(
    run, manager, consultant_a, other_manager, kwargs, code
):
    people = {"consultant": consultant_a, "outsider": other_manager}
    if "responsible" in kwargs:
        kwargs["responsible"] = people[kwargs["responsible"]]
    before = snapshot(run)
    with pytest.raises(DomainError) as exc:
        services.run_check_record(check=check_of(run, "env-floor"), by=manager, **kwargs)
    assert exc.value.code == code
    assert snapshot(run) == before


@pytest.mark.parametrize("who", ["consultant_a", "gm", "other_manager"])
def test_shw_display_only_checkers_of_the_store_tick(run, request, who):
    by = request.getfixturevalue(who)
    before = snapshot(run)
    with pytest.raises(DomainError) as exc:
        services.run_check_record(check=check_of(run, "display-clean"), result="pass", by=by)
    expected = "STORE_NOT_ASSIGNED" if who == "other_manager" else "ROLE_REQUIRED"
    assert exc.value.code == expected
    assert snapshot(run) == before


# Sign-off and the violations ---------------------------------------------------


def test_shw_sign_off_refused_while_items_are_open(run, manager):
    services.run_check_record(check=check_of(run, "env-floor"), result="pass", by=manager)
    with pytest.raises(DomainError) as exc:
        services.run_sign_off(run=run, by=manager)
    assert exc.value.code == "RUN_INCOMPLETE"
    assert exc.value.message == f"还有 {run.checks.count() - 1} 项未检查。"
    run.refresh_from_db()
    assert (run.signed_off_at, run.signed_off_by) == (None, None)


@pytest.mark.parametrize("who", ["consultant_a", "gm", "clerk", "leader_a"])
def test_shw_sign_off_only_by_the_manager_or_a_supervisor(run, manager, request, who):
    tick_all(run, manager)
    with pytest.raises(DomainError) as exc:
        services.run_sign_off(run=run, by=request.getfixturevalue(who))
    assert exc.value.code == "ROLE_REQUIRED"
    run.refresh_from_db()
    assert run.signed_off_at is None


def test_shw_sign_off_refused_in_another_store(run, manager, other_manager):
    tick_all(run, manager)
    with pytest.raises(DomainError) as exc:
        services.run_sign_off(run=run, by=other_manager)
    assert exc.value.code == "STORE_NOT_ASSIGNED"
    assert ChecklistRun.objects.get(pk=run.pk).signed_off_at is None


def test_shw_sign_off_records_the_time_and_a_violation_per_failed_item(
    run, supervisor, manager, consultant_a, consultant_b, display_car, test_car
):
    tick_all(run, supervisor)
    failures = [
        ("display-clean", consultant_a, "SHW-DISPLAY", "机头有灰"),
        ("display-windows", consultant_a, "SHW-DISPLAY", "天窗未开"),
        ("testcar-battery", consultant_b, "SHW-TESTCAR", "电瓶亏电"),
        ("5s-stairwell", consultant_b, "SHW-ENV", "楼梯有杂物"),
    ]
    for code, person, _rule, note in failures:
        services.run_check_record(
            check=check_of(run, code), result="fail", note=note, responsible=person, by=supervisor
        )
    with time_machine.travel(at(2026, 3, 10, 8, 40), tick=False):
        services.run_sign_off(run=run, by=supervisor)
    run.refresh_from_db()
    assert (run.signed_off_at, run.signed_off_by) == (at(2026, 3, 10, 8, 40), supervisor)
    entries = PenaltyEntry.objects.order_by("pk")
    assert sorted(
        (e.fact_key, e.rule.code, e.person.username, e.points, e.fact_date) for e in entries
    ) == sorted(
        (f"run-check:{check_of(run, code).pk}", rule, person.username, Decimal("1.0"), DAY)
        for code, person, rule, _note in failures
    )
    clean = check_of(run, "display-clean")
    first = entries.get(fact_key=f"run-check:{clean.pk}")
    assert (first.fact_key, first.evidence_id, first.source) == (
        f"run-check:{clean.pk}",
        clean.pk,
        "auto:showroom_morning_check",
    )
    assert (
        first.note
        == f"展厅内展车是否干净、整洁（机头、尾箱、地毯、内饰等） · {display_car} · 机头有灰"
    )
    told = Notification.objects.filter(key=f"showroom-run-failed:{run.pk}")
    assert {n.user for n in told} == {manager, supervisor}
    assert told.first().title == "2026-03-10 晨检：4 项不合格"


def test_shw_sign_off_with_no_failure_records_no_violation(run, manager):
    tick_all(run, manager)
    services.run_sign_off(run=run, by=manager)
    assert not PenaltyEntry.objects.exists()
    assert not Notification.objects.exists()


def test_shw_signed_off_run_cannot_change_or_be_signed_twice(run, manager, consultant_a):
    tick_all(run, manager)
    services.run_check_record(
        check=check_of(run, "env-keys"),
        result="fail",
        note="钥匙未交接",
        responsible=consultant_a,
        by=manager,
    )
    services.run_sign_off(run=run, by=manager)
    before = (snapshot(run), PenaltyEntry.objects.count())
    with pytest.raises(DomainError) as exc:
        services.run_check_record(check=check_of(run, "env-keys"), result="pass", by=manager)
    assert exc.value.code == "RUN_SIGNED_OFF"
    with pytest.raises(DomainError) as exc:
        services.run_sign_off(run=run, by=manager)
    assert exc.value.code == "ALREADY_SIGNED_OFF"
    assert (snapshot(run), PenaltyEntry.objects.count()) == before == (before[0], 1)


# Overdue: missing runs are visible to managers ------------------------------------


def test_shw_overdue_check_tells_managers_of_a_missing_run_once(
    store, other_store, manager, supervisor, consultant_a, other_manager
):
    with time_machine.travel(at(2026, 3, 10, 9, 59), tick=False):
        assert services.runs_overdue_check() == 0
    with time_machine.travel(at(2026, 3, 10, 10, 5), tick=False):
        assert services.runs_overdue_check() == 3  # manager, supervisor, other store's manager
        assert services.runs_overdue_check() == 0
    note = Notification.objects.get(user=manager)
    assert (note.key, note.title, note.url) == (
        f"showroom-run-missing:{store.pk}:2026-03-10",
        "2026-03-10 的晨检尚未签核",
        "/showroom/",
    )
    assert not Notification.objects.filter(user=consultant_a).exists()


def test_shw_overdue_check_follows_the_stores_sign_off_time(store, manager):
    """A store that opens at 08:30 wants its check signed off by 09:00: its
    managers hear of a missing one at 09:00, not at 10:00."""
    from sales.services import sales_policy_for

    policy = sales_policy_for(store)
    policy.morning_check_due_at = time(9, 0)
    policy.save(update_fields=["morning_check_due_at"])
    with time_machine.travel(at(2026, 3, 10, 8, 59), tick=False):
        assert services.runs_overdue_check() == 0
    with time_machine.travel(at(2026, 3, 10, 9, 0), tick=False):
        assert services.runs_overdue_check() == 1
    assert Notification.objects.get().user == manager


def test_shw_overdue_check_is_quiet_before_the_stores_first_day_on_the_system(
    store, manager, supervisor
):
    store.live_from = date(2026, 3, 11)
    store.save(update_fields=["live_from"])
    with time_machine.travel(at(2026, 3, 10, 10, 5), tick=False):
        assert services.runs_overdue_check() == 0
    assert not Notification.objects.exists()
    with time_machine.travel(at(2026, 3, 11, 10, 5), tick=False):
        assert services.runs_overdue_check() == 2


def test_shw_overdue_check_is_quiet_for_a_signed_off_run(store, run, manager, supervisor):
    tick_all(run, manager)
    services.run_sign_off(run=run, by=manager)
    with time_machine.travel(at(2026, 3, 10, 10, 5), tick=False):
        assert services.runs_overdue_check() == 0
    with time_machine.travel(at(2026, 3, 11, 10, 5), tick=False):
        assert services.runs_overdue_check() == 2  # the next day's run is missing


# Fixing a fault ------------------------------------------------------------------


def test_shw_testcar_fault_marked_fixed_keeps_the_violation(run, manager, consultant_a):
    check = check_of(run, "testcar-fuel")
    tick_all(run, manager)
    services.run_check_record(
        check=check, result="fail", note="油表见底", responsible=consultant_a, by=manager
    )
    services.run_sign_off(run=run, by=manager)
    with time_machine.travel(at(2026, 3, 10, 9, 15), tick=False):
        services.run_check_fix(check=check, by=manager)
    check.refresh_from_db()
    assert (check.fixed_at, check.fixed_by, check.result) == (
        at(2026, 3, 10, 9, 15),
        manager,
        "fail",
    )
    assert PenaltyEntry.objects.filter(person=consultant_a, rule__code="SHW-TESTCAR").count() == 1


@pytest.mark.parametrize(
    ("setup", "who", "code"),
    [
        ("failed", "consultant_a", "ROLE_REQUIRED"),
        ("passed", "manager", "CHECK_NOT_FAILED"),
        ("fixed", "manager", "ALREADY_FIXED"),
    ],
)
def test_shw_testcar_fix_refused(run, manager, consultant_a, request, setup, who, code):
    check = check_of(run, "testcar-battery")
    if setup == "passed":
        services.run_check_record(check=check, result="pass", by=manager)
    else:
        services.run_check_record(
            check=check, result="fail", note="亏电", responsible=consultant_a, by=manager
        )
    if setup == "fixed":
        services.run_check_fix(check=check, by=manager)
    before = snapshot(run)
    with pytest.raises(DomainError) as exc:
        services.run_check_fix(check=check, by=request.getfixturevalue(who))
    assert exc.value.code == code
    assert snapshot(run) == before


def test_shw_testcar_migration_0004_brings_0002_texts_to_the_current_ones(db):
    """A database that ran 0002 had fuel and battery inside the condition item;
    0004 rewrites that text (and the old papers text), not a manager's edit."""
    from importlib import import_module

    from django.apps import apps

    migration = import_module("showroom.migrations.0004_testcar_item_texts")
    condition = ChecklistItem.objects.get(code="testcar-condition")
    papers = ChecklistItem.objects.get(code="testcar-papers")
    ChecklistItem.objects.filter(pk=condition.pk).update(
        text="检查车况是否良好，燃油是否充足，电瓶是否有电",
        text_en="Condition good, fuel sufficient, battery charged",
    )
    ChecklistItem.objects.filter(pk=papers.pk).update(text="经理改过的文字")
    migration.current_texts(apps, None)
    condition.refresh_from_db()
    papers.refresh_from_db()
    assert (condition.text, condition.text_en) == (
        "检查车况是否良好（无故障灯、轮胎正常）",
        "Condition good: no warning lights, tyres fine",
    )
    assert papers.text == "经理改过的文字"
