"""Spreadsheet downloads (CSV and XLSX) that are safe to open in Excel.

A cell that starts with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return would be run as a formula by
spreadsheet programs ("formula injection"); such text is prefixed with an apostrophe so it shows as typed.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence
from datetime import date, datetime

from openpyxl import Workbook
from openpyxl.styles import Font

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value):
    """The value, with text that a spreadsheet would treat as a formula made harmless."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, (date, datetime)):
        return value.isoformat(sep=" ", timespec="minutes") if isinstance(value, datetime) else value.isoformat()
    return str(value)


def csv_bytes(headers: Sequence[str], rows: Iterable[Sequence]) -> bytes:
    """A UTF-8 CSV (with a byte-order mark, so Excel reads Arabic and other scripts correctly)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow([safe_cell(str(h)) for h in headers])
    for row in rows:
        writer.writerow([safe_cell(_text(value)) for value in row])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def xlsx_bytes(title: str, headers: Sequence[str], rows: Iterable[Sequence]) -> bytes:
    """An XLSX workbook with one sheet: a bold header row, then the rows (every text cell made safe)."""
    book = Workbook()
    sheet = book.active
    sheet.title = title[:31]
    sheet.append([safe_cell(str(h)) for h in headers])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in rows:
        sheet.append(
            [
                safe_cell(value if isinstance(value, (int, float, date, datetime)) or value is None else str(value))
                for value in row
            ]
        )
    sheet.freeze_panes = "A2"
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
