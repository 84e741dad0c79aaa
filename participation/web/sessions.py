"""The session of a request: opening one at sign-in (staff) or at a child's link, finding it from the cookie,
ending it at sign-out, quick exit or after an idle time-out.

The cookie holds only a random id; the `AuthSession` row (see `platform.auth_sessions`) decides whether the
session is still open.
"""

from __future__ import annotations

from datetime import timedelta

from flask import current_app, g, session
from sqlalchemy import select

from ..extensions import db
from ..platform.auth_sessions import end
from ..platform.clock import utcnow
from ..platform.crypto import new_token, token_digest
from ..platform.models import AuthSession

SESSION_KEY = "sid"
# Writing last_seen on every request would cost a write per page; once a minute is precise enough.
TOUCH_INTERVAL = timedelta(seconds=60)


def start(*, staff_id: int | None = None, child_id: int | None = None, verified: bool = False) -> AuthSession:
    """Open a new session for a member of staff or a child, replacing whatever the browser had."""
    end_current("replaced")
    # The page language is a preference, not a secret: it survives the new session (a child's link with
    # ?lang=ps stays in Pashto after the PIN).
    language = session.get("lang")
    session.clear()
    if language:
        session["lang"] = language
    token = new_token()
    row = AuthSession(token_hash=token_digest(token), staff_id=staff_id, child_id=child_id, verified=verified)
    db.session.add(row)
    db.session.flush()
    session[SESSION_KEY] = token
    session.permanent = True
    g.auth_session = row
    return row


def idle_timeout(row: AuthSession) -> timedelta:
    """How long this kind of session may sit unused before it ends."""
    key = "CHILD_IDLE_TIMEOUT" if row.child_id else "STAFF_IDLE_TIMEOUT"
    return current_app.config[key]


def current() -> AuthSession | None:
    """The open session this request belongs to, or None. Ends it if it has been idle too long."""
    if "auth_session" in g:
        return g.auth_session
    row = None
    token = session.get(SESSION_KEY)
    if token:
        row = db.session.scalar(select(AuthSession).where(AuthSession.token_hash == token_digest(token)))
        if row is not None and row.ended_at is None:
            now = utcnow()
            if now - row.last_seen_at > idle_timeout(row):
                end(row, "timeout")
                g.session_timed_out = True
                row = None
            elif now - row.last_seen_at > TOUCH_INTERVAL:
                row.last_seen_at = now
        else:
            row = None
    g.auth_session = row
    return row


def timed_out_child_session() -> AuthSession | None:
    """This browser's child session if it ended by idle timeout recently and the PIN had been given.

    Used only to save a page of answers sent just after the space closed, so a slow writer loses
    nothing; it never opens or shows anything.
    """
    token = session.get(SESSION_KEY)
    if not token:
        return None
    row = db.session.scalar(select(AuthSession).where(AuthSession.token_hash == token_digest(token)))
    if (
        row is None
        or row.child_id is None
        or not row.verified
        or row.ended_reason != "timeout"
        or row.ended_at is None
        or utcnow() - row.ended_at > current_app.config["CHILD_RESCUE_WINDOW"]
    ):
        return None
    return row


def end_current(reason: str) -> bool:
    """End this browser's session (if any) and forget its id. True when one was open."""
    row = current()
    if row is not None:
        end(row, reason)
    session.pop(SESSION_KEY, None)
    g.auth_session = None
    return row is not None
