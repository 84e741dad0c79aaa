"""People: staff accounts, the children in care, and one-time password links.

Only a child's preferred name is kept, never a full name. Timestamps are naive UTC (see `platform.clock`).
"""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum
from typing import TYPE_CHECKING

from sqlalchemy import BigInteger, Boolean, Date, DateTime, ForeignKey, Integer, LargeBinary, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..extensions import Base
from ..platform.clock import utcnow

if TYPE_CHECKING:
    from ..reviews.models import Review


class Role(StrEnum):
    """What a member of staff may do; checked on the server for every staff page."""

    ADMIN = "admin"
    IRO = "iro"
    PARTICIPATION = "participation"
    MANAGER = "manager"
    # Social workers and their team managers see only what children send to them.
    SOCIAL_WORKER = "social_worker"
    TEAM_MANAGER = "team_manager"


class SecretKind(StrEnum):
    """How a child proves the personal link is in their hands."""

    PIN = "pin"
    PICTURES = "pictures"


class StaffUser(Base):
    """A member of staff who signs in with email and password.

    The four members below are what Flask-Login asks of a signed-in user.
    """

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
    # Wrong passwords for this account, counted by the database across every worker and machine; too many
    # pause signing in to it until ``sign_in_paused_until`` (on top of the per-address rate limit).
    failed_sign_ins: Mapped[int] = mapped_column(Integer, default=0)
    sign_in_paused_until: Mapped[datetime | None] = mapped_column(DateTime)
    # The authenticator-app secret, encrypted (it cannot be hashed: each code is worked out from it), the last
    # 30-second step whose code was accepted (a code works once), and when the app was set up and confirmed.
    totp_secret_encrypted: Mapped[str | None] = mapped_column(String(255))
    totp_last_step: Mapped[int | None] = mapped_column(BigInteger)
    totp_confirmed_at: Mapped[datetime | None] = mapped_column(DateTime)

    @property
    def is_active(self) -> bool:
        """Flask-Login refuses an account that is not active."""
        return self.active

    is_authenticated = True
    is_anonymous = False

    def get_id(self) -> str:
        """The id Flask-Login keeps for this person (the session row is what really signs them in)."""
        return str(self.id)

    def has_role(self, *roles: str) -> bool:
        """True when this person holds one of ``roles``."""
        return self.role in roles


class Child(Base):
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
    # The day the child became looked after (this time): their reviews' statutory timescales run from it.
    looked_after_since: Mapped[date | None] = mapped_column(Date)
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
    # The day the child left care: retention periods for their record and words count from it.
    left_care_on: Mapped[date | None] = mapped_column(Date)
    # A legal hold (litigation, an inquiry, a complaint to the Ombudsman): while it is set, nothing about the
    # child is deleted or anonymised, by the retention job or by erasure.
    legal_hold_reason: Mapped[str | None] = mapped_column(Text)
    legal_hold_set_at: Mapped[datetime | None] = mapped_column(DateTime)
    legal_hold_set_by_id: Mapped[int | None] = mapped_column(ForeignKey("staff_user.id"))
    # When the retention job removed what identifies the child (name, references, link, PIN) after they left
    # care; the date of birth, IRO and reviews stay, for the figures and the national return.
    anonymised_at: Mapped[datetime | None] = mapped_column(DateTime)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow, onupdate=utcnow)

    iro: Mapped[StaffUser] = relationship(foreign_keys=[iro_id])
    reviews: Mapped[list[Review]] = relationship(
        back_populates="child", order_by="Review.scheduled_for", cascade="all, delete-orphan"
    )

    @property
    def on_legal_hold(self) -> bool:
        """True while a legal hold stops anything about this child being deleted."""
        return self.legal_hold_set_at is not None


class StaffPasskey(Base):
    """A passkey (WebAuthn credential) a member of staff signs in with as their second factor."""

    __tablename__ = "staff_passkey"

    id: Mapped[int] = mapped_column(primary_key=True)
    staff_id: Mapped[int] = mapped_column(ForeignKey("staff_user.id"), index=True)
    credential_id: Mapped[bytes] = mapped_column(LargeBinary, unique=True)
    public_key: Mapped[bytes] = mapped_column(LargeBinary)
    # The authenticator's signature counter: one that goes backwards means a cloned credential.
    sign_count: Mapped[int] = mapped_column(BigInteger, default=0)
    name: Mapped[str] = mapped_column(String(60))
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    last_used_at: Mapped[datetime | None] = mapped_column(DateTime)


class StaffRecoveryCode(Base):
    """A one-time recovery code (stored as a digest), for a member of staff without their phone or passkey."""

    __tablename__ = "staff_recovery_code"

    id: Mapped[int] = mapped_column(primary_key=True)
    staff_id: Mapped[int] = mapped_column(ForeignKey("staff_user.id"), index=True)
    code_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    used_at: Mapped[datetime | None] = mapped_column(DateTime)


class PasswordResetToken(Base):
    """A one-time link with which a member of staff sets a new password."""

    __tablename__ = "password_reset_token"

    id: Mapped[int] = mapped_column(primary_key=True)
    staff_id: Mapped[int] = mapped_column(ForeignKey("staff_user.id"), index=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(DateTime)
    used_at: Mapped[datetime | None] = mapped_column(DateTime)
    # A newer link, a link used, or a new password makes every other link stop working.
    revoked_at: Mapped[datetime | None] = mapped_column(DateTime)

    staff: Mapped[StaffUser] = relationship()


class HeldSubmission(Base):
    """A form a child sent after their space had closed by itself. It is kept, but nothing is changed or
    sent until the child gives their PIN again and chooses to use it. ``fields`` holds what they typed."""

    __tablename__ = "held_submission"

    id: Mapped[int] = mapped_column(primary_key=True)
    child_id: Mapped[int] = mapped_column(ForeignKey("child.id"), index=True)
    # What it was: a page of the consultation, a statement, an addition after sending, or feedback.
    kind: Mapped[str] = mapped_column(String(30))
    # Which one: the consultation page's slug, the statement's kind.
    target: Mapped[str | None] = mapped_column(String(60))
    fields: Mapped[str] = mapped_column(Text)  # JSON: {name: [values]}, exactly as sent
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)


class KeptStaffForm(Base):
    """A form a member of staff sent after their session had timed out. Nothing it asked for was done; it is kept
    so that once they sign in again the same form opens filled in with what they typed (see `people.kept_forms`).
    Passwords and security tokens are never in ``fields``."""

    __tablename__ = "kept_staff_form"

    id: Mapped[int] = mapped_column(primary_key=True)
    staff_id: Mapped[int] = mapped_column(ForeignKey("staff_user.id"), index=True)
    # The address of the page the form was on (the page to open again), and which form of that page it was.
    page: Mapped[str] = mapped_column(String(500))
    form_name: Mapped[str] = mapped_column(String(60))
    fields: Mapped[str] = mapped_column(Text)  # JSON: {name: [values]}, exactly as sent
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow, index=True)
