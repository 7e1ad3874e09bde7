"""PTS-5: the monthly statement as an XLSX workbook (openpyxl): a sheet of
points per person with the group totals, and a sheet of every entry."""

from __future__ import annotations

from io import BytesIO

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font

from scoring.selectors import Statement


def statement_xlsx(*, statement: Statement, entries) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.title = _("Statement")[:31]
    sheet.append([statement.store.name, statement.month.strftime("%Y-%m")])
    sheet.append([_("Person"), _("Sales group"), _("Entries"), _("Points deducted")])
    for row in statement.rows:
        sheet.append([row.person.display_name, row.person.sales_group, row.entries, row.points])
    for group, points in statement.groups.items():
        sheet.append([_("Group %(group)s") % {"group": group}, group, None, points])
    sheet.append([_("Total"), None, None, statement.total])
    for cell in sheet[2]:
        cell.font = Font(bold=True)
    _entries_sheet(book, entries)
    buffer = BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _entries_sheet(book: Workbook, entries) -> None:
    sheet = book.create_sheet(_("Entries")[:31])
    sheet.append(
        [_("Date"), _("Person"), _("Rule"), _("Points deducted"), _("Source"), _("Reason")]
    )
    for entry in entries:
        sheet.append(
            [
                entry.fact_date,
                entry.person.display_name,
                entry.rule.code,
                entry.points,
                entry.source,
                entry.note,
            ]
        )
    for cell in sheet[1]:
        cell.font = Font(bold=True)
