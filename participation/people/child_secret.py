"""A child's own secret, a 4-number PIN or (up to 11) three pictures in order, which keeps their space theirs
when someone else picks up the link or the phone.

Wrong tries are counted by the database, before the secret is checked: each try claims one of the
``CHILD_SECRET_MAX_TRIES`` with a conditional UPDATE, so however many tries arrive at once, no more than that
many are ever checked before the pause (``CHILD_SECRET_PAUSE``) begins, and the IRO is told once.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import or_, update

from .. import settings
from ..extensions import db
from ..platform import audit, auth_sessions, outbox
from ..platform.clock import utcnow
from ..platform.crypto import hash_secret, verify_secret
from ..platform.urls import absolute_url
from .models import Child, SecretKind, StaffUser

PICTURE_COUNT = 3


@dataclass(frozen=True)
class Picture:
    """One picture a child can use in their secret sequence."""

    key: str
    symbol: str
    label: object  # a lazy string


PICTURES: tuple[Picture, ...] = (
    Picture("cat", "cat", _l("Cat")),
    Picture("dog", "dog", _l("Dog")),
    Picture("star", "star", _l("Star")),
    Picture("sun", "sun", _l("Sun")),
    Picture("tree", "tree", _l("Tree")),
    Picture("car", "car", _l("Car")),
    Picture("fish", "fish", _l("Fish")),
    Picture("ball", "ball", _l("Ball")),
    Picture("flower", "flower", _l("Flower")),
)


def picture_secret(keys: list[str]) -> str:
    """The secret string for a sequence of picture keys."""
    return "pictures:" + "-".join(keys)


def set_secret(child: Child, kind: SecretKind, secret: str) -> None:
    """Store the child's chosen PIN or pictures (hashed) and clear any pause."""
    child.secret_kind = kind.value
    child.secret_hash = hash_secret(secret)
    child.secret_failures = 0
    child.secret_locked_until = None


@dataclass(frozen=True)
class SecretCheck:
    """The outcome of a child giving their PIN or pictures."""

    ok: bool
    locked_until: datetime | None = None
    tries_left: int | None = None


def check_secret(child: Child, secret: str) -> SecretCheck:
    """Check a PIN or picture sequence. Each try is claimed from the database first; the last wrong one
    pauses the secret and tells the IRO."""
    now = utcnow()
    max_tries = settings.get("CHILD_SECRET_MAX_TRIES")
    tries = db.session.execute(
        update(Child)
        .where(
            Child.id == child.id,
            Child.secret_failures < max_tries,
            or_(Child.secret_locked_until.is_(None), Child.secret_locked_until <= now),
        )
        .values(secret_failures=Child.secret_failures + 1, secret_locked_until=None)
        .returning(Child.secret_failures)
        .execution_options(synchronize_session=False)
    ).scalar_one_or_none()
    db.session.expire(child, ["secret_failures", "secret_locked_until"])
    if tries is None:
        return SecretCheck(False, locked_until=child.secret_locked_until)
    if verify_secret(child.secret_hash, secret):
        child.secret_failures = 0
        return SecretCheck(True)
    if tries < max_tries:
        return SecretCheck(False, tries_left=max_tries - tries)
    child.secret_failures = 0
    child.secret_locked_until = now + settings.get("CHILD_SECRET_PAUSE")
    _tell_iro_about_pause(child)
    audit.record("child.secret_locked", actor=None, child=child)
    return SecretCheck(False, locked_until=child.secret_locked_until)


def _tell_iro_about_pause(child: Child) -> None:
    if child.iro and child.iro.active:
        outbox.queue(
            child.iro.email,
            "secret_locked",
            iro_name=child.iro.name,
            sign_in_url=absolute_url("staff.child_detail", child_id=child.id),
        )


def reset_secret(child: Child, by: StaffUser) -> None:
    """Forget the child's PIN or pictures so they choose new ones next time they open their link."""
    child.secret_kind = None
    child.secret_hash = None
    child.secret_failures = 0
    child.secret_locked_until = None
    auth_sessions.end_all_for_child(child.id, "secret_reset")
    audit.record("child.secret_reset", actor=by, child=child)


def secret_status(child: Child) -> str:
    """``not_set``, ``locked`` or ``set``: what the IRO sees about the child's secret."""
    if not child.secret_hash:
        return "not_set"
    if child.secret_locked_until and child.secret_locked_until > utcnow():
        return "locked"
    return "set"
