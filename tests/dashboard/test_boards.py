"""The funnel, stock (RPT-STOCK-DAILY, RPT-ORDER-PLAN), compliance, lost
(RPT-LOST) and group boards on the known data set of conftest.py: exact
figures, the order plan's save and refusal, store scoping and query counts
that do not grow with the rows."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from django.urls import reverse

from dealership.dashboard import selectors, services
from dealership.dashboard.models import OrderPlan
from dealership.errors import DomainError
from scoring.models import CompetitorPrice
from tests.dashboard.conftest import DAY, at
from tests.factories import DealerGroupFactory, StoreFactory

pytestmark = pytest.mark.django_db

STAGES = ("visits", "new_leads", "test_drives", "orders", "deliveries")


def counts(row) -> tuple:
    return tuple(row.counts[k] for k in STAGES)


# -- funnel and trends -----------------------------------------------------


def test_funnel_by_source_channel_and_model(store, sales_data):
    funnel = selectors.funnel_for_month(store=store, day=DAY)
    assert [(r.key, counts(r)) for r in funnel.by_channel] == [
        ("walk_in", (4, 2, 1, 1, 2)),
        ("referral", (1, 1, 1, 1, 0)),
        ("advertising", (1, 1, 0, 0, 0)),
    ]
    assert funnel.by_channel[0].label == "自然来店"
    assert funnel.by_channel[0].conversion == {
        "new_leads": Decimal("50.0"),
        "test_drives": Decimal("25.0"),
        "orders": Decimal("25.0"),
        "deliveries": Decimal("50.0"),
    }
    assert counts(funnel.total) == (6, 4, 2, 2, 2)
    assert {r.key: counts(r) for r in funnel.by_model} == {
        "雅阁": (5, 3, 2, 1, 2),
        "飞度": (1, 1, 0, 1, 0),
    }


def test_funnel_daily_series_and_chart_page(login, manager, store, sales_data):
    series = selectors.daily_series(store=store, day=DAY)
    assert len(series.days) == 20
    visits = series.values["visits"]
    assert (visits[4], visits[19], sum(visits)) == (2, 4, 6)
    assert sum(series.values["orders"]) == 2
    html = login(manager).get(reverse("dashboard:funnel")).content.decode()
    assert '<script src="/static/vendor/chartjs/chart.umd.js"></script>' in html
    assert 'id="trend-data"' in html and 'id="funnel-data"' in html
    url = reverse("dashboard:records", args=["new_leads"])
    query = "day=2025-03-20&amp;window=month&amp;channel=walk_in"
    assert f'href="{url}?{query}" data-metric="new_leads">2</a>' in html


def test_funnel_line_without_a_model_drills_to_exactly_those_records(
    login, manager, make, consultant_a, sales_data
):
    """The "—" line (customers with no model of interest) opens its own
    records, not every visit of the month."""
    unknown = make.customer(consultant_a, at(2025, 3, 18, 10, 5), model="")
    make.visit(consultant_a, at(2025, 3, 18, 10, 0), customer=unknown)
    funnel = selectors.funnel_for_month(store=unknown.store, day=DAY)
    assert {r.key: counts(r) for r in funnel.by_model}[""] == (1, 1, 0, 0, 0)
    client = login(manager)
    html = client.get(reverse("dashboard:funnel")).content.decode()
    url = reverse("dashboard:records", args=["visits"])
    query = "day=2025-03-20&amp;window=month&amp;unknown=model"
    assert f'href="{url}?{query}" data-metric="visits">1</a>' in html
    page = client.get(url, {"day": "2025-03-20", "window": "month", "unknown": "model"})
    assert [line["customer"] for line in page.context["lines"]] == [unknown]
    assert "未填意向车型" in page.content.decode()
    everything = client.get(url, {"day": "2025-03-20", "window": "month", "unknown": "x"})
    assert len(everything.context["lines"]) == 7  # an unknown slice name is ignored


# -- stock and the order plan ----------------------------------------------


def test_rpt_stock_daily_ledger_on_hand_age_and_depth(store, stock_data):
    board = selectors.stock_board(store=store, day=DAY)
    ledger = {
        r["day"]: (r["opening"], r["received"], r["sold"], r["closing"]) for r in board.ledger
    }
    assert ledger[date(2025, 3, 1)] == (5, 0, 0, 5)
    assert ledger[date(2025, 3, 3)] == (5, 1, 0, 6)
    assert ledger[date(2025, 3, 12)] == (6, 0, 1, 5)
    assert ledger[date(2025, 3, 18)] == (5, 1, 0, 6)
    assert ledger[date(2025, 3, 20)] == (6, 0, 1, 5)
    assert [(r["model_name"], r["colour"], r["count"]) for r in board.on_hand] == [
        ("雅阁", "白", 2),
        ("雅阁", "黑", 1),
        ("飞度", "白", 1),
        ("飞度", "红", 1),
    ]
    assert [b["count"] for b in board.age_bands] == [2, 1, 1, 1]
    assert (board.depth.closing, board.depth.average_monthly_sales, board.depth.depth) == (
        5,
        Decimal("0.67"),
        Decimal("7.50"),
    )
    assert board.depth.warning


def test_rpt_stock_ledger_and_sales_count_the_stores_own_days(store, stock_data, make, manager):
    """RPT-STOCK-DAILY / RPT-ORDER-PLAN: a store in another time zone counts a
    move on its own calendar day, whatever the zone of the request. 01:30 in
    Shanghai on 03-05 is 23:30 on 03-04 in Urumqi. A 飞度 delivered at 01:00
    in Shanghai on 12-21 is 23:00 on 12-20 in Urumqi: the day the three months
    of sales behind stock depth and the order plan start after, so Urumqi does
    not count it and Shanghai does."""
    from django.utils import timezone

    store.time_zone = "Asia/Urumqi"
    store.save(update_fields=["time_zone"])
    make.vehicle("飞度", "白", received=at(2025, 3, 5, 1, 30), warehouse=stock_data, by=manager)
    make.vehicle(
        "飞度",
        "黑",
        received=at(2024, 12, 1, 10, 0),
        delivered=at(2024, 12, 21, 1, 0),
        warehouse=stock_data,
        by=manager,
    )

    def board_in(zone):
        with timezone.override(zone):
            board = selectors.stock_board(store=store, day=DAY)
        received = {r["day"]: r["received"] for r in board.ledger}
        fit = next(row.monthly_sales for row in board.plan if row.model_name == "飞度")
        return (received[date(2025, 3, 4)], received[date(2025, 3, 5)]), board.depth, fit

    received, depth, fit = board_in("Asia/Shanghai")  # the request's zone: not the store's
    assert received == (1, 0)
    assert (depth.average_monthly_sales, fit) == (Decimal("0.67"), Decimal("0.00"))

    store.time_zone = "Asia/Shanghai"
    store.save(update_fields=["time_zone"])
    received, depth, fit = board_in("Asia/Urumqi")
    assert received == (0, 1)
    assert (depth.average_monthly_sales, fit) == (Decimal("1.00"), Decimal("0.33"))


def test_compliance_care_on_time_is_judged_on_the_stores_day(store, stock_data, make, manager):
    """MNT-*: a task due 03-10 done at 01:00 on 03-11 in Shanghai is 23:00 on
    03-10 in Urumqi: on time there, late in Shanghai."""
    from django.utils import timezone

    from dealership.dashboard.selectors.compliance import care_figures
    from inventory.models import CareTask, Vehicle

    car = Vehicle.objects.filter(store=store, state="in_stock").first()
    CareTask.objects.create(
        store=store,
        vehicle=car,
        kind="dust",
        period_start=date(2025, 3, 10),
        due_date=date(2025, 3, 10),
        done_at=at(2025, 3, 11, 1, 0),
        done_by=manager,
    )
    store.time_zone = "Asia/Urumqi"
    store.save(update_fields=["time_zone"])
    with timezone.override("Asia/Shanghai"):
        urumqi = care_figures(store=store, day=DAY)
    store.time_zone = "Asia/Shanghai"
    store.save(update_fields=["time_zone"])
    with timezone.override("Asia/Urumqi"):
        shanghai = care_figures(store=store, day=DAY)
    assert (urumqi.on_time, urumqi.late) == (1, 0)
    assert (shanghai.on_time, shanghai.late) == (0, 1)


def test_stock_depth_and_its_warning_line_of_1_5_months():
    """RULES.md 7: depth = stock × 3 ÷ deliveries of 3 months, two decimals
    half up; above 1.5 (or stock with no sales) is a warning, 1.5 itself not."""
    from inventory.rules import stock_depth_months, stock_depth_warning

    assert stock_depth_months(3, 6) == Decimal("1.50")
    assert stock_depth_warning(depth=Decimal("1.50"), on_hand=3) is False
    assert stock_depth_months(4, 7) == Decimal("1.71")
    assert stock_depth_warning(depth=Decimal("1.71"), on_hand=4) is True
    assert stock_depth_months(5, 0) is None
    assert stock_depth_warning(depth=None, on_hand=5) is True
    assert stock_depth_warning(depth=None, on_hand=0) is False


def test_rpt_stock_daily_depth_zero_shows_as_zero_on_card_and_plan(
    login, manager, store, stock_data
):
    """Sold cars but none on hand: depth 0.00 on the card and on each model's
    line alike (no sales at all would be "—")."""
    from inventory.models import Vehicle
    from inventory.rules import ON_HAND_STATES

    Vehicle.objects.filter(store=store, state__in=ON_HAND_STATES).update(state="dispatched")
    html = login(manager).get(reverse("dashboard:stock")).content.decode()
    assert 'data-depth="0.00">0.00</div>' in html
    line = html.split('<tr data-model="雅阁">', 1)[1].split("</tr>", 1)[0]
    assert '<td class="text-end">0.00</td>' in line


def test_funnel_blank_and_missing_values_are_one_line(monkeypatch, store):
    """A channel or model left blank and one never recorded (NULL through a
    join) are the same "—" line, their counts added."""
    from dealership.dashboard.selectors import funnel
    from dealership.dashboard.selectors.sources import Period

    rows = [{"group_key": "", "n": 2}, {"group_key": None, "n": 3}, {"group_key": "雅阁", "n": 1}]
    monkeypatch.setattr(funnel, "values_rows", lambda *args, **kwargs: rows)
    metric = funnel.stage_metrics()[0]
    counts = funnel._grouped(metric, "x", store=store, period=Period.of(store, DAY))
    assert counts == {"": 5, "雅阁": 1}


def test_rpt_stock_daily_page_rows(login, manager, stock_data):
    html = login(manager).get(reverse("dashboard:stock")).content.decode()
    assert (
        '<tr data-day="2025-03-03"><td>03-03</td><td class="text-end">5</td>'
        '<td class="text-end">1</td><td class="text-end">0</td><td class="text-end">6</td></tr>'
    ) in html
    assert html.count("<tr data-day=") == 20
    assert "<tr><td>飞度</td><td>红</td><td>" in html
    assert '</td><td class="text-end">1</td></tr>' in html


def test_rpt_order_plan_suggestion_from_velocity_stock_and_retained_orders(store, stock_data):
    rows = {r.model_name: r for r in selectors.order_plan_rows(store=store, day=DAY)}
    assert list(rows) == ["缤智", "雅阁", "飞度"]
    yage = rows["雅阁"]
    assert (yage.on_hand, yage.in_transit, yage.retained_orders, yage.monthly_sales) == (
        3,
        1,
        1,
        Decimal("0.67"),
    )
    assert yage.suggested == (0, 1, 1)
    # Counted as the store's depth is: 3 on hand × 3 months ÷ 2 sold (not ÷ the
    # rounded 0.67 a month, which gave 4.48).
    assert yage.depth == Decimal("4.50")
    # No stock, three customers waiting: order them in the second half.
    assert (rows["缤智"].retained_orders, rows["缤智"].suggested) == (3, (3, 0, 0))
    assert (rows["飞度"].on_hand, rows["飞度"].suggested, rows["飞度"].warning) == (
        2,
        (0, 0, 0),
        True,
    )


def plan_post(client, lines, **extra):
    data = {
        "form-TOTAL_FORMS": len(lines),
        "form-INITIAL_FORMS": len(lines),
        "form-MIN_NUM_FORMS": 0,
        "form-MAX_NUM_FORMS": 200,
        **extra,
    }
    for i, (model, half, n2, n3, note) in enumerate(lines):
        data.update(
            {
                f"form-{i}-model_name": model,
                f"form-{i}-n_half": half,
                f"form-{i}-n_plus_2": n2,
                f"form-{i}-n_plus_3": n3,
                f"form-{i}-note": note,
            }
        )
    return client.post(reverse("dashboard:order_plan"), data)


LINES = [("缤智", 4, 1, 1, "三台订单待车"), ("雅阁", 0, 1, 2, ""), ("飞度", 0, 0, 0, "库存偏深")]


def test_rpt_order_plan_info_officer_saves_the_months_written_suggestion(
    login, info_officer, store, stock_data
):
    client = login(info_officer)
    page = client.get(reverse("dashboard:stock")).content.decode()
    assert "data-order-plan-form" in page
    response = plan_post(client, LINES)
    assert response.status_code == 302
    saved = {
        p.model_name: (p.n_half, p.n_plus_2, p.n_plus_3, p.note, p.by, p.month, p.at)
        for p in OrderPlan.objects.all()
    }
    assert saved == {
        "缤智": (4, 1, 1, "三台订单待车", info_officer, date(2025, 3, 1), at(2025, 3, 20, 15, 0)),
        "雅阁": (0, 1, 2, "", info_officer, date(2025, 3, 1), at(2025, 3, 20, 15, 0)),
        "飞度": (0, 0, 0, "库存偏深", info_officer, date(2025, 3, 1), at(2025, 3, 20, 15, 0)),
    }
    rows = {r.model_name: r for r in selectors.order_plan_rows(store=store, day=DAY)}
    assert rows["缤智"].plan == (4, 1, 1) and rows["缤智"].suggested == (3, 0, 0)
    # Saving again replaces the month's figures.
    plan_post(client, [("缤智", 5, 1, 1, "")])
    assert OrderPlan.objects.count() == 3
    assert OrderPlan.objects.get(model_name="缤智").n_half == 5
    # The stock export says the plan was written.
    csv = b"".join(client.get(reverse("dashboard:export", args=["stock", "csv"])).streaming_content)
    assert "缤智,0,0,3,0.00,,5,1,1,是" in csv.decode("utf-8-sig")


def test_rpt_order_plan_refused_to_a_supervisor_nothing_saved(login, supervisor, stock_data):
    client = login(supervisor)
    assert "data-order-plan-form" not in client.get(reverse("dashboard:stock")).content.decode()
    response = plan_post(client, LINES)
    assert response.status_code == 403
    html = response.content.decode()
    assert 'data-error-code="ORDER_PLAN_FORBIDDEN"' in html
    assert "只有信息员或销售经理可以填写订车计划。" in html
    assert OrderPlan.objects.count() == 0


def test_rpt_order_plan_refused_to_a_consultant_and_for_another_store(
    login, consultant_a, info_officer, other_store, stock_data
):
    assert plan_post(login(consultant_a), LINES).status_code == 403
    assert plan_post(login(info_officer), LINES, store=other_store.pk).status_code == 404
    with pytest.raises(DomainError) as refused:
        services.order_plan_save(store=other_store, month=DAY, rows=[], by=info_officer)
    assert refused.value.code == "ORDER_PLAN_FORBIDDEN"
    assert str(refused.value) == "您不在本门店工作。"
    assert OrderPlan.objects.count() == 0


def test_rpt_order_plan_invalid_figures_shown_next_to_the_field(login, info_officer, stock_data):
    response = plan_post(login(info_officer), [("缤智", -1, 1, 1, "")])
    assert response.status_code == 400
    assert "is-invalid" in response.content.decode()
    assert OrderPlan.objects.count() == 0


def _form_fields(html: str) -> dict[str, str]:
    """Every input of the page's order-plan form: name → value."""
    import re

    form = html.split("data-order-plan-form", 1)[1].split("</form>", 1)[0]
    return {
        name: value
        for name, value in re.findall(r'<input type="[a-z]+" name="([^"]+)" value="([^"]*)"', form)
    }


def test_rpt_order_plan_form_posted_back_as_shown_saves_the_suggestion(
    login, info_officer, store, stock_data
):
    """The page's inputs (the hidden model of each line, the suggested figures)
    round-trip: posting the form untouched writes the suggestion."""
    client = login(info_officer)
    fields = _form_fields(client.get(reverse("dashboard:stock")).content.decode())
    assert fields["form-TOTAL_FORMS"] == "3"
    models = [fields[f"form-{i}-model_name"] for i in range(3)]
    assert models == ["缤智", "雅阁", "飞度"]
    assert (fields["form-0-n_half"], fields["form-0-n_plus_2"], fields["form-0-note"]) == (
        "3",
        "0",
        "",
    )
    assert client.post(reverse("dashboard:order_plan"), fields).status_code == 302
    rows = {r.model_name: r for r in selectors.order_plan_rows(store=store, day=DAY)}
    assert {m: rows[m].plan for m in models} == {m: rows[m].suggested for m in models}


def test_rpt_order_plan_refused_figure_keeps_what_was_typed_with_its_error(
    login, info_officer, stock_data
):
    response = plan_post(login(info_officer), [("缤智", "-1", 1, 1, "<b>急</b>")])
    html = response.content.decode()
    line = html.split('<tr data-model="缤智">', 1)[1].split("</tr>", 1)[0]
    assert (
        'name="form-0-n_half" value="-1" min="0" class="form-control form-control-sm is-invalid"'
        in line
    )
    assert '<div class="invalid-feedback">确保该值大于或等于' in line
    assert 'name="form-0-note" value="&lt;b&gt;急&lt;/b&gt;"' in line
    assert OrderPlan.objects.count() == 0


def test_rpt_order_plan_too_long_note_is_marked_at_its_box(login, info_officer, stock_data):
    response = plan_post(login(info_officer), [("缤智", 1, 1, 1, "急" * 201)])
    line = response.content.decode().split('<tr data-model="缤智">', 1)[1].split("</tr>", 1)[0]
    note = line[line.index('name="form-0-note"') :]
    assert 'class="form-control form-control-sm is-invalid"' in note[: note.index(">")]
    assert '<div class="invalid-feedback">' in note
    assert OrderPlan.objects.count() == 0


# -- compliance --------------------------------------------------------------


def test_compliance_counts_days_from_the_stores_first_day_on_the_system(
    login, manager, store, compliance_data
):
    """Went live on the 18th: the morning checks and daily logs of the 1st to
    the 17th are not missing; 3 days are expected to the 20th."""
    store.live_from = date(2025, 3, 18)
    store.save(update_fields=["live_from"])
    board = selectors.compliance_board(store=store, day=DAY)
    checks = board.checklists
    assert (board.days, checks.days, checks.signed_off) == (3, 3, 1)
    assert checks.missing_days == [date(2025, 3, 18), date(2025, 3, 20)]
    html = login(manager).get(reverse("dashboard:compliance")).content.decode()
    assert 'data-signed-off="1">1 / 3<' in html
    assert "03-01" not in html.split("data-missing-days", 1)[1].split("</div>", 1)[0]
    assert "自门店启用系统之日（2025-03-18）至所选日期（共3天）。" in html
    line = board.lines[0]
    assert line.logs <= board.days  # logs before the first day are not counted either


def test_compliance_followups_sms_logs_points_checklists_and_care(
    store, consultant_a, consultant_b, compliance_data
):
    board = selectors.compliance_board(store=store, day=DAY)
    lines = {line.person.username: line for line in board.lines}
    a, b = lines["consultant_a"], lines["consultant_b"]
    assert (a.followups.on_time, a.followups.late, a.followups.missed) == (1, 1, 1)
    assert a.followups_on_time_rate == Decimal("33.3")
    assert (b.followups.on_time, b.followups.late, b.followups.missed) == (1, 0, 0)
    assert (a.sms.on_time, a.sms.late, a.sms.not_sent, a.sms.pending) == (1, 1, 1, 1)
    assert a.sms.on_time_rate == Decimal("33.3")
    assert (b.sms.on_time, b.sms.total) == (1, 1)
    assert (a.logs, b.logs, board.days) == (2, 1, 20)
    assert (a.points, b.points) == (Decimal("6"), Decimal("0"))
    # PTS-5 leaderboard: fewest points first.
    assert [(line.person.username, line.rank) for line in board.leaderboard] == [
        ("consultant_b", 1),
        ("consultant_a", 2),
    ]
    checks = board.checklists
    assert (checks.days, checks.signed_off, checks.failed_items, checks.open_items) == (20, 1, 1, 1)
    assert len(checks.missing_days) == 19 and date(2025, 3, 19) not in checks.missing_days
    care = board.care
    assert (care.total, care.on_time, care.late, care.overdue, care.open) == (4, 1, 1, 1, 1)
    assert care.on_time_rate == Decimal("33.3")


def test_compliance_page(login, manager, consultant_a, compliance_data):
    html = login(manager).get(reverse("dashboard:compliance")).content.decode()
    row = html.split(f'<tr data-person="{consultant_a.pk}">')[1].split("</tr>")[0]
    points = reverse("scoring:person_entries", args=[consultant_a.pk])
    assert row == (
        '<td data-rank>2</td><td>刘晓明 <span class="badge text-bg-light">A</span></td>'
        '<td class="text-end" data-fu="on_time">1</td><td class="text-end" data-fu="late">1</td>'
        '<td class="text-end text-danger" data-fu="missed">1</td><td class="text-end">33.3</td>'
        '<td class="text-end" data-sms="on_time">1</td><td class="text-end" data-sms="late">1</td>'
        '<td class="text-end text-danger" data-sms="not_sent">1</td><td class="text-end">33.3</td>'
        '<td class="text-end" data-logs>2 / 20</td>'
        f'<td class="text-end" data-points><a href="{points}?month=2025-03">6.0</a></td>'
    )
    assert "执行情况" in html and "晨检" in html


def test_compliance_points_link_only_for_who_may_read_the_entries(
    login, info_officer, consultant_a, compliance_data
):
    """PTS-5: the information officer reads the board but not a person's
    entries; their points are plain numbers, not links to a 403."""
    html = login(info_officer).get(reverse("dashboard:compliance")).content.decode()
    row = html.split(f'<tr data-person="{consultant_a.pk}">')[1].split("</tr>")[0]
    assert row.endswith('<td class="text-end" data-points>6.0</td>')
    assert reverse("scoring:person_entries", args=[consultant_a.pk]) not in html


# -- lost customers ----------------------------------------------------------


def test_rpt_lost_month_analysis_with_competitor_prices(
    login, manager, store, marketing_prices, sales_data
):
    analysis = selectors.lost_analysis(store=store, day=DAY)
    assert (analysis.lost, analysis.out_of_control) == (1, 1)
    by_reason = {r["reason"]: r["count"] for r in analysis.by_reason}
    assert (by_reason["price"], by_reason["out_of_contact"], sum(by_reason.values())) == (1, 1, 2)
    assert analysis.price_table == [
        {
            "customer__model_of_interest": "雅阁",
            "competitor_brand": "丰田凯美瑞",
            "count": 1,
            "lowest": Decimal("165000.00"),
            "average": Decimal("165000.00"),
            "highest": Decimal("165000.00"),
        }
    ]
    assert [(p.competitor, p.discount_price) for p in analysis.competitor_prices] == [
        ("丰田凯美瑞", Decimal("163000.00"))
    ]
    html = login(manager).get(reverse("dashboard:lost")).content.decode()
    assert html.count("<tr data-request=") == 2
    price = analysis.requests.get(reason="price")
    row = html.split(f'<tr data-request="{price.pk}">')[1].split("</tr>")[0]
    customer = reverse("sales:customer_detail", args=[price.customer_id])
    assert row == (
        f'<td>03-15 10:00</td><td><a href="{customer}">{price.customer.name}</a></td>'
        "<td>张伟</td><td>雅阁</td><td>价格</td><td>丰田凯美瑞</td>"
        '<td class="text-end">165000.00</td><td></td>'
    )


@pytest.fixture
def marketing_prices(store, manager):
    def price(week, model, competitor, amount):
        CompetitorPrice.objects.create(
            store=store,
            week=week,
            our_model=model,
            competitor=competitor,
            city="阳江",
            discount_price=Decimal(amount),
            recorded_by=manager,
        )

    price(date(2025, 3, 17), "雅阁", "丰田凯美瑞", "163000.00")
    price(date(2025, 3, 17), "飞度", "丰田威驰", "70000.00")  # no price loss of 飞度
    price(date(2025, 2, 17), "雅阁", "丰田凯美瑞", "168000.00")  # last month


def test_rpt_lost_month_end_export_xlsx(login, supervisor, marketing_prices, sales_data):
    from io import BytesIO

    from openpyxl import load_workbook

    response = login(supervisor).get(reverse("dashboard:export", args=["lost", "xlsx"]))
    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="lost-yj-2025-03-20.xlsx"'
    book = load_workbook(BytesIO(b"".join(response.streaming_content)))
    assert book.sheetnames == ["战败客户", "按原因", "竞品价格", "本月收集的竞品价格"]
    rows = list(book["战败客户"].values)
    assert rows[0][:6] == ("审批时间", "客户", "手机号", "销售顾问", "车型", "原因")
    assert len(rows) == 3
    assert rows[1][5:8] == ("价格", "丰田凯美瑞", 165000)


# -- the dealer group ------------------------------------------------------


def test_group_view_sums_the_groups_stores_the_person_works_in(
    login, group_gm, manager, store, other_store, sales_data
):
    elsewhere = StoreFactory(code="zj", dealer_group=DealerGroupFactory(name="别的集团"))
    group_gm.stores.add(elsewhere)
    response = login(group_gm).get(reverse("dashboard:group"))
    view = response.context["view"]
    assert [(r.label, r.today.visits) for r in view.rows] == [
        ("广汽本田茂名溢田店", 5),
        ("广汽本田阳江溢田店", 4),
    ]
    assert view.total.today.visits == 9 and view.total.month.orders == 2
    html = response.content.decode()
    url = reverse("dashboard:records", args=["visits"])
    assert f'href="{url}?day=2025-03-20&amp;window=today&amp;store={other_store.pk}"' in html
    # The store picker lists the person's stores, the board's selected.
    picker = html.split('<select id="board-store"')[1].split("</select>")[0]
    current = response.context["store"]
    assert f'<option value="{current.pk}" selected>{current.name}</option>' in picker
    assert picker.count("<option") == 3 and f'value="{elsewhere.pk}"' in picker
    # A manager of one store sees that store only.
    mine = login(manager).get(reverse("dashboard:group")).context["view"]
    assert [r.label for r in mine.rows] == ["广汽本田阳江溢田店"]


def test_group_view_counts_each_store_on_its_own_day(login, group_gm, store, sales_data):
    """A store of the group in another time zone is counted on its own day:
    the fixture's 00:30 visit of 03-20 in Shanghai is 22:30 on 03-19 in
    Urumqi, not today there (4 visits today in Shanghai, 3 in Urumqi)."""
    store.time_zone = "Asia/Urumqi"
    store.save(update_fields=["time_zone"])
    view = login(group_gm).get(reverse("dashboard:group"), {"day": "2025-03-20"}).context["view"]
    assert [(r.label, r.today.visits) for r in view.rows] == [
        ("广汽本田茂名溢田店", 5),
        ("广汽本田阳江溢田店", 3),
    ]
    assert view.total.today.visits == 8


def test_group_view_drilldown_into_another_store_needs_that_store(
    login, group_gm, manager, other_store, sales_data
):
    url = reverse("dashboard:records", args=["visits"])
    response = login(group_gm).get(url, {"day": "2025-03-20", "store": other_store.pk})
    assert response.context["page"].paginator.count == 5
    assert login(manager).get(url, {"store": other_store.pk}).status_code == 404


# -- exports -----------------------------------------------------------------


def test_exports_every_board_as_xlsx_and_streamed_csv(login, manager, compliance_data):
    client = login(manager)
    for board in ("kpi", "funnel", "stock", "compliance", "lost", "group"):
        page = client.get(reverse(f"dashboard:{board}")).content.decode()
        for fmt in ("xlsx", "csv"):  # the board's own export links
            link = f'data-export="{fmt}" href="{reverse("dashboard:export", args=[board, fmt])}?'
            assert link in page, (board, fmt)
        xlsx = client.get(reverse("dashboard:export", args=[board, "xlsx"]))
        assert xlsx.status_code == 200 and xlsx.streaming, board
        assert (
            xlsx["Content-Type"]
            == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        )
        csv = client.get(reverse("dashboard:export", args=[board, "csv"]))
        assert csv.status_code == 200 and csv.streaming, board
        assert csv["Content-Type"] == "text/csv; charset=utf-8"
    text = b"".join(client.get(reverse("dashboard:export", args=["kpi", "csv"])).streaming_content)
    lines = text.decode("utf-8-sig").splitlines()
    assert lines[0] == "KPI 2025-03-20"
    assert lines[2].startswith(
        "刘晓明,A,1,3,2,1,2,100.0,1,33.3,1,33.3,0,0,0,1,5,4,1,3,75.0,2,40.0,2,40.0,1,1,1"
    )
    # the targets as on the board: month to date, the target and the percentage
    targets = lines[lines.index("目标") + 1 :]
    assert targets[0].startswith("行,来店数,来店数 (目标),来店数 %,")
    assert targets[1].startswith("刘晓明,5,")
    assert len(targets) == 1 + 2 + 2 + 1  # header, two consultants, groups A and B, the store
    assert client.get(reverse("dashboard:export", args=["kpi", "pdf"])).status_code == 404
    assert client.get(reverse("dashboard:export", args=["nope", "csv"])).status_code == 404


def _csv(client, board: str) -> list[str]:
    response = client.get(reverse("dashboard:export", args=[board, "csv"]))
    return b"".join(response.streaming_content).decode("utf-8-sig").splitlines()


def test_funnel_export_has_the_percentages_and_the_total_of_the_board(login, manager, sales_data):
    lines = _csv(login(manager), "funnel")
    assert lines[1] == (
        "信息来源,来店数,新增客户,新增客户 %,试驾数,试驾数 %,订单,订单 %,交车,交车 %"
    )
    assert lines[2] == "自然来店,4,2,50.0,1,25.0,1,25.0,2,50.0"
    assert lines[5] == "合计,6,4,66.7,2,33.3,2,33.3,2,33.3"
    by_model = lines[lines.index("按车型") :]
    assert by_model[2:] == [
        "雅阁,5,3,60.0,2,40.0,1,20.0,2,40.0",
        "飞度,1,1,100.0,0,0.0,1,100.0,0,0.0",
        "合计,6,4,66.7,2,33.3,2,33.3,2,33.3",
    ]


def test_group_export_names_its_total_and_has_the_targets(
    login, group_gm, store, other_store, sales_data
):
    client = login(group_gm)
    lines = _csv(client, "group")
    total = next(line for line in lines if line.startswith("集团合计,"))
    assert total.split(",")[2:4] == ["2", "9"]  # calls and visits today, both stores
    targets = lines[lines.index("目标") + 1 :]
    assert targets[0].startswith("行,来店数,来店数 (目标),来店数 %,")
    assert [t.split(",")[0] for t in targets[1:]] == [
        other_store.name,
        store.name,
        "集团合计",
    ]
    page = client.get(reverse("dashboard:group")).content.decode()
    assert '<th scope="row" class="fw-normal">集团合计</th>' in page


def test_records_export_csv(login, manager, consultant_a, sales_data):
    url = reverse("dashboard:records_export", args=["visits", "csv"])
    response = login(manager).get(
        url, {"day": "2025-03-20", "window": "month", "person": consultant_a.pk}
    )
    lines = b"".join(response.streaming_content).decode("utf-8-sig").splitlines()
    assert lines[1] == "时间,客户,手机号,销售顾问,详情"
    assert len(lines) == 2 + 5
    assert lines[2].startswith("2025-03-05 10:00:00,")


# -- query counts --------------------------------------------------------------


BOARDS = ("funnel", "stock", "compliance", "lost", "group", "wall")


def more_rows(make, store, a, b, manager):
    """Ten more of everything the boards count."""
    for n in range(10):
        who = a if n % 2 else b
        lead = make.customer(who, at(2025, 3, 20, 13, n), model=f"车型{n % 3}")
        make.visit(who, at(2025, 3, 20, 13, n), customer=lead)
        order = make.order(who, at(2025, 3, 20, 13, n), customer=lead, model=f"车型{n % 3}")
        make.delivery(who, at(2025, 3, 20, 14, n), order)
        make.lost(
            who,
            at(2025, 3, 18, 10, n),
            competitor="日产天籁",
            price=Decimal("150000.00"),
            by=manager,
        )


@pytest.mark.parametrize("name", BOARDS)
def test_board_queries_do_not_grow_with_rows(
    name,
    login,
    manager,
    store,
    make,
    consultant_a,
    consultant_b,
    compliance_data,
    django_assert_max_num_queries,
):
    client = login(manager)
    url = reverse(f"dashboard:{name}")
    with django_assert_max_num_queries(40) as small:
        assert client.get(url).status_code == 200
    more_rows(make, store, consultant_a, consultant_b, manager)
    with django_assert_max_num_queries(len(small.captured_queries)):
        assert client.get(url).status_code == 200


def test_records_page_queries_do_not_grow_with_rows(
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
    url = reverse("dashboard:records", args=["orders"])
    with django_assert_max_num_queries(30) as small:
        client.get(url, {"window": "month"})
    more_rows(make, store, consultant_a, consultant_b, manager)
    with django_assert_max_num_queries(len(small.captured_queries)):
        response = client.get(url, {"window": "month"})
    assert response.context["page"].paginator.count == 12


def test_names_are_escaped_on_every_board(login, manager, store, consultant_a, compliance_data):
    """The presenters build the tables' HTML themselves: every name, model,
    colour and warehouse written by people comes out escaped."""
    from inventory.models import Vehicle, Warehouse
    from sales.models import Customer

    mark = "<b>x&\"'</b>"
    consultant_a.full_name = f"刘{mark}"
    consultant_a.save(update_fields=["full_name"])
    Customer.objects.filter(store=store).update(model_of_interest=f"雅阁{mark}")
    Vehicle.objects.filter(store=store).update(colour=f"白{mark}")
    Warehouse.objects.filter(store=store).update(name=f"主库{mark}")
    client = login(manager)
    for board in ("kpi", "wall", "group", "funnel", "stock", "compliance", "lost"):
        html = client.get(reverse(f"dashboard:{board}")).content.decode()
        assert "<b>x" not in html, board
    escaped = "&lt;b&gt;x&amp;&quot;&#x27;&lt;/b&gt;"
    for board in ("kpi", "wall", "compliance"):
        assert f"刘{escaped}" in client.get(reverse(f"dashboard:{board}")).content.decode()
    assert f"白{escaped}" in client.get(reverse("dashboard:stock")).content.decode()
    assert f"雅阁{escaped}" in client.get(reverse("dashboard:lost")).content.decode()


@pytest.mark.parametrize(
    "slice_",
    [
        {},
        {"person": 17},
        {"group": "A"},
        {"channel": "walk_in", "model": "雅阁 2.0T&混动"},
        {"model": None, "person": ""},
    ],
)
@pytest.mark.parametrize("store_id", [None, 3, "3"])
def test_rpt_kanban_drill_down_query_is_urlencode_of_its_parameters(slice_, store_id):
    """The query string each board line links its figures with (written out
    for speed) is exactly what urlencode gives for the same parameters."""
    from urllib.parse import urlencode

    from dealership.dashboard.presenters import _drill_params

    params = {"day": "2025-03-20", "window": "today"}
    params.update({k: v for k, v in slice_.items() if v not in (None, "")})
    if store_id:
        params["store"] = store_id
    assert _drill_params(date(2025, 3, 20), "today", store_id, slice_) == urlencode(params)
