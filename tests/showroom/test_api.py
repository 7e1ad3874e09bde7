"""The showroom API for the phone: today's run, ticking, sign-off (only the
manager or a supervisor), test cars not ready, the desk board; refusals as
{"code", "detail"} with nothing changed; store scoping; query budgets."""

from __future__ import annotations

from datetime import time

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile

from showroom import services
from showroom.models import ChecklistRun, RunCheck
from tests.showroom.conftest import DAY, at

pytestmark = pytest.mark.django_db

MORNING = at(2026, 3, 10, 8, 30)


def test_shw_api_today_run_with_its_checks(login, run, supervisor, display_car):
    with time_machine.travel(MORNING, tick=False):
        body = login(supervisor).get("/api/showroom/runs/today/").json()
    assert (body["id"], body["day"], body["signed_off_at"]) == (run.pk, "2026-03-10", None)
    assert len(body["checks"]) == run.checks.count()
    first = body["checks"][0]
    assert (first["item"], first["kind"], first["vehicle"], first["result"]) == (
        "display-in-place",
        "display_car",
        display_car.pk,
        "",
    )
    assert first["label"] == "展厅内展车是否到位，没有空缺（正在调车、洗车做PDI除外）"


def test_shw_api_no_run_yet_is_404(login, manager):
    with time_machine.travel(MORNING, tick=False):
        response = login(manager).get("/api/showroom/runs/today/")
    assert (response.status_code, response.json()["code"]) == (404, "NOT_FOUND")


def test_shw_api_today_run_query_count_does_not_grow(
    login, store, run, manager, yard, django_assert_max_num_queries
):
    from sales.models import TestCar

    client = login(manager)
    with time_machine.travel(MORNING, tick=False):
        with django_assert_max_num_queries(20) as small:
            client.get("/api/showroom/runs/today/")
        for n in range(3):
            TestCar.objects.create(store=store, model_name="缤智", plate=f"粤Q7000{n}")
        services.run_open(store=store, day=DAY, by=manager)
        with django_assert_max_num_queries(len(small.captured_queries)):
            body = client.get("/api/showroom/runs/today/").json()
    assert len(body["checks"]) == run.checks.count() == 7 + 4 * 9 + 8


def test_shw_api_tick_fail_with_photo(login, run, manager, consultant_a, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    check = run.checks.get(item__code="testcar-body")
    response = login(manager).post(
        f"/api/showroom/checks/{check.pk}/",
        {
            "result": "fail",
            "note": "左前门划痕",
            "responsible": consultant_a.pk,
            "photo": SimpleUploadedFile("door.jpg", b"\xff\xd8\xff", content_type="image/jpeg"),
        },
    )
    assert response.status_code == 200
    body = response.json()
    assert (body["result"], body["note"], body["responsible"]["name"]) == (
        "fail",
        "左前门划痕",
        "刘晓明",
    )
    assert RunCheck.objects.get(pk=check.pk).photo.name.endswith(".jpg")


def test_shw_api_photo_with_a_long_name_is_kept_under_a_short_one(
    login, run, manager, consultant_a, settings, tmp_path
):
    """A long name with dots in it (Django's storage cannot shorten that one
    to the column's 100 characters and refused the save: a 500) is kept as 40
    characters of it and the extension."""
    settings.MEDIA_ROOT = tmp_path
    check = run.checks.get(item__code="testcar-body")
    name = "IMG.20260310." + "x" * 140 + ".jpg"
    photo = SimpleUploadedFile(name, b"\xff\xd8\xff", content_type="image/jpeg")
    response = login(manager).post(
        f"/api/showroom/checks/{check.pk}/",
        {"result": "fail", "note": "划痕", "responsible": consultant_a.pk, "photo": photo},
    )
    assert response.status_code == 200
    stored = RunCheck.objects.get(pk=check.pk).photo.name
    assert stored.startswith(f"showroom/{run.store_id}/2026/03/10/{name[:40]}")
    assert stored.endswith(".jpg") and len(stored) <= 100


def test_shw_api_photo_that_is_not_a_picture_is_refused(login, run, manager, consultant_a):
    check = run.checks.get(item__code="testcar-body")
    page = SimpleUploadedFile("x.html", b"<script>alert(1)</script>", content_type="text/html")
    response = login(manager).post(
        f"/api/showroom/checks/{check.pk}/",
        {"result": "fail", "responsible": consultant_a.pk, "photo": page},
    )
    assert response.status_code == 400
    assert list(response.json()["detail"]) == ["photo"]
    check.refresh_from_db()
    assert (check.result, check.photo.name) == ("", "")


def test_shw_api_tick_refusal_is_400_and_nothing_changes(login, run, manager):
    check = run.checks.get(item__code="env-floor")
    response = login(manager).post(
        f"/api/showroom/checks/{check.pk}/",
        {"result": "fail", "note": "水渍"},
        content_type="application/json",
    )
    assert response.status_code == 400
    assert response.json() == {
        "code": "RESPONSIBLE_REQUIRED",
        "detail": "请指定责任人。",
        "field": "responsible",
    }
    assert RunCheck.objects.get(pk=check.pk).result == ""


def test_shw_api_consultant_cannot_tick_or_sign_off(login, run, consultant_a):
    client = login(consultant_a)
    check = run.checks.first()
    response = client.post(
        f"/api/showroom/checks/{check.pk}/", {"result": "pass"}, content_type="application/json"
    )
    assert response.status_code == 403
    assert client.post(f"/api/showroom/runs/{run.pk}/sign-off/").status_code == 403
    assert RunCheck.objects.get(pk=check.pk).result == ""
    assert ChecklistRun.objects.get(pk=run.pk).signed_off_at is None


def test_shw_api_sign_off(login, run, manager, gm):
    for check in run.checks.all():
        services.run_check_record(check=check, result="pass", by=manager)
    response = login(gm).post(f"/api/showroom/runs/{run.pk}/sign-off/")
    assert (response.status_code, response.json()["code"]) == (403, "ROLE_REQUIRED")
    assert ChecklistRun.objects.get(pk=run.pk).signed_off_at is None
    with time_machine.travel(at(2026, 3, 10, 8, 55), tick=False):
        response = login(manager).post(f"/api/showroom/runs/{run.pk}/sign-off/")
    body = response.json()
    assert (body["signed_off_at"], body["signed_off_by"]["name"]) == (
        "2026-03-10T08:55:00+08:00",
        "王经理",
    )
    again = login(manager).post(f"/api/showroom/runs/{run.pk}/sign-off/")
    assert (again.status_code, again.json()["code"]) == (409, "ALREADY_SIGNED_OFF")


def test_org_1_api_other_stores_check_is_404(login, run, other_manager):
    check = run.checks.first()
    response = login(other_manager).post(
        f"/api/showroom/checks/{check.pk}/", {"result": "pass"}, content_type="application/json"
    )
    assert response.status_code == 404
    assert RunCheck.objects.get(pk=check.pk).result == ""


def test_shw_api_test_cars_not_ready_for_consultants(login, run, test_car, manager, consultant_a):
    check = run.checks.get(item__code="testcar-fuel")
    services.run_check_record(
        check=check, result="fail", note="油表见底", responsible=consultant_a, by=manager
    )
    with time_machine.travel(MORNING, tick=False):
        body = login(consultant_a).get("/api/showroom/test-cars/not-ready/").json()
    assert body == [
        {"test_car": test_car.pk, "name": "雅阁 粤Q12345", "problems": ["燃油是否充足"]}
    ]


def test_shw_api_desk_board(login, store, manager, consultant_a, consultant_a2):
    from tests.showroom.test_desk import receive

    services.desk_shift_plan(
        store=store, days=[DAY], starts_at=time(9), ends_at=time(12), sales_group="A",
        first=consultant_a, second=consultant_a2, by=manager,
    )  # fmt: skip
    receive(consultant_a, at(2026, 3, 10, 9, 40))
    with time_machine.travel(at(2026, 3, 10, 9, 50), tick=False):
        [slot] = login(consultant_a).get("/api/showroom/desk/").json()
    assert (slot["starts_at"], slot["is_current"], slot["is_over"], slot["both_busy"]) == (
        "09:00:00",
        True,
        False,
        False,
    )
    assert [(s["person"]["name"], s["busy"]) for s in slot["standing"]] == [
        ("刘晓明", True),
        ("黄小红", False),
    ]
    assert slot["standing"][1]["customer"] is None


def test_shw_api_fix_makes_the_test_car_ready_again(login, run, test_car, manager, consultant_a):
    check = run.checks.get(item__code="testcar-fuel")
    services.run_check_record(
        check=check, result="fail", note="油表见底", responsible=consultant_a, by=manager
    )
    url = f"/api/showroom/checks/{check.pk}/fix/"
    assert login(consultant_a).post(url).status_code == 403
    assert RunCheck.objects.get(pk=check.pk).fixed_at is None
    with time_machine.travel(MORNING, tick=False):
        body = login(manager).post(url).json()
        assert body["fixed_at"] is not None
        assert login(consultant_a).get("/api/showroom/test-cars/not-ready/").json() == []
        again = login(manager).post(url)
    assert (again.status_code, again.json()["code"]) == (409, "ALREADY_FIXED")


def test_shw_api_fix_refused_for_an_item_that_did_not_fail(login, run, manager):
    check = run.checks.get(item__code="testcar-fuel")
    response = login(manager).post(f"/api/showroom/checks/{check.pk}/fix/")
    assert (response.status_code, response.json()["code"]) == (409, "CHECK_NOT_FAILED")
    assert RunCheck.objects.get(pk=check.pk).fixed_at is None
