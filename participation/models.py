"""The data model: staff, children, reviews and consultations, what children raise, sessions, audit events
and the mail outbox.

Times are stored as naive UTC (`utcnow()`), so SQLite and PostgreSQL behave the same.
No column here ever holds a child's words except where its name says so.
"""

from __future__ import annotations

from datetime import date, datetime, timezone
from enum import StrEnum

from flask_login import UserMixin
from sqlalchemy import Boolean, Date, DateTime, ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from .extensions import db


def utcnow() -> datetime:
    """The current time as naive UTC, the form every timestamp column uses."""
    return datetime.now(timezone.utc).replace(tzinfo=None)


class Role(StrEnum):
    """What a member of staff may do; checked on the server for every staff page."""

    ADMIN = "admin"
    IRO = "iro"
    PARTICIPATION = "participation"
    MANAGER = "manager"
    # Social workers and their team managers see only what children send to them.
    SOCIAL_WORKER = "social_worker"
    TEAM_MANAGER = "team_manager"


class ReviewKind(StrEnum):
    """The statutory kind of a looked-after review."""

    INITIAL = "initial"
    SECOND = "second"
    SUBSEQUENT = "subsequent"
    EXTRA = "extra"


class SecretKind(StrEnum):
    """How a child proves the personal link is in their hands."""

    PIN = "pin"
    PICTURES = "pictures"


class StaffUser(UserMixin, db.Model):
    """A member of staff who signs in with email and password."""

    __tablename__ = "staff_user"

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(254), unique=True)
    name: Mapped[str] = mapped_column(String(120))
    role: Mapped[str] = mapped_column(String(20))
    phone: Mapped[str | None] = mapped_column(String(30))
    password_hash: Mapped[str] = mapped_column(String(255))
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    must_change_password: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    last_login_at: Mapped[datetime | None] = mapped_column(DateTime)

    @property
    def is_active(self) -> bool:  # Flask-Login refuses inactive accounts
        return self.active

    def has_role(self, *roles: str) -> bool:
        """True when this person holds one of ``roles``."""
        return self.role in roles


class Child(db.Model):
    """A child or young person in care. Only the preferred name is kept, never a full name."""

    __tablename__ = "child"

    id: Mapped[int] = mapped_column(primary_key=True)
    preferred_name: Mapped[str] = mapped_column(String(80))
    date_of_birth: Mapped[date] = mapped_column(Date)
    preferred_language: Mapped[str] = mapped_column(String(10), default="en")
    # The page language the child last chose themselves; the IRO's record above stays as it is.
    page_language: Mapped[str | None] = mapped_column(String(10))
    iro_id: Mapped[int] = mapped_column(ForeignKey("staff_user.id"), index=True)
    social_worker_name: Mapped[str | None] = mapped_column(String(120))
    social_worker_email: Mapped[str | None] = mapped_column(String(254))
    team_manager_name: Mapped[str | None] = mapped_column(String(120))
    team_manager_email: Mapped[str | None] = mapped_column(String(254))
    case_reference: Mapped[str | None] = mapped_column(String(40), unique=True)
    # The personal link: only a SHA-256 of the random token is kept.
    link_token_hash: Mapped[str | None] = mapped_column(String(64), unique=True)
    link_issued_at: Mapped[datetime | None] = mapped_column(DateTime)
    # The child's own secret (PIN or picture sequence), hashed with Argon2id.
    secret_kind: Mapped[str | None] = mapped_column(String(10))
    secret_hash: Mapped[str | None] = mapped_column(String(255))
    secret_failures: Mapped[int] = mapped_column(Integer, default=0)
    secret_locked_until: Mapped[datetime | None] = mapped_column(DateTime)
    # The IRO may choose the other version of the consultation (e.g. simpler questions at 13).
    consultation_version: Mapped[str | None] = mapped_column(String(10))
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow, onupdate=utcnow)

    iro: Mapped[StaffUser] = relationship(foreign_keys=[iro_id])
    reviews: Mapped[list[Review]] = relationship(
        back_populates="child", order_by="Review.scheduled_for", cascade="all, delete-orphan"
    )


class Review(db.Model):
    """A scheduled (and later held) review of a child's care plan."""

    __tablename__ = "review"
    __table_args__ = (Index("ix_review_child_scheduled", "child_id", "scheduled_for"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    child_id: Mapped[int] = mapped_column(ForeignKey("child.id"))
    scheduled_for: Mapped[datetime] = mapped_column(DateTime, index=True)
    kind: Mapped[str] = mapped_column(String(20))
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("staff_user.id"))
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    # What the IRO records after the review (all stored as keys; see `outcomes`).
    held_on: Mapped[date | None] = mapped_column(Date)
    held_venue: Mapped[str | None] = mapped_column(String(20))
    child_attendance: Mapped[str | None] = mapped_column(String(10))
    participation_code: Mapped[str | None] = mapped_column(String(3), index=True)
    chairing: Mapped[str | None] = mapped_column(String(10))
    consultation_used: Mapped[bool | None] = mapped_column(Boolean)
    seen_before: Mapped[bool | None] = mapped_column(Boolean)
    outcome_recorded_at: Mapped[datetime | None] = mapped_column(DateTime)
    outcome_recorded_by_id: Mapped[int | None] = mapped_column(ForeignKey("staff_user.id"), index=True)
    # The child's age band on the day it was held ("0-3", "4-11", "12-17"), kept for the figures.
    age_band: Mapped[str | None] = mapped_column(String(5), index=True)
    # When the child gave their feedback (what they said is kept apart, not tied to them).
    child_feedback_at: Mapped[datetime | None] = mapped_column(DateTime)

    child: Mapped[Child] = relationship(back_populates="reviews")
    consultation: Mapped[Consultation | None] = relationship(back_populates="review")


class Consultation(db.Model):
    """A child's answers before one review: which questions they saw, where they got to, and when they sent it.

    Only the child writes here. The IRO reads it once it has been sent (`submitted_at`).
    """

    __tablename__ = "consultation"

    id: Mapped[int] = mapped_column(primary_key=True)
    review_id: Mapped[int] = mapped_column(ForeignKey("review.id"), unique=True)
    child_id: Mapped[int] = mapped_column(ForeignKey("child.id"), index=True)
    # The question set used (e.g. "younger-1"), so old answers keep their meaning when questions change.
    question_set: Mapped[str] = mapped_column(String(20))
    current_step: Mapped[str | None] = mapped_column(String(40))
    started_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow, onupdate=utcnow)
    submitted_at: Mapped[datetime | None] = mapped_column(DateTime)
    # When something was last sent to the IRO (the first send or an addition), and when the IRO last read it.
    last_sent_at: Mapped[datetime | None] = mapped_column(DateTime)
    iro_read_at: Mapped[datetime | None] = mapped_column(DateTime)

    review: Mapped[Review] = relationship(back_populates="consultation")
    answers: Mapped[list[ConsultationAnswer]] = relationship(
        back_populates="consultation", cascade="all, delete-orphan", order_by="ConsultationAnswer.id"
    )
    agenda_items: Mapped[list[AgendaItem]] = relationship(
        back_populates="consultation", cascade="all, delete-orphan", order_by="AgendaItem.position"
    )
    additions: Mapped[list[ConsultationAddition]] = relationship(
        back_populates="consultation", cascade="all, delete-orphan", order_by="ConsultationAddition.created_at"
    )


class ConsultationAnswer(db.Model):
    """One answer: a question key with a choice key (``venue=school``) and/or the child's words verbatim."""

    __tablename__ = "consultation_answer"
    __table_args__ = (UniqueConstraint("consultation_id", "key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    consultation_id: Mapped[int] = mapped_column(ForeignKey("consultation.id"))
    key: Mapped[str] = mapped_column(String(40))
    value: Mapped[str | None] = mapped_column(String(40))
    # The child's words, exactly as typed, and the language they were written in.
    text: Mapped[str | None] = mapped_column(Text)
    text_language: Mapped[str | None] = mapped_column(String(10))
    # "iro" (only my IRO, the default) or "review" (it can be talked about at my review).
    share: Mapped[str] = mapped_column(String(10), default="iro")
    updated_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow, onupdate=utcnow)

    consultation: Mapped[Consultation] = relationship(back_populates="answers")


class AgendaItem(db.Model):
    """One item on the agenda a child builds to chair their review: a suggested item or their own words."""

    __tablename__ = "agenda_item"
    __table_args__ = (UniqueConstraint("consultation_id", "form_token"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    consultation_id: Mapped[int] = mapped_column(ForeignKey("consultation.id"), index=True)
    position: Mapped[int] = mapped_column(Integer)
    suggestion: Mapped[str | None] = mapped_column(String(30))
    text: Mapped[str | None] = mapped_column(String(300))
    text_language: Mapped[str | None] = mapped_column(String(10))
    # "me" or "iro": who leads this part of the meeting.
    lead: Mapped[str] = mapped_column(String(10), default="me")
    # The random token of the form that added it, so a double tap adds it once.
    form_token: Mapped[str | None] = mapped_column(String(64))

    consultation: Mapped[Consultation] = relationship(back_populates="agenda_items")


class ConsultationAddition(db.Model):
    """Something the child added after sending their answers, before the review started."""

    __tablename__ = "consultation_addition"
    __table_args__ = (UniqueConstraint("consultation_id", "form_token"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    consultation_id: Mapped[int] = mapped_column(ForeignKey("consultation.id"), index=True)
    text: Mapped[str] = mapped_column(Text)
    text_language: Mapped[str | None] = mapped_column(String(10))
    share: Mapped[str] = mapped_column(String(10), default="iro")
    form_token: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)

    consultation: Mapped[Consultation] = relationship(back_populates="additions")


class Statement(db.Model):
    """Something a child raised from their space: good news, a change, a worker's visit, a problem, or that
    they do not feel safe. Problems and safety alerts are tracked to an outcome (the problem log).

    Only the columns named ``words`` hold the child's own words.
    """

    __tablename__ = "statement"
    __table_args__ = (
        UniqueConstraint("child_id", "form_token"),
        Index("ix_statement_tracked_status", "tracked", "status"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    child_id: Mapped[int] = mapped_column(ForeignKey("child.id"), index=True)
    # good_news, change, worker_visit, problem or unsafe (see `statements.KINDS`).
    kind: Mapped[str] = mapped_column(String(20), index=True)
    urgent: Mapped[bool] = mapped_column(Boolean, default=False)
    # Where it came from: the form for its kind, the "I don't feel safe" button, or an answer elsewhere
    # ("consultation", "worker_visit") that said the child was scared or unsafe.
    source: Mapped[str] = mapped_column(String(20), default="form")
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow, index=True)
    # The child's words, exactly as typed: the main box and the second one (why / what could be better).
    words: Mapped[str | None] = mapped_column(Text)
    more_words: Mapped[str | None] = mapped_column(Text)
    words_language: Mapped[str | None] = mapped_column(String(10))
    # Answers stored as keys.
    topic: Mapped[str | None] = mapped_column(String(20))
    rating: Mapped[str | None] = mapped_column(String(2))
    time_alone: Mapped[str | None] = mapped_column(String(10))
    mood: Mapped[str | None] = mapped_column(String(10))
    resolution: Mapped[str | None] = mapped_column(String(10))  # "informal" or "formal" (problems)
    wants_advocate: Mapped[str | None] = mapped_column(String(10))
    # The random token of the form that sent it, so a double tap stores it once.
    form_token: Mapped[str | None] = mapped_column(String(64))
    # Tracking (problems and safety alerts): status new → acknowledged → in_progress → resolved / closed.
    tracked: Mapped[bool] = mapped_column(Boolean, default=False)
    status: Mapped[str] = mapped_column(String(20), default="new")
    acknowledge_by: Mapped[date | None] = mapped_column(Date)
    outcome_by: Mapped[date | None] = mapped_column(Date)
    acknowledged_at: Mapped[datetime | None] = mapped_column(DateTime)
    acknowledged_by_id: Mapped[int | None] = mapped_column(ForeignKey("staff_user.id"))
    # What the child reads in "my messages", and a note for staff only.
    outcome_for_child: Mapped[str | None] = mapped_column(Text)
    outcome_note: Mapped[str | None] = mapped_column(Text)
    outcome_recorded_at: Mapped[datetime | None] = mapped_column(DateTime)
    outcome_recorded_by_id: Mapped[int | None] = mapped_column(ForeignKey("staff_user.id"))
    # The scheduled reminders: once when acknowledgement is late, once when the outcome is late, then one
    # escalation to the team manager and the participation team.
    acknowledge_reminded_at: Mapped[datetime | None] = mapped_column(DateTime)
    outcome_reminded_at: Mapped[datetime | None] = mapped_column(DateTime)
    escalated_at: Mapped[datetime | None] = mapped_column(DateTime)

    child: Mapped[Child] = relationship()
    acknowledged_by: Mapped[StaffUser | None] = relationship(foreign_keys=[acknowledged_by_id])
    outcome_recorded_by: Mapped[StaffUser | None] = relationship(foreign_keys=[outcome_recorded_by_id])
    recipients: Mapped[list[StatementRecipient]] = relationship(
        back_populates="statement", cascade="all, delete-orphan", order_by="StatementRecipient.id"
    )
    events: Mapped[list[StatementEvent]] = relationship(
        back_populates="statement", cascade="all, delete-orphan", order_by="StatementEvent.id"
    )


class StatementRecipient(db.Model):
    """One adult a child sent something to: their IRO, social worker or team manager.

    ``staff_id`` is their account when they have one; without one the participation team passes it on.
    """

    __tablename__ = "statement_recipient"
    __table_args__ = (UniqueConstraint("statement_id", "role"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    statement_id: Mapped[int] = mapped_column(ForeignKey("statement.id"))
    role: Mapped[str] = mapped_column(String(20))  # iro, social_worker or team_manager
    name: Mapped[str | None] = mapped_column(String(120))
    email: Mapped[str | None] = mapped_column(String(254))
    staff_id: Mapped[int | None] = mapped_column(ForeignKey("staff_user.id"), index=True)
    via_participation: Mapped[bool] = mapped_column(Boolean, default=False)
    passed_on_at: Mapped[datetime | None] = mapped_column(DateTime)
    read_at: Mapped[datetime | None] = mapped_column(DateTime)

    statement: Mapped[Statement] = relationship(back_populates="recipients")
    staff: Mapped[StaffUser | None] = relationship()


class StatementEvent(db.Model):
    """What happened to a statement and who did it; ``note`` is for staff only, never shown to the child."""

    __tablename__ = "statement_event"

    id: Mapped[int] = mapped_column(primary_key=True)
    statement_id: Mapped[int] = mapped_column(ForeignKey("statement.id"), index=True)
    occurred_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("staff_user.id"))
    action: Mapped[str] = mapped_column(String(20))
    note: Mapped[str | None] = mapped_column(Text)

    statement: Mapped[Statement] = relationship(back_populates="events")
    actor: Mapped[StaffUser | None] = relationship()


class FeedbackLink(db.Model):
    """A single-use link asking one parent, carer or professional for feedback on one review."""

    __tablename__ = "feedback_link"

    id: Mapped[int] = mapped_column(primary_key=True)
    review_id: Mapped[int] = mapped_column(ForeignKey("review.id"), index=True)
    respondent: Mapped[str] = mapped_column(String(20))  # parent_carer or professional
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("staff_user.id"))
    expires_at: Mapped[datetime] = mapped_column(DateTime)
    used_at: Mapped[datetime | None] = mapped_column(DateTime)

    review: Mapped[Review] = relationship()


class FeedbackResponse(db.Model):
    """One person's feedback, kept apart from who gave it: only the review's date and IRO, the kind of
    respondent, the young person's age band, the language used and (for professionals) the agency."""

    __tablename__ = "feedback_response"

    id: Mapped[int] = mapped_column(primary_key=True)
    respondent: Mapped[str] = mapped_column(String(20), index=True)  # young_person, parent_carer, professional
    review_date: Mapped[date] = mapped_column(Date, index=True)
    iro_id: Mapped[int | None] = mapped_column(ForeignKey("staff_user.id"), index=True)
    age_band: Mapped[str | None] = mapped_column(String(5))
    language: Mapped[str] = mapped_column(String(10))
    agency: Mapped[str | None] = mapped_column(String(20))

    answers: Mapped[list[FeedbackAnswer]] = relationship(back_populates="response", cascade="all, delete-orphan")


class FeedbackAnswer(db.Model):
    """One answer in a feedback response: a question key with a choice key, or a comment."""

    __tablename__ = "feedback_answer"
    __table_args__ = (Index("ix_feedback_answer_question_value", "question", "value"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    response_id: Mapped[int] = mapped_column(ForeignKey("feedback_response.id"), index=True)
    question: Mapped[str] = mapped_column(String(30))
    value: Mapped[str | None] = mapped_column(String(20))
    text: Mapped[str | None] = mapped_column(Text)
    text_language: Mapped[str | None] = mapped_column(String(10))

    response: Mapped[FeedbackResponse] = relationship(back_populates="answers")


class AuthSession(db.Model):
    """A signed-in session of a member of staff or a child, so that ending it is real.

    The browser holds only a random id; this row (keyed by its hash) says whether it is still open.
    """

    __tablename__ = "auth_session"

    id: Mapped[int] = mapped_column(primary_key=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    staff_id: Mapped[int | None] = mapped_column(ForeignKey("staff_user.id"), index=True)
    child_id: Mapped[int | None] = mapped_column(ForeignKey("child.id"), index=True)
    # For a child: the PIN or pictures have been given in this session.
    verified: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    last_seen_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    ended_at: Mapped[datetime | None] = mapped_column(DateTime)
    ended_reason: Mapped[str | None] = mapped_column(String(20))


class PasswordResetToken(db.Model):
    """A one-time link with which a member of staff sets a new password."""

    __tablename__ = "password_reset_token"

    id: Mapped[int] = mapped_column(primary_key=True)
    staff_id: Mapped[int] = mapped_column(ForeignKey("staff_user.id"), index=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(DateTime)
    used_at: Mapped[datetime | None] = mapped_column(DateTime)

    staff: Mapped[StaffUser] = relationship()


class AuditEvent(db.Model):
    """Who did what to which record, and when. Never holds a child's words."""

    __tablename__ = "audit_event"

    id: Mapped[int] = mapped_column(primary_key=True)
    occurred_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow, index=True)
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("staff_user.id"), index=True)
    action: Mapped[str] = mapped_column(String(40))
    child_id: Mapped[int | None] = mapped_column(ForeignKey("child.id"), index=True)
    detail: Mapped[str | None] = mapped_column(String(200))

    actor: Mapped[StaffUser | None] = relationship(foreign_keys=[actor_id])
    child: Mapped[Child | None] = relationship(foreign_keys=[child_id])


class OutboxMessage(db.Model):
    """An email waiting to be sent (or sent). Everything that emails goes through here."""

    __tablename__ = "outbox_message"
    __table_args__ = (Index("ix_outbox_message_pending", "sent_at", "next_attempt_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    recipient: Mapped[str] = mapped_column(String(254))
    subject: Mapped[str] = mapped_column(String(200))
    body: Mapped[str] = mapped_column(Text)
    urgent: Mapped[bool] = mapped_column(Boolean, default=False)
    # Messages carrying a secret (a child's link) lose body and recipient once sent.
    scrub_after_send: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    next_attempt_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    sent_at: Mapped[datetime | None] = mapped_column(DateTime)
    last_error: Mapped[str | None] = mapped_column(String(300))
