"""A child's consultation before a review: answers stored as keys with their words verbatim, the agenda they
build to chair, and what they add after sending.
"""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from sqlalchemy import DateTime, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..extensions import Base
from ..platform.clock import utcnow

if TYPE_CHECKING:
    from ..reviews.models import Review


class Consultation(Base):
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
    # When the child's words, agenda and additions were removed under the retention policy; the choices
    # stored as keys stay, for the figures.
    words_removed_at: Mapped[datetime | None] = mapped_column(DateTime)

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


class ConsultationAnswer(Base):
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


class AgendaItem(Base):
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


class ConsultationAddition(Base):
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
