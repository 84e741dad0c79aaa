"""A retention run never changes a published figure: the hand-counted year of the statistics tests (2025-26),
with children's words, comments, old sessions, mail and audit events added, reads the same before and after a
run that removes the whole year's words and records."""

from __future__ import annotations

from datetime import datetime

import pytest
from sqlalchemy import func, select, update

from participation.consultation.models import ConsultationAnswer
from participation.extensions import db
from participation.feedback.models import FeedbackAnswer
from participation.figures import report, tally
from participation.figures.disclosure import EXACT, PUBLISHED
from participation.figures.periods import Filters
from participation.jobs import retention
from participation.people.models import Child, StaffUser
from participation.platform.models import AuditEvent, AuthSession, OutboxMessage
from participation.platform.retention import KINDS
from participation.statements.models import Statement
from tests.integration.figures.test_statistics import FY, figures, rows_of, world  # noqa: F401  (world: a fixture)


def everything_shown(app) -> dict:
    """Every table of the year, exactly and as published, for everyone, each IRO, each age band, and one IRO
    and one band together (counted live from the rows rather than read from the tally)."""
    with app.app_context():
        a, b = (db.session.scalar(select(StaffUser.id).where(StaffUser.email == f"{n}@example.org")) for n in "ab")
    shown = {}
    for mode in (EXACT, PUBLISHED):
        for filters in ({}, {"iro_id": a}, {"iro_id": b}, {"age_band": "12-17"}):
            for key, table in figures(app, mode, **filters).items():
                shown[(mode, tuple(filters.items()), key)] = rows_of(table)
        for key, table in figures(app, mode, iro_id=b, age_band="12-17").items():
            shown[(mode, "b, 12-17", key)] = rows_of(table)
    return shown


@pytest.mark.usefixtures("world")
def test_the_annual_figures_are_the_same_after_a_run_that_removes_a_year_of_records(app, monkeypatch):
    year_end = datetime(2026, 3, 31, 12)
    with app.app_context():
        ann = db.session.scalar(select(StaffUser.id).where(StaffUser.email == "a@example.org"))
        # The year's words and records, as the app would have them.
        db.session.execute(update(Statement).values(words="My allowance was not paid", outcome_note="Chased"))
        db.session.execute(update(ConsultationAnswer).values(text="At school, not in maths"))
        db.session.execute(update(FeedbackAnswer).where(FeedbackAnswer.value.is_(None)).values(text="Too long"))
        db.session.execute(update(Child).values(left_care_on=year_end.date(), case_reference=None))
        for child_id in db.session.scalars(select(Child.id)):
            db.session.add(AuditEvent(action="child.viewed", actor_id=ann, child_id=child_id, occurred_at=year_end))
        db.session.add(AuthSession(token_hash="s" * 64, staff_id=ann, ended_at=year_end, last_seen_at=year_end))
        db.session.add(OutboxMessage(recipient="a@example.org", subject="S", body="B", sent_at=year_end))
        # Problems still open stay as they are (their words too); close them so everything of the year goes.
        db.session.execute(
            update(Statement)
            .where(Statement.status == "new")
            .values(status="closed", outcome_recorded_at=datetime(2026, 3, 1, 9))
        )
        db.session.commit()
    with app.app_context():
        tally.rebuild()  # the closed problems are counted as they now are
        db.session.commit()
    before = everything_shown(app)
    assert rows_of(figures(app)["participation-codes"])["All reviews held"][-2:] == ["10", "100%"]

    monkeypatch.setitem(app.config, "RETENTION_DAYS", {kind.key: 200 for kind in KINDS})
    with app.app_context():
        done = {line.kind.key: line.count for line in retention.run()}
    assert done["statement_words"] == 9
    assert done["child_record"] == db_count(app, Child)
    assert done["audit_events"] >= 10 and done["sessions"] == 1 and done["outbox_messages"] == 1
    with app.app_context():
        assert db.session.scalar(select(func.count()).where(Statement.words.is_not(None))) == 0
        assert db.session.scalar(select(func.count()).where(ConsultationAnswer.text.is_not(None))) == 0
        assert db.session.scalar(select(func.count()).where(FeedbackAnswer.text.is_not(None))) == 0

    assert everything_shown(app) == before
    with app.app_context():
        assert tally.differences() == []


def db_count(app, model) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count(model.id)))


@pytest.mark.usefixtures("world")
def test_the_tally_has_nothing_to_recount_after_a_run(app, monkeypatch):
    """The run changes only columns that count for nothing, so counting everything afresh agrees with it."""
    monkeypatch.setitem(app.config, "RETENTION_DAYS", {kind.key: 0 for kind in KINDS})
    with app.test_request_context():
        sums = tally.sums(Filters(FY), report.MEASURES)
        db.session.commit()
        retention.run()
        assert tally.differences() == []
        assert tally.sums(Filters(FY), report.MEASURES) == sums
