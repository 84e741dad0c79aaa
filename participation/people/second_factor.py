"""A member of staff's second factor: authenticator-app codes (TOTP), one-time recovery codes, and removing
factors (by the person, or all of them by an administrator). Passkeys are in `people.passkeys`.

The app secret cannot be hashed (each code is worked out from it), so it is kept encrypted; a code works once
(the last accepted 30-second step is kept and only a later step is taken, by one conditional UPDATE). Recovery
codes are high-entropy and stored as digests; each is spent by one conditional UPDATE, so of two requests
using the same code, one succeeds.
"""

from __future__ import annotations

import hmac
import secrets
import time
from enum import StrEnum

import pyotp
from sqlalchemy import delete, func, or_, select, update

from .. import settings
from ..extensions import db
from ..platform.clock import utcnow
from ..platform.crypto import decrypt_text, encrypt_text, token_digest
from ..platform.db import rows_changed, update_if
from .models import StaffPasskey, StaffRecoveryCode, StaffUser

TOTP_STEP_SECONDS = 30
# Codes from the step before and after the current one are taken too: phones' clocks drift a little.
TOTP_DRIFT_STEPS = 1
RECOVERY_CODE_COUNT = 10
# No 0/o, 1/l/i: recovery codes are copied by hand from paper.
_RECOVERY_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"
_RECOVERY_LENGTH = 12  # about 59 bits


class CodeCheck(StrEnum):
    """What became of a code typed at the second step."""

    APP = "app"  # a fresh authenticator-app code
    RECOVERY = "recovery"  # an unused recovery code, now spent
    USED = "used"  # a right app code whose step was already used
    WRONG = "wrong"


# --- the authenticator app ------------------------------------------------------------------------


def new_app_secret() -> str:
    """A new random authenticator-app secret (base32, 160 bits)."""
    return pyotp.random_base32(32)


def setup_uri(secret: str, email: str) -> str:
    """The otpauth:// address an authenticator app reads from the QR code."""
    return pyotp.TOTP(secret).provisioning_uri(name=email, issuer_name=settings.get("ORG_NAME"))


def readable_secret(secret: str) -> str:
    """The secret in groups of four, for typing into an app by hand."""
    return " ".join(secret[index : index + 4] for index in range(0, len(secret), 4))


def current_step(at: float | None = None) -> int:
    """The number of the 30-second step at ``at`` (now by default)."""
    return int((time.time() if at is None else at) // TOTP_STEP_SECONDS)


def code_at_step(secret: str, step: int) -> str:
    """The six-digit code of ``secret`` for one step."""
    return pyotp.TOTP(secret).generate_otp(step)


def matching_step(secret: str, code: str) -> int | None:
    """The step (now, or one either side) whose code ``code`` is, or None."""
    code = "".join(code.split())
    if len(code) != 6 or not code.isdigit():
        return None
    now = current_step()
    for step in range(now - TOTP_DRIFT_STEPS, now + TOTP_DRIFT_STEPS + 1):
        if hmac.compare_digest(code_at_step(secret, step), code):
            return step
    return None


def app_secret(user: StaffUser) -> str | None:
    """The person's authenticator-app secret, decrypted (None when they have no app set up)."""
    return decrypt_text(user.totp_secret_encrypted) if user.totp_confirmed_at else None


def has_app(user: StaffUser) -> bool:
    """True when the person has a confirmed authenticator app."""
    return user.totp_confirmed_at is not None


def set_app(user: StaffUser, secret: str, code: str) -> bool:
    """Set up (or replace) the authenticator app with ``secret`` once ``code`` from it proves the app has it.
    False (and nothing changed) when the code is not right."""
    step = matching_step(secret, code)
    if step is None:
        return False
    user.totp_secret_encrypted = encrypt_text(secret)
    user.totp_last_step = step  # the code that confirmed it does not also sign in
    user.totp_confirmed_at = utcnow()
    return True


def remove_app(user: StaffUser) -> None:
    """Forget the authenticator app."""
    user.totp_secret_encrypted = None
    user.totp_last_step = None
    user.totp_confirmed_at = None


def _use_app_code(user: StaffUser, code: str) -> CodeCheck:
    secret = app_secret(user)
    step = matching_step(secret, code) if secret else None
    if step is None:
        return CodeCheck.WRONG
    # Only a step later than the last one used: of two requests with the same code, one gets in.
    fresh = update_if(
        user, or_(StaffUser.totp_last_step.is_(None), StaffUser.totp_last_step < step), totp_last_step=step
    )
    return CodeCheck.APP if fresh else CodeCheck.USED


def check_code(user: StaffUser, code: str) -> CodeCheck:
    """Check a code typed at the second step: six digits from the app, or a recovery code (spent if right)."""
    code = (code or "").strip()
    compact = "".join(code.split())
    if len(compact) == 6 and compact.isdigit():
        return _use_app_code(user, compact)
    return CodeCheck.RECOVERY if use_recovery_code(user, code) else CodeCheck.WRONG


# --- recovery codes -------------------------------------------------------------------------------


def _normalise_recovery_code(code: str) -> str:
    return "".join(char for char in code.lower() if char.isalnum())


def _recovery_digest(user_id: int, code: str) -> str:
    # The account is part of what is hashed: the same code on two accounts would have two digests.
    return token_digest(f"recovery:{user_id}:{_normalise_recovery_code(code)}")


def new_recovery_codes(user: StaffUser) -> list[str]:
    """Make a new set of recovery codes (every older one stops working); the codes, to show once."""
    db.session.execute(delete(StaffRecoveryCode).where(StaffRecoveryCode.staff_id == user.id))
    codes = []
    for _ in range(RECOVERY_CODE_COUNT):
        raw = "".join(secrets.choice(_RECOVERY_ALPHABET) for _ in range(_RECOVERY_LENGTH))
        codes.append(f"{raw[:4]}-{raw[4:8]}-{raw[8:]}")
    db.session.add_all(StaffRecoveryCode(staff_id=user.id, code_hash=_recovery_digest(user.id, code)) for code in codes)
    db.session.flush()
    return codes


def use_recovery_code(user: StaffUser, code: str) -> bool:
    """Spend one unused recovery code of this person's: True for the one request that spent it."""
    if not _normalise_recovery_code(code) or len(code) > 40:
        return False
    return (
        rows_changed(
            update(StaffRecoveryCode)
            .where(
                StaffRecoveryCode.staff_id == user.id,
                StaffRecoveryCode.code_hash == _recovery_digest(user.id, code),
                StaffRecoveryCode.used_at.is_(None),
            )
            .values(used_at=utcnow())
            .execution_options(synchronize_session=False)
        )
        == 1
    )


def recovery_codes_left(user: StaffUser) -> int:
    """How many of this person's recovery codes are still unused."""
    return (
        db.session.scalar(
            select(func.count())
            .select_from(StaffRecoveryCode)
            .where(StaffRecoveryCode.staff_id == user.id, StaffRecoveryCode.used_at.is_(None))
        )
        or 0
    )


# --- factors as a whole ---------------------------------------------------------------------------


def passkeys_of(user: StaffUser) -> list[StaffPasskey]:
    """The person's passkeys, oldest first."""
    return list(
        db.session.scalars(select(StaffPasskey).where(StaffPasskey.staff_id == user.id).order_by(StaffPasskey.id))
    )


def factor_count(user: StaffUser) -> int:
    """How many second factors the person has (the app counts as one, each passkey as one)."""
    passkeys = (
        db.session.scalar(select(func.count()).select_from(StaffPasskey).where(StaffPasskey.staff_id == user.id)) or 0
    )
    return passkeys + (1 if has_app(user) else 0)


def has_second_factor(user: StaffUser) -> bool:
    """True when the person can prove a second factor (recovery codes alone do not count)."""
    return factor_count(user) > 0


def remove_passkey(user: StaffUser, passkey_id: int) -> bool:
    """Remove one of the person's passkeys, if another factor remains. False when it cannot be removed."""
    passkey = db.session.get(StaffPasskey, passkey_id)
    if passkey is None or passkey.staff_id != user.id or factor_count(user) < 2:
        return False
    db.session.delete(passkey)
    db.session.flush()
    return True


def remove_app_if_another_remains(user: StaffUser) -> bool:
    """Remove the authenticator app, if a passkey remains. False when it cannot be removed."""
    if not has_app(user) or factor_count(user) < 2:
        return False
    remove_app(user)
    return True


def remove_every_factor(user: StaffUser) -> None:
    """An administrator's reset: no app, no passkey, no recovery code; the person sets one up again at their
    next sign-in."""
    remove_app(user)
    db.session.execute(delete(StaffPasskey).where(StaffPasskey.staff_id == user.id))
    db.session.execute(delete(StaffRecoveryCode).where(StaffRecoveryCode.staff_id == user.id))
    db.session.flush()
