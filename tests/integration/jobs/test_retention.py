"""The retention job on a real database: each kind is due on the day its period ends and not before, a dry run
changes nothing, a run removes what is due and keeps the rest, a legal hold protects one child only, an urgent
email not yet delivered stays, two runs at once share the work, and the published figures never change."""

from __future__ import annotations

import itertools
import json
import threading
from datetime import UTC, date, datetime, timedelta

import pytest
import time_machine
from sqlalchemy import func, select

from participation.consultation.models import AgendaItem, Consultation, ConsultationAddition, ConsultationAnswer
from participation.extensions import db
from participation.feedback.models import FeedbackAnswer, FeedbackLink, FeedbackResponse
from participation.jobs import retention
from participation.people import legal_hold
from participation.people.models import Child, HeldSubmission, PasswordResetToken, Role, StaffUser
from participation.platform.models import AuditEvent, AuthSession, OutboxMessage, RetentionRun
from participation.platform.retention import KINDS
from participation.reviews.models import Review
from participation.statements.models import Statement, StatementAddition, StatementEvent
from tests.conftest import make_child, make_staff

NOW = datetime(2026, 12, 2, 12, 0)  # naive UTC, as stored; noon, so the local day is the same day
TODAY = NOW.date()
PERIOD = 30
WORDS = "I want to see my brother more"
_numbers = itertools.count(1)


@pytest.fixture
def frozen():
    with time_machine.travel(NOW.replace(tzinfo=UTC), tick=False):
        yield


@pytest.fixture
def periods(app, monkeypatch):
    """Every kind kept PERIOD days (each test may change one)."""
    days = {kind.key: PERIOD for kind in KINDS}
    monkeypatch.setitem(app.config, "RETENTION_DAYS", days)
    return days


@pytest.fixture
def people(app):
    with app.app_context():
        iro = make_staff(Role.IRO, email="iro@example.org")
        return {"iro": iro.id, "child": make_child(iro, preferred_name="Sam").id}


# --- one record of each kind, its event at a given time -------------------------------------------------


def _review(child_id: int, iro_id: int, held: date) -> Review:
    review = Review(
        child_id=child_id,
        scheduled_for=datetime.combine(held, datetime.min.time()),
        kind="subsequent",
        held_on=held,
        participation_code="PN1",
        age_band="4-11",
        outcome_recorded_at=datetime.combine(held, datetime.min.time()),
        outcome_recorded_by_id=iro_id,
    )
    db.session.add(review)
    db.session.flush()
    return review


def make(kind: str, event: datetime, child_id: int, iro_id: int) -> int:
    """Inside an app context: one record of ``kind`` whose period counts from ``event``; its id."""
    day = event.date()
    row: object
    if kind == "consultation_words":
        review = _review(child_id, iro_id, day)
        row = Consultation(review_id=review.id, child_id=child_id, question_set="younger-2", submitted_at=event)
        row.answers.append(ConsultationAnswer(key="venue", value="school", text=WORDS, text_language="en"))
        row.agenda_items.append(AgendaItem(position=1, text=WORDS))
        row.additions.append(ConsultationAddition(text=WORDS, form_token=f"t{event.timestamp()}"))
    elif kind == "statement_words":
        row = Statement(child_id=child_id, kind="good_news", words=WORDS, more_words=WORDS, created_at=event)
        row.additions.append(StatementAddition(words=WORDS, form_token=f"t{event.timestamp()}"))
        row.events.append(StatementEvent(action="note", note="Spoke to the carer about it"))
    elif kind == "child_record":
        row = Child(
            preferred_name="Lee",
            date_of_birth=date(2012, 5, 1),
            iro_id=iro_id,
            case_reference=f"CR-{next(_numbers)}",
            social_worker_name="Jo",
            left_care_on=day,
        )
    elif kind == "feedback_comments":
        row = FeedbackResponse(respondent="parent_carer", review_date=day, iro_id=iro_id, language="en")
        row.answers.append(FeedbackAnswer(question="respect", value="5"))
        row.answers.append(FeedbackAnswer(question="comments", text="The meeting was rushed", text_language="en"))
    elif kind == "feedback_links":
        review = _review(child_id, iro_id, day)
        row = FeedbackLink(review_id=review.id, respondent="parent_carer", token_hash=_hash(event), expires_at=event)
    elif kind == "outbox_messages":
        row = OutboxMessage(recipient="iro@example.org", subject="A message", body="Open the app", sent_at=event)
    elif kind == "sessions":
        row = AuthSession(
            token_hash=_hash(event), staff_id=iro_id, created_at=event, last_seen_at=event, ended_at=event
        )
    elif kind == "password_reset_tokens":
        row = PasswordResetToken(staff_id=iro_id, token_hash=_hash(event), expires_at=event)
    elif kind == "held_forms":
        row = HeldSubmission(
            child_id=child_id, kind="statement", fields=json.dumps({"words": [WORDS]}), created_at=event
        )
    else:
        row = AuditEvent(action="child.viewed", actor_id=iro_id, child_id=child_id, occurred_at=event)
    db.session.add(row)
    db.session.commit()
    return row.id  # type: ignore[attr-defined]


def _hash(event: datetime) -> str:
    return f"{event.timestamp():032.0f}{next(_numbers):032d}"


def done(kind: str, row_id: int) -> bool:
    """Inside an app context: whether the run deleted or anonymised this record."""
    db.session.expire_all()
    if kind == "consultation_words":
        row = db.session.get(Consultation, row_id)
        return row.words_removed_at is not None and row.answers[0].text is None and not row.agenda_items
    if kind == "statement_words":
        row = db.session.get(Statement, row_id)
        return row.words_removed_at is not None and row.words is None and not row.additions
    if kind == "child_record":
        return db.session.get(Child, row_id).anonymised_at is not None
    if kind == "feedback_comments":
        texts = db.session.scalars(select(FeedbackAnswer.text).where(FeedbackAnswer.response_id == row_id)).all()
        return texts == [None, None]
    model = {
        "feedback_links": FeedbackLink,
        "outbox_messages": OutboxMessage,
        "sessions": AuthSession,
        "password_reset_tokens": PasswordResetToken,
        "held_forms": HeldSubmission,
        "audit_events": AuditEvent,
    }[kind]
    return db.session.get(model, row_id) is None


def due_counts() -> dict[str, int]:
    return {line.kind.key: line.count for line in retention.due_now()}


# --- each kind at its boundary -------------------------------------------------------------------------


@pytest.mark.parametrize("kind", [kind.key for kind in KINDS])
@pytest.mark.usefixtures("frozen", "periods")
def test_each_kind_is_due_the_day_its_period_ends_and_not_a_moment_before(app, people, kind):
    with app.app_context():
        days = next(k for k in KINDS if k.key == kind).counted_in_days
        # Day-counted kinds (a review held, leaving care) count whole days; the others to the moment.
        ends = NOW - timedelta(days=PERIOD)
        not_yet = ends + (timedelta(days=1) if days else timedelta(seconds=1))
        due = make(kind, ends, people["child"], people["iro"])
        kept = make(kind, not_yet, people["child"], people["iro"])
        assert due_counts()[kind] == 1
        lines = {line.kind.key: line for line in retention.run()}
        assert lines[kind].count == 1
        assert lines[kind].oldest == ends.date()
        assert done(kind, due)
        assert not done(kind, kept)


@pytest.mark.usefixtures("frozen", "periods")
def test_a_dry_run_changes_nothing_and_reports_each_kind(app, people, runner):
    with app.app_context():
        long_ago = NOW - timedelta(days=400)
        made = {kind.key: make(kind.key, long_ago, people["child"], people["iro"]) for kind in KINDS}
    result = runner.invoke(args=["retention", "--dry-run"])
    assert result.exit_code == 0, result.output
    assert "Dry run: nothing was changed." in result.output
    assert (
        "statement_words: 1 would be anonymised (kept 30 days from the day it was closed (or sent, for things that "
        "are not tracked); oldest 2025-10-28)" in result.output
    )
    assert "audit_events: 1 would be deleted (kept 30 days from the day it was recorded; oldest 2025-10-28)" in (
        result.output
    )
    with app.app_context():
        assert not any(done(kind, row_id) for kind, row_id in made.items())
        assert db.session.scalar(select(func.count(RetentionRun.id))) == 0

    result = runner.invoke(args=["retention"])
    assert result.exit_code == 0, result.output
    assert "audit_events: 1 were deleted (kept 30 days" in result.output
    assert "child_record: 1 were anonymised" in result.output
    with app.app_context():
        assert all(done(kind, row_id) for kind, row_id in made.items())
        run = db.session.scalar(select(RetentionRun))
        assert run.finished_at is not None and run.started_by == "cli"
        assert json.loads(run.done)["audit_events"] == {"count": 1, "oldest": "2025-10-28"}
        assert sum(due_counts().values()) == 0


@pytest.mark.usefixtures("frozen", "periods")
def test_a_child_who_left_care_keeps_only_what_the_figures_need(app, people):
    with app.app_context():
        child_id = make("child_record", NOW - timedelta(days=400), people["child"], people["iro"])
        # Their words are recent, but everything about a child goes once their own period has run.
        consultation_id = make("consultation_words", NOW - timedelta(days=2), child_id, people["iro"])
        statement_id = make("statement_words", NOW - timedelta(days=2), child_id, people["iro"])
        held_id = make("held_forms", NOW - timedelta(days=2), child_id, people["iro"])
        session = AuthSession(token_hash="c" * 64, child_id=child_id, verified=True)
        db.session.add(session)
        db.session.commit()
        session_id = session.id
        retention.run()
        db.session.expire_all()
        child = db.session.get(Child, child_id)
        assert (
            child.preferred_name == f"#{child_id}" and child.case_reference is None and child.social_worker_name is None
        )
        assert child.date_of_birth == date(2012, 5, 1) and child.iro_id == people["iro"]
        assert done("consultation_words", consultation_id) and done("statement_words", statement_id)
        assert db.session.get(HeldSubmission, held_id) is None and db.session.get(AuthSession, session_id) is None
        # The answers' choices and the review stay for the figures.
        assert db.session.get(Consultation, consultation_id).answers[0].value == "school"
        assert db.session.scalar(select(func.count(Review.id)).where(Review.child_id == child_id)) == 1


@pytest.mark.usefixtures("frozen", "periods")
def test_a_legal_hold_keeps_everything_about_that_child_and_only_that_child(app, people):
    with app.app_context():
        long_ago = NOW - timedelta(days=400)
        records = {}
        for name in ("held", "other"):
            child_id = make("child_record", long_ago, people["child"], people["iro"])
            records[name] = {
                "child_record": child_id,
                **{
                    kind: make(kind, long_ago, child_id, people["iro"])
                    for kind in (
                        "consultation_words",
                        "statement_words",
                        "held_forms",
                        "audit_events",
                        "feedback_links",
                    )
                },
            }
        officer = db.session.merge(make_staff(Role.PARTICIPATION, email="pat@example.org"))
        assert legal_hold.place(db.session.get(Child, records["held"]["child_record"]), "Ombudsman case 41", officer)
        db.session.commit()
        assert due_counts()["child_record"] == 1

        retention.run()
        for kind, row_id in records["held"].items():
            assert not done(kind, row_id), kind
        for kind, row_id in records["other"].items():
            assert done(kind, row_id), kind
        held = db.session.get(Child, records["held"]["child_record"])
        assert held.preferred_name == "Lee" and held.on_legal_hold and legal_hold.is_protected(held)
        assert db.session.scalar(select(AuditEvent.detail).where(AuditEvent.action == "child.legal_hold_set")) == (
            "Ombudsman case 41"
        )

        # Lifted: the next run does what was waiting.
        legal_hold.lift(held, "The case was closed", officer)
        db.session.commit()
        retention.run()
        assert done("child_record", records["held"]["child_record"])


@pytest.mark.usefixtures("frozen", "periods")
def test_an_urgent_email_not_yet_delivered_is_never_deleted(app, people):
    with app.app_context():
        long_ago = NOW - timedelta(days=400)
        mail = {
            "sent": OutboxMessage(sent_at=long_ago, attempts=1),
            "given up": OutboxMessage(attempts=10),
            "still trying": OutboxMessage(attempts=3),
            "urgent, undelivered": OutboxMessage(urgent=True, attempts=50),
        }
        for message in mail.values():
            message.recipient, message.subject, message.body, message.created_at = "a@example.org", "S", "B", long_ago
            db.session.add(message)
        db.session.commit()
        ids = {name: message.id for name, message in mail.items()}
        assert due_counts()["outbox_messages"] == 2
        retention.run()
        left = set(db.session.scalars(select(OutboxMessage.id)))
        assert left == {ids["still trying"], ids["urgent, undelivered"]}


@pytest.mark.usefixtures("frozen", "periods")
def test_two_runs_at_once_share_the_work_and_count_each_record_once(app, people):
    with app.app_context():
        long_ago = NOW - timedelta(days=400)
        for n in range(300):
            db.session.add(AuditEvent(action="child.viewed", child_id=people["child"], occurred_at=long_ago))
            db.session.add(Statement(child_id=people["child"], kind="good_news", words=f"{n}", created_at=long_ago))
        db.session.commit()
    results, errors = [], []

    def one_run() -> None:
        with app.app_context():
            try:
                results.append({line.kind.key: line.count for line in retention.run(batch=25)})
            except Exception as error:  # reported below
                errors.append(error)

    threads = [threading.Thread(target=one_run) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert errors == []
    assert sum(each["audit_events"] for each in results) == 300
    assert sum(each["statement_words"] for each in results) == 300
    with app.app_context():
        assert db.session.scalar(select(func.count(AuditEvent.id))) == 0
        assert db.session.scalar(select(func.count(Statement.id)).where(Statement.words.is_not(None))) == 0
        assert db.session.scalar(select(func.count(RetentionRun.id)).where(RetentionRun.finished_at.is_not(None))) == 2


@pytest.mark.usefixtures("periods")
def test_the_worker_runs_it_once_a_day(app, people):
    with app.app_context():
        assert retention.run_if_due() is not None
        assert retention.run_if_due() is None  # the same day: nothing more
        with time_machine.travel(datetime.now(UTC) + timedelta(days=1), tick=False):
            assert retention.run_if_due() is not None
        assert db.session.scalar(select(func.count(RetentionRun.id))) == 2
        assert set(db.session.scalars(select(RetentionRun.started_by))) == {"worker"}


def test_the_default_periods_keep_this_year(app, people):
    with app.app_context():
        recent = datetime.now(UTC).replace(tzinfo=None) - timedelta(days=20)
        made = {kind.key: make(kind.key, recent, people["child"], people["iro"]) for kind in KINDS}
        retention.run()
        assert not any(done(kind, row_id) for kind, row_id in made.items())
        assert db.session.get(StaffUser, people["iro"]) is not None


@pytest.mark.usefixtures("periods")
def test_a_child_still_in_care_can_open_what_they_sent_after_its_words_were_removed(app, make_child_session):
    client, child, _token = make_child_session(age=12)
    with app.app_context():
        sent = Statement(child_id=child.id, kind="good_news", words=WORDS, created_at=datetime(2024, 1, 5, 9))
        db.session.add(sent)
        db.session.commit()
        statement_id = sent.id
        retention.run()
        assert done("statement_words", statement_id)
    for url in ("/me/statements", f"/me/statements/{statement_id}"):
        response = client.get(url)
        assert response.status_code == 200, url
        assert WORDS not in response.get_data(as_text=True)
