"""Feedback after a review: single-use links for adults, and responses kept apart from who gave them."""

from __future__ import annotations

from datetime import date, datetime
from typing import TYPE_CHECKING

from sqlalchemy import Date, DateTime, ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..extensions import Base
from ..platform.clock import utcnow

if TYPE_CHECKING:
    from ..reviews.models import Review


class FeedbackLink(Base):
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


class FeedbackResponse(Base):
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


class FeedbackAnswer(Base):
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
