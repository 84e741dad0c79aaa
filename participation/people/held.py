"""Forms a child sent after their space had closed by itself (an idle time-out), kept but held.

Someone holding a phone left open must not be able to change or send anything in the child's name without
their PIN. So a form posted after a time-out changes nothing: it is held here, exactly as typed. When the child
gives their PIN again they see it and choose: carry on with it (the form opens filled in, and is used only when
they send it themselves), or throw it away. The one exception is "I don't feel safe", which always works.
A form nobody came back for is deleted by the retention job after ``RETENTION_HELD_FORMS_DAYS``.
"""

from __future__ import annotations

import json

from sqlalchemy import select

from ..extensions import db
from ..platform.clock import utcnow
from .models import Child, HeldSubmission

# What can be held, as the child reads it.
CONSULTATION_PAGE = "consultation_page"
STATEMENT = "statement"
ADDITION = "addition"
FEEDBACK = "feedback"
KINDS = (CONSULTATION_PAGE, STATEMENT, ADDITION, FEEDBACK)
# Fields never kept: the form's security token is stale, and a new one is given when the form opens again.
NOT_KEPT = frozenset({"csrf_token"})


def hold(child: Child, kind: str, target: str | None, form) -> HeldSubmission:
    """Keep a form the child sent after their space closed, changing nothing else."""
    fields = {name: form.getlist(name) for name in form if name not in NOT_KEPT}
    held = HeldSubmission(
        child_id=child.id, kind=kind, target=target, created_at=utcnow(), fields=json.dumps(fields, ensure_ascii=False)
    )
    db.session.add(held)
    return held


def waiting(child: Child) -> list[HeldSubmission]:
    """What this child sent while their space was closed and has not carried on with or thrown away."""
    return list(
        db.session.scalars(
            select(HeldSubmission)
            .where(HeldSubmission.child_id == child.id)
            .order_by(HeldSubmission.created_at, HeldSubmission.id)
        )
    )


def own(child: Child, held_id: int | None) -> HeldSubmission | None:
    """One of this child's held forms (never another child's), or None."""
    if held_id is None:
        return None
    held = db.session.get(HeldSubmission, held_id)
    return held if held is not None and held.child_id == child.id else None


def fields_of(held: HeldSubmission) -> dict[str, list[str]]:
    """What the child typed, by field name (each a list, as a form sends it)."""
    return json.loads(held.fields)


def forget(held: HeldSubmission) -> None:
    """The child used it or threw it away."""
    db.session.delete(held)
