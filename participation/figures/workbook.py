"""The report as an Excel workbook, for a council officer to work with: one sheet per table, with numbers as
numbers, percentages as percentage cells and a native bar chart, so the figures can be sorted, summed and
charted again without retyping.

A hidden count ("fewer than 5") cannot be a number: its cell is left empty, and the sheet says what an empty
cell means. Every text cell goes through `exports.xlsx_cell`, so a label typed as "=1+1" is shown, not run.
"""

from __future__ import annotations

import io

from flask_babel import gettext as _
from openpyxl import Workbook
from openpyxl.chart import BarChart, Reference
from openpyxl.chart.data_source import AxDataSource, StrRef
from openpyxl.chart.label import DataLabelList
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from ..platform.exports import REPLACEMENT, SHEET_NAME_ILLEGAL, XML_ILLEGAL, xlsx_cell
from .disclosure import Few, Share, Withheld
from .tables import Table

SHEET_NAME_MAX = 31  # Excel refuses longer sheet names
FIRST_WIDTH, OTHER_WIDTH = 50, 14
HEADER_ROW = 3  # below the heading and the table's title


def table_workbook(table: Table, *, heading: str, notes: list[str]) -> bytes:
    """An XLSX with one sheet for one table: the heading, the table's title, the table and its notes, and a
    bar chart of it."""
    book = Workbook()
    _table_sheet(book, book.active, table, heading, notes)
    return _saved(book)


def report_workbook(
    *, heading: str, summary: list[str], sections: list[tuple[str, list[Table]]], notes: list[str]
) -> bytes:
    """An XLSX of the whole report: a "Summary" sheet (the heading, the summary sentences one per row, the
    notes), then one sheet per table, in section order."""
    book = Workbook()
    sheet = book.active
    sheet.title = _sheet_name(str(_("Summary")), set())
    sheet.append([xlsx_cell(heading)])
    sheet["A1"].font = Font(bold=True, size=14)
    sheet.append([])
    for sentence in summary:
        sheet.append([xlsx_cell(sentence)])
    sheet.append([])
    for note in notes:
        sheet.append([xlsx_cell(note)])
    sheet.column_dimensions["A"].width = 100
    for _title, tables in sections:
        for table in tables:
            _table_sheet(book, book.create_sheet(), table, heading, notes)
    return _saved(book)


def _table_sheet(book: Workbook, sheet: Worksheet, table: Table, heading: str, notes: list[str]) -> None:
    sheet.title = _sheet_name(
        table.title or table.key, {each.title.lower() for each in book.worksheets if each is not sheet}
    )
    sheet.append([xlsx_cell(heading)])
    sheet.append([xlsx_cell(table.title)])
    sheet.append([xlsx_cell(str(header)) for header in table.headers])
    sheet["A1"].font = Font(bold=True, size=14)
    sheet["A2"].font = Font(bold=True, size=12)
    for cell in sheet[HEADER_ROW]:
        cell.font = Font(bold=True)
    for row in table.rows:
        sheet.append([_value(cell) for cell in row])
        for cell, value in zip(sheet[sheet.max_row], row, strict=False):
            if isinstance(value, Share):
                cell.number_format = "0%"
    sheet.freeze_panes = f"A{HEADER_ROW + 1}"  # the heading, title and headers stay in view when scrolling

    hidden = [cell.limit for row in table.rows for cell in row if isinstance(cell, Few)]
    withheld = any(isinstance(cell, Withheld) for row in table.rows for cell in row)
    below = [table.note] if table.note else []
    if hidden:
        below.append(
            _(
                "Empty cells are counts from 1 to %(num)d, left out so that no child can be identified.",
                num=max(hidden) - 1,
            )
        )
    if withheld:
        below.append(_("Some larger counts are left empty too, so that a hidden count cannot be worked out from them."))
    sheet.append([])
    for note in [*below, *notes]:
        sheet.append([xlsx_cell(note)])

    width = max([len(table.headers), *(len(row) for row in table.rows)])
    sheet.column_dimensions["A"].width = FIRST_WIDTH
    for column in range(2, width + 1):
        sheet.column_dimensions[get_column_letter(column)].width = OTHER_WIDTH
    _chart(sheet, table, first_free_column=width + 2)


def _value(cell):
    """A table cell as the spreadsheet holds it: numbers as numbers, a share as its fraction (shown as a
    percentage), a hidden count and "" as an empty cell, anything else as safe text."""
    if isinstance(cell, bool):  # a bool is an int to Python, but not a count
        return xlsx_cell(str(cell))
    if isinstance(cell, (int, float)):
        return cell
    if isinstance(cell, Share):
        return cell.fraction
    if isinstance(cell, (Few, Withheld)) or cell == "" or cell is None:
        return None
    return xlsx_cell(str(cell))


def _chart(sheet: Worksheet, table: Table, *, first_free_column: int) -> None:
    """A horizontal bar chart of ``table.chart``, below the notes. Its labels and values are written to two
    hidden columns right of the table: the bars do not always match one column of the table (a pivot's
    year column, a feedback table's % positive, trends' totals), while ``table.chart`` always says what
    they are."""
    if not any(value is not None for _label, value, _text in table.chart):
        return
    label_column, value_column = first_free_column, first_free_column + 1
    first = HEADER_ROW + 1
    for offset, (label, value, _text) in enumerate(table.chart):
        sheet.cell(first + offset, label_column, xlsx_cell(str(label)))
        cell = sheet.cell(first + offset, value_column, value)
        if table.chart_max == 100:
            cell.number_format = '0"%"'  # the values are whole percentages; the bars' labels say so
    last = first + len(table.chart) - 1
    for column in (label_column, value_column):
        sheet.column_dimensions[get_column_letter(column)].hidden = True

    chart = BarChart()
    chart.type = "bar"
    chart.title = XML_ILLEGAL.sub(REPLACEMENT, table.title)
    chart.legend = None
    chart.visible_cells_only = False  # the data is in hidden columns
    chart.add_data(Reference(sheet, min_col=value_column, min_row=first, max_row=last))
    labels = Reference(sheet, min_col=label_column, min_row=first, max_row=last)
    chart.series[0].cat = AxDataSource(strRef=StrRef(str(labels)))  # text labels (set_categories says numbers)
    chart.dataLabels = DataLabelList(showVal=True)
    chart.x_axis.scaling.orientation = "maxMin"  # the first row's bar at the top, as in the table
    chart.y_axis.crosses = "max"  # … and the value axis at the bottom
    chart.y_axis.scaling.min = 0
    if table.chart_max == 100:
        chart.y_axis.scaling.max = 100
    chart.x_axis.delete = chart.y_axis.delete = False  # openpyxl hides both axes unless told
    chart.width = 24
    chart.height = max(7.5, 0.8 * len(table.chart) + 3)  # centimetres: room for every bar's label
    sheet.add_chart(chart, f"A{sheet.max_row + 2}")


def _sheet_name(title: str, taken: set[str]) -> str:
    """``title`` as a sheet name Excel accepts: no ``\\ / * ? : [ ]``, no apostrophe at either end, at most 31
    characters, and not ``taken`` (lower case: Excel compares names without case) — else " 2", " 3" …"""
    base = SHEET_NAME_ILLEGAL.sub("-", XML_ILLEGAL.sub("", title)).strip().strip("'") or "Sheet"
    name, number = base[:SHEET_NAME_MAX].rstrip(), 1
    while name.lower() in taken:
        number += 1
        suffix = f" {number}"
        name = base[: SHEET_NAME_MAX - len(suffix)].rstrip() + suffix
    return name


def _saved(book: Workbook) -> bytes:
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
