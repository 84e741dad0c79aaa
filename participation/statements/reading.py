"""Who may read a statement, and reading it: a child's own list and where each item has got to, and the
staff side (what was sent to me, unread counts, opening one, which is written to the audit trail).

An IRO, social worker or team manager reads only what was sent to them; the participation team reads
everything, so that nothing sent to an adult without an account is lost. Anyone else gets NotFound.
"""

from __future__ import annotations

from flask_babel import gettext as _
from sqlalchemy import func, select

from ..extensions import db
from ..people.models import Child, Role, StaffUser
from ..platform import audit
from ..platform.clock import utcnow
from ..platform.exceptions import NotFound
from . import routing, tracking
from .models import Statement, StatementRecipient

# Staff roles that may ever be sent or read what children raise.
READERS = (Role.IRO, Role.SOCIAL_WORKER, Role.TEAM_MANAGER, Role.PARTICIPATION)


# --- a child's own ------------------------------------------------------------------------------


def for_child(child: Child) -> list[Statement]:
    """Everything this child has sent, newest first."""
    return list(
        db.session.scalars(
            select(Statement)
            .where(Statement.child_id == child.id)
            .order_by(Statement.created_at.desc(), Statement.id.desc())
        )
    )


def count_for_child(child: Child) -> int:
    """How many things this child has sent."""
    return db.session.scalar(select(func.count(Statement.id)).where(Statement.child_id == child.id)) or 0


def own(child: Child, statement_id: int) -> Statement:
    """One of this child's own statements. Raises NotFound for anyone else's."""
    statement = db.session.get(Statement, statement_id)
    if statement is None or statement.child_id != child.id:
        raise NotFound(f"statement {statement_id}")
    return statement


def child_status(statement: Statement) -> str:
    """Where it has got to, in plain words for the child."""
    if statement.status == tracking.RESOLVED:
        return _("Sorted")
    if statement.status == tracking.CLOSED:
        return _("Finished")
    who = _acted_by(statement)
    if statement.status == tracking.IN_PROGRESS:
        return _("%(who)s is working on this", who=who)
    if statement.status == tracking.ACKNOWLEDGED:
        return _("%(who)s has read this", who=who)
    readers = [r for r in statement.recipients if r.read_at is not None]
    if readers:
        return _("%(who)s has read this", who=routing.YOUR_LABELS[readers[0].role])
    return _("Sent. Not read yet")


def _acted_by(statement: Statement) -> str:
    """Who acknowledged it, as the child knows them: "Your social worker", or the participation team."""
    actor_id = statement.acknowledged_by_id
    for recipient in statement.recipients:
        if recipient.staff_id is not None and recipient.staff_id == actor_id:
            return str(routing.YOUR_LABELS[recipient.role])
    return _("The participation team")


# --- staff --------------------------------------------------------------------------------------


def visible_to(staff: StaffUser):
    """SQL: the statements ``staff`` may read (participation officers: all of them)."""
    if staff.role == Role.PARTICIPATION:
        return Statement.id.is_not(None)
    return Statement.id.in_(select(StatementRecipient.statement_id).where(StatementRecipient.staff_id == staff.id))


def recipient_for(statement: Statement, staff: StaffUser) -> StatementRecipient | None:
    """The recipient row that is ``staff``, if they were sent this."""
    return next((r for r in statement.recipients if r.staff_id == staff.id), None)


def readable_by(statement_id: int, staff: StaffUser) -> Statement:
    """The statement if ``staff`` may read it. Raises NotFound otherwise, as if it did not exist."""
    statement = db.session.get(Statement, statement_id)
    if statement is None or (staff.role != Role.PARTICIPATION and recipient_for(statement, staff) is None):
        raise NotFound(f"statement {statement_id}")
    return statement


def open_for(statement: Statement, staff: StaffUser) -> None:
    """``staff`` opens a statement: written to the audit trail, and marked read for them (the child then
    sees "your social worker has read this")."""
    audit.record("statement.read", actor=staff, child=statement.child, detail=f"statement {statement.id}")
    recipient = recipient_for(statement, staff)
    if recipient is not None and recipient.read_at is None:
        recipient.read_at = utcnow()


def unread_for(staff: StaffUser) -> tuple[int, int]:
    """How many items sent to ``staff`` they have not opened yet, and how many of those are urgent."""
    row = db.session.execute(
        select(func.count(Statement.id), func.count(Statement.id).filter(Statement.urgent.is_(True)))
        .join(StatementRecipient, StatementRecipient.statement_id == Statement.id)
        .where(StatementRecipient.staff_id == staff.id, StatementRecipient.read_at.is_(None))
    ).one()
    return row[0], row[1]
