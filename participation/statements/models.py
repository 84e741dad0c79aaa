"""What children raise any time (statements), who each went to, and what happened to it."""

from __future__ import annotations

from datetime import date, datetime
from typing import TYPE_CHECKING

from sqlalchemy import Boolean, Date, DateTime, ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..extensions import Base
from ..platform.clock import utcnow

if TYPE_CHECKING:
    from ..people.models import Child, StaffUser


class Statement(Base):
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
    # ("consultation", "worker_visit") that said the child was scared or unsafe, followed by their answer to
    # "Do you feel safe right now?".
    source: Mapped[str] = mapped_column(String(20), default="form")
    # For an answer elsewhere: the question and the answer that led here, and the child's words on that page.
    source_question: Mapped[str | None] = mapped_column(String(40))
    source_answer: Mapped[str | None] = mapped_column(String(40))
    source_words: Mapped[str | None] = mapped_column(Text)
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
    # An urgent alert is due for acknowledgement in clock hours, not working days.
    acknowledge_due_at: Mapped[datetime | None] = mapped_column(DateTime)
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
    # An urgent alert not yet acknowledged is sent again every hour; this is when it last was.
    urgent_resent_at: Mapped[datetime | None] = mapped_column(DateTime)
    # When the child's words (and staff's notes on them) were removed under the retention policy; the kind,
    # dates and what happened stay, for the problem log and the figures.
    words_removed_at: Mapped[datetime | None] = mapped_column(DateTime)

    child: Mapped[Child] = relationship()
    acknowledged_by: Mapped[StaffUser | None] = relationship(foreign_keys=[acknowledged_by_id])
    outcome_recorded_by: Mapped[StaffUser | None] = relationship(foreign_keys=[outcome_recorded_by_id])
    recipients: Mapped[list[StatementRecipient]] = relationship(
        back_populates="statement", cascade="all, delete-orphan", order_by="StatementRecipient.id"
    )
    events: Mapped[list[StatementEvent]] = relationship(
        back_populates="statement", cascade="all, delete-orphan", order_by="StatementEvent.id"
    )
    additions: Mapped[list[StatementAddition]] = relationship(
        back_populates="statement", cascade="all, delete-orphan", order_by="StatementAddition.id"
    )


class StatementRecipient(Base):
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


class StatementEvent(Base):
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


class StatementAddition(Base):
    """Something the child said later about a statement ("tell us more"), kept in order: nothing a child says
    is ever replaced. ``words`` is the child's own words."""

    __tablename__ = "statement_addition"
    __table_args__ = (UniqueConstraint("statement_id", "form_token"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    statement_id: Mapped[int] = mapped_column(ForeignKey("statement.id"), index=True)
    words: Mapped[str] = mapped_column(Text)
    words_language: Mapped[str | None] = mapped_column(String(10))
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    # The one-time token of the form that sent it, so a double tap adds it once.
    form_token: Mapped[str] = mapped_column(String(64))
    # Written after the child's space had closed, so without their PIN (kept: it is about their safety).
    without_pin: Mapped[bool] = mapped_column(Boolean, default=False)

    statement: Mapped[Statement] = relationship(back_populates="additions")
