"""The data model: staff, children, reviews, sessions, audit events and the mail outbox.

Times are stored as naive UTC (`utcnow()`), so SQLite and PostgreSQL behave the same.
No column here ever holds a child's words except where its name says so.
"""

from __future__ import annotations

from datetime import date, datetime, timezone
from enum import StrEnum

from flask_login import UserMixin
from sqlalchemy import Boolean, Date, DateTime, ForeignKey, Index, Integer, String, Text
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

    child: Mapped[Child] = relationship(back_populates="reviews")


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
