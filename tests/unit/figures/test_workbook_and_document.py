"""The report's downloads as a council officer opens them: the XLSX in Excel (numbers as numbers, percentages
as percentages, hidden counts left empty and explained, a chart per table) and the DOCX in Word (every table
with its cells as the page shows them)."""

from __future__ import annotations

import io

import docx
from openpyxl import load_workbook

from participation.figures.disclosure import Few, Share
from participation.figures.document import report_document
from participation.figures.tables import Table
from participation.figures.workbook import report_workbook, table_workbook

HEADING = "Participation annual report 2025–26 — for publication"
NOTES = ["Counts are rounded to the nearest 5.", "Source: Participation."]
EMPTY_NOTE = "Empty cells are counts from 1 to 4, left out so that no child can be identified."
SUMMARY = ["In 2025–26, 120 reviews of children in care were held.", "70% of children aged 4 and over took part."]


def pivot_like() -> Table:
    """Categories by quarter, with the year's count and %, a hidden count, and a total row."""
    table = Table(
        "codes",
        "Participation codes",
        ["Code", "Q1", "Q2", "Q3", "Q4", "Year", "%"],
        rows=[
            ["PN1 Spoke for themselves", 10, 20, 15, 25, 70, Share(70, 100)],
            ["=1+1", 5, 0, Few(5), 10, 15, ""],
            ["PN0 Under 4", 0, 5, 5, 5, 15, Share(15, 100)],
            ["Total", 15, 25, 20, 40, 100, Share(100, 100)],
        ],
        note="PN codes are the national codes.",
    )
    table.chart = [("PN1 Spoke for themselves", 70, "70"), ("=1+1", 15, "15"), ("PN0 Under 4", 15, "15")]
    return table


def feedback_like() -> Table:
    """Percentages, charted out of 100."""
    table = Table(
        "feedback-child",
        "Feedback from children",
        ["Question", "Answers", "Positive", "% positive", "How they answered"],
        rows=[["Did you feel listened to?", 20, 15, Share(15, 20), "Yes 15, No 5"]],
        chart_max=100,
    )
    table.chart = [("Did you feel listened to?", 75, "75%")]
    return table


def colon_titled() -> Table:
    """A title with a ":" (which Excel refuses in a sheet's name), and nothing to chart."""
    table = Table("trends", "Trends: this year against last year", ["Figure", "Total"], rows=[["Reviews held", Few(5)]])
    table.chart = [("Reviews held", None, "fewer than 5")]
    return table


def long_titled(title: str) -> Table:
    table = Table("long", title, ["Type", "Count"], rows=[["Problems\x1b raised", 5]])
    table.chart = [("Problems raised", 5, "5")]
    return table


LONG = "Statements children raised, by the type of statement they made"


def sections() -> list[tuple[str, list[Table]]]:
    return [
        ("How children took part", [pivot_like(), colon_titled()]),
        ("Feedback", [feedback_like()]),
        ("What children raised", [long_titled(LONG), long_titled(LONG)]),
    ]


def opened(data: bytes):
    return load_workbook(io.BytesIO(data))


def cell_texts(sheet) -> list[str]:
    return [str(cell.value) for row in sheet.iter_rows() for cell in row if cell.value is not None]


def test_a_table_workbook_keeps_numbers_percentages_and_hides_small_counts(app):
    with app.test_request_context():
        book = opened(table_workbook(pivot_like(), heading=HEADING, notes=NOTES))
    [sheet] = book.worksheets
    assert sheet["A1"].value == HEADING
    assert sheet["A2"].value == "Participation codes"
    assert [c.value for c in sheet[3]][:7] == ["Code", "Q1", "Q2", "Q3", "Q4", "Year", "%"]
    assert sheet["A3"].font.b
    pn1 = sheet[4]
    assert pn1[1].value == 10 and pn1[1].data_type == "n"
    assert pn1[5].value == 70 and pn1[5].data_type == "n"
    assert pn1[6].value == 0.7 and pn1[6].number_format == "0%"
    assert sheet["G7"].value == 1.0 and sheet["G7"].number_format == "0%"  # the total's 100%
    formula_row = sheet[5]
    assert formula_row[3].value is None  # the hidden count
    assert formula_row[6].value is None  # the % beside it, left out
    assert formula_row[0].data_type == "s" and formula_row[0].value == "'=1+1"  # text, never a formula
    texts = cell_texts(sheet)
    assert EMPTY_NOTE in texts
    assert "PN codes are the national codes." in texts
    assert all(note in texts for note in NOTES)
    assert len(sheet._charts) == 1
    assert sheet.column_dimensions["A"].width >= 40


def test_a_table_without_hidden_counts_has_no_note_about_empty_cells(app):
    with app.test_request_context():
        book = opened(table_workbook(feedback_like(), heading=HEADING, notes=[]))
    sheet = book.active
    assert EMPTY_NOTE not in cell_texts(sheet)
    assert sheet["D4"].value == 0.75 and sheet["D4"].number_format == "0%"
    [chart] = sheet._charts
    assert chart.y_axis.scaling.min == 0 and chart.y_axis.scaling.max == 100


def test_the_report_workbook_has_a_summary_then_one_sheet_per_table(app):
    with app.test_request_context():
        book = opened(report_workbook(heading=HEADING, summary=SUMMARY, sections=sections(), notes=NOTES))
    summary, *tables = book.worksheets
    assert summary.title == "Summary"
    texts = cell_texts(summary)
    assert texts[0] == HEADING
    assert all(sentence in texts for sentence in SUMMARY)
    assert all(note in texts for note in NOTES)

    titles = [sheet.title for sheet in tables]
    assert len(tables) == 5
    assert all(len(title) <= 31 for title in titles)
    assert len({title.lower() for title in book.sheetnames}) == len(book.sheetnames)
    assert titles[1] == "Trends- this year against last"  # ":" refused, cut to 31 characters
    assert titles[3:] == ["Statements children raised, by", "Statements children raised, b 2"]
    assert [sheet["A2"].value for sheet in tables] == [
        "Participation codes",
        "Trends: this year against last year",
        "Feedback from children",
        LONG,
        LONG,
    ]
    assert [len(sheet._charts) for sheet in tables] == [1, 0, 1, 1, 1]  # nothing to chart in the trends
    assert EMPTY_NOTE in cell_texts(tables[1])
    assert tables[3]["A4"].value == "Problems\ufffd raised"  # a control character cannot break the file


def test_the_report_document_shows_every_table_as_the_page_does(app):
    with app.test_request_context():
        data = report_document(
            heading=HEADING, organisation="Northshire Council", summary=SUMMARY, sections=sections(), notes=NOTES
        )
    document = docx.Document(io.BytesIO(data))
    paragraphs = [p.text for p in document.paragraphs]
    assert paragraphs[0] == HEADING and document.core_properties.title == HEADING
    assert "Northshire Council" in paragraphs
    assert all(sentence in paragraphs for sentence in SUMMARY)
    assert all(note in paragraphs for note in NOTES)
    assert "PN codes are the national codes." in paragraphs
    assert "How children took part" in paragraphs and "Trends: this year against last year" in paragraphs

    built = [table for _title, tables in sections() for table in tables]
    assert len(document.tables) == len(built)
    for word, table in zip(document.tables, built, strict=True):
        header, *rows = word.rows
        assert [c.text for c in header.cells] == table.headers
        assert all(run.bold for c in header.cells for run in c.paragraphs[0].runs)
        assert [[c.text for c in row.cells] for row in rows] == [
            [str(cell).replace("\x1b", "") for cell in row] for row in table.rows
        ]
    codes = document.tables[0]
    assert codes.rows[1].cells[6].text == "70%"
    assert codes.rows[2].cells[3].text == "fewer than 5"
    assert codes.rows[2].cells[0].text == "=1+1"  # Word runs no formulas: shown as typed
    assert document.tables[3].rows[1].cells[0].text == "Problems raised"  # the control character taken out
