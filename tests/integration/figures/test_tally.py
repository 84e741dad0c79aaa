"""The tally is kept as things happen: after every kind of change the app makes (an outcome recorded and
corrected into another quarter, a consultation sent, feedback given, a statement raised, acknowledged and
resolved, a child moved to another IRO, a date of birth corrected, a review cancelled), the kept counts equal
the rows counted afresh, and the figures read from the tally equal the figures counted live from the rows."""

from __future__ import annotations

from datetime import date, datetime, time

import pytest
from sqlalchemy import update

from participation.consultation.models import Consultation, ConsultationAnswer
from participation.extensions import db
from participation.feedback import responses
from participation.figures import report, tally
from participation.figures.models import FigureCount, FigureSource
from participation.figures.periods import Filters
from participation.people.models import Child, Role, StaffUser
from participation.reviews import outcomes, scheduling
from participation.reviews.models import Review
from participation.statements import tracking
from participation.statements.models import Statement, StatementRecipient
from tests.conftest import make_child, make_staff

FY = 2025
FILTERS = [
    Filters(FY),
    Filters(FY, quarter=1),
    Filters(FY, quarter=2),
    Filters(FY, age_band="12-17"),
    Filters(FY, age_band="4-11"),
]


def agree(app) -> None:
    """The tally equals a fresh count, and every filter reads the same from the tally as from the rows."""
    with app.test_request_context():
        assert tally.differences() == []
        ids = [iro_id for (iro_id,) in db.session.execute(db.select(StaffUser.id).where(StaffUser.role == "iro"))]
        for filters in [*FILTERS, *(Filters(FY, iro_id=i) for i in ids)]:
            assert tally.sums(filters, report.MEASURES) == tally.live_sums(filters, report.MEASURES), filters


def record(review_id: int, iro_id: int, held: date, code: str = "PN1", **kwargs) -> None:
    review = db.session.get(Review, review_id)
    values = dict(venue="home", attendance="all", chairing="none", consultation_used=True, seen_before=True)
    values.update(kwargs)
    outcomes.record(review, db.session.get(StaffUser, iro_id), held_on=held, code=code, **values)
    db.session.commit()


@pytest.fixture
def people(app):
    with app.app_context():
        ann = make_staff(Role.IRO, email="ann@example.org", name="Ann")
        ben = make_staff(Role.IRO, email="ben@example.org", name="Ben")
        teen = make_child(ann, age=14, looked_after_since=date(2024, 9, 2))
        small = make_child(ann, age=7)
        return {"ann": ann.id, "ben": ben.id, "teen": teen.id, "small": small.id}


def schedule(app, child_id: int, iro_id: int, day: date) -> int:
    with app.app_context():
        review = scheduling.schedule(
            db.session.get(Child, child_id), day, time(10), "subsequent", db.session.get(StaffUser, iro_id)
        )
        db.session.commit()
        return review.id


def test_every_change_the_app_makes_keeps_the_tally_right(app, people):
    ann, ben = people["ann"], people["ben"]
    first = schedule(app, people["teen"], ann, date(2025, 6, 20))
    second = schedule(app, people["small"], ann, date(2025, 9, 10))
    agree(app)

    with app.app_context():  # the IRO records the first review, then corrects it into the next quarter
        record(first, ann, date(2025, 6, 20), "PN1", chairing="chair")
    agree(app)
    with app.app_context():
        record(first, ann, date(2025, 7, 2), "PN6", attendance="no")
        assert db.session.get(FigureSource, ("review", first)) is not None
    agree(app)

    with app.app_context():  # a consultation sent before the second review, then the review held
        consultation = Consultation(
            review_id=second, child_id=people["small"], question_set="younger-2", submitted_at=datetime(2025, 9, 1, 8)
        )
        consultation.answers.append(ConsultationAnswer(key="venue", value="school"))
        db.session.add(consultation)
        db.session.commit()
        consultation_id = consultation.id
    agree(app)
    with app.app_context():
        record(second, ann, date(2025, 9, 10), "PN2")
        review = db.session.get(Review, second)
        answers = responses.Answers("parent_carer", {"respect": "5", "report_before": "yes"})
        responses.store(review, answers, "en")
        db.session.commit()
    agree(app)

    with app.app_context():  # a problem raised, acknowledged and resolved in time
        statement = Statement(child_id=people["teen"], kind="problem", tracked=True, words="My allowance")
        statement.created_at = datetime(2025, 8, 4, 9)
        tracking.set_due_dates(statement, statement.created_at)
        statement.recipients.append(StatementRecipient(role="iro", staff_id=ann))
        db.session.add(statement)
        db.session.commit()
        statement_id = statement.id
    agree(app)
    with app.app_context():
        statement = db.session.get(Statement, statement_id)
        tracking.acknowledge(statement, db.session.get(StaffUser, ann))
        db.session.commit()
        tracking.record_outcome(statement, db.session.get(StaffUser, ann), tracking.RESOLVED, "Paid now")
        statement.outcome_recorded_at = datetime(2025, 8, 6, 9)
        db.session.commit()
    agree(app)

    with app.app_context():  # the child moves to Ben, and their date of birth is corrected into another band
        child = db.session.get(Child, people["teen"])
        child.iro_id = ben
        child.date_of_birth = date(2015, 1, 1)
        db.session.commit()
    agree(app)

    with app.app_context():  # a scheduled review is cancelled; a change made by a Core UPDATE is counted too
        later = scheduling.schedule(
            db.session.get(Child, people["small"]),
            date(2026, 1, 5),
            time(9),
            "subsequent",
            db.session.get(StaffUser, ann),
        )
        db.session.commit()
        scheduling.cancel(db.session.get(Review, later.id), db.session.get(StaffUser, ann))
        db.session.commit()
    agree(app)
    with app.app_context():
        from participation.platform.db import update_if

        consultation = db.session.get(Consultation, consultation_id)
        assert update_if(consultation, Consultation.submitted_at.is_not(None), submitted_at=datetime(2025, 9, 2, 8))
        db.session.commit()
    agree(app)


def test_what_the_tally_holds_for_a_held_review(app, people):
    review_id = schedule(app, people["teen"], people["ann"], date(2025, 6, 20))
    with app.app_context():
        record(review_id, people["ann"], date(2025, 6, 20), "PN1", chairing="co_chair")
    with app.test_request_context():
        counts = tally.sums(Filters(FY), report.MEASURES)
        assert counts[("code", "PN1", 1)] == 1 and counts[("chairing", "co_chair", 1)] == 1
        # In care since 2 September 2024 with no review held before: the first was due 30 September 2024.
        assert counts[("timescale", "late", 1)] == 1
        assert tally.sums(Filters(FY, iro_id=people["ann"]), ["code"]) == {("code", "PN1", 1): 1}
        assert tally.sums(Filters(FY, iro_id=people["ben"]), ["code"]) == {}


def test_a_database_not_yet_counted_is_read_live_until_rebuilt(app, people, runner):
    review_id = schedule(app, people["teen"], people["ann"], date(2025, 6, 20))
    with app.app_context():
        record(review_id, people["ann"], date(2025, 6, 20))
        # As after an upgrade from a version without the tally: rows, but nothing counted.
        db.session.execute(FigureCount.__table__.delete())
        db.session.execute(FigureSource.__table__.delete())
        db.session.commit()
    with app.test_request_context():
        assert not tally.is_built()
        assert tally.sums(Filters(FY), ["held"]) == {("held", "all", 1): 1}  # counted from the rows
    assert "Counted 1 rows" in runner.invoke(args=["figures", "rebuild", "--if-needed"]).output
    assert "already built" in runner.invoke(args=["figures", "rebuild", "--if-needed"]).output
    assert runner.invoke(args=["figures", "check"]).exit_code == 0
    with app.app_context():
        db.session.execute(update(FigureCount).values(count=FigureCount.count + 1))
        db.session.commit()
    broken = runner.invoke(args=["figures", "check"])
    assert broken.exit_code == 1 and "counts differ" in broken.output
    runner.invoke(args=["figures", "rebuild"])
    assert runner.invoke(args=["figures", "check"]).exit_code == 0


def test_feedback_by_link_and_from_the_child_is_counted_once(app, people):
    review_id = schedule(app, people["teen"], people["ann"], date(2025, 6, 20))
    with app.app_context():
        record(review_id, people["ann"], date(2025, 6, 20))
        review = db.session.get(Review, review_id)
        answers = responses.Answers("young_person", {"overall": "5"})
        assert responses.submit_for_child(review, answers, "en")
        db.session.commit()
        assert not responses.submit_for_child(db.session.get(Review, review_id), answers, "en")
        db.session.commit()
    agree(app)
    with app.test_request_context():
        assert tally.sums(Filters(FY), ["responses"]) == {("responses", "young_person", 1): 1}


def test_schedule_in_the_past_then_recorded_counts_in_its_own_year(app, people):
    review_id = schedule(app, people["small"], people["ann"], date(2026, 3, 31))
    with app.app_context():
        record(review_id, people["ann"], date(2026, 3, 31))
        later = Filters(FY + 1)
    with app.test_request_context():
        assert tally.sums(Filters(FY), ["held"]) == {("held", "all", 4): 1}
        assert tally.sums(later, ["held"]) == {}
