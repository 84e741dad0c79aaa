"""Tracking what a child raised to an outcome: statuses, due dates in working days, overdue items, and what
recipients do (acknowledge, start work, note, outcome, passed on), each written to the audit trail.
The scheduled reminders that escalate late items are in `reminders`.

Status moves only forward: new → acknowledged → in progress → resolved or closed (in progress may be
skipped). Problems and safety alerts are *tracked*: they get due dates and appear in the problem log.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta

from flask_babel import lazy_gettext as _l
from sqlalchemy import and_, or_

from .. import settings
from ..people.models import StaffUser
from ..platform import audit
from ..platform.clock import local_day, today, utcnow
from ..platform.working_days import add_working_days
from . import routing
from .kinds import TALK
from .models import Statement, StatementEvent

NEW = "new"
ACKNOWLEDGED = "acknowledged"
IN_PROGRESS = "in_progress"
RESOLVED = "resolved"
CLOSED = "closed"
OPEN = (NEW, ACKNOWLEDGED, IN_PROGRESS)
FINISHED = (RESOLVED, CLOSED)
ALLOWED = {
    NEW: {ACKNOWLEDGED},
    ACKNOWLEDGED: {IN_PROGRESS, RESOLVED, CLOSED},
    IN_PROGRESS: {RESOLVED, CLOSED},
    RESOLVED: set(),
    CLOSED: set(),
}
STATUS_LABELS = {
    NEW: _l("New"),
    ACKNOWLEDGED: _l("Acknowledged"),
    IN_PROGRESS: _l("In progress"),
    RESOLVED: _l("Resolved"),
    CLOSED: _l("Closed"),
}
# Timeline entries, as staff read them.
EVENT_LABELS = {
    "sent": _l("Sent by the child"),
    "more": _l("The child added more"),
    ACKNOWLEDGED: _l("Acknowledged"),
    IN_PROGRESS: _l("Work started"),
    RESOLVED: _l("Resolved"),
    CLOSED: _l("Closed"),
    "note": _l("Note"),
    "passed_on": _l("Passed on"),
    "reminded": _l("Reminder sent"),
    "escalated": _l("Escalated"),
}


class TransitionRefused(ValueError):
    """Raised when a status change is not allowed (e.g. reopening something resolved)."""


def can_move(current: str, wanted: str) -> bool:
    """True when a statement in status ``current`` may move to ``wanted``."""
    return wanted in ALLOWED.get(current, set())


# --- due dates and overdue items ----------------------------------------------------------------


def set_due_dates(statement: Statement, received: datetime) -> None:
    """When it must be acknowledged and have an outcome. An urgent alert: acknowledged within
    ``URGENT_ACKNOWLEDGE_HOURS`` clock hours, day or night. A child who wants to talk to someone: acknowledged
    the next working day. Anything else: in working days from the day it arrived (weekends and bank holidays
    do not count)."""
    day = local_day(received)
    statement.outcome_by = add_working_days(day, settings.get("OUTCOME_WORKING_DAYS"))
    if statement.urgent:
        statement.acknowledge_due_at = received + timedelta(hours=settings.get("URGENT_ACKNOWLEDGE_HOURS"))
        statement.acknowledge_by = local_day(statement.acknowledge_due_at)
    elif statement.kind == TALK:
        statement.acknowledge_by = add_working_days(day, 1)
    else:
        statement.acknowledge_by = add_working_days(day, settings.get("ACKNOWLEDGE_WORKING_DAYS"))


def acknowledgement_late(on: date, now: datetime | None = None):
    """SQL: tracked, still new, and its acknowledgement is late: its date has passed, or for an urgent alert
    its hour (``now``, by default the current time)."""
    late = or_(
        and_(Statement.urgent.is_(False), Statement.acknowledge_by < on),
        and_(Statement.urgent.is_(True), Statement.acknowledge_due_at < (now or utcnow())),
    )
    return and_(Statement.tracked.is_(True), Statement.status == NEW, late)


def outcome_late(on: date):
    """SQL: tracked, still open, and its outcome date has passed."""
    return and_(Statement.tracked.is_(True), Statement.status.in_(OPEN), Statement.outcome_by < on)


def overdue_clause(on: date, now: datetime | None = None):
    """SQL: the statement is late for its acknowledgement or its outcome."""
    return or_(acknowledgement_late(on, now), outcome_late(on))


def next_due(statement: Statement) -> date | None:
    """The date the item is next due: its acknowledgement while new, then its outcome; None once finished
    or for items not tracked."""
    if not statement.tracked or statement.status not in OPEN:
        return None
    return statement.acknowledge_by if statement.status == NEW else statement.outcome_by


def is_overdue(statement: Statement, on: date | None = None, now: datetime | None = None) -> bool:
    """The same rule as `overdue_clause`, for one statement already loaded."""
    on = on or today()
    if not statement.tracked:
        return False
    if statement.urgent and statement.acknowledge_due_at is not None:
        late_ack = statement.status == NEW and statement.acknowledge_due_at < (now or utcnow())
    else:
        late_ack = statement.status == NEW and statement.acknowledge_by is not None and statement.acknowledge_by < on
    late_outcome = statement.status in OPEN and statement.outcome_by is not None and statement.outcome_by < on
    return late_ack or late_outcome


# --- what recipients do -------------------------------------------------------------------------


def _event(statement: Statement, action: str, actor: StaffUser | None, note: str | None = None) -> None:
    statement.events.append(StatementEvent(action=action, actor_id=actor.id if actor else None, note=note))


def move(statement: Statement, wanted: str, actor: StaffUser, note: str | None = None) -> None:
    """Change the status. Raises TransitionRefused for a move the rules do not allow."""
    if not can_move(statement.status, wanted):
        raise TransitionRefused(f"{statement.status} → {wanted}")
    statement.status = wanted
    if wanted == ACKNOWLEDGED:
        statement.acknowledged_at = utcnow()
        statement.acknowledged_by_id = actor.id
    _event(statement, wanted, actor, note)


def _audit(action: str, statement: Statement, actor: StaffUser, what: str | None = None) -> None:
    detail = f"statement {statement.id}" + (f": {what}" if what else "")
    audit.record(action, actor=actor, child=statement.child, detail=detail)


def acknowledge(statement: Statement, actor: StaffUser) -> bool:
    """Acknowledge a new statement; True if it was new."""
    if statement.status != NEW:
        return False
    move(statement, ACKNOWLEDGED, actor)
    _audit("statement.acknowledged", statement, actor)
    return True


def start_work(statement: Statement, actor: StaffUser) -> bool:
    """Say someone is working on it (acknowledging it first if needed); False once work has started."""
    if statement.status not in (NEW, ACKNOWLEDGED):
        return False
    if statement.status == NEW:
        move(statement, ACKNOWLEDGED, actor)
    move(statement, IN_PROGRESS, actor)
    _audit("statement.updated", statement, actor, "in progress")
    return True


def record_outcome(statement: Statement, actor: StaffUser, final: str, for_child: str, note: str | None = None) -> None:
    """Resolve or close with an outcome the child reads, and a note only staff read."""
    if final not in FINISHED:
        raise TransitionRefused(f"{final} is not an outcome")
    if statement.status == NEW:
        move(statement, ACKNOWLEDGED, actor)
    move(statement, final, actor, note)
    statement.outcome_for_child = for_child
    statement.outcome_note = note or None
    statement.outcome_recorded_at = utcnow()
    statement.outcome_recorded_by_id = actor.id
    _audit("statement.outcome_recorded", statement, actor, final)


def add_note(statement: Statement, actor: StaffUser, note: str) -> None:
    """A note for staff only."""
    _event(statement, "note", actor, note)
    _audit("statement.updated", statement, actor, "note")


def pass_on(statement: Statement, role: str, actor: StaffUser) -> bool:
    """The participation team has passed it on to an adult without an account."""
    for recipient in statement.recipients:
        if recipient.role == role and recipient.via_participation and recipient.passed_on_at is None:
            recipient.passed_on_at = utcnow()
            _event(statement, "passed_on", actor, str(routing.STAFF_LABELS[role]))
            _audit("statement.passed_on", statement, actor, role)
            return True
    return False
