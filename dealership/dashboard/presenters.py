"""Turns a board into what its template shows: every cell with its value, the
link to the records behind it (RPT-KANBAN drill-down) and its formula."""

from __future__ import annotations

import html
from collections.abc import Iterable
from datetime import date
from functools import lru_cache
from urllib.parse import quote_plus

from django.template.defaultfilters import floatformat
from django.urls import get_script_prefix, reverse
from django.utils import timezone
from django.utils.html import escape
from django.utils.safestring import SafeString
from django.utils.translation import get_language, gettext_lazy, pgettext
from django.utils.translation import gettext as _

from dealership.dashboard.exports import KPI_COLUMNS
from dealership.dashboard.models import TARGET_FIELDS
from dealership.dashboard.selectors.funnel import STAGES, Funnel, FunnelRow, Series
from dealership.dashboard.selectors.kpi import Figures, GroupView, KpiBoard, KpiRow
from dealership.dashboard.selectors.lost import PERSON_NAME_FIELDS
from dealership.dashboard.selectors.sources import METRICS
from dealership.models import display_name_of
from dealership.rules import SalesGroup
from sales.rules import LostReason

# rate → (numerator metric, denominator metric)
RATES = {
    "registration_rate": ("new_leads", "first_visits"),
    "test_drive_rate": ("test_drives", "visits"),
    "closing_rate": ("orders", "visits"),
}
RATE_LABELS = {
    "registration_rate": gettext_lazy("Registration rate (留档率)"),
    "test_drive_rate": gettext_lazy("Test-drive rate"),
    "closing_rate": gettext_lazy("Closing rate"),
}


def rate_formula(attr: str) -> str:
    numerator, denominator = RATES[attr]
    return _("%(numerator)s ÷ %(denominator)s × 100") % {
        "numerator": METRICS[numerator].label,
        "denominator": METRICS[denominator].label,
    }


def _drill_params(day: date, window: str, store_id, slice_: dict) -> str:
    """The records page's query string; slice_: person, group, channel, model.
    What urlencode() gives for day, window, the slice and the store in this
    order, written out: a board builds one per line."""
    parts = [f"day={day.isoformat()}&window={quote_plus(window)}"]
    for name, value in slice_.items():
        if value not in (None, ""):
            parts.append(f"{name}={value if type(value) is int else quote_plus(str(value))}")
    if store_id:
        parts.append(f"store={quote_plus(str(store_id))}")
    return "&".join(parts)


def drill_url(metric: str, day: date, window: str = "today", store_id=None, **slice_) -> str:
    """The drill-down page of a figure."""
    return f"{_records_url(metric)}?{_drill_params(day, window, store_id, slice_)}"


@lru_cache(maxsize=32)
def _records_url(metric: str) -> str:
    return reverse("dashboard:records", args=[metric])


BOARDS = ("kpi", "funnel", "stock", "compliance", "lost", "group", "wall")


@lru_cache(maxsize=4)
def _board_urls(prefix: str) -> dict[str, str]:
    urls = {board: reverse(f"dashboard:{board}") for board in BOARDS}
    for board in BOARDS:
        for fmt in ("xlsx", "csv"):
            urls[f"{board}_{fmt}"] = reverse("dashboard:export", args=[board, fmt])
    return urls


def board_urls() -> dict[str, str]:
    """The boards' and their exports' addresses for the board menu, reversed
    once per process (and script prefix)."""
    return _board_urls(get_script_prefix())


# The board menu (RPT-KANBAN): the boards in order, then the wall screen.
BOARD_MENU = (
    ("kpi", gettext_lazy("KPI board")),
    ("funnel", gettext_lazy("Funnel and trends")),
    ("stock", gettext_lazy("Stock and order plan")),
    ("compliance", gettext_lazy("Compliance")),
    ("lost", gettext_lazy("Lost customers")),
    ("group", gettext_lazy("Dealer group")),
)


@lru_cache(maxsize=8)
def _nav_words(language: str) -> dict[str, str]:
    """The menu's and the day picker's words, escaped, in one language."""
    words = {key: escape(str(label)) for key, label in BOARD_MENU}
    words.update(
        wall=escape(_("Wall screen")),
        store=escape(_("Store")),
        day=escape(_("Day")),
        show=escape(_("Show")),
        excel=escape(_("Excel")),
    )
    return words


def board_nav(
    *,
    board_key: str,
    query: str,
    store_param,
    stores: list,
    store_options: str,
    day: date,
    today: date,
) -> SafeString:
    """The menu above every board: the boards (this one active), the store
    and day picker and this board's exports. Built as one piece of HTML; the
    words once per language."""
    words, urls, q = _nav_words(get_language()), board_urls(), escape(query)
    items = "".join(
        f'<li class="nav-item"><a class="nav-link{" active" if key == board_key else ""}"'
        f' href="{urls[key]}?{q}">{words[key]}</a></li>'
        for key, _label in BOARD_MENU
    )
    wall_query = f"?store={escape(store_param)}" if store_param else ""
    if len(stores) > 1:
        store_field = (
            f'<label class="visually-hidden" for="board-store">{words["store"]}</label>'
            '<select id="board-store" name="store" class="form-select form-select-sm w-auto">'
            f"{store_options}</select>"
        )
    elif store_param:
        store_field = f'<input type="hidden" name="store" value="{escape(store_param)}">'
    else:
        store_field = ""
    exports = ""
    if board_key:
        exports = (
            f'<a class="btn btn-sm btn-outline-secondary" data-export="xlsx"'
            f' href="{urls[f"{board_key}_xlsx"]}?{q}">{words["excel"]}</a>'
            f'<a class="btn btn-sm btn-outline-secondary" data-export="csv"'
            f' href="{urls[f"{board_key}_csv"]}?{q}">CSV</a>'
        )
    return SafeString(
        '<div class="d-flex flex-wrap align-items-center gap-2 mb-3 no-print">'
        f'<ul class="nav nav-pills flex-wrap" data-board-nav>{items}'
        f'<li class="nav-item"><a class="nav-link" href="{urls["wall"]}{wall_query}">'
        f"{words['wall']}</a></li></ul>"
        '<form method="get" class="d-flex flex-wrap gap-2 ms-auto align-items-center">'
        f"{store_field}"
        f'<label class="visually-hidden" for="board-day">{words["day"]}</label>'
        f'<input id="board-day" type="date" name="day" value="{day.isoformat()}"'
        f' max="{today.isoformat()}" class="form-control form-control-sm w-auto">'
        f'<button type="submit" class="btn btn-sm btn-outline-primary">{words["show"]}</button>'
        f"{exports}</form></div>"
    )


def joined(rows: Iterable[str]) -> SafeString:
    """Rows already built as safe HTML, as one piece: the template renders one
    value instead of looping over a hundred."""
    return SafeString("\n".join(rows))


_PK = 987654321


@lru_cache(maxsize=16)
def _pk_url(name: str, prefix: str) -> tuple[str, str]:
    before, _pk, after = reverse(name, args=[_PK]).partition(str(_PK))
    return before, after


def pk_url(name: str, pk: int) -> str:
    """reverse(name, args=[pk]) for a URL with one integer argument, reversed
    once: a table of a hundred rows links each of them."""
    before, after = _pk_url(name, get_script_prefix())
    return f"{before}{pk}{after}"


def row_slice(row: KpiRow) -> dict:
    if row.person is not None:
        return {"person": row.person.pk}
    if row.key in SalesGroup.values:
        return {"group": row.key}
    return {}


def _tds(parts: Iterable[str]) -> SafeString:
    """A row's figure cells as one piece of HTML (each part already safe):
    the template then renders a line, not every cell of it."""
    return SafeString("".join(f'<td class="text-end">{part}</td>' for part in parts))


def _percent_html(percent, coloured: bool) -> str:
    if percent is None:
        return ""
    colour = ("text-success" if percent >= 100 else "text-muted") if coloured else "text-muted"
    return f' <span class="small {colour}">{percent}%</span>'


def target_tds(cells: list[dict], coloured: bool = True) -> SafeString:
    """The cells of a target line: 'actual / target' and the percentage."""
    return SafeString(  # numbers and keys only
        "".join(
            f'<td class="text-end" data-target="{c["key"]}">{c["actual"]} / '
            f"{c['target'] or '—'}{_percent_html(c['percent'], coloured)}</td>"
            for c in cells
        )
    )


@lru_cache(maxsize=8)
def _titles_in(language: str) -> dict[str, str]:
    titles = {key: escape(str(m.formula)) for key, m in METRICS.items()}
    titles.update({attr: escape(rate_formula(attr)) for attr in RATES})
    return titles


def kpi_cells(figures: Figures, *, day: date, window: str, store_id, slice_: dict) -> list[dict]:
    """One cell per KPI column: counted figures link to their records, rates
    show their formula with the figures put in."""
    query = _drill_query(day, window, store_id, slice_)
    parts = _cells_html(figures, query)
    return [
        {"key": attr, "value": getattr(figures, attr), "html": SafeString(part)}
        for (attr, _label), part in zip(KPI_COLUMNS, parts, strict=True)
    ]


def _drill_query(day: date, window: str, store_id, slice_: dict) -> str:
    """The drill-down query string of a line, escaped for an attribute."""
    return html.escape(_drill_params(day, window, store_id, slice_))


@lru_cache(maxsize=8)
def _cell_parts(language: str) -> tuple[tuple, ...]:
    """Per KPI column, the fixed text around its value in one language:
    (attr, counted?, before the query or the worked formula, between it and
    the value[, the rate's numerator and denominator])."""
    titles = _titles_in(language)
    parts = []
    for attr, _label in KPI_COLUMNS:
        if attr in METRICS:
            parts.append(
                (
                    attr,
                    True,
                    f'<a href="{_records_url(attr)}?',
                    f'" title="{titles[attr]}" data-metric="{attr}">',
                )
            )
        else:
            numerator, denominator = RATES[attr]
            parts.append(
                (
                    attr,
                    False,
                    f'<span title="{titles[attr]} = ',
                    f'" data-metric="{attr}">',
                    numerator,
                    denominator,
                )
            )
    return tuple(parts)


def _cells_html(figures: Figures, query: str) -> list[str]:
    """kpi_cells' HTML alone, for the boards' many lines: counted figures
    link to their records, rates show the formula with the figures put in
    ('3 ÷ 4 × 100')."""
    cells = []
    values = figures.__dict__
    for part in _cell_parts(get_language()):
        attr = part[0]
        if part[1]:
            cells.append(f"{part[2]}{query}{part[3]}{values[attr]}</a>")
        else:
            worked = f"{values[part[4]]} ÷ {values[part[5]]} × 100"
            shown = _rate_text(getattr(figures, attr))
            cells.append(f"{part[2]}{worked}{part[3]}{shown}</span>")
    return cells


def kpi_sections(board: KpiBoard, store_id) -> list[dict]:
    """Two tables, today and month to date; one line per consultant, group
    and the store."""
    day = board.period.day
    sections = []
    for window, title in (("today", pgettext("dashboard", "Today")), ("month", _("Month to date"))):
        lines = []
        for kind, rows in (
            ("person", board.people),
            ("group", board.groups),
            ("total", [board.total]),
        ):
            for row in rows:
                figures = row.today if window == "today" else row.month
                query = _drill_query(day, window, store_id, row_slice(row))
                line = {"kind": kind, "row": row, "tds": _tds(_cells_html(figures, query))}
                line["html"] = board_tr(line, _("Store"), LINE_CLASSES)
                lines.append(line)
        sections.append(
            {
                "window": window,
                "title": title,
                "lines": lines,
                "rows_html": joined(line["html"] for line in lines),
            }
        )
    return sections


LINE_CLASSES = {"group": "table-light", "total": "table-secondary fw-semibold"}


def board_tr(line: dict, total_label: str, classes: dict[str, str]) -> SafeString:
    """A board line as one piece of HTML: data-row="kind:key", the row's
    heading (the consultant with their group, the group, or total_label for
    the total) and its cells (line["tds"])."""
    kind, row = line["kind"], line["row"]
    label = total_label if kind == "total" else row.label
    person = getattr(row, "person", None)
    badge = _group_badge(person) if kind == "person" and person is not None else ""
    cls = f' class="{classes[kind]}"' if kind in classes else ""
    return SafeString(  # label and group escaped, cells already safe
        f'<tr data-row="{kind}:{_text(row.key)}"{cls}>'
        f'<th scope="row" class="fw-normal">{_text(label)}{badge}</th>{line["tds"]}</tr>'
    )


def column_headers() -> list[dict]:
    headers = []
    for attr, label in KPI_COLUMNS:
        title = METRICS[attr].formula if attr in METRICS else rate_formula(attr)
        headers.append({"key": attr, "label": label, "title": title})
    return headers


@lru_cache(maxsize=8)
def _legend_html(language: str) -> dict[str, SafeString]:
    """The KPI tables' column headings (with their formula as the title), the
    targets' headings and the legend of formulas, in one language: the same
    on every request, so built once."""
    heading = "".join(
        f'<th class="text-end" title="{_text(h["title"])}">{_text(h["label"])}</th>'
        for h in column_headers()
    )
    targets = "".join(f'<th class="text-end">{_text(label)}</th>' for label in target_headers())
    legend = "".join(
        f'<dt class="col-sm-3">{_text(f["label"])}</dt>'
        f'<dd class="col-sm-9" data-formula>{_text(f["formula"])}</dd>'
        for f in formulas()
    )
    return {
        "headers_html": SafeString(heading),
        "target_headers_html": SafeString(targets),
        "formulas_html": SafeString(legend),
    }


def legend_html() -> dict[str, SafeString]:
    return _legend_html(get_language())


def formulas() -> list[dict]:
    """The legend under a board: how every figure is counted (RPT-KANBAN)."""
    lines = [{"label": m.label, "formula": m.formula} for m in METRICS.values()]
    lines += [{"label": RATE_LABELS[a], "formula": rate_formula(a)} for a in RATES]
    return lines


def target_lines(board: KpiBoard) -> list[dict]:
    """Month to date against the month's targets, per row and target field."""
    return target_lines_of(
        (("person", board.people), ("group", board.groups), ("total", [board.total]))
    )


def target_lines_of(kinds, coloured: bool = True, total_label: str | None = None) -> list[dict]:
    lines = []
    for kind, rows in kinds:
        for row in rows:
            progress = row.progress
            cells = [
                {
                    "key": name,
                    "actual": getattr(row.month, name),
                    "target": getattr(row.target, name),
                    "percent": progress[name],
                }
                for name in TARGET_FIELDS
            ]
            line = {"kind": kind, "row": row, "cells": cells, "tds": target_tds(cells, coloured)}
            line["html"] = board_tr(line, total_label or _("Store"), {"total": "fw-semibold"})
            lines.append(line)
    return lines


def target_headers() -> list:
    return [METRICS[name].label for name in TARGET_FIELDS]


WALL_METRICS = (
    "visits",
    "first_visits",
    "calls",
    "new_leads",
    "test_drives",
    "orders",
    "deliveries",
)


def wall_tiles(board: KpiBoard) -> list[dict]:
    """The wall screen's big numbers: the store today, month to date and the
    month's target where there is one."""
    total = board.total
    tiles = []
    for key in WALL_METRICS:
        target = getattr(total.target, key, None)
        tiles.append(
            {
                "key": key,
                "label": METRICS[key].label,
                "today": getattr(total.today, key),
                "month": getattr(total.month, key),
                "target": target or None,
            }
        )
    tiles.append(
        {
            "key": "registration_rate",
            "label": RATE_LABELS["registration_rate"],
            "today": total.today.registration_rate,
            "month": total.month.registration_rate,
            "target": None,
            "rate": True,
        }
    )
    return tiles


def funnel_stages() -> list[dict]:
    return [
        {"key": key, "label": METRICS[key].label, "formula": METRICS[key].formula} for key in STAGES
    ]


def funnel_line(row: FunnelRow, day: date, store_id, slice_: dict, label=None) -> dict:
    """A funnel row whose every count drills down to the month's records."""
    cells = []
    conversion = row.conversion
    for key in STAGES:
        cells.append(
            {
                "key": key,
                "value": row.counts[key],
                "url": drill_url(key, day, "month", store_id, **slice_),
                "percent": conversion.get(key),
            }
        )
    tds = _tds(
        f'<a href="{html.escape(c["url"])}" data-metric="{c["key"]}">{c["value"]}</a>'
        f"{_percent_html(c['percent'], coloured=False)}"
        for c in cells
    )
    return {"row": row, "label": label or row.label, "cells": cells, "tds": tds}


def series_chart(series: Series) -> dict:
    """Chart.js data of the daily trend (json_script in the template)."""
    return {
        "labels": [d.strftime("%m-%d") for d in series.days],
        "datasets": [
            {"key": key, "label": str(METRICS[key].label), "data": values}
            for key, values in series.values.items()
        ],
    }


def funnel_chart(funnel: Funnel) -> dict:
    return {
        "labels": [str(METRICS[key].label) for key in STAGES],
        "data": [funnel.total.counts[key] for key in STAGES],
    }


def group_lines(view: GroupView) -> list[dict]:
    """One line per store (each figure drills down in that store) and the sum."""
    day = view.period.day
    lines = []
    for row in view.rows:
        cells = {
            window: kpi_cells(
                row.today if window == "today" else row.month,
                day=day,
                window=window,
                store_id=row.key,
                slice_={},
            )
            for window in ("today", "month")
        }
        lines.append({"row": row, **_window_tds(cells["today"], cells["month"])})
    total = view.total
    lines.append(
        {
            "row": total,
            "total": True,
            **_window_tds(_plain_cells(total.today), _plain_cells(total.month)),
        }
    )
    return lines


def _window_tds(today: list[dict], month: list[dict]) -> dict:
    return {
        "today": today,
        "month": month,
        "today_tds": _tds(c["html"] for c in today),
        "month_tds": _tds(c["html"] for c in month),
    }


def _plain_cells(figures: Figures) -> list[dict]:
    """The group total's cells: its figures without links (they span stores)."""
    cells = []
    for attr, _label in KPI_COLUMNS:
        value = getattr(figures, attr)
        shown = _rate_text(value) if attr in RATES else value
        html = SafeString(f'<span data-metric="{attr}">{shown}</span>')
        cells.append({"key": attr, "value": value, "html": html})
    return cells


def _number(value, empty: str = "—") -> str:
    return empty if value is None else str(value)


def _text(value) -> str:
    return html.escape(str(value))


def _rate_text(value) -> str:
    """A percentage as shown in a cell: "—" when there is no base."""
    return "—" if value is None else f"{value}%"


def _group_badge(person) -> str:
    """The consultant's sales group (A/B) after their name, if any."""
    if not person.sales_group:
        return ""
    return f' <span class="badge text-bg-light">{_text(person.sales_group)}</span>'


def compliance_rows(board, day: date, *, points_links: bool = True) -> list[SafeString]:
    """The compliance leaderboard's rows (PTS-5, FU-*, LEAD-5,
    RPT-CONSULTANT-LOG), each figure with the data attribute it is read by;
    the points open the person's entries for those who may read them."""
    month = day.strftime("%Y-%m")
    rows = []
    for line in board.leaderboard:
        person, fu, sms = line.person, line.followups, line.sms
        badge = _group_badge(person)
        on_time, late, missed = (fu.on_time, fu.late, fu.missed) if fu else (0, 0, 0)
        points = str(line.points)
        if points_links:
            url = pk_url("scoring:person_entries", person.pk)
            points = f'<a href="{url}?month={month}">{points}</a>'
        rows.append(
            SafeString(  # names escaped, the rest numbers
                f'<tr data-person="{person.pk}"><td data-rank>{line.rank}</td>'
                f"<td>{_text(person.display_name)}{badge}</td>"
                f'<td class="text-end" data-fu="on_time">{on_time}</td>'
                f'<td class="text-end" data-fu="late">{late}</td>'
                f'<td class="text-end{" text-danger" if missed else ""}" data-fu="missed">'
                f"{missed}</td>"
                f'<td class="text-end">{_number(line.followups_on_time_rate)}</td>'
                f'<td class="text-end" data-sms="on_time">{sms.on_time}</td>'
                f'<td class="text-end" data-sms="late">{sms.late}</td>'
                f'<td class="text-end{" text-danger" if sms.not_sent else ""}"'
                f' data-sms="not_sent">{sms.not_sent}</td>'
                f'<td class="text-end">{_number(sms.on_time_rate)}</td>'
                f'<td class="text-end" data-logs>{line.logs} / {board.days}</td>'
                f'<td class="text-end" data-points>{points}</td></tr>'
            )
        )
    return rows


@lru_cache(maxsize=8)
def _reason_labels(language: str) -> dict[str, str]:
    return {value: _text(label) for value, label in LostReason.choices}


def lost_rows(lines: list[dict]) -> SafeString:
    """The lost customers of the board's page (RPT-LOST; the lines of
    selectors.lost_request_lines), decided time in the current time zone."""
    reasons = _reason_labels(get_language())
    tz = timezone.get_current_timezone()
    before, after = _pk_url("sales:customer_detail", get_script_prefix())
    rows = []
    for r in lines:
        decided = r["decided_at"]
        decided = decided.astimezone(tz).strftime("%m-%d %H:%M") if decided else ""
        url = f"{before}{r['customer_id']}{after}"
        consultant = display_name_of(
            *(r[f"customer__consultant__{f}"] or "" for f in PERSON_NAME_FIELDS)
        )
        reason = r["reason"]
        rows.append(  # every text escaped
            f'<tr data-request="{r["pk"]}"><td>{decided}</td>'
            f'<td><a href="{url}">{_text(r["customer__name"])}</a>'
            f"</td><td>{_text(consultant)}</td><td>{_text(r['customer__model_of_interest'])}</td>"
            f"<td>{reasons.get(reason) or _text(reason)}</td>"
            f"<td>{_text(r['competitor_brand'])}</td>"
            f'<td class="text-end">{_number(r["competitor_price"], "")}</td>'
            f"<td>{_text(r['note'])}</td></tr>"
        )
    return joined(rows)


def lost_reason_rows(by_reason: list[dict]) -> SafeString:
    """The month's lost customers per reason (RPT-LOST)."""
    return SafeString(
        "".join(
            f'<tr data-reason="{_text(r["reason"])}"><td>{_text(r["label"])}</td>'
            f'<td class="text-end">{r["count"]}</td></tr>'
            for r in by_reason
        )
    )


def lost_price_rows(price_table: list[dict]) -> SafeString:
    """Price losses per model and competitor: cases and the prices named."""
    return joined(
        f"<tr><td>{_text(r['customer__model_of_interest'] or '—')}</td>"
        f'<td>{_text(r["competitor_brand"])}</td><td class="text-end">{r["count"]}</td>'
        f'<td class="text-end">{_number(r["lowest"])}</td>'
        f'<td class="text-end">{floatformat(r["average"], 2) if r["average"] is not None else "—"}'
        f'</td><td class="text-end">{_number(r["highest"])}</td></tr>'
        for r in price_table
    )


def competitor_price_rows(prices: list) -> SafeString:
    """RPT-COMPETITOR: the prices marketing collected for the models lost on price."""
    return SafeString(
        "".join(
            f"<tr><td>{p.week.strftime('%m-%d')}</td><td>{_text(p.our_model)}</td>"
            f"<td>{_text(p.competitor)}</td><td>{_text(p.city)}</td>"
            f'<td class="text-end">{p.discount_price}</td></tr>'
            for p in prices
        )
    )


def _plan_input(form, name: str, kind: str, attrs: str) -> str:
    """One figure of the order-plan form: its input, marked invalid with the
    errors under it after a refused save."""
    field = form[name]
    value = field.value()
    errors = field.errors
    invalid = " is-invalid" if errors else ""
    feedback = "".join(f'<div class="invalid-feedback">{_text(e)}</div>' for e in errors)
    return (
        f'<input type="{kind}" name="{field.html_name}"'
        f' value="{"" if value is None else _text(value)}"{attrs.replace("{invalid}", invalid)}>'
        f"{feedback}"
    )


def plan_rows(lines: list[dict]) -> SafeString:
    """RPT-ORDER-PLAN, one line per model: the suggestion's inputs, then the
    month's written figures, as inputs of the form when the person may write
    them (line["form"]), else as text."""
    words = _plan_words(get_language())
    rows = []
    for line in lines:
        row, form = line["row"], line["form"]
        suggested, depth = row.suggested, row.depth
        cells = [
            f'<tr data-model="{_text(row.model_name)}">'
            f'<th scope="row" class="fw-normal">{_text(row.model_name)}</th>'
            f'<td class="text-end">{row.on_hand}</td><td class="text-end">{row.in_transit}</td>'
            f'<td class="text-end">{row.retained_orders}</td>'
            f'<td class="text-end">{row.monthly_sales}</td>'
            f'<td class="text-end{" text-danger" if row.warning else ""}">'
            f"{'—' if depth is None else depth}</td>"
            f'<td class="text-end" data-suggested>{suggested[0]} / {suggested[1]} / '
            f"{suggested[2]}</td>"
        ]
        if form is not None:
            model = form["model_name"]
            number = (
                ' min="0" class="form-control form-control-sm{invalid}" style="width:5rem"'
                ' aria-label="%s"'
            )
            cells.append(
                f'<td><input type="hidden" name="{model.html_name}"'
                f' value="{_text(model.value() or "")}" id="{model.auto_id}">'
                f"{_plan_input(form, 'n_half', 'number', number % 'N+0.5')}</td>"
                f"<td>{_plan_input(form, 'n_plus_2', 'number', number % 'N+2')}</td>"
                f"<td>{_plan_input(form, 'n_plus_3', 'number', number % 'N+3')}</td>"
                + "<td>"
                + _plan_input(
                    form,
                    "note",
                    "text",
                    ' maxlength="200" class="form-control form-control-sm{invalid}"'
                    f' style="min-width:8rem" aria-label="{words["note"]}"',
                )
                + "</td>"
            )
        else:
            plan, saved = row.plan, row.saved
            note = _text(saved.note) if saved is not None else ""
            cells.append(
                f'<td data-plan="n_half">{plan[0]}</td><td data-plan="n_plus_2">{plan[1]}</td>'
                f'<td data-plan="n_plus_3">{plan[2]}</td><td>{note}</td>'
            )
        if row.saved is not None:
            at = timezone.localtime(row.saved.at).strftime("%m-%d %H:%M")
            written = f"<span data-written>{_text(row.saved.by.display_name)} {at}</span>"
        else:
            written = f'<span class="text-muted">{words["not_yet"]}</span>'
        cells.append(f'<td class="small">{written}</td></tr>')
        rows.append("".join(cells))
    if not rows:
        return SafeString(f'<tr><td colspan="12" class="text-muted">{words["none"]}</td></tr>')
    return joined(rows)


@lru_cache(maxsize=8)
def _plan_words(language: str) -> dict[str, str]:
    return {
        "note": escape(_("Note")),
        "not_yet": escape(_("not yet")),
        "none": escape(_("No models in stock, on order or sold.")),
    }


def ledger_rows(ledger: list[dict]) -> list[SafeString]:
    """The 进销存 lines (RPT-STOCK-DAILY): opening + received − sold = closing."""
    return [
        SafeString(  # dates and numbers only
            f'<tr data-day="{r["day"].isoformat()}"><td>{r["day"].strftime("%m-%d")}</td>'
            f'<td class="text-end">{r["opening"]}</td><td class="text-end">{r["received"]}</td>'
            f'<td class="text-end">{r["sold"]}</td><td class="text-end">{r["closing"]}</td></tr>'
        )
        for r in ledger
    ]


def on_hand_rows(on_hand: list[dict]) -> list[SafeString]:
    """Cars on hand by model, colour and warehouse."""
    return [
        SafeString(  # every text escaped
            f"<tr><td>{_text(r['model_name'])}</td><td>{_text(r['colour'])}</td>"
            f"<td>{_text(r['warehouse__name'] or '')}</td>"
            f'<td class="text-end">{r["count"]}</td></tr>'
        )
        for r in on_hand
    ]


WALL_PEOPLE_COLUMNS = (
    ("today", "visits"),
    ("today", "new_leads"),
    ("today", "test_drives"),
    ("today", "orders"),
    ("month", "orders"),
    ("month", "deliveries"),
)


def wall_people_rows(board: KpiBoard) -> list[SafeString]:
    """The wall screen's consultant lines: today's figures and the month's
    orders and deliveries (RPT-KANBAN)."""
    rows = []
    for row in board.people:
        cells = "".join(
            f'<td class="text-end">{getattr(getattr(row, window), name)}</td>'
            for window, name in WALL_PEOPLE_COLUMNS
        )
        rows.append(
            SafeString(  # the name escaped, the rest numbers
                f'<tr data-row="person:{_text(row.key)}"><td>{_text(row.label)}</td>{cells}</tr>'
            )
        )
    return rows


def store_options(stores, selected) -> SafeString:
    """The board's store picker: one option per store of the person."""
    return SafeString(
        "".join(
            f'<option value="{s.pk}"{" selected" if s.pk == selected.pk else ""}>'
            f"{_text(s.name)}</option>"
            for s in stores
        )
    )
