"""The participation figures against a fixture counted by hand: every table, quarters at the April and
March boundaries, small numbers shown as "fewer than 5", what an IRO may see, and the downloads.

The fixture (financial year 2025–26 unless said otherwise):

    review  held on     code  chaired   seen  age    IRO  consultation sent        venue
    r1      2025-04-01  PN1   chair     yes   12-17  A    2025-04-01 08:00 (before) school
    r2      2025-06-30  PN1   none      yes   4-11   A    2025-07-02 (after)        home
    r3      2025-07-01  PN2   co_chair  no    4-11   B    none
    r4      2025-12-15  PN0   none      no    0-3    B    none
    r5      2026-03-31  PN6   none      yes   12-17  A    2026-03-30 (before)       home
    r6–r10  2025-10-01  PN1   none      yes   12-17  B    2025-09-25 (before)       school
    before  2025-03-31  PN1   (the year before: Q4 of 2024–25)
    after   2026-04-01  PN1   (the year after)

Feedback: 6 young people on IRO B's reviews (2025-10-02; overall 5, 5, 4, 3, 2, 5), 2 parents or carers on
IRO A's (2025-05-01; respect 4 and 1; report yes and no), 1 professional on IRO A's (2025-08-01; health;
report not appropriate; a comment that looks like a formula).
Raised: problems on 2025-05-10 (resolved in time), 2025-11-01 (resolved late), 2026-02-01 (open, overdue);
an urgent alert on 2025-09-01; good news five times on 2025-10-10.
"""

from __future__ import annotations

import csv
import io
from datetime import date, datetime, time

import pytest
from openpyxl import load_workbook

from participation.consultation.models import Consultation, ConsultationAnswer
from participation.extensions import db
from participation.feedback.models import FeedbackAnswer, FeedbackResponse
from participation.figures import report, tally
from participation.figures.disclosure import EXACT, PUBLISHED
from participation.figures.periods import Filters
from participation.people.models import Child, Role
from participation.platform.clock import financial_year_of
from participation.reviews.models import Review
from participation.reviews.outcomes import PARTICIPATION_CODES
from participation.statements import tracking
from participation.statements.models import Statement
from tests.conftest import login, make_staff

FY = 2025
FORMULA = "=cmd|' /C calc'!A0"
FEW = "fewer than 5"


def _review(
    iro,
    held: date,
    code: str,
    chairing: str,
    seen: bool,
    band: str,
    sent: datetime | None = None,
    venue: str | None = None,
) -> Review:
    born = {"0-3": date(held.year - 2, 1, 1), "4-11": date(held.year - 8, 1, 1), "12-17": date(held.year - 14, 1, 1)}[
        band
    ]
    child = Child(preferred_name="Kid", date_of_birth=born, iro_id=iro.id)
    db.session.add(child)
    db.session.flush()
    review = Review(
        child_id=child.id,
        scheduled_for=datetime.combine(held, time(10)),
        kind="subsequent",
        held_on=held,
        held_venue="home",
        child_attendance="all" if code != "PN6" else "no",
        participation_code=code,
        chairing=chairing,
        consultation_used=True,
        seen_before=seen,
        age_band=band,
        outcome_recorded_at=datetime.combine(held, time(12)),
        outcome_recorded_by_id=iro.id,
    )
    db.session.add(review)
    db.session.flush()
    if sent:
        consultation = Consultation(
            review_id=review.id, child_id=child.id, question_set="older-2", submitted_at=sent, last_sent_at=sent
        )
        consultation.answers.append(ConsultationAnswer(key="venue", value=venue))
        consultation.answers.append(ConsultationAnswer(key="attend", value="all"))
        db.session.add(consultation)
    return review


def _response(
    respondent: str,
    day: date,
    iro,
    band: str | None,
    answers: dict,
    agency: str | None = None,
    comment: str | None = None,
) -> None:
    response = FeedbackResponse(
        respondent=respondent, review_date=day, iro_id=iro.id, age_band=band, language="en", agency=agency
    )
    for key, value in answers.items():
        response.answers.append(FeedbackAnswer(question=key, value=value))
    if comment:
        response.answers.append(FeedbackAnswer(question="comments", text=comment, text_language="en"))
    db.session.add(response)


def _statement(child_id: int, kind: str, created: datetime, status: str = "new", outcome_at: datetime | None = None):
    statement = Statement(
        child_id=child_id,
        kind=kind,
        created_at=created,
        tracked=kind in ("problem", "unsafe"),
        urgent=kind == "unsafe",
        status=status,
        outcome_recorded_at=outcome_at,
    )
    if statement.tracked:
        tracking.set_due_dates(statement, created)
    db.session.add(statement)


@pytest.fixture
def world(app):
    with app.app_context():
        a = db.session.merge(make_staff(Role.IRO, email="a@example.org", name="Ann"))
        b = db.session.merge(make_staff(Role.IRO, email="b@example.org", name="Ben"))
        r1 = _review(a, date(2025, 4, 1), "PN1", "chair", True, "12-17", datetime(2025, 4, 1, 8), "school")
        _review(a, date(2025, 6, 30), "PN1", "none", True, "4-11", datetime(2025, 7, 2, 9), "home")
        _review(b, date(2025, 7, 1), "PN2", "co_chair", False, "4-11")
        _review(b, date(2025, 12, 15), "PN0", "none", False, "0-3")
        _review(a, date(2026, 3, 31), "PN6", "none", True, "12-17", datetime(2026, 3, 30, 9), "home")
        for _ in range(5):
            _review(b, date(2025, 10, 1), "PN1", "none", True, "12-17", datetime(2025, 9, 25, 9), "school")
        _review(a, date(2025, 3, 31), "PN1", "none", True, "12-17")
        _review(a, date(2026, 4, 1), "PN1", "none", True, "12-17")

        for overall in ("5", "5", "4", "3", "2", "5"):
            _response("young_person", date(2025, 10, 2), b, "12-17", {"overall": overall, "listened": "5"})
        _response("parent_carer", date(2025, 5, 1), a, "4-11", {"respect": "4", "report_before": "yes"})
        _response("parent_carer", date(2025, 5, 1), a, "4-11", {"respect": "1", "report_before": "no"})
        _response(
            "professional",
            date(2025, 8, 1),
            a,
            "4-11",
            {"report_shared": "not_appropriate"},
            agency="health",
            comment=FORMULA,
        )

        child_id = r1.child_id
        _statement(child_id, "problem", datetime(2025, 5, 10, 9), "resolved", datetime(2025, 5, 12, 9))
        _statement(child_id, "problem", datetime(2025, 11, 3, 9), "resolved", datetime(2025, 12, 30, 9))
        _statement(child_id, "problem", datetime(2026, 2, 2, 9))
        _statement(child_id, "unsafe", datetime(2025, 9, 1, 9))
        for _ in range(5):
            _statement(child_id, "good_news", datetime(2025, 10, 10, 9))
        db.session.commit()
        return {"a": a.id, "b": b.id}


def rows_of(table) -> dict[str, list[str]]:
    """The table as {first cell: the other cells as shown}."""
    return {str(row[0]): [str(cell) for cell in row[1:]] for row in table.rows}


def figures(app, mode: str = EXACT, **filters):
    with app.test_request_context():
        return {t.key: t for tables in report.all_tables(Filters(FY, **filters), mode).values() for t in tables}


def test_quarters_follow_the_financial_year():
    assert financial_year_of(date(2026, 3, 31)) == 2025
    assert financial_year_of(date(2026, 4, 1)) == 2026
    q4 = Filters(2025, quarter=4)
    assert (q4.start, q4.end) == (date(2026, 1, 1), date(2026, 4, 1))
    q2 = Filters(2025, quarter=2)
    assert (q2.start, q2.end) == (date(2025, 7, 1), date(2025, 10, 1))
    q3 = Filters(2025, quarter=3)
    assert (q3.start, q3.end) == (date(2025, 10, 1), date(2026, 1, 1))


def test_participation_codes_by_quarter_exactly_inside_the_app(app, world):
    table = rows_of(figures(app)["participation-codes"])
    # Q1, Q2, Q3, Q4, year, %
    assert table["PN1: attended and spoke for themselves"] == ["2", "0", "5", "0", "7", "70%"]
    assert table["PN2: attended, and an advocate (or the IRO) spoke for them"] == ["0", "1", "0", "0", "1", "10%"]
    assert table["PN0: child aged under 4 at the time of the review"] == ["0", "0", "1", "0", "1", "10%"]
    assert table["All reviews held"] == ["2", "1", "6", "1", "10", "100%"]


def test_participation_codes_as_published_hide_small_counts_and_round_the_rest(app, world):
    table = rows_of(figures(app, PUBLISHED)["participation-codes"])
    # 7 rounds to 5, and its percentage is worked out from what is shown: 5 of 10.
    assert table["PN1: attended and spoke for themselves"] == [FEW, "0", "5", "0", "5", "50%"]
    assert table["PN2: attended, and an advocate (or the IRO) spoke for them"] == ["0", FEW, "0", "0", FEW, ""]
    assert table["PN6: did not attend, and gave their views another way (written, phone, app…)"] == [
        "0",
        "0",
        "0",
        FEW,
        FEW,
        "",
    ]
    # Totals are rounded on their own too (6 in the third quarter shows as 5).
    assert table["All reviews held"] == [FEW, FEW, "5", FEW, "10", "100%"]


def test_the_other_tables_on_how_children_took_part(app, world):
    tables = figures(app)
    assert rows_of(tables["chairing"])["No, the IRO chaired"][-2:] == ["8", "80%"]
    assert rows_of(tables["chairing"])["Chaired it themselves"][-2:] == ["1", "10%"]
    assert rows_of(tables["seen-before"])["Seen before the review"][-2:] == ["8", "80%"]
    returned = rows_of(tables["consultations-returned"])
    assert returned["Returned before the review"] == ["1", "0", "5", "1", "7", "78%"]  # of 9 aged 4 and over
    assert returned["Not returned"] == ["1", "1", "0", "0", "2", "22%"]
    received = rows_of(tables["consultations-received"])
    # r1 on the day; r5 the working day before; r6–r10 four working days before (Thu 25 Sep to Wed 1 Oct).
    assert received["On the day"][-2:] == ["1", "11%"]
    assert received["1 to 4 working days before"][-2:] == ["6", "67%"]
    assert received["After the review"][-2:] == ["1", "11%"]
    assert received["Not received"][-2:] == ["1", "11%"]
    assert received["5 or more working days before"][-2:] == ["0", "0%"]
    # No child in the fixture has a date of coming into care, so no review's timescale is known.
    assert rows_of(tables["timescales"])["Not known (no date of coming into care recorded)"][-2:] == ["10", "100%"]
    venues = rows_of(tables["venues"])
    assert venues["At school or college (not in lessons)"][-2:] == ["6", "75%"]
    assert venues["Where I live"][-2:] == ["2", "25%"]
    assert rows_of(tables["attendance-wishes"])["Yes, all of it"][-2:] == ["8", "100%"]


def test_feedback_tables(app, world):
    tables = figures(app)
    responses = rows_of(tables["feedback-responses"])
    assert responses["Young people"] == ["0", "0", "6", "0", "6", "67%"]
    assert responses["Parents and carers"][-2:] == ["2", "22%"]
    assert responses["Total"][-2:] == ["9", "100%"]
    young = rows_of(tables["feedback-young-person"])
    # Answers, positive, % positive
    assert young["How happy were you with your review?"][:3] == ["6", "4", "67%"]
    assert young["Did people listen to you?"][:3] == ["6", "6", "100%"]
    parents = rows_of(tables["feedback-parent-carer"])
    assert parents["I was treated with respect"][:3] == ["2", "1", "50%"]
    assert parents["I understood the decisions that were made"][:3] == ["0", "0", ""]
    assert rows_of(tables["agencies"])["Health"][-2:] == ["1", "100%"]
    shared = {(row[0], row[1]): str(row[2]) for row in tables["reports-shared"].rows}
    assert shared[("I shared my report with the family before the review", "Not appropriate")] == "1"
    assert shared[("I got the social worker's report before the meeting", "Yes")] == "1"
    published = rows_of(figures(app, PUBLISHED)["feedback-young-person"])
    assert published["How happy were you with your review?"][:3] == ["5", FEW, ""]


def test_what_children_raised_and_trends(app, world):
    tables = figures(app)
    raised = rows_of(tables["raised"])
    # Of 17 in all: 5 good news, 3 problems, 1 alert and 8 consultations sent.
    assert raised["Share good news"] == ["0", "0", "5", "0", "5", "29%"]
    assert raised["Problem"][-2:] == ["3", "18%"]
    assert raised["Preparation for a meeting (consultations sent)"] == ["1", "6", "0", "1", "8", "47%"]
    problems = rows_of(tables["problems"])
    assert problems["Problems raised"] == ["3", ""]
    assert problems["Resolved within timescale"] == ["1", "33%"]
    assert problems["Still open"] == ["1", "33%"]
    assert problems["Overdue now"] == ["1", "33%"]
    assert problems["Urgent alerts (not feeling safe)"] == ["1", ""]
    assert problems["Acknowledged within their hours"] == ["0", "0%"]
    trends = {(str(r[0]), r[1]): [str(c) for c in r[2:]] for r in tables["trends"].rows}
    assert trends[("Reviews held", "2025–26")] == ["2", "1", "6", "1", "10"]
    assert trends[("Reviews held", "2024–25")] == ["0", "0", "0", "1", "1"]


def test_a_quarter_an_iro_or_an_age_band(app, world):
    q3 = rows_of(figures(app, quarter=3)["participation-codes"])
    assert q3["PN1: attended and spoke for themselves"] == ["5", "83%"]
    assert q3["All reviews held"] == ["6", "100%"]
    ann = rows_of(figures(app, iro_id=world["a"])["participation-codes"])
    assert ann["All reviews held"][-2:] == ["3", "100%"]
    assert rows_of(figures(app, PUBLISHED, iro_id=world["a"])["participation-codes"])["All reviews held"][-2:] == [
        FEW,
        "",
    ]
    under_four = rows_of(figures(app, age_band="0-3")["participation-codes"])
    assert under_four["All reviews held"][-2] == "1"
    # One IRO and one age band together are counted from the rows themselves: the same answer.
    both = rows_of(figures(app, iro_id=world["b"], age_band="12-17")["participation-codes"])
    assert both["All reviews held"][-2] == "5"


def test_downloads_have_the_same_numbers_and_say_which_figures_they_are(app, world):
    with app.app_context():
        make_staff(Role.MANAGER, email="m@example.org")
    client = app.test_client()
    login(client, "m@example.org")
    page = client.get(f"/staff/statistics/tables/took-part?year={FY}").get_data(as_text=True)
    assert "Exact figures: not for publication." in page
    published = client.get(f"/staff/statistics/tables/took-part?year={FY}&view=published").get_data(as_text=True)
    assert "Figures as published." in published and FEW in published
    exact_csv = client.get(f"/staff/statistics/participation-codes.csv?year={FY}")
    assert "not-for-publication" in exact_csv.headers["Content-Disposition"]
    rows = list(csv.reader(io.StringIO(exact_csv.get_data(as_text=True).lstrip("\ufeff"))))
    assert rows[0][0] == "Code" and rows[len(PARTICIPATION_CODES) + 1] == [
        "All reviews held",
        "2",
        "1",
        "6",
        "1",
        "10",
        "100%",
    ]
    assert rows[-1] == ["Exact figures for 2025–26: not for publication"]
    response = client.get(f"/staff/statistics/participation-codes.xlsx?year={FY}&view=published")
    assert "not-for-publication" not in response.headers["Content-Disposition"]
    sheet = load_workbook(io.BytesIO(response.data)).active
    values = {row[0]: row[1:] for row in sheet.iter_rows(values_only=True) if row and row[0]}
    total = values["All reviews held"]
    assert total[:6] == (None, None, 5, None, 10, 1)  # hidden counts empty, numbers as numbers, 100 % as 1
    assert client.get(f"/staff/statistics/nothing.csv?year={FY}").status_code == 404
    assert client.get("/staff/statistics/tables/nothing").status_code == 404
    # Comments download too; one written like a formula stays text.
    comments = list(
        csv.reader(
            io.StringIO(client.get(f"/staff/statistics/comments.csv?year={FY}").get_data(as_text=True).lstrip("\ufeff"))
        )
    )
    assert comments[1][:3] == ["Professionals", "Any comments", "'" + FORMULA]
    feedback_page = client.get(f"/staff/statistics/tables/feedback?year={FY}").get_data(as_text=True)
    assert "=cmd|" in feedback_page  # managers read the comments, shown as text


def test_an_iro_sees_only_their_own_feedback_as_published_and_only_from_five_responses(app, world):
    ben = app.test_client()
    login(ben, "b@example.org")
    html = ben.get(f"/staff/my-feedback?year={FY}").get_data(as_text=True)
    assert "Feedback from young people" in html and "6 responses" in html
    assert "Feedback from parents and carers" not in html
    # Six answered "How happy…": shown as 5 (rounded), the 4 positive as "fewer than 5".
    assert FEW in html
    assert ben.get("/staff/statistics").status_code == 403
    ann = app.test_client()
    login(ann, "a@example.org")
    html = ann.get(f"/staff/my-feedback?year={FY}").get_data(as_text=True)
    # Ann has 2 parents' and 1 professional's responses: too few, and Ben's are not hers.
    assert "Feedback from" not in html and "fewer than 5 responses" in html
    assert FORMULA not in html and "calc" not in html


def test_every_table_downloads_alone_the_same_as_on_the_page(app, world):
    with app.test_request_context():
        filters = Filters(FY)
        for mode in (EXACT, PUBLISHED):
            for tables in report.all_tables(filters, mode).values():
                for each in tables:
                    assert report.table(each.key, filters, mode).rows == each.rows, each.key
        assert report.table("nothing", filters, EXACT) is None


def test_the_figures_are_read_from_the_tally_and_agree_with_the_rows(app, world):
    with app.test_request_context():
        assert tally.is_built()
        assert tally.differences() == []
        for filters in (
            Filters(FY),
            Filters(FY, quarter=2),
            Filters(FY, iro_id=world["a"]),
            Filters(FY, age_band="4-11"),
        ):
            assert tally.sums(filters, report.MEASURES) == tally.live_sums(filters, report.MEASURES)
