"""The report as a Word document, for a council officer to edit into a committee paper: the heading, the
organisation, the summary, then each section's tables with every cell as the page shows it ("fewer than 5",
"70%"), and the notes.

Word files are XML, which cannot hold most control characters (a child may type ESC by accident, and
python-docx refuses such text): they are taken out of every piece of text written.
"""

from __future__ import annotations

import io

from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from flask_babel import gettext as _

from ..platform.exports import XML_ILLEGAL
from .disclosure import Few, Share
from .tables import Table

TABLE_STYLE = "Table Grid"  # built into python-docx's default template, so always there


def report_document(
    *, heading: str, organisation: str, summary: list[str], sections: list[tuple[str, list[Table]]], notes: list[str]
) -> bytes:
    """A DOCX of the whole report: title, organisation, summary, each section's tables (each with its title,
    a bold header row and its note), then the notes."""
    document = Document()
    document.core_properties.title = _text(heading)
    document.add_heading(_text(heading), level=0)
    document.add_paragraph(_text(organisation))
    document.add_heading(_text(_("Summary")), level=1)
    for sentence in summary:
        document.add_paragraph(_text(sentence))
    for title, tables in sections:
        document.add_heading(_text(title), level=1)
        for table in tables:
            _add_table(document, table)
    if notes:
        document.add_heading(_text(_("Notes")), level=1)
        for note in notes:
            document.add_paragraph(_text(note))
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _add_table(document, table: Table) -> None:
    document.add_heading(_text(table.title), level=2)
    width = max([len(table.headers), *(len(row) for row in table.rows)])
    grid = document.add_table(rows=1, cols=width)
    grid.style = TABLE_STYLE
    header = grid.rows[0]
    _repeat_on_each_page(header)
    for cell, text in zip(header.cells, table.headers, strict=False):
        cell.paragraphs[0].add_run(_text(text)).bold = True
    for row in table.rows:
        cells = grid.add_row().cells
        for cell, value in zip(cells, row, strict=False):
            paragraph = cell.paragraphs[0]
            paragraph.add_run(_text(value))
            if isinstance(value, (int, Few, Share)):  # figures line up on the right, as in print
                paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    if table.note:
        document.add_paragraph(_text(table.note))


def _repeat_on_each_page(row) -> None:
    """Mark a table's header row to be repeated at the top of each page a long table runs onto."""
    properties = row._tr.get_or_add_trPr()
    repeat = OxmlElement("w:tblHeader")
    repeat.set(qn("w:val"), "true")
    properties.append(repeat)


def _text(value) -> str:
    """A cell or sentence as text Word can hold: as shown (``str``), without the characters XML cannot hold."""
    return XML_ILLEGAL.sub("", str(value))
