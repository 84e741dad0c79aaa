"""The retention job: deletes or anonymises what the retention policy (`platform.retention`) says is due, and
reports what is due without changing anything (the dry run).

Each kind goes in batches, each batch its own transaction. A batch claims its rows and changes them in one
statement (``UPDATE``/``DELETE … WHERE id IN (SELECT … FOR UPDATE SKIP LOCKED LIMIT n) RETURNING``), re-checking
that they are still due and not yet done, so two runs at once never take the same rows and never count one
twice. Nothing about a child on legal hold is touched.

The published figures never change: the rows the figures count (reviews, consultations, statements, feedback
responses, the child's date of birth and IRO) are anonymised, never deleted, and only columns that count for
nothing are emptied. The tally (`figures.tally`) is therefore left as it is: these Core statements are not
noted for a recount because a recount would find the same facts.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy import String, and_, case, cast, delete, desc, func, literal, or_, select, update

from .. import settings
from ..consultation.models import AgendaItem, Consultation, ConsultationAddition, ConsultationAnswer
from ..extensions import db
from ..feedback.models import FeedbackAnswer, FeedbackLink, FeedbackResponse
from ..people.legal_hold import held_child_ids
from ..people.models import Child, HeldSubmission, PasswordResetToken
from ..platform.clock import today, utcnow
from ..platform.db import transaction
from ..platform.models import AuditEvent, AuthSession, OutboxMessage, RetentionRun
from ..platform.retention import BY_KEY, KINDS, Kind, keep_after_day, keep_after_moment, period_days
from ..reviews.models import Review
from ..statements.models import Statement, StatementAddition, StatementEvent
from ..statements.tracking import FINISHED

BATCH = 500
# The worker runs the job once a day: a little under, so a run that took a while does not slip a day.
EVERY = timedelta(hours=23)


@dataclass(frozen=True)
class Line:
    """One kind in a report: how many records are due (or were done), and the oldest event among them."""

    kind: Kind
    count: int
    oldest: date | None


@dataclass(frozen=True)
class _Rule:
    model: Any  # the rows counted and claimed
    event: Any  # what the period counts from
    due: Callable[[Any], list]  # the conditions that make a row due, given the last event still kept
    joins: tuple = ()  # (table, on) to reach the event or the child
    # The claim: values to set (anonymise) or None (delete); then what else goes with the claimed ids.
    values: Callable[[datetime], dict] | None = None
    then: Callable[[list[int], datetime], None] | None = None


def _not_held(column) -> Any:
    return or_(column.is_(None), column.not_in(held_child_ids()))


# --- what goes with a consultation, a statement, a child ---------------------------------------------


def _consultation_words(ids: list[int], _now: datetime) -> None:
    db.session.execute(
        update(ConsultationAnswer)
        .where(ConsultationAnswer.consultation_id.in_(ids), ConsultationAnswer.text.is_not(None))
        .values(text=None, text_language=None)
        .execution_options(synchronize_session=False)
    )
    for model in (AgendaItem, ConsultationAddition):
        db.session.execute(
            delete(model).where(model.consultation_id.in_(ids)).execution_options(synchronize_session=False)
        )


STATEMENT_WORDS = dict(words=None, more_words=None, source_words=None, outcome_for_child=None, outcome_note=None)


def _statement_words(ids: list[int], _now: datetime) -> None:
    db.session.execute(
        delete(StatementAddition)
        .where(StatementAddition.statement_id.in_(ids))
        .execution_options(synchronize_session=False)
    )
    db.session.execute(
        update(StatementEvent)
        .where(StatementEvent.statement_id.in_(ids), StatementEvent.note.is_not(None))
        .values(note=None)
        .execution_options(synchronize_session=False)
    )


CHILD_IDENTIFIERS = dict(
    # The name becomes the record number ("#123"), so every page that names the child still reads.
    preferred_name=literal("#", String) + cast(Child.id, String),
    page_language=None,
    social_worker_name=None,
    social_worker_email=None,
    team_manager_name=None,
    team_manager_email=None,
    case_reference=None,
    link_token_hash=None,
    link_issued_at=None,
    secret_kind=None,
    secret_hash=None,
    secret_locked_until=None,
)


def _everything_of_children(ids: list[int], now: datetime) -> None:
    consultations = _claim_ids(
        update(Consultation).where(Consultation.child_id.in_(ids), Consultation.words_removed_at.is_(None)),
        Consultation,
        dict(words_removed_at=now),
    )
    if consultations:
        _consultation_words(consultations, now)
    statements = _claim_ids(
        update(Statement).where(Statement.child_id.in_(ids), Statement.words_removed_at.is_(None)),
        Statement,
        dict(STATEMENT_WORDS, words_removed_at=now),
    )
    if statements:
        _statement_words(statements, now)
    for model in (HeldSubmission, AuthSession):
        db.session.execute(delete(model).where(model.child_id.in_(ids)).execution_options(synchronize_session=False))


def _claim_ids(statement, model, values: dict) -> list[int]:
    returned = db.session.execute(
        statement.values(**values).returning(model.id).execution_options(synchronize_session=False)
    )
    return [row[0] for row in returned]


# --- the rules ---------------------------------------------------------------------------------------

_statement_closed = case(
    (Statement.tracked.is_(True), func.coalesce(Statement.outcome_recorded_at, Statement.created_at)),
    else_=Statement.created_at,
)
_session_over = func.coalesce(AuthSession.ended_at, AuthSession.last_seen_at)
_mail_done = func.coalesce(OutboxMessage.sent_at, OutboxMessage.created_at)


def _mail_due(kept: datetime) -> list:
    # Sent, or an ordinary message the sender gave up on; an urgent message not yet delivered stays.
    given_up = and_(
        OutboxMessage.sent_at.is_(None),
        OutboxMessage.urgent.is_(False),
        OutboxMessage.attempts >= settings.get("MAIL_MAX_ATTEMPTS"),
    )
    return [_mail_done <= kept, or_(OutboxMessage.sent_at.is_not(None), given_up)]


RULES: dict[str, _Rule] = {
    "consultation_words": _Rule(
        Consultation,
        Review.held_on,
        lambda kept: [
            Review.held_on <= kept,
            Consultation.words_removed_at.is_(None),
            _not_held(Consultation.child_id),
        ],
        joins=((Review, Review.id == Consultation.review_id),),
        values=lambda now: dict(words_removed_at=now),
        then=_consultation_words,
    ),
    "statement_words": _Rule(
        Statement,
        _statement_closed,
        lambda kept: [
            _statement_closed <= kept,
            or_(Statement.tracked.is_(False), Statement.status.in_(FINISHED)),
            Statement.words_removed_at.is_(None),
            _not_held(Statement.child_id),
        ],
        values=lambda now: dict(STATEMENT_WORDS, words_removed_at=now),
        then=_statement_words,
    ),
    "child_record": _Rule(
        Child,
        Child.left_care_on,
        lambda kept: [Child.left_care_on <= kept, Child.anonymised_at.is_(None), Child.legal_hold_set_at.is_(None)],
        values=lambda now: dict(CHILD_IDENTIFIERS, anonymised_at=now),
        then=_everything_of_children,
    ),
    "feedback_comments": _Rule(
        FeedbackAnswer,
        FeedbackResponse.review_date,
        lambda kept: [FeedbackResponse.review_date <= kept, FeedbackAnswer.text.is_not(None)],
        joins=((FeedbackResponse, FeedbackResponse.id == FeedbackAnswer.response_id),),
        values=lambda _now: dict(text=None, text_language=None),
    ),
    "feedback_links": _Rule(
        FeedbackLink,
        FeedbackLink.expires_at,
        lambda kept: [
            FeedbackLink.expires_at <= kept,
            FeedbackLink.review_id.not_in(select(Review.id).where(Review.child_id.in_(held_child_ids()))),
        ],
    ),
    "outbox_messages": _Rule(OutboxMessage, _mail_done, _mail_due),
    "sessions": _Rule(
        AuthSession, _session_over, lambda kept: [_session_over <= kept, _not_held(AuthSession.child_id)]
    ),
    "password_reset_tokens": _Rule(
        PasswordResetToken, PasswordResetToken.expires_at, lambda kept: [PasswordResetToken.expires_at <= kept]
    ),
    "held_forms": _Rule(
        HeldSubmission,
        HeldSubmission.created_at,
        lambda kept: [HeldSubmission.created_at <= kept, _not_held(HeldSubmission.child_id)],
    ),
    "audit_events": _Rule(
        AuditEvent,
        AuditEvent.occurred_at,
        lambda kept: [AuditEvent.occurred_at <= kept, _not_held(AuditEvent.child_id)],
    ),
}


def _kept_after(kind: Kind, now: datetime, day: date) -> date | datetime:
    days = period_days(kind)
    return keep_after_day(days, day) if kind.counted_in_days else keep_after_moment(days, now)


def _as_day(value: date | datetime | str | None) -> date | None:
    if isinstance(value, str):  # SQLite returns what an expression computed as text
        value = datetime.fromisoformat(value)
    return value.date() if isinstance(value, datetime) else value


def _joined(rule: _Rule, *columns):
    query = select(*columns).select_from(rule.model)
    for table, on in rule.joins:
        query = query.join(table, on)
    return query


def _due_query(rule: _Rule, kept, *columns):
    return _joined(rule, *columns).where(*rule.due(kept))


# --- the report and the run ------------------------------------------------------------------------


def due_now(now: datetime | None = None, day: date | None = None) -> list[Line]:
    """What a run would delete or anonymise now, kind by kind (the dry run: nothing is changed)."""
    now, day = now or utcnow(), day or today()
    lines = []
    for kind in KINDS:
        rule = RULES[kind.key]
        count, oldest = db.session.execute(
            _due_query(rule, _kept_after(kind, now, day), func.count(), func.min(rule.event))
        ).one()
        lines.append(Line(kind, int(count or 0), _as_day(oldest)))
    return lines


def _one_batch(kind: Kind, now: datetime, day: date, size: int) -> tuple[int, date | None]:
    """Claim and act on up to ``size`` due rows of one kind; how many, and the oldest event among them."""
    rule = RULES[kind.key]
    claim = (
        _due_query(rule, _kept_after(kind, now, day), rule.model.id)
        .order_by(rule.model.id)
        .limit(size)
        .with_for_update(skip_locked=True, of=rule.model)
    )
    # Still due and not yet done when the statement runs: a second run never acts on the same row twice.
    chosen = rule.model.id.in_(claim.scalar_subquery())
    if rule.values is None:
        # Every kind that is deleted has its event on its own row, so the statement can return it.
        returned = db.session.execute(
            delete(rule.model)
            .where(chosen)
            .returning(rule.model.id, rule.event)
            .execution_options(synchronize_session=False)
        ).all()
        events = [day for day in (_as_day(event) for _id, event in returned) if day is not None]
        return len(returned), min(events, default=None)
    ids = _claim_ids(update(rule.model).where(chosen), rule.model, rule.values(now))
    if not ids:
        return 0, None
    if rule.then is not None:
        rule.then(ids, now)
    oldest = db.session.scalar(_joined(rule, func.min(rule.event)).where(rule.model.id.in_(ids)))
    return len(ids), _as_day(oldest)


def run(started_by: str = "cli", batch: int = BATCH) -> list[Line]:
    """Delete or anonymise everything due, kind by kind, a batch per transaction; keeps a record of the run
    (`RetentionRun`) and returns what it did."""
    now, day = utcnow(), today()
    with transaction():
        record = RetentionRun(started_at=now, started_by=started_by, done="{}")
        db.session.add(record)
        db.session.flush()
        run_id = record.id
    lines = []
    for kind in KINDS:
        count, oldest = 0, None
        while True:
            with transaction():
                done, first = _one_batch(kind, now, day, batch)
            count += done
            if first is not None:
                oldest = first if oldest is None else min(oldest, first)
            if done < batch:
                break
        lines.append(Line(kind, count, oldest))
    with transaction():
        db.session.execute(
            update(RetentionRun)
            .where(RetentionRun.id == run_id)
            .values(finished_at=utcnow(), done=json.dumps(_as_record(lines)))
            .execution_options(synchronize_session=False)
        )
    return lines


def run_if_due(started_by: str = "worker") -> list[Line] | None:
    """Run unless a run started within the last day (the worker calls this often; it runs once a day)."""
    last = db.session.scalar(select(func.max(RetentionRun.started_at)))
    db.session.rollback()  # the read ends here: the run owns its transactions
    if last is not None and last > utcnow() - EVERY:
        return None
    return run(started_by)


def _as_record(lines: list[Line]) -> dict:
    return {
        line.kind.key: {"count": line.count, "oldest": line.oldest.isoformat() if line.oldest else None}
        for line in lines
    }


@dataclass(frozen=True)
class PastRun:
    """A run as the admin page shows it."""

    started_at: datetime
    finished_at: datetime | None
    started_by: str
    lines: list[Line]


def last_runs(limit: int = 5) -> list[PastRun]:
    """The latest runs, newest first, with what each did."""
    runs = db.session.scalars(select(RetentionRun).order_by(desc(RetentionRun.started_at)).limit(limit))
    shown = []
    for each in runs:
        done = json.loads(each.done or "{}")
        lines = [
            Line(BY_KEY[key], int(value["count"]), date.fromisoformat(value["oldest"]) if value["oldest"] else None)
            for key, value in done.items()
            if key in BY_KEY
        ]
        shown.append(PastRun(each.started_at, each.finished_at, each.started_by, lines))
    return shown


def describe(lines: list[Line], *, dry_run: bool) -> list[str]:
    """The report printed by `flask retention`: one line per kind."""
    out = []
    for line in lines:
        verb = {True: "would be", False: "were"}[dry_run]
        done = "deleted" if line.kind.action == "delete" else "anonymised"
        oldest = f"; oldest {line.oldest.isoformat()}" if line.oldest else ""
        out.append(
            f"{line.kind.key}: {line.count} {verb} {done} "
            f"(kept {period_days(line.kind)} days from {line.kind.counted_from}{oldest})"
        )
    return out
