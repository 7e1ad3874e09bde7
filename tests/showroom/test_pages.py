"""The showroom pages: who reaches them (ORG-1, ORG-2), ticking on a phone,
refusals shown to the user with nothing changed, and list pages whose query
count does not grow with rows."""

from __future__ import annotations

from datetime import date, time, timedelta

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from inventory.models import Movement, Vehicle
from scoring.models import PenaltyEntry
from showroom import services
from showroom.models import ChecklistRun, DeskIncident, DeskShift, RunCheck, ShowroomSpot
from tests.factories import StoreFactory
from tests.html import html_part
from tests.inventory.factories import VehicleFactory
from tests.showroom.conftest import DAY, at

pytestmark = pytest.mark.django_db

MORNING = at(2026, 3, 10, 8, 0)


def nav_keys(client) -> set[str]:
    html = client.get(reverse("home")).content.decode()
    return {chunk.split('"')[0] for chunk in html.split('data-nav="')[1:]}


def messages_of(response) -> list[str]:
    return [str(m) for m in response.context["messages"]]


def tick_all(run, by):
    for check in run.checks.all():
        services.run_check_record(check=check, result="pass", by=by)


# Navigation and access -------------------------------------------------------------


def test_shw_navigation_by_role(login, manager, consultant_a, leader_a, gm, clerk):
    showroom = {"desk_board", "morning_check", "desk_plan", "desk_findings", "spots"}
    assert showroom <= nav_keys(login(manager))
    assert showroom <= nav_keys(login(gm))
    assert nav_keys(login(consultant_a)) & showroom == {"desk_board"}
    assert nav_keys(login(leader_a)) & showroom == {"desk_board"}
    assert not nav_keys(login(clerk)) & showroom


@pytest.mark.parametrize("name", ["run_list", "desk_plan", "desk_incidents", "spot_list"])
def test_shw_manager_pages_forbidden_to_consultants(login, consultant_a, name):
    assert login(consultant_a).get(reverse(f"showroom:{name}")).status_code == 403


def test_shw_pages_need_a_login(client, db):
    response = client.get(reverse("showroom:run_list"))
    assert response.status_code == 302
    assert "/login" in response.url or "login" in response.url


def test_org_1_another_stores_run_is_404(login, run, other_manager, manager):
    client = login(other_manager)
    assert client.get(reverse("showroom:run_detail", args=[run.pk])).status_code == 404
    check = run.checks.first()
    response = client.post(reverse("showroom:check_record", args=[check.pk]), {"result": "pass"})
    assert response.status_code == 404
    assert RunCheck.objects.get(pk=check.pk).result == ""
    assert client.post(reverse("showroom:run_sign_off", args=[run.pk])).status_code == 404


# The morning check ------------------------------------------------------------------


def test_shw_run_list_shows_missing_days_and_failures(login, run, manager, consultant_a):
    check = run.checks.get(item__code="display-cards")
    services.run_check_record(
        check=check, result="fail", note="价格牌缺失", responsible=consultant_a, by=manager
    )
    with time_machine.travel(at(2026, 3, 11, 9, 0), tick=False):
        response = login(manager).get(reverse("showroom:run_list"))
    html = response.content.decode()
    days = response.context["days"]
    assert [(d.day.isoformat(), d.run, d.missing, d.failed) for d in days[:3]] == [
        ("2026-03-11", None, True, 0),
        ("2026-03-10", run, True, 1),
        ("2026-03-09", None, True, 0),
    ]
    assert "缺失" in html and "未签核" in html
    assert "价格牌缺失" in html and "刘晓明" in html
    assert "开始今天的晨检" in html


def test_shw_run_list_starts_at_the_stores_first_day_on_the_system(login, store, manager):
    """A store that went live yesterday shows two days, not two weeks of
    missing checks; one that goes live tomorrow shows none and still answers."""
    store.live_from = date(2026, 3, 10)
    store.save(update_fields=["live_from"])
    with time_machine.travel(at(2026, 3, 11, 9, 0), tick=False):
        response = login(manager).get(reverse("showroom:run_list"))
        assert [d.day.isoformat() for d in response.context["days"]] == ["2026-03-11", "2026-03-10"]
        store.live_from = date(2026, 3, 12)
        store.save(update_fields=["live_from"])
        response = login(manager).get(reverse("showroom:run_list"))
    assert response.status_code == 200
    assert response.context["days"] == []


def test_shw_run_list_query_count_does_not_grow(
    login, store, manager, consultant_a, spot, display_car, test_car, django_assert_max_num_queries
):
    client = login(manager)
    with time_machine.travel(at(2026, 3, 12, 9, 0), tick=False):
        services.run_create(store=store, day=DAY)
        with django_assert_max_num_queries(30) as small:
            client.get(reverse("showroom:run_list"))
        for n in range(1, 3):
            run, _ = services.run_create(store=store, day=DAY + timedelta(days=n))
            for check in run.checks.filter(item__kind="environment"):
                services.run_check_record(
                    check=check, result="fail", note="脏", responsible=consultant_a, by=manager
                )
        with django_assert_max_num_queries(len(small.captured_queries)):
            response = client.get(reverse("showroom:run_list"))
    assert len(response.context["failed"]) == 16


def test_shw_run_detail_query_count_does_not_grow_with_cars(
    login, store, manager, spot, display_car, test_car, yard, showroom_floor,
    django_assert_max_num_queries,
):  # fmt: skip
    from sales.models import TestCar

    client = login(manager)
    run, _ = services.run_create(store=store, day=DAY)
    with django_assert_max_num_queries(30) as small:
        client.get(reverse("showroom:run_detail", args=[run.pk]))
    for n in range(2, 5):
        TestCar.objects.create(store=store, model_name="缤智", plate=f"粤Q0000{n}")
        other = ShowroomSpot.objects.create(store=store, code=f"p{n}", name=f"{n}号展位")
        services.display_car_place(
            spot=other, vehicle=VehicleFactory(store=store, warehouse=yard), by=manager
        )
    services.run_open(store=store, day=DAY, by=manager)
    with django_assert_max_num_queries(len(small.captured_queries)):
        response = client.get(reverse("showroom:run_detail", args=[run.pk]))
    assert len(response.context["groups"]) == 9  # 4 display cars, 4 test cars, the showroom


def test_shw_photo_box_has_a_visible_label_on_a_phone(login, store, manager, display_car):
    """The photo box showed only the browser's cut-off "Choose File"."""
    run, _ = services.run_create(store=store, day=DAY)
    check = run.checks.first()
    html = login(manager).get(reverse("showroom:run_detail", args=[run.pk])).content.decode()
    label = (
        f'<label class="form-label small mb-0 d-md-none" for="photo-{check.pk}">问题照片</label>'
    )
    assert label in html and f'id="photo-{check.pk}"' in html


def test_shw_run_start_from_the_page(login, store, manager, consultant_a):
    with time_machine.travel(MORNING, tick=False):
        assert login(consultant_a).post(reverse("showroom:run_start")).status_code == 403
        response = login(manager).post(reverse("showroom:run_start"))
    run = ChecklistRun.objects.get()
    assert (run.store, run.day) == (store, DAY)
    assert response.url == reverse("showroom:run_detail", args=[run.pk])


def test_shw_run_detail_ticks_on_a_phone(login, run, supervisor, consultant_a):
    client = login(supervisor)
    page = client.get(reverse("showroom:run_detail", args=[run.pk]))
    html = page.content.decode()
    assert 'capture="environment"' in html and "签核" in html
    assert "展厅内展车是否打蜡" in html
    check = run.checks.get(item__code="env-floor")
    response = client.post(
        reverse("showroom:check_record", args=[check.pk]),
        {"result": "fail", "note": "地面水渍", "responsible": consultant_a.pk},
    )
    assert response.status_code == 302
    assert response.url.endswith(f"#check-{check.pk}")
    check.refresh_from_db()
    assert (check.result, check.note, check.responsible, check.checked_by) == (
        "fail",
        "地面水渍",
        consultant_a,
        supervisor,
    )


def test_shw_run_detail_uploads_a_photo(login, run, manager, consultant_a, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    check = run.checks.get(item__code="5s-plants")
    photo = SimpleUploadedFile("plant.jpg", b"\xff\xd8\xff", content_type="image/jpeg")
    login(manager).post(
        reverse("showroom:check_record", args=[check.pk]),
        {"result": "fail", "photo": photo, "responsible": consultant_a.pk},
    )
    check.refresh_from_db()
    assert check.result == "fail" and check.photo.name.endswith(".jpg")


def test_shw_run_detail_refusal_is_shown_and_nothing_changes(login, run, manager):
    check = run.checks.get(item__code="env-floor")
    response = login(manager).post(
        reverse("showroom:check_record", args=[check.pk]), {"result": "fail", "note": "地面水渍"}
    )
    assert response.status_code == 400
    assert messages_of(response) == []
    html = response.content.decode()
    item = html_part(response, f'data-check="{check.pk}"')
    assert "data-refused" in item and "autofocus" in item  # the phone lands on it
    assert '<div class="invalid-feedback" data-error="responsible">请指定责任人。</div>' in item
    assert 'value="地面水渍"' in item  # what was entered comes back
    assert f'id="r{check.pk}fail" value="fail" checked' in item
    assert html.count("data-refused") == 1
    assert RunCheck.objects.get(pk=check.pk).result == ""


def test_shw_run_detail_refused_answer_keeps_the_person_and_asks_for_the_photo_again(
    login, run, manager, consultant_a, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    check = run.checks.get(item__code="env-floor")
    photo = SimpleUploadedFile("floor.jpg", b"\xff\xd8\xff", content_type="image/jpeg")
    response = login(manager).post(  # pass or fail not chosen
        reverse("showroom:check_record", args=[check.pk]),
        {"note": "地面水渍", "responsible": consultant_a.pk, "photo": photo},
    )
    assert response.status_code == 400
    item = html_part(response, f'data-check="{check.pk}"')
    assert 'data-error="result"' in item
    assert f'value="{consultant_a.pk}" selected' in item and 'value="地面水渍"' in item
    assert "请重新拍照或上传照片" in item
    assert RunCheck.objects.get(pk=check.pk).result == "" and not list(tmp_path.iterdir())


def test_shw_run_detail_refusal_after_sign_off_is_said_above_the_page(login, run, manager):
    """Signed off meanwhile: the items have no form any more, so the refusal
    comes as a message on the run's page."""
    tick_all(run, manager)
    services.run_sign_off(run=run, by=manager)
    check = run.checks.get(item__code="env-floor")
    response = login(manager).post(
        reverse("showroom:check_record", args=[check.pk]), {"result": "fail", "note": "水渍"},
        follow=True,
    )  # fmt: skip
    assert response.redirect_chain[-1][0].endswith(f"#check-{check.pk}")
    [message] = messages_of(response)
    assert message.startswith(f"{check.item.label}: ")
    assert RunCheck.objects.get(pk=check.pk).result == "pass"


def test_shw_run_detail_rejects_a_non_image_file(login, run, manager, consultant_a):
    check = run.checks.get(item__code="env-floor")
    response = login(manager).post(
        reverse("showroom:check_record", args=[check.pk]),
        {
            "result": "fail",
            "note": "地面水渍",
            "photo": SimpleUploadedFile("x.exe", b"MZ"),
            "responsible": consultant_a.pk,
        },
    )
    assert response.status_code == 400
    item = html_part(response, f'data-check="{check.pk}"')
    assert item.count('data-error="photo"') == 1  # the file's own error, not "again"
    assert f'value="{consultant_a.pk}" selected' in item and 'value="地面水渍"' in item
    assert RunCheck.objects.get(pk=check.pk).result == ""


def test_shw_sign_off_page_only_for_the_manager_or_a_supervisor(
    login, run, manager, supervisor, gm, consultant_a
):
    tick_all(run, manager)
    url = reverse("showroom:run_sign_off", args=[run.pk])
    assert login(consultant_a).post(url).status_code == 403
    response = login(gm).post(url, follow=True)
    assert messages_of(response) == ["只有销售经理或主管可以检查展厅。"]
    assert ChecklistRun.objects.get(pk=run.pk).signed_off_at is None
    with time_machine.travel(at(2026, 3, 10, 8, 50), tick=False):
        response = login(supervisor).post(url, follow=True)
    assert messages_of(response) == ["晨检已签核。"]
    run.refresh_from_db()
    assert (run.signed_off_at, run.signed_off_by) == (at(2026, 3, 10, 8, 50), supervisor)
    assert "已签核" in response.content.decode()


def test_shw_sign_off_page_refusal_while_items_are_open(login, run, manager):
    response = login(manager).post(reverse("showroom:run_sign_off", args=[run.pk]), follow=True)
    assert messages_of(response) == [f"还有 {run.checks.count()} 项未检查。"]
    assert ChecklistRun.objects.get(pk=run.pk).signed_off_at is None


def test_shw_fix_from_the_page(login, run, manager, consultant_a):
    check = run.checks.get(item__code="testcar-fuel")
    services.run_check_record(
        check=check, result="fail", note="油表见底", responsible=consultant_a, by=manager
    )
    client = login(manager)
    assert (
        "标记已整改" in client.get(reverse("showroom:run_detail", args=[run.pk])).content.decode()
    )
    assert (
        login(consultant_a).post(reverse("showroom:check_fix", args=[check.pk])).status_code == 403
    )
    response = login(manager).post(reverse("showroom:check_fix", args=[check.pk]), follow=True)
    assert messages_of(response) == ["已标记为已整改。"]
    assert RunCheck.objects.get(pk=check.pk).fixed_by == manager


# The front desk ---------------------------------------------------------------------


def test_shw_desk_plan_page_plans_a_week(login, store, manager, consultant_a, consultant_a2):
    with time_machine.travel(MORNING, tick=False):
        response = login(manager).post(
            reverse("showroom:desk_plan"),
            {
                "day": "2026-03-10",
                "repeat_days": "3",
                "starts_at": "09:00",
                "ends_at": "12:00",
                "sales_group": "A",
                "first": consultant_a.pk,
                "second": consultant_a2.pk,
            },
            follow=True,
        )
    assert messages_of(response) == ["已安排 3 个班次。"]
    assert list(DeskShift.objects.values_list("day", flat=True)) == [
        DAY,
        DAY + timedelta(days=1),
        DAY + timedelta(days=2),
    ]
    assert "刘晓明, 黄小红" in response.content.decode()


def test_shw_desk_plan_page_refusal_next_to_the_field(login, manager, consultant_a, consultant_b):
    response = login(manager).post(
        reverse("showroom:desk_plan"),
        {
            "day": "2026-03-10",
            "repeat_days": "1",
            "starts_at": "09:00",
            "ends_at": "12:00",
            "sales_group": "A",
            "first": consultant_a.pk,
            "second": consultant_b.pk,
        },
    )
    assert response.status_code == 200
    assert response.context["form"].errors["second"] == ["张伟 不属于该小组。"]
    assert not DeskShift.objects.exists()


def test_shw_desk_plan_page_supervisor_cannot_plan(login, supervisor, consultant_a, consultant_a2):
    response = login(supervisor).post(
        reverse("showroom:desk_plan"),
        {
            "day": "2026-03-10",
            "repeat_days": "1",
            "starts_at": "09:00",
            "ends_at": "12:00",
            "sales_group": "A",
            "first": consultant_a.pk,
            "second": consultant_a2.pk,
        },
    )
    assert response.context["form"].non_field_errors() == ["只有销售经理可以安排前台排班。"]
    assert not DeskShift.objects.exists()


def plan_week(store, manager, first, second, count):
    return services.desk_shift_plan(
        store=store,
        days=[DAY + timedelta(days=n) for n in range(count)],
        starts_at=time(9),
        ends_at=time(12),
        sales_group="A",
        first=first,
        second=second,
        by=manager,
    )


def test_shw_desk_plan_query_count_does_not_grow(
    login, store, manager, consultant_a, consultant_a2, django_assert_max_num_queries
):
    client = login(manager)
    url = reverse("showroom:desk_plan") + "?week=2026-03-09"
    plan_week(store, manager, consultant_a, consultant_a2, 1)
    with django_assert_max_num_queries(30) as small:
        client.get(url)
    DeskShift.objects.all().delete()
    plan_week(store, manager, consultant_a, consultant_a2, 5)
    with django_assert_max_num_queries(len(small.captured_queries)):
        response = client.get(url)
    assert len(response.context["shifts"]) == 5


def test_shw_desk_shift_removed_from_the_page(
    login, store, manager, supervisor, consultant_a, consultant_a2
):
    [shift] = plan_week(store, manager, consultant_a, consultant_a2, 1)
    url = reverse("showroom:desk_shift_delete", args=[shift.pk])
    login(supervisor).post(url)
    assert DeskShift.objects.filter(pk=shift.pk).exists()
    login(manager).post(url)
    assert not DeskShift.objects.exists()


def test_shw_desk_board_page_for_consultants_alerts_the_leader(
    login, store, manager, consultant_a, consultant_a2, leader_a
):
    from tests.showroom.test_desk import receive

    plan_week(store, manager, consultant_a, consultant_a2, 1)
    receive(consultant_a, at(2026, 3, 10, 9, 40))
    receive(consultant_a2, at(2026, 3, 10, 9, 45))
    with time_machine.travel(at(2026, 3, 10, 9, 50), tick=False):
        response = login(consultant_a).get(reverse("showroom:desk_board"))
    html = response.content.decode()
    assert response.status_code == 200
    assert 'data-both-busy="1"' in html and "两人都在接待：组长须立即补岗" in html
    assert leader_a.notifications.count() == 1


def test_shw_desk_board_query_count_does_not_grow(
    login, store, manager, consultant_a, consultant_a2, django_assert_max_num_queries
):
    from tests.showroom.test_desk import receive

    client = login(consultant_a)
    with time_machine.travel(at(2026, 3, 10, 9, 50), tick=False):
        services.desk_shift_plan(
            store=store, days=[DAY], starts_at=time(8), ends_at=time(9),
            sales_group="A", first=consultant_a, second=consultant_a2, by=manager,
        )  # fmt: skip
        with django_assert_max_num_queries(30) as small:
            client.get(reverse("showroom:desk_board"))
        for hour in (9, 10, 11):
            services.desk_shift_plan(
                store=store, days=[DAY], starts_at=time(hour), ends_at=time(hour + 1),
                sales_group="A", first=consultant_a, second=consultant_a2, by=manager,
            )  # fmt: skip
        receive(consultant_a, at(2026, 3, 10, 9, 40))
        with django_assert_max_num_queries(len(small.captured_queries)):
            response = client.get(reverse("showroom:desk_board"))
    assert len(response.context["slots"]) == 4


def test_shw_desk_findings_page_records_a_vacancy(
    login, store, manager, consultant_a, consultant_a2, leader_a
):
    [shift] = plan_week(store, manager, consultant_a, consultant_a2, 1)
    with time_machine.travel(at(2026, 3, 10, 10, 30), tick=False):
        response = login(manager).post(
            reverse("showroom:desk_incidents"),
            {"kind": "vacancy", "shift": shift.pk, "note": "前台无人"},
            follow=True,
        )
    assert messages_of(response) == ["检查发现已记录。"]
    incident = DeskIncident.objects.get()
    assert (incident.shift, incident.occurred_at) == (shift, at(2026, 3, 10, 10, 30))
    assert PenaltyEntry.objects.get().person == leader_a
    assert "前台空岗" in response.content.decode()


def test_shw_desk_findings_page_refusal_next_to_the_field(login, manager):
    response = login(manager).post(reverse("showroom:desk_incidents"), {"kind": "greeting"})
    assert response.context["form"].errors["person"] == ["请指定当事人。"]
    assert not DeskIncident.objects.exists()


def test_shw_desk_findings_query_count_does_not_grow(
    login, store, manager, consultant_b, django_assert_max_num_queries
):
    client = login(manager)
    services.desk_incident_record(store=store, kind="greeting", person=consultant_b, by=manager)
    with django_assert_max_num_queries(30) as small:
        client.get(reverse("showroom:desk_incidents"))
    for _ in range(4):
        services.desk_incident_record(store=store, kind="greeting", person=consultant_b, by=manager)
    with django_assert_max_num_queries(len(small.captured_queries)):
        response = client.get(reverse("showroom:desk_incidents"))
    assert len(response.context["incidents"]) == 5
    assert (
        len(
            client.get(reverse("showroom:desk_incidents"), {"kind": "vacancy"}).context["incidents"]
        )
        == 0
    )


# Display cars -------------------------------------------------------------------------


def test_shw_display_page_places_and_takes_back(
    login, store, spot, stock_car, showroom_floor, yard, manager
):
    client = login(manager)
    page = client.get(reverse("showroom:spot_list"))
    assert [v.pk for v in page.context["vehicles"]] == [stock_car.pk]
    response = client.post(
        reverse("showroom:spot_place", args=[spot.pk]), {"vehicle": stock_car.pk}, follow=True
    )
    assert messages_of(response) == ["展车已就位。"]
    assert ShowroomSpot.objects.get(pk=spot.pk).vehicle == stock_car
    assert stock_car.vin in response.content.decode()
    response = client.post(
        reverse("showroom:spot_remove", args=[spot.pk]), {"to_warehouse": yard.pk}, follow=True
    )
    assert messages_of(response) == ["展车已退回库存。"]
    assert ShowroomSpot.objects.get(pk=spot.pk).vehicle is None
    assert Movement.objects.filter(vehicle=stock_car).count() == 4


def _spot_html(response, spot):
    """The spot's item on the display page."""
    return html_part(response, f'data-spot="{spot.pk}"', "\n  </div>")


def test_shw_display_page_refusal_shown_and_nothing_moves(login, spot, stock_car, manager):
    response = login(manager).post(
        reverse("showroom:spot_place", args=[spot.pk]), {"vehicle": stock_car.pk}
    )
    assert response.status_code == 400
    block = _spot_html(response, spot)
    assert "1号展位 未保存" in block and "autofocus" in block
    alert = block[block.index("data-refusal") :]
    # Not the car's fault: above the form, not at the select.
    assert "本店没有展厅库位，请在后台添加。" in alert[: alert.index("</div>")]
    assert f'<option value="{stock_car.pk}" selected>' in block  # the car chosen is kept
    assert ShowroomSpot.objects.get(pk=spot.pk).vehicle is None
    assert not Movement.objects.exists()


def test_shw_display_page_nothing_preselected(login, spot, stock_car, showroom_floor, manager):
    response = login(manager).get(reverse("showroom:spot_list"))
    block = _spot_html(response, spot)
    assert '<option value="">选择库存车</option>' in block and " selected" not in block
    response = login(manager).post(reverse("showroom:spot_place", args=[spot.pk]), {})
    assert response.status_code == 400
    assert 'data-error="vehicle">' in _spot_html(response, spot)
    assert ShowroomSpot.objects.get(pk=spot.pk).vehicle is None


def test_shw_display_page_spot_filled_meanwhile_is_said_above_the_list(
    login, spot, stock_car, showroom_floor, yard, store, manager, supervisor
):
    from tests.inventory.factories import VehicleFactory

    other = VehicleFactory(store=store, warehouse=yard)
    services.display_car_place(spot=spot, vehicle=stock_car, by=supervisor)
    response = login(manager).post(
        reverse("showroom:spot_place", args=[spot.pk]), {"vehicle": other.pk}, follow=True
    )
    assert messages_of(response) == ["1号展位: 该展位已有展车。"]
    assert ShowroomSpot.objects.get(pk=spot.pk).vehicle == stock_car
    assert Vehicle.objects.get(pk=other.pk).warehouse == yard


def test_shw_display_page_gm_sees_but_cannot_move(login, spot, stock_car, showroom_floor, gm):
    client = login(gm)
    assert client.get(reverse("showroom:spot_list")).context["can_move"] is False
    response = client.post(
        reverse("showroom:spot_place", args=[spot.pk]), {"vehicle": stock_car.pk}
    )
    assert response.status_code == 400
    assert "只有销售经理或主管可以调配展车。" in _spot_html(response, spot)
    assert ShowroomSpot.objects.get(pk=spot.pk).vehicle is None


def test_shw_display_page_query_count_does_not_grow(
    login, store, manager, yard, showroom_floor, django_assert_max_num_queries
):
    client = login(manager)
    ShowroomSpot.objects.create(store=store, code="p1", name="1号展位")
    VehicleFactory(store=store, warehouse=yard)
    with django_assert_max_num_queries(30) as small:
        client.get(reverse("showroom:spot_list"))
    for n in range(2, 6):
        spot = ShowroomSpot.objects.create(store=store, code=f"p{n}", name=f"{n}号展位")
        services.display_car_place(
            spot=spot, vehicle=VehicleFactory(store=store, warehouse=yard), by=manager
        )
        VehicleFactory(store=store, warehouse=yard)
    with django_assert_max_num_queries(len(small.captured_queries)):
        response = client.get(reverse("showroom:spot_list"))
    assert len(response.context["spots"]) == 5


def test_org_1_display_page_shows_only_the_stores_spots(login, spot, manager):
    other = StoreFactory(code="zz")
    ShowroomSpot.objects.create(store=other, code="p1", name="外店展位")
    response = login(manager).get(reverse("showroom:spot_list"))
    assert [s.name for s in response.context["spots"]] == ["1号展位"]


# Admin: checklist items are data --------------------------------------------------------


def test_shw_checklist_items_editable_in_the_admin(client, db, manager):
    """The sales manager's role (ORG-2) carries the permissions."""
    from showroom.models import ChecklistItem

    client.force_login(manager)
    item = ChecklistItem.objects.get(code="display-waxed")
    assert client.get(reverse("admin:showroom_checklistitem_changelist")).status_code == 200
    response = client.post(
        reverse("admin:showroom_checklistitem_change", args=[item.pk]),
        {
            "code": item.code,
            "kind": item.kind,
            "text": "展车每周打蜡一次",
            "text_en": "Waxed weekly",
            "position": item.position,
            "is_active": "on",
        },
    )
    assert response.status_code == 302
    item.refresh_from_db()
    assert item.text == "展车每周打蜡一次"
