"""Everything held about one child, gathered in one place: for a subject access request (the whole record), or
one consultation or one statement to attach to the child's case file in the council's own system.

What is gathered: the child's record (never the hashes of their link or PIN), each review and how it went,
each consultation with its answers as the IRO reads them (`consultation.summary`, so the words and the "only
my IRO" marks are the same), the agenda, what they added after sending, everything they raised with who was
told and what happened, forms held after their space closed, and the audit trail of who opened or changed
their record. Feedback responses are anonymous by design and not linked to the child, so they are not here.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from ..consultation import answers as consultations
from ..consultation import questions, summary
from ..consultation.models import Consultation, ConsultationAnswer
from ..extensions import db
from ..people.models import Child, HeldSubmission, StaffUser
from ..platform.clock import utcnow
from ..platform.models import AuditEvent
from ..reviews.models import Review
from ..statements import safety
from ..statements.models import Statement


@dataclass
class ConsultationRecord:
    """One consultation as the IRO reads it: what was asked, what the child answered, and their agenda."""

    review: Review
    consultation: Consultation
    reading: summary.Reading
    answers: dict[str, ConsultationAnswer]
    wants_to_chair: bool

    @property
    def sent(self) -> bool:
        """True once the child has sent it (before that it is a draft only the child has seen)."""
        return self.consultation.submitted_at is not None


@dataclass
class StatementRecord:
    """Something the child raised, with the words on the page it came from (for an alert)."""

    statement: Statement
    context_words: dict[str, str]


@dataclass
class Gathered:
    """What a download holds, and who made it when."""

    child: Child
    produced_at: datetime
    produced_by: StaffUser
    # "child" for the whole record, "consultation" or "statement" for one item.
    scope: str
    reviews: list[Review] = field(default_factory=list)
    consultations: list[ConsultationRecord] = field(default_factory=list)
    statements: list[StatementRecord] = field(default_factory=list)
    held_forms: list[HeldSubmission] = field(default_factory=list)
    audit: list[AuditEvent] = field(default_factory=list)


def consultation_record(review: Review) -> ConsultationRecord | None:
    """The review's consultation as the IRO reads it, or None when the child has not started one."""
    consultation = review.consultation
    if consultation is None:
        return None
    return ConsultationRecord(
        review=review,
        consultation=consultation,
        reading=summary.for_iro(consultation),
        answers=consultations.answers_by_key(consultation),
        wants_to_chair=questions.wants_to_chair(consultations.choice_values(consultation), None),
    )


def statement_record(statement: Statement) -> StatementRecord:
    """A statement with what it carries beyond its own columns."""
    return StatementRecord(statement, safety.context_words(statement))


def everything_about(child: Child, by: StaffUser) -> Gathered:
    """Everything held about ``child``, for a subject access request made by ``by``."""
    reviews = list(
        db.session.scalars(
            select(Review)
            .where(Review.child_id == child.id)
            .options(selectinload(Review.consultation).selectinload(Consultation.answers))
            .order_by(Review.scheduled_for, Review.id)
        )
    )
    statements = db.session.scalars(
        select(Statement)
        .where(Statement.child_id == child.id)
        .options(
            selectinload(Statement.recipients),
            selectinload(Statement.events),
            selectinload(Statement.additions),
        )
        .order_by(Statement.created_at, Statement.id)
    )
    held = db.session.scalars(
        select(HeldSubmission)
        .where(HeldSubmission.child_id == child.id)
        .order_by(HeldSubmission.created_at, HeldSubmission.id)
    )
    return Gathered(
        child=child,
        produced_at=utcnow(),
        produced_by=by,
        scope="child",
        reviews=reviews,
        consultations=[record for review in reviews if (record := consultation_record(review)) is not None],
        statements=[statement_record(statement) for statement in statements],
        held_forms=list(held),
        audit=audit_of(child),
    )


def one_consultation(review: Review, by: StaffUser) -> Gathered:
    """One review's consultation (and the review it was for), to attach to the child's case file."""
    record = consultation_record(review)
    return Gathered(
        child=review.child,
        produced_at=utcnow(),
        produced_by=by,
        scope="consultation",
        reviews=[review],
        consultations=[record] if record is not None else [],
    )


def one_statement(statement: Statement, by: StaffUser) -> Gathered:
    """One thing the child raised with its whole history, to attach to the child's case file."""
    return Gathered(
        child=statement.child,
        produced_at=utcnow(),
        produced_by=by,
        scope="statement",
        statements=[statement_record(statement)],
    )


def audit_of(child: Child) -> list[AuditEvent]:
    """Who opened or changed the child's record, their words or their link, and when (oldest first)."""
    return list(
        db.session.scalars(
            select(AuditEvent)
            .where(AuditEvent.child_id == child.id)
            .options(selectinload(AuditEvent.actor))
            .order_by(AuditEvent.occurred_at, AuditEvent.id)
        )
    )
