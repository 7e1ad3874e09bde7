"""RPT-KPI-DAILY / RPT-KANBAN / LEAD-3: the daily KPI board on the known data
set of conftest.py — exact figures per consultant, group and store, today
and month to date, the drill-down behind every number, the formulas, the
targets, the wall screen, permissions and the query budget."""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse

from dealership.dashboard import selectors
from dealership.dashboard.models import KpiTarget
from dealership.dashboard.selectors.records import RecordFilter
from tests.dashboard.conftest import DAY, at

pytestmark = pytest.mark.django_db

COUNTED = (
    "calls",
    "visits",
    "first_visits",
    "return_visits",
    "new_leads",
    "test_drives",
    "orders",
    "deliveries",
    "cancellations",
    "lost",
)


def figures(f) -> dict:
    return {key: getattr(f, key) for key in COUNTED}


def rates(f) -> tuple:
    return (f.registration_rate, f.test_drive_rate, f.closing_rate)


def test_rpt_kpi_daily_figures_today_per_consultant_group_and_store(
    store, consultant_a, consultant_b, sales_data
):
    board = selectors.kpi_board(store=store, day=DAY)
    people = {row.person.username: row for row in board.people}
    assert list(people) == ["consultant_a", "consultant_b"]
    a, b = people["consultant_a"], people["consultant_b"]
    assert figures(a.today) == {
        "calls": 1,
        "visits": 3,
        "first_visits": 2,
        "return_visits": 1,
        "new_leads": 2,
        "test_drives": 1,
        "orders": 1,
        "deliveries": 0,
        "cancellations": 0,
        "lost": 0,
    }
    assert rates(a.today) == (Decimal("100.0"), Decimal("33.3"), Decimal("33.3"))
    assert figures(b.today) == {
        "calls": 1,
        "visits": 1,
        "first_visits": 1,
        "return_visits": 0,
        "new_leads": 1,
        "test_drives": 0,
        "orders": 0,
        "deliveries": 1,
        "cancellations": 0,
        "lost": 0,
    }
    groups = {row.key: row for row in board.groups}
    assert figures(groups["A"].today) == figures(a.today)
    assert figures(groups["B"].today) == figures(b.today)
    assert figures(board.total.today) == {
        "calls": 2,
        "visits": 4,
        "first_visits": 3,
        "return_visits": 1,
        "new_leads": 3,
        "test_drives": 1,
        "orders": 1,
        "deliveries": 1,
        "cancellations": 0,
        "lost": 0,
    }
    # LEAD-3: 留档率 = new leads ÷ first-visit groups.
    assert rates(board.total.today) == (Decimal("100.0"), Decimal("25.0"), Decimal("25.0"))


def test_rpt_kpi_daily_figures_month_to_date(store, sales_data):
    board = selectors.kpi_board(store=store, day=DAY)
    a, b = board.people
    assert figures(a.month) == {
        "calls": 1,
        "visits": 5,
        "first_visits": 4,
        "return_visits": 1,
        "new_leads": 3,
        "test_drives": 2,
        "orders": 2,
        "deliveries": 1,
        "cancellations": 1,
        "lost": 1,
    }
    assert rates(a.month) == (Decimal("75.0"), Decimal("40.0"), Decimal("40.0"))
    assert figures(b.month)["calls"] == 2  # the 23:30 call of 03-19 counts in the month
    assert figures(board.total.month) == {
        "calls": 3,
        "visits": 6,
        "first_visits": 5,
        "return_visits": 1,
        "new_leads": 4,
        "test_drives": 2,
        "orders": 2,
        "deliveries": 2,
        "cancellations": 1,
        "lost": 2,
    }
    assert rates(board.total.month) == (Decimal("80.0"), Decimal("33.3"), Decimal("33.3"))


def test_rpt_kpi_daily_a_past_day_and_an_empty_day(store, sales_data):
    board = selectors.kpi_board(store=store, day=date(2025, 3, 19))
    assert figures(board.total.today)["calls"] == 1  # 23:30 Shanghai, 15:30 UTC
    assert figures(board.total.today)["visits"] == 0  # 03-20 00:30 belongs to the 20th
    assert figures(board.total.month)["visits"] == 2
    empty = selectors.kpi_board(store=store, day=date(2025, 3, 1))
    assert figures(empty.total.today) == dict.fromkeys(COUNTED, 0)
    assert rates(empty.total.today) == (None, None, None)


def test_rpt_kanban_every_figure_drills_down_to_exactly_its_records(store, sales_data):
    """For every counted figure of every line, both windows: the drill-down
    lists as many records as the board shows."""
    board = selectors.kpi_board(store=store, day=DAY)
    lines = [(row, {"person": row.person.pk}) for row in board.people]
    lines += [(row, {"group": row.key}) for row in board.groups] + [(board.total, {})]
    checked = 0
    for row, slice_ in lines:
        for window in ("today", "month"):
            for metric in COUNTED:
                flt = RecordFilter(metric=metric, day=DAY, window=window, **slice_)
                _found, records = selectors.metric_records(store=store, filter=flt)
                expected = getattr(row.today if window == "today" else row.month, metric)
                assert records.count() == expected, (row.key, window, metric)
                checked += expected
    assert checked > 0


def test_rpt_kanban_drilldown_page_lists_the_records(login, manager, consultant_a, sales_data):
    client = login(manager)
    url = reverse("dashboard:records", args=["visits"])
    response = client.get(url, {"day": "2025-03-20", "person": consultant_a.pk})
    assert response.status_code == 200
    html = response.content.decode()
    assert 'data-count="3"' in html
    assert html.count("<tr data-customer=") == 3
    assert "刘晓明" in html
    assert "计数口径" in html and "接待登记中的来店批次" in html  # its formula


def test_rpt_kanban_drilldown_by_channel_and_model(store, sales_data):
    flt = RecordFilter(metric="new_leads", day=DAY, window="month", channel="referral")
    assert selectors.metric_records(store=store, filter=flt)[1].count() == 1
    flt = RecordFilter(metric="orders", day=DAY, window="month", model_name="飞度")
    assert selectors.metric_records(store=store, filter=flt)[1].count() == 1


def test_rpt_kanban_page_links_each_number_and_shows_formulas(
    login, manager, store, consultant_a, sales_data
):
    response = login(manager).get(reverse("dashboard:kpi"))
    assert response.status_code == 200
    html = response.content.decode()
    records = reverse("dashboard:records", args=["visits"])
    link = f'href="{records}?day=2025-03-20&amp;window=today&amp;person={consultant_a.pk}"'
    assert link in html
    assert f'{link} title="接待登记中的来店批次" data-metric="visits">3</a>' in html
    # The formulas, visible under the board and with the figures put in.
    assert "新增客户 ÷ 首次来店 × 100" in html
    assert 'title="新增客户 ÷ 首次来店 × 100 = 3 ÷ 3 × 100"' in html
    assert "KPI看板" in html


def test_board_headings_legend_and_menus_follow_the_language(login, manager, sales_data):
    """Parts built once per process (the top bar, the headings, the legend)
    are kept per language: switching to English and back shows each one."""
    client = login(manager)
    kpi = reverse("dashboard:kpi")
    chinese = client.get(kpi).content.decode()
    assert "新增客户 ÷ 首次来店 × 100" in chinese and ">客户<" in chinese
    client.post(reverse("set_language"), {"language": "en", "next": kpi})
    english = client.get(kpi).content.decode()
    assert "New leads ÷ First visits × 100" in english
    assert ">Customers<" in english and "新增客户" not in english
    client.post(reverse("set_language"), {"language": "zh-hans", "next": kpi})
    token = re.compile(r'name="csrfmiddlewaretoken" value="\w+"')
    assert token.sub("", client.get(kpi).content.decode()) == token.sub("", chinese)


def test_rpt_kanban_targets_month_to_date(login, manager, store, consultant_a, sales_data):
    KpiTarget.objects.create(
        store=store, month=date(2025, 3, 1), visits=100, new_leads=80, orders=20, deliveries=10
    )
    KpiTarget.objects.create(
        store=store, month=date(2025, 3, 1), consultant=consultant_a, orders=10
    )
    board = selectors.kpi_board(store=store, day=DAY)
    assert board.store_target_set
    assert board.total.progress == {
        "visits": Decimal("6.0"),
        "new_leads": Decimal("5.0"),
        "test_drives": None,
        "orders": Decimal("10.0"),
        "deliveries": Decimal("20.0"),
    }
    assert board.people[0].progress["orders"] == Decimal("20.0")
    assert board.groups[0].target.orders == 10
    html = login(manager).get(reverse("dashboard:kpi")).content.decode()
    assert '<td class="text-end" data-target="orders">2 / 20 <span' in html


def test_set_targets_link_only_for_staff_who_may_add_targets(login, manager, sales_data):
    """The admin link under the board is for people with admin access who
    may add targets; others get neither it nor the permission queries."""
    kpi = reverse("dashboard:kpi")
    link = reverse("admin:dashboard_kpitarget_add")
    manager.user_permissions.add(Permission.objects.get(codename="add_kpitarget"))
    manager.is_staff = False
    manager.save(update_fields=["is_staff"])
    page = login(manager).get(kpi).content.decode()
    assert "data-no-store-target" in page and link not in page
    manager.is_staff = True
    manager.save(update_fields=["is_staff"])
    assert link in login(manager).get(kpi).content.decode()


def test_rpt_kanban_wall_screen(login, info_officer, consultant_a, sales_data):
    response = login(info_officer).get(reverse("dashboard:wall"))
    assert response.status_code == 200
    html = response.content.decode()
    assert '<meta http-equiv="refresh" content="300">' in html
    tiles = {t["key"]: (t["today"], t["month"]) for t in response.context["tiles"]}
    assert tiles["visits"] == (4, 6)
    assert tiles["orders"] == (1, 2)
    assert tiles["registration_rate"] == (Decimal("100.0"), Decimal("80.0"))
    liu = response.context["board"].people[0]
    assert liu.person == consultant_a
    figures = [liu.today.visits, liu.today.new_leads, liu.today.test_drives, liu.today.orders]
    figures += [liu.month.orders, liu.month.deliveries]
    cells = "".join(f'<td class="text-end">{n}</td>' for n in figures)
    assert f'<tr data-row="person:{consultant_a.pk}"><td>刘晓明</td>{cells}</tr>' in html
    assert figures[0] == 3


def test_kpi_board_queries_do_not_grow_with_rows(
    login,
    manager,
    store,
    make,
    consultant_a,
    consultant_b,
    sales_data,
    django_assert_max_num_queries,
):
    client = login(manager)
    with django_assert_max_num_queries(40) as small:
        client.get(reverse("dashboard:kpi"))
    for n in range(15):
        who = consultant_a if n % 2 else consultant_b
        lead = make.customer(who, at(2025, 3, 20, 13, n))
        make.visit(who, at(2025, 3, 20, 13, n), customer=lead)
        make.order(who, at(2025, 3, 20, 13, n), customer=lead)
    with django_assert_max_num_queries(len(small.captured_queries)):
        response = client.get(reverse("dashboard:kpi"))
    assert response.context["board"].total.today.visits == 19


def test_dashboards_refuse_a_consultant_and_another_store(
    login, consultant_a, manager, other_store
):
    assert login(consultant_a).get(reverse("dashboard:kpi")).status_code == 403
    client = login(manager)
    assert client.get(reverse("dashboard:kpi"), {"store": other_store.pk}).status_code == 404
    for name in ("funnel", "stock", "compliance", "lost", "group", "wall"):
        assert (
            client.get(reverse(f"dashboard:{name}"), {"store": other_store.pk}).status_code == 404
        )


def test_dashboards_in_the_navigation_of_managers_gm_and_info_officer(
    login, manager, gm, supervisor, info_officer, consultant_a
):
    def has_dashboard(user) -> bool:
        return 'data-nav="dashboard"' in login(user).get(reverse("home")).content.decode()

    assert all(has_dashboard(u) for u in (manager, gm, supervisor, info_officer))
    assert not has_dashboard(consultant_a)
