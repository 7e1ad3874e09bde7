"""The consultant's Today page, the manager's compliance page, the API and
the navigation (FU-*). Query counts do not grow with the rows."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from dealership.navigation import nav_items_for
from followups.models import Followup
from followups.rules import Status
from followups.services import followup_complete
from tests.followups.conftest import sh
from tests.sales.factories import CustomerFactory

pytestmark = pytest.mark.django_db


def _queries(client, url: str) -> tuple[int, object]:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries), response


def test_today_page_shows_overdue_due_and_upcoming(travel, graded, scan, login, consultant_a):
    travel(sh(2025, 3, 1, 10))
    overdue = graded("H")
    travel(sh(2025, 3, 2, 10))
    due = graded("H")
    upcoming = graded("A")
    scan(sh(2025, 3, 5, 12))
    response = login(consultant_a).get("/followups/")
    sections = {
        name: response.content.decode().split(f'data-section="{name}"')[1].split("</section>")[0]
        for name in ("overdue", "due", "upcoming")
    }
    assert overdue.name in sections["overdue"] and 'data-status="late"' in sections["overdue"]
    assert due.name in sections["due"]
    assert upcoming.name in sections["upcoming"]
    assert f"tel:{due.mobile}" in sections["due"]


def test_today_page_queries_do_not_grow(travel, graded, login, consultant_a):
    travel(sh(2025, 3, 3, 10))
    client = login(consultant_a)
    graded("H")
    few, _response = _queries(client, "/followups/")
    for _ in range(10):
        graded("H")
    many, response = _queries(client, "/followups/")
    assert few == many
    assert response.content.decode().count("data-followup=") == 11


def test_today_page_logs_a_call_in_one_tap(travel, graded, login, consultant_a):
    travel(sh(2025, 3, 5, 10))
    customer = graded("H")
    task = Followup.objects.get(customer=customer)
    response = login(consultant_a).post(
        f"/followups/{task.pk}/complete/",
        {"result_note": "周末来店看车", "channel": "phone", "grade_hint": "H"},
    )
    assert response.status_code == 302
    task.refresh_from_db()
    assert (task.status, task.result_note, task.completed_by) == (
        Status.DONE,
        "周末来店看车",
        consultant_a,
    )


def test_today_page_shows_a_refusal_next_to_the_field(travel, graded, login, consultant_a):
    travel(sh(2025, 3, 5, 10))
    task = Followup.objects.get(customer=graded("H"))
    response = login(consultant_a).post(
        f"/followups/{task.pk}/complete/", {"result_note": " ", "channel": "phone"}
    )
    assert response.status_code == 400
    assert "is-invalid" in response.content.decode()
    task.refresh_from_db()
    assert task.status == Status.OPEN


def test_today_page_shows_a_bad_channel_and_grade_at_their_selects(
    travel, graded, login, consultant_a
):
    travel(sh(2025, 3, 5, 10))
    task = Followup.objects.get(customer=graded("H"))
    response = login(consultant_a).post(
        f"/followups/{task.pk}/complete/",
        {"result_note": "周末来店看车", "channel": "fax", "grade_hint": "Z"},
    )
    assert response.status_code == 400
    html = response.content.decode()
    for select in (f'id="channel-{task.pk}"', f'id="grade-{task.pk}"'):
        tag = html[: html.index(select)]
        assert tag[tag.rindex("<select") :].count("is-invalid") == 1
    card = html[html.index(f'id="channel-{task.pk}"') :]
    assert card[: card.index("</form>")].count('invalid-feedback d-block">') == 2
    assert "周末来店看车</textarea>" in html  # the note typed is kept
    task.refresh_from_db()
    assert task.status == Status.OPEN


def test_cannot_log_another_consultants_follow_up(travel, graded, login, consultant_b):
    travel(sh(2025, 3, 5, 10))
    task = Followup.objects.get(customer=graded("H"))
    response = login(consultant_b).post(
        f"/followups/{task.pk}/complete/", {"result_note": "x", "channel": "phone"}
    )
    assert response.status_code == 404
    task.refresh_from_db()
    assert task.status == Status.OPEN


def _history(travel, graded, scan, consultant_a, consultant_b, extra: int = 0):
    """consultant_a: one on time, one late, one missed; consultant_b: one open."""
    travel(sh(2025, 3, 1, 10))
    on_time, late, missed = graded("H"), graded("H"), graded("H")
    for _ in range(extra):
        graded("H")
    graded("C", consultant=consultant_b)
    travel(sh(2025, 3, 3, 10))
    followup_complete(followup=on_time.followups.get(), note="ok", by=consultant_a)
    scan(sh(2025, 3, 5, 9))
    travel(sh(2025, 3, 5, 10))
    followup_complete(followup=late.followups.get(), note="晚了", by=consultant_a)
    scan(sh(2025, 3, 8, 1))
    return missed


def test_compliance_per_consultant(
    travel, graded, scan, login, manager, consultant_a, consultant_b
):
    _history(travel, graded, scan, consultant_a, consultant_b)
    # The first three were due by the end of 4 March; later ones are not counted.
    response = login(manager).get("/followups/compliance/?date_from=2025-03-01&date_to=2025-03-04")
    html = response.content.decode()
    row = html.split('data-person="consultant_a"')[1].split("</tr>")[0]
    cells = {
        col: row.split(f'data-col="{col}">')[1].split("<")[0]
        for col in ("total", "on_time", "late", "missed", "overdue_now", "open", "rate")
    }
    assert cells == {
        "total": "3",
        "on_time": "1",
        "late": "1",
        "missed": "1",
        "overdue_now": "0",
        "open": "0",
        "rate": "33%",
    }


def test_compliance_queries_do_not_grow(
    travel, graded, scan, login, manager, consultant_a, consultant_b
):
    _history(travel, graded, scan, consultant_a, consultant_b, extra=8)
    client = login(manager)
    url = "/followups/compliance/?date_from=2025-03-01&date_to=2025-03-31"
    many, _response = _queries(client, url)
    Followup.objects.filter(status=Status.MISSED).exclude(
        pk=Followup.objects.filter(status=Status.MISSED).order_by("pk").values("pk")[:1]
    ).delete()
    few, _response = _queries(client, url)
    assert few == many


def test_consultant_cannot_open_compliance(login, consultant_a):
    assert login(consultant_a).get("/followups/compliance/").status_code == 403


def test_api_lists_own_open_follow_ups_managers_their_store(
    travel, graded, login, consultant_a, consultant_b, manager, client
):
    travel(sh(2025, 3, 3, 10))
    mine = Followup.objects.get(customer=graded("H"))
    graded("B", consultant=consultant_b)
    body = login(consultant_a).get("/api/followups/").json()
    assert [row["id"] for row in body["results"]] == [mine.pk]
    assert body["results"][0]["kind"] == "FU-H"
    client.logout()
    body = login(manager).get("/api/followups/").json()
    assert body["count"] == 2


def test_api_list_queries_do_not_grow(travel, graded, login, manager):
    travel(sh(2025, 3, 3, 10))
    client = login(manager)
    graded("H")
    few, _response = _queries(client, "/api/followups/")
    for _ in range(8):
        graded("A")
    many, _response = _queries(client, "/api/followups/")
    assert few == many


def test_api_complete_uses_the_service(travel, graded, login, consultant_a):
    travel(sh(2025, 3, 5, 10))
    task = Followup.objects.get(customer=graded("C"))  # FU-C: any channel closes it
    client = login(consultant_a)
    url = f"/api/followups/{task.pk}/complete/"
    response = client.post(url, {"result_note": "已回访", "channel": "wechat"}, "application/json")
    assert response.status_code == 200
    assert (response.json()["status"], response.json()["channel"]) == ("done", "wechat")
    again = client.post(url, {"result_note": "again"}, "application/json")
    assert (again.status_code, again.json()["code"]) == (409, "FOLLOWUP_CLOSED")
    task.refresh_from_db()
    assert task.result_note == "已回访"


def test_api_manager_cannot_complete_a_consultants_follow_up(travel, graded, login, manager):
    travel(sh(2025, 3, 5, 10))
    task = Followup.objects.get(customer=graded("H"))
    response = login(manager).post(
        f"/api/followups/{task.pk}/complete/", {"result_note": "x"}, "application/json"
    )
    assert (response.status_code, response.json()["code"]) == (403, "FOLLOWUP_NOT_YOURS")
    task.refresh_from_db()
    assert task.status == Status.OPEN


def test_navigation_today_for_consultants_compliance_for_managers(consultant_a, manager):
    assert {"followups_today"} <= {i.key for i in nav_items_for(consultant_a)}
    assert "followups_compliance" not in {i.key for i in nav_items_for(consultant_a)}
    assert "followups_compliance" in {i.key for i in nav_items_for(manager)}


def test_other_store_follow_ups_are_not_visible(travel, login, manager, other_store):
    from tests.factories import UserFactory

    travel(sh(2025, 3, 3, 10))
    outsider = UserFactory(stores=[other_store])
    customer = CustomerFactory(consultant=outsider, grade="H")
    from followups.services import followups_on_grade_change

    followups_on_grade_change(customer=customer, by=outsider)
    assert login(manager).get("/api/followups/").json()["count"] == 0


@pytest.mark.parametrize("channel", ["wechat", "sms"])
def test_api_an_h_grade_call_is_not_closed_by_a_message(
    travel, graded, login, consultant_a, channel
):
    """FU-H (电话回访): a WeChat or SMS message does not close the call; the
    refusal names the channel field and the task stays open."""
    travel(sh(2025, 3, 5, 10))
    task = Followup.objects.get(customer=graded("H"))
    url = f"/api/followups/{task.pk}/complete/"
    response = login(consultant_a).post(
        url, {"result_note": "发了微信", "channel": channel}, "application/json"
    )
    assert (response.status_code, response.json()["code"]) == (400, "CALL_REQUIRED")
    assert response.json()["field"] == "channel"
    task.refresh_from_db()
    assert (task.status, task.completed_at, task.result_note) == (Status.OPEN, None, "")
