"""What every domain stands on: signed-in sessions, the audit trail and the mail outbox.

No column here ever holds a child's words.
"""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from sqlalchemy import Boolean, DateTime, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..extensions import Base
from .clock import utcnow

if TYPE_CHECKING:
    from ..people.models import Child, StaffUser


class AuthSession(Base):
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


class AuditEvent(Base):
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


class OutboxMessage(Base):
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
    # A sender claims a message before trying it, until ``claimed_until``, so that several senders (workers,
    # a timer, overlapping runs) never send one twice; a claim left by a crashed sender runs out by itself.
    claimed_by: Mapped[str | None] = mapped_column(String(40))
    claimed_until: Mapped[datetime | None] = mapped_column(DateTime)


class RetentionRun(Base):
    """One run of the retention job: when it ran and what it deleted or anonymised, kind by kind."""

    __tablename__ = "retention_run"

    id: Mapped[int] = mapped_column(primary_key=True)
    started_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow, index=True)
    finished_at: Mapped[datetime | None] = mapped_column(DateTime)
    # What started it: "cli" (`flask retention`, the timer) or "worker".
    started_by: Mapped[str] = mapped_column(String(20))
    # JSON: {kind: {"count": n, "oldest": ISO date of the oldest event counted from}}.
    done: Mapped[str] = mapped_column(Text, default="{}")
