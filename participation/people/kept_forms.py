"""Forms a member of staff sent after their session had timed out, kept so that nothing they typed is lost.

A form sent after an idle time-out does nothing: the person must sign in again first. What they typed is kept
here, for them alone, for a short while: once they have signed in, the page the form was on opens again with it
filled in, once, and they check it and send it themselves. Each person has at most one kept form (the latest).
The web layer decides what may be kept (never a password or a security token) and that the post was really
made from their browser.
"""

from __future__ import annotations

import json
from datetime import timedelta

from sqlalchemy import delete, select

from ..extensions import db
from ..platform.clock import utcnow
from .models import KeptStaffForm

# Long enough to sign in again after a time-out (even after a lunch break), short enough that what was typed does
# not linger: it is only ever a copy of a form that was never sent.
KEEP_FOR = timedelta(hours=1)


def keep(staff_id: int, page: str, form_name: str, fields: dict[str, list[str]]) -> KeptStaffForm:
    """Keep a form sent after ``staff_id``'s session timed out, in place of any form kept for them before."""
    forget_expired()
    db.session.execute(delete(KeptStaffForm).where(KeptStaffForm.staff_id == staff_id))
    kept = KeptStaffForm(
        staff_id=staff_id,
        page=page,
        form_name=form_name,
        fields=json.dumps(fields, ensure_ascii=False),
        created_at=utcnow(),
    )
    db.session.add(kept)
    db.session.flush()
    return kept


def waiting_for(staff_id: int) -> KeptStaffForm | None:
    """The form kept for this member of staff, if there is one and it has not expired (asked at each sign-in,
    which is also when expired forms of anyone are cleared away)."""
    forget_expired()
    return db.session.scalar(
        select(KeptStaffForm).where(KeptStaffForm.staff_id == staff_id, KeptStaffForm.created_at > utcnow() - KEEP_FOR)
    )


def take(kept_id: int, staff_id: int, page: str, form_name: str) -> dict[str, list[str]] | None:
    """What was typed in the kept form ``kept_id``, if it is ``staff_id``'s, for the form ``form_name`` on
    ``page`` and not expired; it is forgotten as it is given back, so it is shown once."""
    kept = db.session.get(KeptStaffForm, kept_id)
    if kept is None or kept.staff_id != staff_id or kept.page != page or kept.form_name != form_name:
        return None
    fields = json.loads(kept.fields) if kept.created_at > utcnow() - KEEP_FOR else None
    db.session.delete(kept)
    return fields


def forget_expired() -> int:
    """Delete every kept form older than `KEEP_FOR`; how many there were."""
    result = db.session.execute(delete(KeptStaffForm).where(KeptStaffForm.created_at <= utcnow() - KEEP_FOR))
    return result.rowcount or 0  # type: ignore[attr-defined]
