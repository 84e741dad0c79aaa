"""Who may take a child's records out of the app, and who may erase a child.

A subject-access export holds everything about the child, their words to every adult included, so only the
child's allocated IRO and the participation team (who answer subject access requests) may make one. Erasure is
for the participation team and administrators. Anyone else is told the child does not exist.
"""

from __future__ import annotations

from ..extensions import db
from ..people.models import Child, Role, StaffUser
from ..platform.exceptions import NotFound

ERASERS = (Role.PARTICIPATION, Role.ADMIN)


def may_export(child: Child, staff: StaffUser) -> bool:
    """May ``staff`` download ``child``'s records (the whole record, one consultation or one statement)?"""
    if staff.role == Role.PARTICIPATION:
        return True
    return staff.role == Role.IRO and child.iro_id == staff.id


def may_erase(staff: StaffUser) -> bool:
    """May ``staff`` erase a child (the participation team and administrators)?"""
    return staff.role in ERASERS


def child_for(child_id: int, staff: StaffUser) -> Child:
    """The child whose records page ``staff`` may open (to export, or to erase). Raises NotFound otherwise."""
    child = db.session.get(Child, child_id)
    if child is None or not (may_export(child, staff) or may_erase(staff)):
        raise NotFound(f"child {child_id}")
    return child


def exportable(child: Child | None, staff: StaffUser) -> Child:
    """``child`` if ``staff`` may export their records. Raises NotFound otherwise, as if it did not exist."""
    if child is None or not may_export(child, staff):
        raise NotFound("child")
    return child
