"""Every board as XLSX (openpyxl in write-only mode, written to a temporary
file: memory stays bounded) and as CSV (streamed row by row). A board is
turned into Tables first; both formats write the same tables."""

from __future__ import annotations

import csv
import tempfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import datetime

from django.http import FileResponse, StreamingHttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy
from openpyxl import Workbook

from dealership.dashboard.models import TARGET_FIELDS
from dealership.dashboard.selectors.compliance import ComplianceBoard
from dealership.dashboard.selectors.funnel import STAGES, Funnel
from dealership.dashboard.selectors.kpi import Figures, GroupView, KpiBoard, KpiRow
from dealership.dashboard.selectors.lost import LostAnalysis
from dealership.dashboard.selectors.records import record_line
from dealership.dashboard.selectors.sources import METRICS, Metric
from dealership.dashboard.selectors.stock import StockBoard

# The KPI columns of a window: counted figures and the rates between them.
KPI_COLUMNS: list[tuple[str, object]] = [
    ("calls", gettext_lazy("Calls")),
    ("visits", gettext_lazy("Visits")),
    ("first_visits", gettext_lazy("First visits")),
    ("return_visits", gettext_lazy("Return visits")),
    ("new_leads", gettext_lazy("New leads")),
    ("registration_rate", gettext_lazy("Registration rate %")),
    ("test_drives", gettext_lazy("Test drives")),
    ("test_drive_rate", gettext_lazy("Test-drive rate %")),
    ("orders", gettext_lazy("Orders")),
    ("closing_rate", gettext_lazy("Closing rate %")),
    ("deliveries", gettext_lazy("Deliveries")),
    ("cancellations", pgettext_lazy("dashboard", "Cancellations")),
    ("lost", gettext_lazy("Lost")),
]


@dataclass
class Table:
    title: str
    header: list
    rows: Iterable[list]


def _cell(value):
    """Excel and CSV take no time zones or lazy strings: local wall-clock
    times, plain text, numbers (Decimal kept exact)."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        return timezone.localtime(value).replace(tzinfo=None) if timezone.is_aware(value) else value
    if isinstance(value, int | float) or hasattr(value, "as_tuple"):
        return value
    if hasattr(value, "isoformat"):
        return value
    return str(value)


def xlsx_response(filename: str, tables: list[Table]) -> FileResponse:
    book = Workbook(write_only=True)
    for table in tables:
        sheet = book.create_sheet(str(table.title)[:31])
        sheet.append([_cell(h) for h in table.header])
        for row in table.rows:
            sheet.append([_cell(v) for v in row])
    # Closed by FileResponse when the download ends.
    handle = tempfile.TemporaryFile()  # noqa: SIM115
    book.save(handle)
    handle.seek(0)
    return FileResponse(handle, as_attachment=True, filename=f"{filename}.xlsx")


class _Echo:
    def write(self, value: str) -> str:
        return value


def _csv_lines(tables: list[Table]) -> Iterator[str]:
    writer = csv.writer(_Echo())
    yield "\ufeff"  # BOM: Excel opens UTF-8 Chinese text correctly
    for index, table in enumerate(tables):
        if index:
            yield writer.writerow([])
        yield writer.writerow([str(table.title)])
        yield writer.writerow([_cell(h) for h in table.header])
        for row in table.rows:
            yield writer.writerow([_cell(v) for v in row])


def csv_response(filename: str, tables: list[Table]) -> StreamingHttpResponse:
    response = StreamingHttpResponse(_csv_lines(tables), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}.csv"'
    return response


def _figures(figures: Figures) -> list:
    return [getattr(figures, attr) for attr, _label in KPI_COLUMNS]


def _kpi_row(row: KpiRow, group: str = "", label: str | None = None) -> list:
    return [
        row.label if label is None else label,
        group,
        *_figures(row.today),
        *_figures(row.month),
    ]


def _target_table(rows: list[KpiRow], labels: list[str]) -> Table:
    """Month to date against the month's targets: actual, target, percent."""
    header = [_("Row")]
    for name in TARGET_FIELDS:
        label = str(METRICS[name].label)
        header += [label, f"{label} ({_('target')})", f"{label} %"]
    lines = []
    for row, label in zip(rows, labels, strict=True):
        progress = row.progress
        line = [label]
        for name in TARGET_FIELDS:
            line += [getattr(row.month, name), getattr(row.target, name), progress[name]]
        lines.append(line)
    return Table(_("Targets"), header, lines)


def _window_header(window: str) -> list[str]:
    return [f"{label} ({window})" for _attr, label in KPI_COLUMNS]


def kpi_tables(board: KpiBoard) -> list[Table]:
    header = [
        _("Consultant"),
        _("Sales group"),
        *_window_header(_("today")),
        *_window_header(_("month to date")),
    ]
    rows = [_kpi_row(r, r.person.sales_group) for r in board.people]
    rows += [_kpi_row(r, r.key) for r in board.groups] + [_kpi_row(board.total)]
    lines = [*board.people, *board.groups, board.total]
    return [
        Table(_("KPI %(day)s") % {"day": board.period.day}, header, rows),
        _target_table(lines, [r.label for r in lines]),
    ]


def group_tables(view: GroupView) -> list[Table]:
    return [
        Table(
            _("Stores"),
            [
                _("Store"),
                _("Sales group"),
                *_window_header(_("today")),
                *_window_header(_("month to date")),
            ],
            [_kpi_row(r) for r in view.rows] + [_kpi_row(view.total, label=_("Group total"))],
        ),
        _target_table([*view.rows, view.total], [*(r.label for r in view.rows), _("Group total")]),
    ]


def funnel_tables(funnel: Funnel) -> list[Table]:
    """As the board: each stage's count and its percentage of the visits,
    by channel and by model, each table closed by the month's total."""
    header = [str(METRICS[STAGES[0]].label)]
    for key in STAGES[1:]:
        label = str(METRICS[key].label)
        header += [label, f"{label} %"]

    def line(row, label: str) -> list:
        conversion = row.conversion
        cells = [label or "—", row.counts[STAGES[0]]]
        for key in STAGES[1:]:
            cells += [row.counts[key], conversion[key]]
        return cells

    total = line(funnel.total, _("Total"))
    return [
        Table(
            _("By source channel"),
            [_("Source channel"), *header],
            [line(r, r.label) for r in funnel.by_channel] + [total],
        ),
        Table(
            _("By model"),
            [_("Model"), *header],
            [line(r, r.label) for r in funnel.by_model] + [total],
        ),
    ]


def stock_tables(board: StockBoard) -> list[Table]:
    return [
        Table(
            _("Stock ledger"),
            [_("Day"), _("Opening"), _("Received"), _("Sold"), _("Closing")],
            [
                [r["day"], r["opening"], r["received"], r["sold"], r["closing"]]
                for r in board.ledger
            ],
        ),
        Table(
            _("On hand"),
            [_("Model"), _("Colour"), _("Warehouse"), _("Cars")],
            [
                [r["model_name"], r["colour"], r["warehouse__name"], r["count"]]
                for r in board.on_hand
            ],
        ),
        Table(
            _("Stock age"),
            [_("Days in stock"), _("Cars")],
            [[r["band"], r["count"]] for r in board.age_bands],
        ),
        Table(
            _("Stock depth"),
            [_("Closing stock"), _("Average monthly sales"), _("Months"), _("Warning")],
            [
                [
                    board.depth.closing,
                    board.depth.average_monthly_sales,
                    board.depth.depth,
                    board.depth.warning,
                ]
            ],
        ),
        Table(
            _("Order plan"),
            [
                _("Model"),
                _("On hand"),
                _("In transit"),
                _("Retained orders"),
                _("Average monthly sales"),
                _("Stock depth"),
                _("N+0.5"),
                _("N+2"),
                _("N+3"),
                _("Written"),
            ],
            [
                [
                    r.model_name,
                    r.on_hand,
                    r.in_transit,
                    r.retained_orders,
                    r.monthly_sales,
                    r.depth,
                    *r.plan,
                    _("yes") if r.saved else _("no"),
                ]
                for r in board.plan
            ],
        ),
    ]


def compliance_tables(board: ComplianceBoard) -> list[Table]:
    header = [
        _("Consultant"),
        _("Sales group"),
        _("Follow-ups on time"),
        _("Follow-ups late"),
        _("Follow-ups missed"),
        _("SMS on time"),
        _("SMS late"),
        _("SMS not sent"),
        _("Daily logs"),
        _("Days"),
        _("Points deducted"),
        _("Rank"),
    ]
    rows = [
        [
            line.person.display_name,
            line.person.sales_group,
            line.followups.on_time if line.followups else 0,
            line.followups.late if line.followups else 0,
            line.followups.missed if line.followups else 0,
            line.sms.on_time,
            line.sms.late,
            line.sms.not_sent,
            line.logs,
            board.days,
            line.points,
            line.rank,
        ]
        for line in board.leaderboard
    ]
    care = board.care
    checks = board.checklists
    return [
        Table(_("Compliance"), header, rows),
        Table(
            _("Storage care"),
            [_("Due"), _("On time"), _("Late"), _("Overdue"), _("Not yet due")],
            [[care.total, care.on_time, care.late, care.overdue, care.open]],
        ),
        Table(
            _("Morning checks"),
            [
                _("Days"),
                _("Signed off"),
                _("Failed items"),
                _("Unchecked items"),
                _("Not signed off"),
            ],
            [
                [
                    checks.days,
                    checks.signed_off,
                    checks.failed_items,
                    checks.open_items,
                    " ".join(d.isoformat() for d in checks.missing_days),
                ]
            ],
        ),
    ]


def lost_tables(analysis: LostAnalysis) -> list[Table]:
    return [
        Table(
            _("Lost customers"),
            [
                _("Decided"),
                _("Customer"),
                _("Mobile"),
                _("Consultant"),
                _("Model"),
                _("Reason"),
                _("Competitor"),
                _("Competitor price"),
                _("Details"),
            ],
            (
                [
                    r.decided_at,
                    r.customer.name,
                    r.customer.mobile,
                    r.customer.consultant.display_name,
                    r.customer.model_of_interest,
                    r.get_reason_display(),
                    r.competitor_brand,
                    r.competitor_price,
                    r.note,
                ]
                for r in analysis.requests.iterator(chunk_size=500)
            ),
        ),
        Table(
            _("By reason"),
            [_("Reason"), _("Customers")],
            [[r["label"], r["count"]] for r in analysis.by_reason],
        ),
        Table(
            _("Competitor prices"),
            [_("Model"), _("Competitor"), _("Cases"), _("Lowest"), _("Average"), _("Highest")],
            [
                [
                    r["customer__model_of_interest"],
                    r["competitor_brand"],
                    r["count"],
                    r["lowest"],
                    r["average"],
                    r["highest"],
                ]
                for r in analysis.price_table
            ],
        ),
        Table(
            _("Competitor prices collected"),
            [_("Week"), _("Our model"), _("Competitor"), _("City"), _("Discount price")],
            [
                [p.week, p.our_model, p.competitor, p.city, p.discount_price]
                for p in analysis.competitor_prices
            ],
        ),
    ]


def records_tables(metric: Metric, records) -> list[Table]:
    def rows():
        for record in records.iterator(chunk_size=500):
            line = record_line(metric, record)
            yield [
                line["at"],
                line["customer"].name,
                line["customer"].mobile,
                line["consultant"].display_name,
                line["detail"],
            ]

    header = [_("Time"), _("Customer"), _("Mobile"), _("Consultant"), _("Detail")]
    return [Table(metric.label, header, rows())]
