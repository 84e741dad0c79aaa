"""A legal hold on a child (litigation, an inquiry, a complaint to the Ombudsman): while it is set, nothing about
the child is deleted or anonymised, by the retention job (`jobs.retention`) or by erasure.

Whoever deletes anything about a child asks `is_protected` first (or, in a query, leaves out `held_child_ids`).
Setting and lifting a hold is audited with its reason.
"""

from __future__ import annotations

from sqlalchemy import select

from ..extensions import db
from ..platform import audit
from ..platform.clock import utcnow
from .models import Child, StaffUser

REASON_MAX_LENGTH = 500
HELD_LIST_LIMIT = 500


def is_protected(child: Child) -> bool:
    """True while nothing about this child may be deleted or anonymised."""
    return child.on_legal_hold


def held_child_ids():
    """The ids of every child on legal hold, as a subquery to leave them out of a deletion."""
    return select(Child.id).where(Child.legal_hold_set_at.is_not(None)).scalar_subquery()


def place(child: Child, reason: str, actor: StaffUser) -> bool:
    """Put a hold on the child with its reason; False when one is already set (the first reason stays)."""
    if child.on_legal_hold:
        return False
    child.legal_hold_reason = reason.strip()[:REASON_MAX_LENGTH]
    child.legal_hold_set_at = utcnow()
    child.legal_hold_set_by_id = actor.id
    audit.record("child.legal_hold_set", actor=actor, child=child, detail=child.legal_hold_reason)
    return True


def lift(child: Child, reason: str, actor: StaffUser) -> bool:
    """Lift the child's hold, saying why; False when there was none. The retention job may then act."""
    if not child.on_legal_hold:
        return False
    child.legal_hold_reason = None
    child.legal_hold_set_at = None
    child.legal_hold_set_by_id = None
    audit.record("child.legal_hold_lifted", actor=actor, child=child, detail=reason.strip())
    return True


def held_children() -> list[Child]:
    """Every child on legal hold, longest held first."""
    return list(
        db.session.scalars(
            select(Child)
            .where(Child.legal_hold_set_at.is_not(None))
            .order_by(Child.legal_hold_set_at, Child.id)
            .limit(HELD_LIST_LIMIT)
        )
    )


def set_by(child: Child) -> StaffUser | None:
    """Who set the child's hold."""
    return db.session.get(StaffUser, child.legal_hold_set_by_id) if child.legal_hold_set_by_id else None
