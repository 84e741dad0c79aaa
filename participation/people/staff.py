"""Staff accounts: creating them, signing in, passwords and one-time reset links."""

from __future__ import annotations

from datetime import datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import func, or_, select, update

from .. import settings
from ..extensions import db
from ..platform import audit, auth_sessions, outbox
from ..platform.clock import utcnow
from ..platform.crypto import hash_secret, new_token, token_digest, verify_secret
from ..platform.db import update_if
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
    """The active account matching these credentials, or None (without saying which part was wrong).

    Each try is claimed from the account's count in the database before the password is checked, so however
    many workers and machines serve sign-ins, no more than ``STAFF_SIGN_IN_MAX_TRIES`` wrong passwords are
    ever tried before signing in to the account pauses for ``STAFF_SIGN_IN_PAUSE``.
    """
    user = find_by_email(email)
    if user is None:
        if "hash" not in _DUMMY_HASH:
            _DUMMY_HASH["hash"] = hash_secret(new_token())
        verify_secret(_DUMMY_HASH["hash"], password)
        return None
    tries = claim_sign_in_try(user)
    if tries is None:
        return None  # paused: nothing is checked
    if verify_secret(user.password_hash, password) and user.active:
        user.failed_sign_ins = 0
        return user
    count_wrong_try(user, tries)
    return None


def claim_sign_in_try(user: StaffUser) -> int | None:
    """Claim one try at signing in to ``user``'s account (a password or a second-factor code) from its count
    in the database, before anything is checked: the number of this try, or None while signing in is paused.
    One conditional UPDATE, so simultaneous tries from many workers never get past the limit."""
    max_tries = settings.get("STAFF_SIGN_IN_MAX_TRIES")
    now = utcnow()
    tries = db.session.execute(
        update(StaffUser)
        .where(
            StaffUser.id == user.id,
            StaffUser.failed_sign_ins < max_tries,
            or_(StaffUser.sign_in_paused_until.is_(None), StaffUser.sign_in_paused_until <= now),
        )
        .values(failed_sign_ins=StaffUser.failed_sign_ins + 1, sign_in_paused_until=None)
        .returning(StaffUser.failed_sign_ins)
        .execution_options(synchronize_session=False)
    ).scalar_one_or_none()
    db.session.expire(user, ["failed_sign_ins", "sign_in_paused_until"])
    return tries


def count_wrong_try(user: StaffUser, tries: int) -> None:
    """A claimed try was wrong: the last one allowed pauses signing in to the account."""
    if tries >= settings.get("STAFF_SIGN_IN_MAX_TRIES"):
        _pause_sign_in(user, utcnow() + settings.get("STAFF_SIGN_IN_PAUSE"))


def _pause_sign_in(user: StaffUser, until: datetime) -> None:
    """Pause signing in after too many wrong passwords or codes, and tell the owner (by email, so a stranger at the
    sign-in page learns nothing about which addresses have accounts)."""
    user.failed_sign_ins = 0
    user.sign_in_paused_until = until
    minutes = max(1, round(settings.get("STAFF_SIGN_IN_PAUSE").total_seconds() / 60))
    outbox.queue(user.email, "sign_in_paused", name=user.name, minutes=minutes)
    audit.record("staff.sign_in_paused", actor=None, detail=user.email)


def check_password(user: StaffUser, password: str) -> bool:
    """True when ``password`` is this person's current password."""
    return verify_secret(user.password_hash, password)


def set_password(user: StaffUser, password: str) -> None:
    """Replace a password: every other session of this person ends, and every password link stops working."""
    user.password_hash = hash_secret(password)
    user.must_change_password = False
    user.failed_sign_ins = 0
    user.sign_in_paused_until = None
    auth_sessions.end_all_for_staff(user.id, "password_changed")
    _revoke_links(user)


def _revoke_links(user: StaffUser) -> None:
    db.session.execute(
        update(PasswordResetToken)
        .where(
            PasswordResetToken.staff_id == user.id,
            PasswordResetToken.used_at.is_(None),
            PasswordResetToken.revoked_at.is_(None),
        )
        .values(revoked_at=utcnow())
        .execution_options(synchronize_session=False)
    )


def issue_reset_link(user: StaffUser) -> str:
    """Create a one-time password link (any older one stops working), email it to the person, and return it
    for the admin to pass on."""
    _revoke_links(user)
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
    """The unused, unrevoked, unexpired reset record for ``token``, if there is one."""
    if not token or len(token) > 100:
        return None
    record = db.session.scalar(select(PasswordResetToken).where(PasswordResetToken.token_hash == token_digest(token)))
    if (
        record is None
        or record.used_at is not None
        or record.revoked_at is not None
        or record.expires_at < utcnow()
        or not record.staff.active
    ):
        return None
    return record


def use_reset_token(record: PasswordResetToken, password: str) -> StaffUser | None:
    """Spend a reset link on a new password (of two tabs using one link, only the first does). None when the
    link was used or revoked in the meantime."""
    if not update_if(
        record, PasswordResetToken.used_at.is_(None), PasswordResetToken.revoked_at.is_(None), used_at=utcnow()
    ):
        return None
    set_password(record.staff, password)
    return record.staff
