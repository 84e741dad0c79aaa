"""Spreadsheet downloads (CSV and XLSX) that are safe to open in Excel.

A cell that starts with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return would be run as a formula by
spreadsheet programs ("formula injection"); such text is prefixed with an apostrophe so it shows as typed.
An XLSX file cannot hold most control characters (a child may type ESC or backspace by accident): in XLSX they
become U+FFFD, so the download never fails; the CSV keeps the text exactly as typed. A sheet's name cannot hold
some punctuation (``:`` in "Trends: …"): there it becomes ``-``.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable, Sequence
from datetime import date, datetime

REPLACEMENT = "\ufffd"
# What XML 1.0, and so an XLSX file, cannot hold: control characters other than tab and line breaks, lone
# surrogates, and the noncharacters U+FFFE and U+FFFF (openpyxl's own ILLEGAL_CHARACTERS_RE lets these two
# through, and the file it writes then cannot be opened).
XML_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
# Characters Excel (and openpyxl) refuse in a sheet's name.
SHEET_NAME_ILLEGAL = re.compile(r"[\\*?:/\[\]]")
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value):
    """The value, with text that a spreadsheet would treat as a formula made harmless."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def xlsx_cell(value):
    """A value as an XLSX cell can hold it: formulas made harmless, and characters XML cannot hold replaced."""
    if isinstance(value, str):
        return XML_ILLEGAL.sub(REPLACEMENT, safe_cell(value))
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
    # Imported here: openpyxl takes a good part of a start, and only downloads need it.
    from openpyxl import Workbook
    from openpyxl.styles import Font

    book = Workbook()
    sheet = book.active
    sheet.title = SHEET_NAME_ILLEGAL.sub("-", title)[:31]
    sheet.append([xlsx_cell(str(h)) for h in headers])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in rows:
        sheet.append(
            [
                xlsx_cell(value if isinstance(value, (int, float, date, datetime)) or value is None else str(value))
                for value in row
            ]
        )
    sheet.freeze_panes = "A2"
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
