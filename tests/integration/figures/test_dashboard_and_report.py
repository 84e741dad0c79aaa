"""The statistics dashboard, the annual report and its downloads, against the hand-counted year of the statistics
tests (`test_statistics.world`, financial year 2025-26, which is over: every quarter counts).

Hand-counted headlines from that year (exact, then as published):

* took part: PN1-PN6 of PN1-PN7 (PN0 is under 4): r1, r2, r3, r5 and r6-r10 of the same 9: 100%. By quarter 2 of
  2, 1 of 1, 5 of 5, 1 of 1; last year (2024-25) the one review "before", PN1 on 31 March 2025: 100%.
* consultations returned before the review, of the 9 reviews of children aged 4 and over: r1 (sent at 08:00,
  review at 10:00), r5 and r6-r10 = 7 of 9: 78%. By quarter: Q1 1 of 2 (50%), Q2 0 of 1 (0%), Q3 5 of 5 (100%),
  Q4 1 of 1 (100%); last year 0 of 1 (0%, in Q4).
* chaired or co-chaired, of PN1-PN7: r1 and r3 = 2 of 9: 22%.
* within timescale: no child has a date of coming into care, so none is known: "–" in both views.
* positive feedback from young people: "How happy" 5, 5, 4, 3, 2, 5 (4 positive) and "Did people listen" 5 six
  times (6 positive): 10 of 12, 83%.
* reviews held: 10 (r1-r10); as published 10.

As published, a headline is worked out from the published tables, and in this small year each needs a count
that is hidden or withheld, so each is a dash; `big_year` is large enough to publish them.
"""

from __future__ import annotations

import io
import re
from datetime import date, datetime

import docx
import pytest
from lxml import html as lxml_html
from openpyxl import load_workbook
from openpyxl.utils.cell import range_boundaries

from participation.extensions import db
from participation.figures import headlines
from participation.figures.disclosure import Share
from participation.people.models import Role, StaffUser
from participation.platform.clock import financial_year_of, today
from participation.web.staff.statistics import sparkline
from tests.conftest import login, make_staff
from tests.integration.figures.test_statistics import (  # noqa: F401  (world: a fixture)
    FEW,
    FY,
    _response,
    _review,
    world,
)

DASHBOARD = f"/staff/statistics?year={FY}"
REPORT = f"/staff/statistics/report?year={FY}"
EXACT_NOTICE = "Exact figures: not for publication."
PUBLISHED_NOTICE = "Figures as published."
# The table on a headline's section page that details it.
DETAILED_IN = {
    "took-part": "How children took part (participation codes)",
    "returned": "Consultations returned before the review (children aged 4 and over)",
    "chaired": "Reviews chaired by the young person",
    "in-time": "Reviews held within statutory timescales",
    "positive-young-person": "Feedback from young people",
    "positive-parent-carer": "Feedback from parents and carers",
    "positive-professional": "Feedback from professionals",
    "problems-in-time": "Problems and urgent alerts",
    "urgent-in-time": "Problems and urgent alerts",
}


# --- helpers -------------------------------------------------------------------------------------------------


def signed_in(app, role: str = Role.PARTICIPATION):
    """A client signed in as a new member of staff with ``role``."""
    with app.app_context():
        email = f"{role}.reader@example.org"
        if db.session.query(StaffUser).filter_by(email=email).first() is None:
            make_staff(role, email=email)
    client = app.test_client()
    assert login(client, email).status_code == 302
    return client


def page_of(client, url: str):
    """The page at ``url`` (which must answer 200), parsed."""
    response = client.get(url)
    assert response.status_code == 200, url
    return lxml_html.fromstring(response.get_data(as_text=True))


def text(element) -> str:
    """An element's text as a reader sees it (spaces run together)."""
    return " ".join(element.text_content().split())


def card(root, key: str):
    """A headline's card on the dashboard."""
    return root.xpath(f'//li[@class="headline"][@aria-labelledby="headline-{key}"]')[0]


def values(root, key: str) -> dict[str, str]:
    """A headline card's three values: {"This quarter": …, "Year so far": …, "Last year": …}."""
    found = {}
    for pair in card(root, key).xpath('.//dl[@class="headline-values"]/div'):
        term = pair.xpath("./dt")[0]
        found[(term.text or "").strip()] = text(pair.xpath("./dd")[0])
    return found


def quarter_by_quarter(root, key: str) -> list[str]:
    return [text(item) for item in card(root, key).xpath('.//ul[@class="trend-values"]/li')]


def points(root, key: str) -> list[tuple[float, float]]:
    """The points drawn in a headline's sparkline, (x, y) in its 0-160 by 0-40 box."""
    return [(float(c.get("cx")), float(c.get("cy"))) for c in card(root, key).xpath(".//svg//circle")]


def page_tables(root) -> list[dict]:
    """Every table of figures on a page: its key, title, headers, rows and chart bars, as shown."""
    tables = []
    for section in root.xpath('//section[@class="figures"][.//table]'):
        key = section.get("aria-labelledby").removesuffix("-title")
        if key == "comments":
            continue
        table = section.xpath(".//table")[0]
        tables.append(
            {
                "key": key,
                "title": text(section.xpath("./h3")[0]),
                "headers": [text(th) for th in table.xpath("./thead/tr/th")],
                "rows": [[text(cell) for cell in tr.xpath("./th|./td")] for tr in table.xpath("./tbody/tr")],
                "bars": [
                    (text(li.xpath('./span[@class="bar-label"]')[0]), text(li.xpath('./span[@class="bar-value"]')[0]))
                    for li in section.xpath('.//ul[@class="bars"]/li')
                ],
            }
        )
    return tables


def summary_sentences(root) -> list[str]:
    """The annual report's summary sentences (the notes under them left out)."""
    section = root.xpath('//section[@aria-labelledby="summary-title"]')[0]
    return [text(p) for p in section.xpath("./p[not(@class)]")]


def extra_review(app) -> None:
    """An eleventh review in the year (Q3, PN1, no consultation, Ann's): 11 held, published as 10."""
    with app.app_context():
        ann = db.session.query(StaffUser).filter_by(email="a@example.org").one()
        _review(ann, date(2025, 11, 20), "PN1", "none", True, "12-17")
        db.session.commit()


@pytest.fixture
def big_year(app):
    """A council's year large enough to publish every headline (financial year 2025-26, IRO Cal's reviews):

        Q1 (2025-05-15)  PN1 x 20, 12-17, consultation sent the day before; 5 chaired, 5 co-chaired
        Q2 (2025-08-15)  PN2 x 5, PN6 x 5, PN7 x 5, 4-11, no consultation
        Q3 (2025-11-15)  PN0 x 5, 0-3
        young people: 15 responses (2025-05-15): "How happy" 5 ten times and 2 five times; "listened" 5 fifteen times

    Every count is a multiple of 5, so published and exact figures agree: took part 30 of 35 (PN1-PN6 of
    PN1-PN7) 86%; returned 20 of 35 57%; chaired 10 of 35 29%; young people positive 25 of 30 83%; 40 held."""
    with app.app_context():
        cal = db.session.merge(make_staff(Role.IRO, email="cal@example.org", name="Cal"))
        for n in range(20):
            chairing = "chair" if n < 5 else "co_chair" if n < 10 else "none"
            _review(cal, date(2025, 5, 15), "PN1", chairing, True, "12-17", datetime(2025, 5, 14, 9), "school")
        for code in ("PN2", "PN6", "PN7"):
            for _ in range(5):
                _review(cal, date(2025, 8, 15), code, "none", True, "4-11")
        for _ in range(5):
            _review(cal, date(2025, 11, 15), "PN0", "none", False, "0-3")
        for n in range(15):
            _response(
                "young_person", date(2025, 5, 15), cal, "12-17", {"overall": "5" if n < 10 else "2", "listened": "5"}
            )
        db.session.commit()


# --- the dashboard -------------------------------------------------------------------------------------------


@pytest.mark.parametrize("role", [Role.PARTICIPATION, Role.MANAGER])
@pytest.mark.usefixtures("world")
def test_the_dashboard_shows_every_headline_with_exact_figures_by_default(app, role):
    """Each headline is on the dashboard, and the year's values are the exact hand counts, marked not for
    publication."""
    root = page_of(signed_in(app, role), DASHBOARD)
    page = text(root)
    assert EXACT_NOTICE in page and PUBLISHED_NOTICE not in page
    shown = [text(h2) for h2 in root.xpath('//li[@class="headline"]/h2')]
    assert shown == [str(headline.label) for headline in headlines.HEADLINES]
    assert values(root, "took-part") == {"This quarter": "100%", "Year so far": "100%", "Last year": "100%"}
    assert values(root, "returned") == {"This quarter": "100%", "Year so far": "78%", "Last year": "0%"}
    assert values(root, "chaired")["Year so far"] == "22%"
    assert values(root, "in-time") == {"This quarter": "–", "Year so far": "–", "Last year": "–"}
    assert values(root, "positive-young-person")["Year so far"] == "83%"


@pytest.mark.usefixtures("world")
def test_the_dashboard_as_published_never_tells_more_than_the_published_tables(app):
    """As published, a headline is worked out from the published tables' cells: in this small year every one
    of them needs a count that is hidden ("fewer than 5") or withheld, so each shows a dash. The exact-figures
    warning is gone."""
    root = page_of(signed_in(app), DASHBOARD + "&view=published")
    page = text(root)
    assert PUBLISHED_NOTICE in page and EXACT_NOTICE not in page
    for key in ("took-part", "returned", "chaired", "positive-young-person"):
        assert values(root, key)["Year so far"] == "–", key


@pytest.mark.usefixtures("big_year")
def test_the_dashboard_as_published_for_a_year_large_enough_to_publish(app):
    """The big year's headlines as published (every count a multiple of 5, so the same as exact)."""
    root = page_of(signed_in(app), DASHBOARD + "&view=published")
    assert values(root, "took-part") == {"This quarter": "–", "Year so far": "86%", "Last year": "–"}
    assert values(root, "returned")["Year so far"] == "57%"
    assert values(root, "chaired")["Year so far"] == "29%"
    assert values(root, "positive-young-person")["Year so far"] == "83%"


@pytest.mark.parametrize("view", ["", "&view=published"])
@pytest.mark.usefixtures("world")
def test_each_see_the_tables_link_leads_to_the_table_detailing_its_headline(app, view):
    """Every "See the tables" link opens a section page holding the headline's table, in the same view."""
    client = signed_in(app)
    root = page_of(client, DASHBOARD + view)
    for headline in headlines.HEADLINES:
        links = card(root, headline.key).xpath('.//a[starts-with(normalize-space(.), "See the tables")]')
        assert len(links) == 1, headline.key
        href = links[0].get("href")
        assert href.startswith(f"/staff/statistics/tables/{headline.section}?") and f"year={FY}" in href
        section = page_of(client, href)
        titles = [text(h3) for h3 in section.xpath('//section[@class="figures"]/h3')]
        assert DETAILED_IN[headline.key] in titles, headline.key
        assert (PUBLISHED_NOTICE if view else EXACT_NOTICE) in text(section)


@pytest.mark.usefixtures("world")
def test_quarter_by_quarter_gives_last_years_four_quarters_then_this_years(app):
    """For a year that is over, eight quarters: 2024-25's four, then 2025-26's four, each with its value."""
    root = page_of(signed_in(app), DASHBOARD)
    assert quarter_by_quarter(root, "returned") == [
        "Q1 (Apr–Jun) 2024–25: –",
        "Q2 (Jul–Sep) 2024–25: –",
        "Q3 (Oct–Dec) 2024–25: –",
        "Q4 (Jan–Mar) 2024–25: 0%",
        "Q1 (Apr–Jun) 2025–26: 50%",
        "Q2 (Jul–Sep) 2025–26: 0%",
        "Q3 (Oct–Dec) 2025–26: 100%",
        "Q4 (Jan–Mar) 2025–26: 100%",
    ]
    for headline in headlines.HEADLINES:
        assert len(quarter_by_quarter(root, headline.key)) == 8, headline.key


@pytest.mark.usefixtures("world")
def test_the_current_year_lists_only_the_quarters_so_far(app):
    """This financial year: last year's four quarters, then this year's up to today's."""
    with app.app_context():
        current = financial_year_of(today())
        so_far = headlines.latest_quarter(current, today())
    root = page_of(signed_in(app), f"/staff/statistics?year={current}")
    listed = quarter_by_quarter(root, "took-part")
    assert len(listed) == 4 + so_far
    assert listed[3].startswith("Q4 (Jan–Mar) ") and listed[-1].startswith(("Q1", "Q2", "Q3", "Q4")[so_far - 1])


@pytest.mark.usefixtures("world")
def test_the_sparkline_draws_percentages_on_an_honest_scale(app):
    """In the 0-40 box of the dashboard's sparkline, 50 % sits half way (y=20), 0 % on the axis (y=40) and 100 %
    at the top (y=0); the quarters with nothing to show (2024-25's first three) are not drawn."""
    root = page_of(signed_in(app), DASHBOARD)
    step = 160 / 7
    assert points(root, "returned") == [
        (round(3 * step, 1), 40.0),  # Q4 2024-25: 0 %
        (round(4 * step, 1), 20.0),  # Q1 2025-26: 50 %
        (round(5 * step, 1), 40.0),  # Q2: 0 %
        (round(6 * step, 1), 0.0),  # Q3: 100 %
        (160.0, 0.0),  # Q4: 100 %
    ]
    assert points(root, "in-time") == []  # nothing known, nothing drawn


def test_sparkline_splits_the_line_at_gaps_and_puts_100_percent_at_the_top():
    """The view's sparkline: one run of points per stretch of quarters with a value, x spread over the width."""
    trend = [("a", Share(1, 2)), ("b", ""), ("c", Share(4, 4)), ("d", Share(0, 5)), ("e", "")]
    assert sparkline(trend) == [[(0.0, 20.0)], [(80.0, 0.0), (120.0, 40.0)]]
    assert sparkline(trend, width=100, height=10) == [[(0.0, 5.0)], [(50.0, 0.0), (75.0, 10.0)]]
    assert sparkline([("a", Share(3, 4))]) == [[(0.0, 10.0)]]
    assert sparkline([("a", ""), ("b", "")]) == []


# --- the annual report and its downloads -------------------------------------------------------------------------


@pytest.mark.usefixtures("world")
def test_the_annual_report_starts_with_a_summary_of_published_figures(app):
    """The summary names the year and the reviews held as published (11 held show as 10), then the headlines as
    published (7 of 10 returned is 5 of 10: 50%), with the publication note. No table shows an exact small count."""
    extra_review(app)
    client = signed_in(app)
    root = page_of(client, REPORT)
    assert text(root.xpath("//main//h2")[0]) == "Summary"
    # Every headline needs a hidden or withheld count in this small year: only the number held is said.
    assert summary_sentences(root) == ["In 2025–26, 10 reviews of children in care were held."]
    notes = text(root.xpath('//section[@aria-labelledby="summary-title"]/p[@class="muted"]')[0])
    assert notes.startswith('Figures for publication: counts from 1 to 4 are shown as "fewer than 5"')

    tables = page_tables(root)
    assert len(tables) > 10
    shown_counts = [cell for t in tables for row in t["rows"] for cell in row[1:] if cell.isdigit()]
    shown_counts += [value for t in tables for _label, value in t["bars"] if value.isdigit()]
    assert shown_counts and all(int(n) % 5 == 0 for n in shown_counts), sorted(set(shown_counts))
    assert FEW in text(root)
    # The exact view of the same year does show the small counts the report hides.
    exact = page_tables(page_of(client, f"/staff/statistics/tables/took-part?year={FY}"))
    assert any(cell in {"1", "2", "3", "4"} for t in exact for row in t["rows"] for cell in row[1:])


def spreadsheet_value(shown: str, cell, where) -> None:
    """A cell of the workbook holds what the page shows: a number as a number, a percentage as its fraction
    formatted "0%", a hidden or withheld count or nothing as an empty cell, words as words."""
    if shown in ("", FEW, "withheld"):
        assert cell.value is None, where
    elif re.fullmatch(r"\d+%", shown):
        assert isinstance(cell.value, int | float) and round(100 * cell.value) == int(shown[:-1]), where
        assert cell.number_format == "0%", where
    elif shown.isdigit():
        assert type(cell.value) is int and cell.value == int(shown), where
    else:
        assert cell.value == shown, where


def chart_value(key: str, shown: str) -> int | None:
    """The number a chart's bar stands for, from the bar's text on the page (feedback questions chart their
    % positive, the other tables their counts)."""
    if key.startswith("feedback-") and key != "feedback-responses":
        return int(shown[:-1]) if shown.endswith("%") else None
    return int(shown) if shown.isdigit() else None


@pytest.mark.usefixtures("world")
def test_the_workbook_holds_the_summary_and_every_table_of_the_report_page(app):
    """report.xlsx: a Summary sheet with the page's sentences, then a sheet per table of the page with the same
    figures (numbers as numbers, percentages as percentage cells, hidden counts empty), and a bar chart of the
    same bars wherever there is a number to draw."""
    client = signed_in(app, Role.MANAGER)
    root = page_of(client, REPORT)
    tables = page_tables(root)
    response = client.get(f"/staff/statistics/report.xlsx?year={FY}")
    assert response.status_code == 200
    assert response.headers["Content-Disposition"] == f'attachment; filename="participation-annual-report-{FY}.xlsx"'
    book = load_workbook(io.BytesIO(response.data))

    summary = book.worksheets[0]
    assert summary.title == "Summary"
    written = [row[0] for row in summary.iter_rows(values_only=True) if row[0]]
    assert written[0] == "Participation of children in care in their reviews: 2025–26"
    assert written[1 : 1 + len(summary_sentences(root))] == summary_sentences(root)

    sheets = book.worksheets[1:]
    assert len(sheets) == len(tables)
    charted = 0
    for sheet, table in zip(sheets, tables, strict=True):
        assert sheet["A2"].value == table["title"]
        assert [cell.value for cell in sheet[3]][: len(table["headers"])] == table["headers"]
        for offset, row in enumerate(table["rows"]):
            for column, shown in enumerate(row, start=1):
                spreadsheet_value(shown, sheet.cell(4 + offset, column), (table["key"], row[0], column))
        expected = [(label, chart_value(table["key"], shown)) for label, shown in table["bars"]]
        if not any(value is not None for _label, value in expected):
            assert sheet._charts == [], table["key"]
            continue
        charted += 1
        assert len(sheet._charts) == 1, table["key"]
        series = sheet._charts[0].series[0]
        low_col, low_row, _high_col, high_row = range_boundaries(series.val.numRef.f.split("!")[1])
        drawn = [sheet.cell(row, low_col).value for row in range(low_row, high_row + 1)]
        labels_col, *_rest = range_boundaries(series.cat.strRef.f.split("!")[1])
        labels = [sheet.cell(row, labels_col).value for row in range(low_row, high_row + 1)]
        assert list(zip(labels, drawn, strict=True)) == expected, table["key"]
    assert charted > 10


@pytest.mark.usefixtures("world")
def test_the_word_report_holds_the_summary_and_every_table_as_the_page_shows_it(app):
    """report.docx: the summary sentences, then one Word table per table of the page, cell for cell the same
    text ("fewer than 5", "50%")."""
    client = signed_in(app)
    root = page_of(client, REPORT)
    response = client.get(f"/staff/statistics/report.docx?year={FY}")
    assert response.status_code == 200
    assert response.headers["Content-Disposition"] == f'attachment; filename="participation-annual-report-{FY}.docx"'
    document = docx.Document(io.BytesIO(response.data))
    paragraphs = [p.text for p in document.paragraphs]
    start = paragraphs.index("Summary") + 1
    sentences = summary_sentences(root)
    assert paragraphs[start : start + len(sentences)] == sentences
    tables = page_tables(root)
    assert len(document.tables) == len(tables)
    for grid, table in zip(document.tables, tables, strict=True):
        cells = [[cell.text for cell in row.cells] for row in grid.rows]
        assert cells == [table["headers"], *table["rows"]], table["key"]
        assert table["title"] in paragraphs


@pytest.mark.usefixtures("world")
def test_an_iro_is_refused_the_dashboard_the_tables_the_report_and_every_download(app):
    """IROs see only their own feedback, as published: every statistics page and download answers 403."""
    client = app.test_client()
    login(client, "a@example.org")
    for url in (
        DASHBOARD,
        DASHBOARD + "&view=published",
        f"/staff/statistics/tables/took-part?year={FY}",
        f"/staff/statistics/tables/feedback?year={FY}&view=published",
        REPORT,
        f"/staff/statistics/report.xlsx?year={FY}",
        f"/staff/statistics/report.docx?year={FY}",
        f"/staff/statistics/participation-codes.csv?year={FY}",
        f"/staff/statistics/participation-codes.xlsx?year={FY}&view=published",
    ):
        assert client.get(url).status_code == 403, url


@pytest.mark.usefixtures("world")
def test_a_single_table_downloaded_in_exact_view_says_not_for_publication(app):
    """The exact view's XLSX carries "not for publication" in its heading and its file name, and the exact
    counts; the published one says it is for publication and has rounded ones."""
    client = signed_in(app)
    exact = client.get(f"/staff/statistics/participation-codes.xlsx?year={FY}")
    assert exact.headers["Content-Disposition"] == (
        'attachment; filename="participation-codes-2025-not-for-publication.xlsx"'
    )
    sheet = load_workbook(io.BytesIO(exact.data)).active
    assert sheet["A1"].value == "Exact figures for 2025–26: not for publication"
    rows = {row[0]: row[1:7] for row in sheet.iter_rows(values_only=True) if row[0]}
    assert rows["All reviews held"] == (2, 1, 6, 1, 10, 1)

    published = client.get(f"/staff/statistics/participation-codes.xlsx?year={FY}&view=published")
    assert published.headers["Content-Disposition"] == 'attachment; filename="participation-codes-2025.xlsx"'
    sheet = load_workbook(io.BytesIO(published.data)).active
    assert sheet["A1"].value == "Figures for 2025–26, for publication"
    rows = {row[0]: row[1:7] for row in sheet.iter_rows(values_only=True) if row[0]}
    assert rows["All reviews held"] == (None, None, 5, None, 10, 1)


@pytest.mark.usefixtures("big_year")
def test_the_summary_of_a_year_large_enough_to_publish_gives_each_headline(app):
    """The big year's summary: the reviews held, then each headline that can be published, in plain words."""
    root = page_of(signed_in(app), REPORT)
    assert summary_sentences(root) == [
        "In 2025–26, 40 reviews of children in care were held.",
        "86% of children aged 4 and over took part in their review.",
        "57% of consultations came back before the review.",
        "29% of reviews of children aged 4 and over were chaired or co-chaired by the child.",
        "83% of the answers from young people were positive.",
    ]
