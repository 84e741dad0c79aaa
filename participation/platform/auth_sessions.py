"""Signed-in sessions kept on the server: ending every open session of a child or a member of staff.

The browser's cookie holds only a random session id; the `AuthSession` row says whether that session is still
open, so logging out, quick exit, a new child link, a new password or an idle timeout ends it for good. Opening
and finding the session of a request is the web layer's part (`web.sessions`).
"""

from __future__ import annotations

from sqlalchemy import update

from ..extensions import db
from .clock import utcnow
from .models import AuthSession


def end(row: AuthSession, reason: str) -> None:
    """End one session now."""
    row.ended_at = utcnow()
    row.ended_reason = reason


def end_all_for_child(child_id: int, reason: str) -> None:
    """End every open session of a child, e.g. when their link is replaced or their PIN reset."""
    _end_where(AuthSession.child_id == child_id, reason)


def end_all_for_staff(staff_id: int, reason: str) -> None:
    """End every open session of a member of staff, e.g. when their password changes."""
    _end_where(AuthSession.staff_id == staff_id, reason)


def _end_where(condition, reason: str) -> None:
    db.session.execute(
        update(AuthSession)
        .where(condition, AuthSession.ended_at.is_(None))
        .values(ended_at=utcnow(), ended_reason=reason)
    )
