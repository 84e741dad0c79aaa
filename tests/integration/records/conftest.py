"""A child with one of everything the app can hold about them (`tests.child_records`), and another child."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from participation.extensions import db
from participation.people.models import Child, Role, StaffUser
from participation.statements.models import Statement, StatementRecipient
from tests.child_records import fill
from tests.conftest import held_yesterday, make_child, make_staff, schedule_review


@dataclass
class Everything:
    """Ids of a child with one of everything, and of the staff around them."""

    child_id: int
    review_id: int
    statement_id: int
    iro: StaffUser
    participation: StaffUser


@pytest.fixture
def everything(app, iro) -> Everything:
    """A child (case reference CR-1001) whose review was held yesterday, with one of everything."""
    with app.app_context():
        child = make_child(iro, age=13, preferred_name="Robin", case_reference="CR-1001")
        participation = make_staff(Role.PARTICIPATION, email="pt@example.org", name="Pat Participation")
    schedule_review(app, child, iro, days=10)
    review_id = held_yesterday(app, child, iro)
    with app.app_context():
        statement_id = fill(db.session.get(Child, child.id), db.session.get(StaffUser, iro.id), review_id)
    return Everything(child.id, review_id, statement_id, iro, participation)


@pytest.fixture
def another_child(app, other_iro) -> int:
    """A child of another IRO, with words of their own that must never appear in the first child's records."""
    with app.app_context():
        child = make_child(other_iro, age=9, preferred_name="Alex", case_reference="CR-2002")
    schedule_review(app, child, other_iro, days=20)
    with app.app_context():
        other = db.session.get(StaffUser, other_iro.id)
        statement = Statement(child_id=child.id, kind="good_news", words="Alex won the chess club cup")
        statement.recipients = [StatementRecipient(role="iro", name=other.name, staff_id=other.id)]
        db.session.add(statement)
        db.session.commit()
    return child.id
