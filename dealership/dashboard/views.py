"""The dashboard pages (issue 8). Thin: pick the store and the day, call one
board selector, render or export. Managers, supervisors, the GM office and
the information officer of the store see them; anyone else gets 403, another
store 404 (ORG-1)."""

from __future__ import annotations

import calendar
from collections.abc import Callable
from datetime import date
from functools import wraps
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from dealership.dashboard import exports, presenters, selectors, services
from dealership.dashboard.forms import LostAnalysisForm, OrderPlanFormSet, order_plan_initial
from dealership.dashboard.rules import DASHBOARD_ROLES
from dealership.errors import DomainError
from dealership.forms import form_add_domain_error, parse_id
from dealership.models import Store
from dealership.selectors import store_choices_for_request, store_of_request
from dealership.timeutil import store_today
from sales.rules import SourceChannel
from scoring.selectors import user_sees_store_statement

WALL_REFRESH_SECONDS = 300


def dashboard_page(view: Callable) -> Callable:
    """Signed in, holding a dashboard role; request.board_store is the store
    asked for (?store=, one of the person's) or the current one."""

    @wraps(view)
    @login_required
    def wrapper(request, *args, **kwargs):
        user = request.user
        if not (user.is_superuser or user.has_role(*DASHBOARD_ROLES)):
            raise PermissionDenied
        store_id = request.GET.get("store") or request.POST.get("store")
        if store_id:
            store = store_of_request(request, parse_id(store_id))
            if store is None:  # not an id, or not one of theirs
                raise Http404
        else:
            store = request.store
            if not store:
                raise PermissionDenied
        request.board_store = store
        return view(request, *args, **kwargs)

    return wrapper


def _day(request: HttpRequest) -> date:
    """?day=YYYY-MM-DD, or ?month=YYYY-MM (its last day, today for the
    current month), else today in the store; never after today."""
    today = store_today(request.board_store)
    try:
        raw = request.GET.get("day", "")
        if raw:
            return min(date.fromisoformat(raw), today)
        month = request.GET.get("month", "")
        if month:
            first = date.fromisoformat(f"{month}-01")
            last = first.replace(day=calendar.monthrange(first.year, first.month)[1])
            return min(last, today)
    except ValueError:
        pass
    return today


def _store_query(request: HttpRequest) -> dict:
    store_param = request.GET.get("store") or request.POST.get("store")
    return {"store": request.board_store.pk} if store_param else {}


def _context(request: HttpRequest, day: date, board_key: str = "", **extra) -> dict:
    """What every board page shows around its tables: the store and day, the
    query string of its links and the board menu (presenters.board_nav)."""
    store = request.board_store
    today = store_today(store)
    store_param = _store_query(request).get("store", "")
    query = urlencode({"day": day.isoformat(), **_store_query(request)})
    stores = store_choices_for_request(request)
    return {
        "store": store,
        "day": day,
        "today": today,
        "query": query,
        "store_param": store_param,
        "board_nav": presenters.board_nav(
            board_key=board_key,
            query=query,
            store_param=store_param,
            stores=stores,
            store_options=presenters.store_options(stores, store),
            day=day,
            today=today,
        ),
        **extra,
    }


@dashboard_page
def kpi(request: HttpRequest) -> HttpResponse:
    """RPT-KPI-DAILY / RPT-KANBAN: the day's and the month's KPI board."""
    day = _day(request)
    board = selectors.kpi_board(store=request.board_store, day=day)
    store_param = _store_query(request).get("store")
    context = _context(
        request,
        day,
        board_key="kpi",
        board=board,
        sections=presenters.kpi_sections(board, store_param),
        targets_html=presenters.joined(line["html"] for line in presenters.target_lines(board)),
        **presenters.legend_html(),
    )
    return render(request, "dashboard/kpi.html", context)


@dashboard_page
def wall(request: HttpRequest) -> HttpResponse:
    """RPT-KANBAN on the showroom's wall screen: today's and the month's
    store figures and the consultants, large, refreshing itself."""
    day = store_today(request.board_store)
    board = selectors.kpi_board(store=request.board_store, day=day)
    context = _context(
        request,
        day,
        board=board,
        tiles=presenters.wall_tiles(board),
        people_rows=presenters.joined(presenters.wall_people_rows(board)),
        refresh=WALL_REFRESH_SECONDS,
    )
    return render(request, "dashboard/wall.html", context)


@dashboard_page
def funnel(request: HttpRequest) -> HttpResponse:
    """The month's funnel by source channel and model, and its daily trend."""
    day = _day(request)
    store = request.board_store
    board = selectors.funnel_for_month(store=store, day=day)
    series = selectors.daily_series(store=store, day=day)
    store_param = _store_query(request).get("store")
    context = _context(
        request,
        day,
        board_key="funnel",
        funnel=board,
        stages=presenters.funnel_stages(),
        total_lines=[presenters.funnel_line(board.total, day, store_param, {}, _("Store"))],
        by_channel=[
            presenters.funnel_line(r, day, store_param, _funnel_slice("channel", r.key))
            for r in board.by_channel
        ],
        by_model=[
            presenters.funnel_line(r, day, store_param, _funnel_slice("model", r.key))
            for r in board.by_model
        ],
        chart=presenters.series_chart(series),
        funnel_chart=presenters.funnel_chart(board),
    )
    return render(request, "dashboard/funnel.html", context)


def _funnel_slice(kind: str, key: str) -> dict:
    """A funnel line's drill-down slice; the "—" line (no channel or model
    recorded) opens exactly those records, not all of them."""
    return {kind: key} if key else {"unknown": kind}


def _plan_editable(request: HttpRequest, day: date) -> bool:
    """The written suggestion is the current month's (RPT-ORDER-PLAN)."""
    today = store_today(request.board_store)
    return services.user_can_edit_order_plan(request.user) and (
        day.replace(day=1) == today.replace(day=1)
    )


def _stock_page(request, day: date, formset=None, error=None, status: int = 200):
    board = selectors.stock_board(store=request.board_store, day=day)
    if formset is None and _plan_editable(request, day):
        formset = OrderPlanFormSet(initial=order_plan_initial(board.plan))
    # Each model's line with its own form (matched by model, not position: a
    # model may come or go between showing the page and posting it).
    forms = {f["model_name"].value(): f for f in formset} if formset is not None else {}
    lines = [{"row": row, "form": forms.get(row.model_name)} for row in board.plan]
    context = _context(
        request,
        day,
        board_key="stock",
        board=board,
        ledger_rows=presenters.joined(presenters.ledger_rows(board.ledger)),
        on_hand_rows=presenters.joined(presenters.on_hand_rows(board.on_hand)),
        formset=formset,
        plan_lines=lines,
        plan_rows=presenters.plan_rows(lines),
        plan_error=error,
    )
    return render(request, "dashboard/stock.html", context, status=status)


@dashboard_page
def stock(request: HttpRequest) -> HttpResponse:
    """RPT-STOCK-DAILY and RPT-ORDER-PLAN."""
    return _stock_page(request, _day(request))


@dashboard_page
@require_POST
def order_plan(request: HttpRequest) -> HttpResponse:
    """RPT-ORDER-PLAN: save the month's written suggestion."""
    store = request.board_store
    today = store_today(store)
    formset = OrderPlanFormSet(request.POST)
    if not formset.is_valid():
        return _stock_page(request, today, formset=formset, status=400)
    try:
        services.order_plan_save(
            store=store, month=today, rows=[f.cleaned_data for f in formset], by=request.user
        )
    except DomainError as exc:
        return _stock_page(request, today, formset=formset, error=exc, status=exc.status)
    messages.success(request, _("Order plan saved."))
    url = reverse("dashboard:stock")
    query = _store_query(request)
    return redirect(f"{url}?{urlencode(query)}" if query else url)


@dashboard_page
def compliance(request: HttpRequest) -> HttpResponse:
    """Follow-ups, SMS, daily logs, morning checks, storage care and points."""
    day = _day(request)
    board = selectors.compliance_board(store=request.board_store, day=day)
    links = user_sees_store_statement(user=request.user)  # PTS-5: who reads the entries
    rows = presenters.joined(presenters.compliance_rows(board, day, points_links=links))
    return render(
        request,
        "dashboard/compliance.html",
        _context(request, day, board_key="compliance", board=board, rows_html=rows),
    )


@dashboard_page
def lost(request: HttpRequest) -> HttpResponse:
    """RPT-LOST: the month's lost and out-of-control customers, and the
    supervisor's written analysis of them (a form until it is submitted)."""
    day = _day(request)
    store = request.board_store
    form, status = None, 200
    if request.method == "POST":
        form = LostAnalysisForm(request.POST)
        status = _lost_analysis_submitted(request, form)
        if status is None:
            messages.success(request, _("Lost-customer analysis submitted."))
            return redirect(request.get_full_path())
    report = selectors.lost_analysis_report_get(store=store, month=day)
    if form is None and report is None and services.user_can_submit_lost_analysis(request.user):
        form = LostAnalysisForm(initial={"month": day.replace(day=1)})
    analysis = selectors.lost_analysis(store=store, day=day)
    lines = selectors.LostLines(store=store, day=day, total=analysis.total)
    page = Paginator(lines, 100).get_page(request.GET.get("page"))
    context = _context(
        request,
        day,
        board_key="lost",
        analysis=analysis,
        page=page,
        reason_rows=presenters.lost_reason_rows(analysis.by_reason),
        price_rows=presenters.lost_price_rows(analysis.price_table),
        competitor_rows=presenters.competitor_price_rows(analysis.competitor_prices),
        rows_html=presenters.lost_rows(page.object_list),
        report=report,
        form=form,
    )
    return render(request, "dashboard/lost.html", context, status=status)


def _lost_analysis_submitted(request: HttpRequest, form: LostAnalysisForm) -> int | None:
    """Validate and submit; None when saved, else the answer's status with
    the refusal next to its field."""
    if not form.is_valid():
        return 400
    try:
        services.lost_analysis_submit(
            store=request.board_store,
            month=form.cleaned_data["month"],
            analysis=form.cleaned_data["analysis"],
            by=request.user,
        )
    except DomainError as exc:
        form_add_domain_error(form, exc)
        return exc.status
    return None


def _group_stores(request: HttpRequest) -> list[Store]:
    """The stores of the board store's dealer group the person may see (ORG-1)."""
    group_id = request.board_store.dealer_group_id
    return [s for s in store_choices_for_request(request) if s.dealer_group_id == group_id]


@dashboard_page
def group(request: HttpRequest) -> HttpResponse:
    """The dealer group's view (GM office) across the person's stores."""
    day = _day(request)
    view = selectors.kpi_group_view(stores=_group_stores(request), day=day)
    context = _context(
        request,
        day,
        board_key="group",
        view=view,
        lines=presenters.group_lines(view),
        targets=presenters.target_lines_of(
            (("store", view.rows), ("total", [view.total])),
            coloured=False,
            total_label=_("Group total"),
        ),
        **presenters.legend_html(),
    )
    return render(request, "dashboard/group.html", context)


def _record_filter(request: HttpRequest, metric: str) -> selectors.RecordFilter:
    if metric not in selectors.METRICS:
        raise Http404
    get = request.GET
    person = get.get("person", "")
    return selectors.RecordFilter(
        metric=metric,
        day=_day(request),
        window="month" if get.get("window") == "month" else "today",
        person=parse_id(person),
        group=get.get("group", "") if get.get("group") in ("A", "B") else "",
        channel=get.get("channel", "") if get.get("channel") in SourceChannel.values else "",
        model_name=get.get("model", "")[:50],
        unknown=get.get("unknown", "") if get.get("unknown") in selectors.UNKNOWN else "",
    )


@dashboard_page
def records(request: HttpRequest, metric: str) -> HttpResponse:
    """The records behind a figure (RPT-KANBAN drill-down), 50 a page."""
    flt = _record_filter(request, metric)
    found, rows = selectors.metric_records(store=request.board_store, filter=flt)
    page = Paginator(rows, 50).get_page(request.GET.get("page"))
    lines = [selectors.record_line(found, r) for r in page.object_list]
    params = request.GET.copy()
    params.pop("page", None)
    context = _context(
        request,
        flt.day,
        metric=found,
        filter=flt,
        page=page,
        lines=lines,
        export_query=params.urlencode(),
        person=selectors.record_filter_person(flt),
        channel_label=SourceChannel(flt.channel).label if flt.channel else "",
    )
    return render(request, "dashboard/records.html", context)


@dashboard_page
def records_export(request: HttpRequest, metric: str, fmt: str) -> HttpResponse:
    flt = _record_filter(request, metric)
    found, rows = selectors.metric_records(store=request.board_store, filter=flt)
    name = f"{metric}-{flt.window}-{flt.day.isoformat()}"
    return _export(fmt, name, exports.records_tables(found, rows))


BOARD_TABLES: dict[str, Callable] = {
    "kpi": lambda request, day: exports.kpi_tables(
        selectors.kpi_board(store=request.board_store, day=day)
    ),
    "funnel": lambda request, day: exports.funnel_tables(
        selectors.funnel_for_month(store=request.board_store, day=day)
    ),
    "stock": lambda request, day: exports.stock_tables(
        selectors.stock_board(store=request.board_store, day=day)
    ),
    "compliance": lambda request, day: exports.compliance_tables(
        selectors.compliance_board(store=request.board_store, day=day)
    ),
    "lost": lambda request, day: exports.lost_tables(
        selectors.lost_analysis(store=request.board_store, day=day)
    ),
    "group": lambda request, day: exports.group_tables(
        selectors.kpi_group_view(stores=_group_stores(request), day=day)
    ),
}


@dashboard_page
def export(request: HttpRequest, board: str, fmt: str) -> HttpResponse:
    """Every board as XLSX or CSV (issue 8, RPT-LOST's export)."""
    if board not in BOARD_TABLES or fmt not in ("xlsx", "csv"):
        raise Http404
    day = _day(request)
    tables = BOARD_TABLES[board](request, day)
    return _export(fmt, f"{board}-{request.board_store.code}-{day.isoformat()}", tables)


def _export(fmt: str, name: str, tables) -> HttpResponse:
    if fmt == "xlsx":
        return exports.xlsx_response(name, tables)
    if fmt == "csv":
        return exports.csv_response(name, tables)
    raise Http404
