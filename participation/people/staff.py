"""Staff accounts: creating them, signing in, passwords and one-time reset links."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select

from .. import settings
from ..extensions import db
from ..platform import auth_sessions, outbox
from ..platform.clock import utcnow
from ..platform.crypto import hash_secret, new_token, token_digest, verify_secret
from ..platform.urls import absolute_url
from .models import PasswordResetToken, Role, StaffUser

MIN_PASSWORD_LENGTH = 12
ROLE_LABELS = {
    Role.ADMIN: _l("Administrator"),
    Role.IRO: _l("Independent Reviewing Officer"),
    Role.PARTICIPATION: _l("Participation officer"),
    Role.MANAGER: _l("Manager (statistics)"),
    Role.SOCIAL_WORKER: _l("Social worker"),
    Role.TEAM_MANAGER: _l("Team manager (social work)"),
}
# Compared against when the email is unknown, so a wrong email costs as long as a wrong password.
_DUMMY_HASH: dict[str, str] = {}


def normalise_email(email: str) -> str:
    """Emails are compared without case or surrounding spaces."""
    return email.strip().lower()


def find_by_email(email: str) -> StaffUser | None:
    """The account with this email, whatever its case."""
    return db.session.scalar(select(StaffUser).where(func.lower(StaffUser.email) == normalise_email(email)))


def create_staff(
    email: str, name: str, role: str, password: str, *, must_change_password: bool = False, phone: str | None = None
) -> StaffUser:
    """Create a member of staff with a hashed password. Raises ValueError if the email is taken."""
    Role(role)  # raises ValueError for an unknown role
    if find_by_email(email) is not None:
        raise ValueError("email already in use")
    user = StaffUser(
        email=normalise_email(email),
        name=name.strip(),
        role=role,
        phone=phone or None,
        password_hash=hash_secret(password),
        must_change_password=must_change_password,
    )
    db.session.add(user)
    db.session.flush()
    return user


def authenticate(email: str, password: str) -> StaffUser | None:
    """The active account matching these credentials, or None (without saying which part was wrong)."""
    user = find_by_email(email)
    if user is None:
        if "hash" not in _DUMMY_HASH:
            _DUMMY_HASH["hash"] = hash_secret(new_token())
        verify_secret(_DUMMY_HASH["hash"], password)
        return None
    if not verify_secret(user.password_hash, password) or not user.active:
        return None
    return user


def check_password(user: StaffUser, password: str) -> bool:
    """True when ``password`` is this person's current password."""
    return verify_secret(user.password_hash, password)


def set_password(user: StaffUser, password: str) -> None:
    """Replace a password; every other session of this person ends."""
    user.password_hash = hash_secret(password)
    user.must_change_password = False
    auth_sessions.end_all_for_staff(user.id, "password_changed")


def issue_reset_link(user: StaffUser) -> str:
    """Create a one-time password link, email it to the person, and return it for the admin to pass on."""
    token = new_token()
    lifetime = settings.get("PASSWORD_RESET_LIFETIME")
    db.session.add(PasswordResetToken(staff_id=user.id, token_hash=token_digest(token), expires_at=utcnow() + lifetime))
    link = absolute_url("staff.reset_password", token=token)
    outbox.queue(
        user.email,
        "password_reset",
        scrub_after_send=True,
        name=user.name,
        link=link,
        hours=int(lifetime.total_seconds() // 3600),
    )
    return link


def reset_token_owner(token: str) -> PasswordResetToken | None:
    """The unused, unexpired reset record for ``token``, if there is one."""
    if not token or len(token) > 100:
        return None
    record = db.session.scalar(select(PasswordResetToken).where(PasswordResetToken.token_hash == token_digest(token)))
    if record is None or record.used_at is not None or record.expires_at < utcnow() or not record.staff.active:
        return None
    return record


def use_reset_token(record: PasswordResetToken, password: str) -> StaffUser:
    """Spend a reset link on a new password."""
    record.used_at = utcnow()
    set_password(record.staff, password)
    return record.staff
