"""Reviews of a child's care plan: when each is scheduled, and what the IRO records once it is held."""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum
from typing import TYPE_CHECKING

from sqlalchemy import Boolean, Date, DateTime, ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..extensions import Base
from ..platform.clock import utcnow

if TYPE_CHECKING:
    from ..consultation.models import Consultation
    from ..people.models import Child


class ReviewKind(StrEnum):
    """The statutory kind of a looked-after review."""

    INITIAL = "initial"
    SECOND = "second"
    SUBSEQUENT = "subsequent"
    EXTRA = "extra"


class Review(Base):
    """A scheduled (and later held) review of a child's care plan."""

    __tablename__ = "review"
    __table_args__ = (
        Index("ix_review_child_scheduled", "child_id", "scheduled_for"),
        Index("ix_review_held_on", "held_on"),
        Index("ix_review_recorded_by_held_on", "outcome_recorded_by_id", "held_on"),
    )

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
    # Cancelling a review takes the consultation for it with it (only allowed while it holds no answers).
    consultation: Mapped[Consultation | None] = relationship(back_populates="review", cascade="all, delete-orphan")
