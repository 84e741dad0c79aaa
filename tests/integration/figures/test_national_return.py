"""The national return (DfE SSDA903 reviews) against fixtures written out by hand: the exact file for a small
year, what is left out, each of DfE's rules on participation caught and listed, and who may see and download it.

The clean year (2025–26), IRO Ann:

    child  ref   born        review      code
    Ali    A001  2015-01-20  2025-09-15  PN2
    Bea    B002  2012-05-10  2025-04-01  PN1   (first day of the year)
    Bea    B002  2012-05-10  2026-03-31  PN6   (last day of the year)
    Bea    B002  2012-05-10  2025-03-31  PN1   the year before: left out
    Bea    B002  2012-05-10  2026-04-01  PN1   the year after: left out
    Ali    A001  2015-01-20  2025-10-01  -     held, but how it went not recorded: left out
    Ali    A001  2015-01-20  -           -     scheduled, never recorded: left out

The year with problems (2025–26) is in `messy`. Most of them cannot be recorded through the outcome form, which
checks the same rules: they come from a date of birth corrected after the review was recorded, which is what
the check before sending is for.
"""

from __future__ import annotations

import re
from datetime import date, datetime, time

import pytest
from sqlalchemy import event, select

from participation.extensions import db
from participation.figures import national_return
from participation.figures.national_return import ReturnRow
from participation.people.models import Child, Role, StaffUser
from participation.platform.clock import financial_year_of, fy_label, today
from participation.platform.models import AuditEvent
from participation.reviews import outcomes
from participation.reviews.models import Review
from tests.conftest import login, make_child, make_staff, schedule_review

FY = 2025
PAGE = f"/staff/statistics/national-return?year={FY}"
DOWNLOAD = f"/staff/statistics/national-return.csv?year={FY}"
CLEAN_CSV = (
    "CHILD,DOB,REVIEW,REVIEW_CODE\r\n"
    "A001,20/01/2015,15/09/2025,PN2\r\n"
    "B002,10/05/2012,01/04/2025,PN1\r\n"
    "B002,10/05/2012,31/03/2026,PN6\r\n"
)


def held(app, child, iro, day: date, code: str, attendance: str = "all") -> int:
    """A review of ``child`` held on ``day`` and recorded by ``iro`` with ``code``, as `held_review` in the
    feedback tests makes one; returns its id."""
    review_id = schedule_review(app, child, iro)
    with app.app_context():
        review = db.session.get(Review, review_id)
        review.scheduled_for = datetime.combine(day, time(10))
        outcomes.record(
            review,
            db.session.get(StaffUser, iro.id),
            held_on=day,
            venue="home",
            attendance=attendance,
            code=code,
            chairing="none",
            consultation_used=True,
            seen_before=True,
        )
        db.session.commit()
    return review_id


@pytest.fixture
def ann(app):
    with app.app_context():
        return make_staff(Role.IRO, email="ann@example.org", name="Ann Iro")


@pytest.fixture
def clean(app, ann):
    """The clean year of the module's docstring."""
    with app.app_context():
        # Made in this order so that the file's order is not simply the order the rows were added in.
        bea = make_child(ann, preferred_name="Bea", case_reference="B002", date_of_birth=date(2012, 5, 10))
        ali = make_child(ann, preferred_name="Ali", case_reference="A001", date_of_birth=date(2015, 1, 20))
    held(app, bea, ann, date(2026, 3, 31), "PN6", attendance="no")
    held(app, bea, ann, date(2025, 4, 1), "PN1")
    held(app, ali, ann, date(2025, 9, 15), "PN2")
    held(app, bea, ann, date(2025, 3, 31), "PN1")
    held(app, bea, ann, date(2026, 4, 1), "PN1")
    not_recorded = schedule_review(app, ali, ann)
    schedule_review(app, ali, ann, days=20)
    with app.app_context():
        review = db.session.get(Review, not_recorded)
        review.scheduled_for = datetime(2025, 10, 1, 10)
        review.held_on = date(2025, 10, 1)  # a date, but the outcome was never recorded
        db.session.commit()
    return {"ali": ali.id, "bea": bea.id}


@pytest.fixture
def messy(app, ann):
    """A year in which DfE's rules catch something in most reviews: {name: (child id, review id)}."""
    made = {}

    def child(name: str, born: date, reference: str | None, day: date, code: str) -> None:
        with app.app_context():
            kid = make_child(ann, preferred_name=name, case_reference=reference, date_of_birth=born)
        made[name] = (kid.id, held(app, kid, ann, day, code))

    child("Tia", date(2022, 6, 1), "T001", date(2025, 9, 1), "PN1")  # 3 years old, not PN0: 441
    child("Finn", date(2020, 5, 1), "F001", date(2025, 9, 1), "PN0")  # 5 years old, PN0: 440
    child("Cy", date(2021, 10, 1), "C001", date(2025, 10, 1), "PN0")  # 4 that very day, PN0: 440
    child("Bo", date(2021, 10, 1), "B001", date(2025, 10, 1), "PN1")  # 4 that very day, PN1: fine
    child("Di", date(2021, 10, 2), "D001", date(2025, 10, 1), "PN0")  # 4 tomorrow, PN0: fine
    child("Nia", date(2015, 3, 3), None, date(2025, 11, 5), "PN1")  # no case reference
    child("Eve", date(2024, 1, 1), "E001", date(2025, 12, 1), "PN0")  # fine until her birth date is corrected
    child("Zed", date(2012, 2, 2), "Z001", date(2026, 1, 10), "PN1")  # fine until the code is lost
    with app.app_context():
        db.session.get(Child, made["Eve"][0]).date_of_birth = date(2026, 1, 5)  # now born after her review: 166
        db.session.get(Review, made["Zed"][1]).participation_code = None  # 167
        db.session.commit()
    return made


def signed_in(app, role: str):
    with app.app_context():
        person = make_staff(role, email=f"{role}@example.org")
    client = app.test_client()
    assert login(client, person.email).status_code == 302
    return client, person


def problem_rows(html: str) -> list[list[str]]:
    """The problems table as text, a list of cells per row."""
    body = html.split("<tbody>", 1)[1].split("</tbody>", 1)[0]
    return [
        [re.sub(r"<[^>]+>", "", cell).strip() for cell in re.findall(r"<td>(.*?)</td>", row, re.S)]
        for row in body.split("<tr>")[1:]
    ]


# --- the file -----------------------------------------------------------------------------------


def test_the_file_for_a_year_is_every_recorded_review_in_it_in_dfe_layout(app, clean):
    with app.app_context():
        rows = national_return.rows(FY)
        assert national_return.csv_text(rows) == CLEAN_CSV
        assert [(row.preferred_name, row.held_on) for row in rows] == [
            ("Ali", date(2025, 9, 15)),
            ("Bea", date(2025, 4, 1)),
            ("Bea", date(2026, 3, 31)),
        ]
        assert national_return.problems(rows, date(2026, 12, 1)) == []
        # The years either side have a review each (Bea's); the review held but not recorded is in neither.
        assert [row.held_on for row in national_return.rows(FY - 1)] == [date(2025, 3, 31)]
        assert [row.held_on for row in national_return.rows(FY + 1)] == [date(2026, 4, 1)]


def test_the_rows_come_from_one_query(app, clean):
    with app.app_context():
        statements = []
        listener = lambda *args: statements.append(args[2])  # noqa: E731
        event.listen(db.engine, "before_cursor_execute", listener)
        try:
            national_return.rows(FY)
        finally:
            event.remove(db.engine, "before_cursor_execute", listener)
        assert len(statements) == 1


def test_a_manager_downloads_the_exact_file_and_the_download_is_recorded(app, clean):
    client, manager = signed_in(app, Role.MANAGER)
    response = client.get(DOWNLOAD)
    assert response.status_code == 200
    assert response.mimetype == "text/csv"
    assert response.headers["Content-Disposition"] == 'attachment; filename="ssda903-reviews-2025-26.csv"'
    # UTF-8 without a byte-order mark: DfE's tools read the first column's name as CHILD, exactly.
    assert response.data == CLEAN_CSV.encode("utf-8")
    with app.app_context():
        events = db.session.scalars(
            select(AuditEvent).where(AuditEvent.action == "statistics.national_return_exported")
        ).all()
        assert [(e.actor_id, e.child_id, e.detail) for e in events] == [
            (manager.id, None, "SSDA903 reviews 2025–26 (3 rows)")
        ]


def test_a_clean_year_shows_its_count_and_no_problems(app, clean):
    client, _ = signed_in(app, Role.PARTICIPATION)
    html = client.get(PAGE).get_data(as_text=True)
    assert "3 reviews were held and recorded." in html
    assert "No problems found." in html and "<tbody>" not in html
    assert f'href="/staff/statistics/national-return.csv?year={FY}"' in html
    # Reached from the staff menu, where it shows as the page open.
    assert 'href="/staff/statistics/national-return" aria-current="page"' in html
    # Looking is not downloading: nothing is recorded until the file is taken.
    with app.app_context():
        assert not db.session.scalars(
            select(AuditEvent).where(AuditEvent.action == "statistics.national_return_exported")
        ).all()


# --- the checks ---------------------------------------------------------------------------------


def test_each_rule_on_participation_is_caught(app, messy):
    with app.app_context():
        rows = national_return.rows(FY)
        found = national_return.problems(rows, date(2026, 12, 1))
    by_child = {}
    for problem in found:
        by_child.setdefault(problem.row.preferred_name, []).append((problem.rule, problem.column))
    assert by_child == {
        "Tia": [(441, "REVIEW_CODE")],
        "Finn": [(440, "REVIEW_CODE")],
        "Cy": [(440, "REVIEW_CODE")],  # the 4th birthday on the review date counts as 4
        "Nia": [(None, "CHILD")],
        "Eve": [(166, "REVIEW")],  # and no age rule on top: the dates cannot both be right
        "Zed": [(167, "REVIEW_CODE")],
    }
    tia = next(p for p in found if p.row.preferred_name == "Tia")
    assert (tia.child_id, tia.review_id) == messy["Tia"]
    assert tia.message == "The child was under 4 on the review date, so the code must be PN0."
    # The child without a case reference is still in the file (with CHILD empty), last.
    assert national_return.csv_text(rows).endswith("\r\n,03/03/2015,05/11/2025,PN1\r\n")


def test_rules_on_what_the_database_would_not_hold_today():
    """Rows as they could come from records made before a column was required, or changed by hand."""

    def row(**changes) -> ReturnRow:
        values = dict(
            review_id=1,
            child_id=2,
            preferred_name="Kit",
            case_reference="K001",
            date_of_birth=date(2015, 6, 1),
            held_on=date(2025, 6, 1),
            participation_code="PN1",
            iro_name="Ann",
        )
        return ReturnRow(**{**values, **changes})

    today = date(2025, 7, 1)

    def rules(**changes) -> list:
        return [(p.rule, p.column) for p in national_return.problems([row(**changes)], today)]

    assert rules() == []
    assert rules(held_on=None) == [(166, "REVIEW")]
    assert rules(held_on=date(2025, 7, 2)) == [(166, "REVIEW")]  # in the future
    assert rules(participation_code=None) == [(167, "REVIEW_CODE")]
    assert rules(participation_code="PN8") == [(167, "REVIEW_CODE")]
    assert rules(participation_code="pn1") == [(167, "REVIEW_CODE")]
    assert rules(date_of_birth=None, case_reference="") == [(None, "CHILD"), (None, "DOB")]
    assert national_return.csv_text([row(held_on=None, date_of_birth=None, participation_code=None)]) == (
        "CHILD,DOB,REVIEW,REVIEW_CODE\r\nK001,,,\r\n"
    )


def test_the_page_lists_each_problem_with_the_review_and_who_can_correct_it(app, messy):
    client, _ = signed_in(app, Role.PARTICIPATION)
    html = client.get(PAGE).get_data(as_text=True)
    assert "8 reviews were held and recorded." in html
    assert "6 problems found" in html and "No problems found." not in html
    rows = problem_rows(html)
    # Child, case reference, review date, rule, what is wrong, the IRO: in the file's order.
    assert [(r[0], r[1], r[3], r[5]) for r in rows] == [
        ("Cy", "C001", "440", "Ann Iro"),
        ("Eve", "E001", "166", "Ann Iro"),
        ("Finn", "F001", "440", "Ann Iro"),
        ("Tia", "T001", "441", "Ann Iro"),
        ("Zed", "Z001", "167", "Ann Iro"),
        ("Nia", "None", "CHILD is required", "Ann Iro"),
    ]
    assert rows[0][4] == "PN0 is recorded, but the child was 4 or over on the review date."
    assert rows[1][4] == "The review date is before the child&#39;s date of birth."
    assert all(r[2] for r in rows)  # every review's date is shown
    assert '<span dir="auto">Tia</span>' in html
    assert 'role="region" aria-labelledby="problems-caption" tabindex="0"' in html
    assert '<caption id="problems-caption">' in html and '<th scope="col">' in html


# --- who may see it -----------------------------------------------------------------------------


@pytest.mark.parametrize("role", [Role.IRO, Role.SOCIAL_WORKER, Role.TEAM_MANAGER, Role.ADMIN])
def test_only_participation_officers_and_managers_reach_it(app, clean, role):
    client, _ = signed_in(app, role)
    assert client.get(PAGE).status_code == 403
    assert client.get(DOWNLOAD).status_code == 403
    assert "national-return" not in client.get("/staff/password").get_data(as_text=True)
    with app.app_context():
        assert not db.session.scalars(
            select(AuditEvent).where(AuditEvent.action == "statistics.national_return_exported")
        ).all()


@pytest.mark.parametrize("role", [Role.PARTICIPATION, Role.MANAGER])
def test_participation_officers_and_managers_reach_both(app, clean, role):
    client, person = signed_in(app, role)
    assert client.get(PAGE).status_code == 200
    assert client.get(DOWNLOAD).status_code == 200
    with app.app_context():
        assert db.session.scalars(
            select(AuditEvent.actor_id).where(AuditEvent.action == "statistics.national_return_exported")
        ).all() == [person.id]


def test_a_year_not_understood_is_the_current_one(app, clean):
    client, _ = signed_in(app, Role.PARTICIPATION)
    with app.app_context():
        current = financial_year_of(today())
    for year in ("", "abc", "1999", str(current - 21), "99999", str(current + 1)):
        html = client.get(f"/staff/statistics/national-return?year={year}").get_data(as_text=True)
        assert f'<option value="{current}" selected>' in html, year
        assert f"Reviews in {fy_label(current)}" in html, year
    response = client.get("/staff/statistics/national-return.csv?year=nonsense")
    assert response.status_code == 200 and response.data.startswith(b"CHILD,DOB,REVIEW,REVIEW_CODE\r\n")
    assert f"ssda903-reviews-{current}-" in response.headers["Content-Disposition"]
