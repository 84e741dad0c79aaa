"""Reading statements: a child's own list and where each has got to, and the staff side (opening one, which
is written to the audit trail, unread counts, urgent alerts waiting). Who may read what is `readers`.
"""

from __future__ import annotations

from flask_babel import gettext as _
from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from ..extensions import db
from ..people.models import Child, Role, StaffUser
from ..platform import audit
from ..platform.clock import utcnow
from ..platform.exceptions import NotFound
from . import readers, routing, tracking
from .models import Statement, StatementRecipient

# Staff roles that may ever be sent or open what children raise.
STAFF_ROLES = (Role.IRO, Role.SOCIAL_WORKER, Role.TEAM_MANAGER, Role.PARTICIPATION)


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


def readable_by(statement_id: int, staff: StaffUser) -> Statement:
    """The statement if ``staff`` may open it (see `readers.may_open`). Raises NotFound otherwise, as if it
    did not exist."""
    statement = db.session.get(Statement, statement_id)
    if statement is None or not readers.may_open(statement, staff):
        raise NotFound(f"statement {statement_id}")
    return statement


def open_for(statement: Statement, staff: StaffUser) -> bool:
    """``staff`` opens a statement: written to the audit trail, and marked read for the adult they are (the
    child then sees "your social worker has read this"). True when they may read the child's words."""
    words = readers.may_read_words(statement, staff)
    audit.record(
        "statement.read" if words else "statement.viewed",
        actor=staff,
        child=statement.child,
        detail=f"statement {statement.id}",
    )
    role = readers.role_of(statement, staff)
    for recipient in statement.recipients:
        if recipient.role == role and recipient.read_at is None:
            recipient.read_at = utcnow()
    return words


def unread_for(staff: StaffUser) -> tuple[int, int]:
    """How many statements sent to ``staff`` they have not opened yet, and how many of those are urgent."""
    row = db.session.execute(
        select(func.count(Statement.id), func.count(Statement.id).filter(Statement.urgent.is_(True)))
        .join(StatementRecipient, StatementRecipient.statement_id == Statement.id)
        .where(
            readers.sent_to_sql(staff),
            StatementRecipient.role == readers.recipient_role(staff),
            StatementRecipient.read_at.is_(None),
        )
    ).one()
    return row[0], row[1]


def urgent_waiting(staff: StaffUser, limit: int = 10) -> list[Statement]:
    """Urgent alerts sent to ``staff`` (or, once escalated, to the participation team) that nobody has
    acknowledged yet, oldest first: shown on every staff page they open until someone does."""
    condition = Statement.escalated_at.is_not(None) if staff.role == Role.PARTICIPATION else readers.sent_to_sql(staff)
    return list(
        db.session.scalars(
            select(Statement)
            .where(Statement.urgent.is_(True), Statement.status == tracking.NEW, condition)
            .options(selectinload(Statement.child))
            .order_by(Statement.created_at)
            .limit(limit)
        )
    )
