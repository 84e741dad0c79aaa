"""Every figure is reported on the council's local day (Europe/London), whatever UTC says: at each quarter's
boundary and on both days the clocks change. Times below are the UTC that is stored; the local day is in
the comment. British Summer Time ran from 30 March to 26 October 2025 and from 29 March 2026."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
import time_machine

from participation.consultation.models import Consultation
from participation.extensions import db
from participation.figures import report, tally
from participation.figures.periods import Filters
from participation.people.models import Role
from participation.reviews.models import Review
from participation.statements import tracking
from participation.statements.kinds import TRACKED
from participation.statements.models import Statement, StatementRecipient
from tests.conftest import make_child, make_staff, send_statement


@pytest.fixture
def child(app):
    with app.app_context():
        iro = make_staff(Role.IRO, email="iro@example.org")
        return make_child(iro, age=12), iro


def raise_at(app, child_id: int, iro_id: int, moment: datetime, kind: str = "good_news") -> None:
    with app.app_context():
        statement = Statement(child_id=child_id, kind=kind, created_at=moment, tracked=kind in TRACKED)
        statement.recipients.append(StatementRecipient(role="iro", staff_id=iro_id))
        db.session.add(statement)
        db.session.commit()


def raised(app, year: int, quarter: int, *, live: bool = False) -> int:
    """Statements counted in a quarter (read from the tally, or counted live from the rows)."""
    with app.test_request_context():
        filters = Filters(year, quarter=quarter)
        counts = tally.live_sums(filters, ["raised"]) if live else tally.sums(filters, ["raised"])
        return sum(counts.values())


@pytest.mark.parametrize(
    ("moment", "year", "quarter"),
    [
        (datetime(2025, 3, 31, 23, 30), 2025, 1),  # 00:30 BST, Tuesday 1 April 2025: the new year's Q1
        (datetime(2025, 6, 30, 23, 30), 2025, 2),  # 00:30 BST, 1 July: Q2
        (datetime(2025, 9, 30, 23, 30), 2025, 3),  # 00:30 BST, 1 October: Q3
        (datetime(2025, 12, 31, 23, 30), 2025, 3),  # 23:30 GMT, 31 December: still Q3
        (datetime(2026, 3, 31, 23, 30), 2026, 1),  # 00:30 BST, 1 April 2026: the next year
        (datetime(2025, 3, 30, 0, 30), 2024, 4),  # 00:30 GMT on the morning the clocks go forward
        (datetime(2025, 10, 25, 23, 30), 2025, 3),  # 00:30 BST on Sunday 26 October, the clocks go back
    ],
)
def test_a_statement_counts_in_the_quarter_of_its_local_day(app, child, moment, year, quarter):
    kid, iro = child
    raise_at(app, kid.id, iro.id, moment)
    assert raised(app, year, quarter) == 1
    assert raised(app, year, quarter, live=True) == 1  # the live count agrees
    others = [(y, q) for y in (year - 1, year, year + 1) for q in (1, 2, 3, 4) if (y, q) != (year, quarter)]
    assert all(raised(app, y, q) == 0 for y, q in others)


def test_sent_through_the_app_just_after_midnight_in_summer_counts_in_the_new_quarter(app, make_child_session):
    with time_machine.travel(datetime(2025, 6, 30, 23, 20, tzinfo=UTC), tick=False):  # 00:20 on 1 July, BST
        client, _, _ = make_child_session(age=12)
    with time_machine.travel(datetime(2025, 6, 30, 23, 30, tzinfo=UTC), tick=False):  # 00:30
        sent = send_statement(client, "good-news", {"words": "I passed my swimming test", "to": ["iro"]})
        assert sent.status_code == 303
    assert raised(app, 2025, 2) == 1 and raised(app, 2025, 1) == 0


def test_a_consultation_sent_is_counted_on_its_local_day(app, child):
    kid, iro = child
    with app.app_context():
        review = Review(child_id=kid.id, scheduled_for=datetime(2025, 7, 10, 9), kind="subsequent")
        db.session.add(review)
        db.session.flush()
        db.session.add(
            Consultation(
                review_id=review.id, child_id=kid.id, question_set="older-2", submitted_at=datetime(2025, 9, 30, 23, 5)
            )
        )
        db.session.commit()
    with app.test_request_context():
        q3 = tally.sums(Filters(2025, quarter=3), ["raised"])
    assert q3 == {("raised", "meeting", 3): 1}  # 00:05 BST on 1 October


@pytest.mark.parametrize(
    ("resolved_at", "in_time"),
    [
        (datetime(2025, 7, 21, 22, 30), True),  # 23:30 BST on Monday 21 July, the last day it is due
        (datetime(2025, 7, 21, 23, 30), False),  # 00:30 BST on Tuesday 22 July: a day late
    ],
)
def test_resolved_on_time_compares_local_days(app, child, resolved_at, in_time):
    kid, iro = child
    with app.app_context():
        problem = Statement(child_id=kid.id, kind="problem", tracked=True, created_at=datetime(2025, 7, 7, 9))
        tracking.set_due_dates(problem, problem.created_at)
        assert problem.outcome_by == date(2025, 7, 21)  # 10 working days after Monday 7 July
        problem.status = tracking.RESOLVED
        problem.outcome_recorded_at = resolved_at
        db.session.add(problem)
        db.session.commit()
    with app.test_request_context():
        table = report.table("problems", Filters(2025), "exact")
    resolved = {str(row[0]): str(row[1]) for row in table.rows}["Resolved within timescale"]
    assert resolved == ("1" if in_time else "0")
