"""The statistics end to end in Chromium, on a phone and at a desk: a participation officer opens Statistics from
the main menu, chooses last year, reads a headline, follows it to its tables, switches to the figures as
published, opens the annual report and downloads it as an Excel workbook and a Word document. axe-core checks
the dashboard, the section page in both views and the annual report.

The figures are the hand-counted year of the statistics tests (`tests.integration.figures.test_statistics.world`,
2025-26): 7 of the 9 consultations of children aged 4 and over came back before the review (78%; as published
5 of 10, 50%), by quarter 1, 0, 5 and 1; 10 reviews were held.
"""

from __future__ import annotations

import io
from pathlib import Path

import docx
import pytest
from openpyxl import load_workbook
from playwright.sync_api import expect

from participation.people.models import Role
from tests.conftest import PASSWORD, make_staff
from tests.integration.figures.test_statistics import world  # noqa: F401  (a fixture: the hand-counted year)

from .conftest import PHONE
from .pages import AnnualReportPage, StaffLoginPage, StatisticsDashboardPage, StatisticsSectionPage

pytestmark = pytest.mark.e2e

DESK = {"width": 1280, "height": 900}
RETURNED = "Consultations returned before the review"
RETURNED_TABLE = "Consultations returned before the review (children aged 4 and over)"
RETURNED_ROW = "Returned before the review"


@pytest.mark.parametrize("viewport", [PHONE, DESK], ids=["phone", "desk"])
@pytest.mark.usefixtures("world")
def test_a_participation_officer_reads_the_figures_and_downloads_the_annual_report(app, open_page, viewport):
    """From the main menu to the Word document, with each page checked by axe-core at this width."""
    with app.app_context():
        make_staff(Role.PARTICIPATION, email="pat@example.org", name="Pat")
    desk = open_page(viewport=viewport)
    StaffLoginPage(desk).open().sign_in("pat@example.org", PASSWORD)

    # The dashboard, from the main menu; last year is chosen in the filters.
    desk.get_by_role("navigation", name="Main menu").get_by_role("link", name="Statistics").click()
    dashboard = StatisticsDashboardPage(desk).arrive()
    dashboard.show_year("2025–26")
    dashboard.arrive()
    expect(dashboard.notice("Exact figures: not for publication.")).to_be_visible()
    expect(dashboard.value(RETURNED, "Year so far")).to_have_text("78%")
    expect(dashboard.value(RETURNED, "Last year")).to_have_text("0%")
    quarters = dashboard.quarter_by_quarter(RETURNED)
    expect(quarters).to_have_count(8)
    expect(quarters.nth(4)).to_have_text("Q1 (Apr–Jun) 2025–26: 50%")
    expect(quarters.nth(4)).to_be_visible()

    # Its tables, exactly, then as published.
    dashboard.see_the_tables(RETURNED)
    section = StatisticsSectionPage(desk).arrive()
    expect(section.heading("How children took part")).to_be_visible()
    expect(section.cell(RETURNED_TABLE, RETURNED_ROW, "Year")).to_have_text("7")
    expect(section.cell(RETURNED_TABLE, RETURNED_ROW, "Q1 (Apr–Jun)")).to_have_text("1")
    section.show_published()
    section.arrive()
    expect(section.notice("Figures as published.")).to_be_visible()
    # 1, 0, 5, 1: the two small quarters are hidden, and the year's 7 is withheld, or they could be worked out.
    expect(section.cell(RETURNED_TABLE, RETURNED_ROW, "Year")).to_have_text("withheld")
    expect(section.cell(RETURNED_TABLE, RETURNED_ROW, "Q1 (Apr–Jun)")).to_have_text("fewer than 5")
    expect(section.cell(RETURNED_TABLE, RETURNED_ROW, "Q3 (Oct–Dec)")).to_have_text("5")
    expect(section.cell(RETURNED_TABLE, RETURNED_ROW, "%")).to_have_text("")

    # Back to the headlines (still as published), then the annual report.
    section.back_to_headlines()
    dashboard.expect_open()
    expect(dashboard.value(RETURNED, "Year so far")).to_have_text("–")  # never more than the tables tell
    dashboard.annual_report()
    annual = AnnualReportPage(desk).arrive()
    expect(annual.heading("Participation of children in care in their reviews: 2025–26")).to_be_visible()
    expect(annual.summary.first).to_have_text("In 2025–26, 10 reviews of children in care were held.")

    # The Excel workbook: the summary, and the table's published figures as numbers.
    workbook = annual.download("Excel workbook")
    assert workbook.suggested_filename == "participation-annual-report-2025.xlsx"
    book = load_workbook(io.BytesIO(Path(workbook.path()).read_bytes()))
    summary = [row[0] for row in book["Summary"].iter_rows(values_only=True)]
    assert "In 2025–26, 10 reviews of children in care were held." in summary
    sheet = next(each for each in book.worksheets if each["A2"].value == RETURNED_TABLE)
    returned = next(row for row in sheet.iter_rows(values_only=True) if row[0] == RETURNED_ROW)
    assert returned[1:7] == (None, 0, 5, None, None, None)  # Q1 to Q4, year, % (hidden and withheld left empty)

    # The Word document: the same summary sentence and the same cells as the page.
    word = annual.download("Word document")
    assert word.suggested_filename == "participation-annual-report-2025.docx"
    document = docx.Document(io.BytesIO(Path(word.path()).read_bytes()))
    assert "In 2025–26, 10 reviews of children in care were held." in [p.text for p in document.paragraphs]
    cells = [[cell.text for cell in row.cells] for grid in document.tables for row in grid.rows]
    assert [RETURNED_ROW, "fewer than 5", "0", "5", "fewer than 5", "withheld", ""] in cells
