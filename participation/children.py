"""Rules about a child's record: age, the personal link, and the child's own PIN or pictures."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from flask import abort, current_app
from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from . import audit, notify, sessions
from .extensions import db
from .models import Child, SecretKind, utcnow
from .security import hash_secret, new_token, token_digest, verify_secret
from .urls import absolute_url

# Children up to this age may choose a sequence of pictures instead of a PIN.
PICTURES_MAX_AGE = 11
PICTURE_COUNT = 3


@dataclass(frozen=True)
class Picture:
    """One picture a child can use in their secret sequence."""

    key: str
    symbol: str
    label: object  # a lazy string


PICTURES: tuple[Picture, ...] = (
    Picture("cat", "🐱", _l("Cat")),
    Picture("dog", "🐶", _l("Dog")),
    Picture("star", "⭐", _l("Star")),
    Picture("sun", "☀️", _l("Sun")),
    Picture("tree", "🌳", _l("Tree")),
    Picture("car", "🚗", _l("Car")),
    Picture("fish", "🐟", _l("Fish")),
    Picture("ball", "⚽", _l("Ball")),
    Picture("flower", "🌼", _l("Flower")),
)


def age_on(date_of_birth: date, on: date) -> int:
    """Age in whole years on a given day (a birthday counts from the day itself)."""
    before_birthday = (on.month, on.day) < (date_of_birth.month, date_of_birth.day)
    return on.year - date_of_birth.year - int(before_birthday)


def may_use_pictures(child: Child, today: date | None = None) -> bool:
    """Younger children (up to 11) may use a picture sequence instead of a PIN."""
    return age_on(child.date_of_birth, today or date.today()) <= PICTURES_MAX_AGE


# --- the personal link --------------------------------------------------------------------------

def issue_link(child: Child) -> str:
    """Give the child a new personal link and return it. The old link stops working at once."""
    token = new_token()
    child.link_token_hash = token_digest(token)
    child.link_issued_at = utcnow()
    db.session.commit()
    # Whoever holds the old link must not stay inside either.
    sessions.end_all_for_child(child.id, "new_link")
    audit.record("child.link_issued", child)
    return link_url(token)


def link_url(token: str) -> str:
    """The full address of a child's personal link."""
    return absolute_url("child.open_link", token=token)


def token_from_link(link: str) -> str:
    """The token at the end of a personal link (as shown to the IRO)."""
    return link.rstrip("/").rsplit("/", 1)[-1]


def child_for_token(token: str) -> Child | None:
    """The child whose current personal link carries ``token``, if any."""
    if not token or len(token) > 100:
        return None
    return db.session.scalar(select(Child).where(Child.link_token_hash == token_digest(token)))


def link_matches(child: Child, link: str) -> bool:
    """True when ``link`` is the child's current personal link."""
    return child_for_token(token_from_link(link)) is child


# --- the child's secret -------------------------------------------------------------------------

def picture_secret(keys: list[str]) -> str:
    """The secret string for a sequence of picture keys."""
    return "pictures:" + "-".join(keys)


def set_secret(child: Child, kind: SecretKind, secret: str) -> None:
    """Store the child's chosen PIN or pictures (hashed) and clear any lock."""
    child.secret_kind = kind.value
    child.secret_hash = hash_secret(secret)
    child.secret_failures = 0
    child.secret_locked_until = None
    db.session.commit()


@dataclass(frozen=True)
class SecretCheck:
    """The outcome of a child giving their PIN or pictures."""

    ok: bool
    locked_until: datetime | None = None
    tries_left: int | None = None


def check_secret(child: Child, secret: str) -> SecretCheck:
    """Check a PIN or picture sequence, counting wrong tries; too many pause it and tell the IRO."""
    now = utcnow()
    if child.secret_locked_until and child.secret_locked_until > now:
        return SecretCheck(False, locked_until=child.secret_locked_until)
    if verify_secret(child.secret_hash, secret):
        child.secret_failures = 0
        child.secret_locked_until = None
        db.session.commit()
        return SecretCheck(True)
    child.secret_failures += 1
    max_tries = current_app.config["CHILD_SECRET_MAX_TRIES"]
    if child.secret_failures >= max_tries:
        child.secret_failures = 0
        child.secret_locked_until = now + current_app.config["CHILD_SECRET_PAUSE"]
        _tell_iro_about_lock(child)
        db.session.commit()
        audit.record("child.secret_locked", child, actor=None)
        return SecretCheck(False, locked_until=child.secret_locked_until)
    db.session.commit()
    return SecretCheck(False, tries_left=max_tries - child.secret_failures)


def _tell_iro_about_lock(child: Child) -> None:
    if child.iro and child.iro.active:
        notify.queue(
            child.iro.email, "secret_locked",
            iro_name=child.iro.name,
            sign_in_url=absolute_url("staff.child_detail", child_id=child.id),
        )


def reset_secret(child: Child) -> None:
    """Forget the child's PIN or pictures so they choose new ones next time they open their link."""
    child.secret_kind = None
    child.secret_hash = None
    child.secret_failures = 0
    child.secret_locked_until = None
    db.session.commit()
    sessions.end_all_for_child(child.id, "secret_reset")
    audit.record("child.secret_reset", child)


def secret_status(child: Child) -> str:
    """``not_set``, ``locked`` or ``set``: what the IRO sees about the child's secret."""
    if not child.secret_hash:
        return "not_set"
    if child.secret_locked_until and child.secret_locked_until > utcnow():
        return "locked"
    return "set"


def allocated_child_or_404(child_id: int, user) -> Child:
    """The child if ``user`` is their allocated IRO; anyone else gets a 404, as if it did not exist."""
    child = db.session.get(Child, child_id)
    if child is None or child.iro_id != user.id:
        abort(404)
    return child
