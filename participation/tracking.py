"""Tracking what a child raised to an outcome: statuses, due dates in working days, overdue items and the
scheduled reminders that escalate them.

Status moves only forward: new → acknowledged → in progress → resolved or closed (in progress may be
skipped). Problems and safety alerts are *tracked*: they get due dates and appear in the problem log.
"""

from __future__ import annotations

from datetime import date, datetime

from flask import current_app
from flask_babel import lazy_gettext as _l
from sqlalchemy import and_, or_, select
from sqlalchemy.orm import selectinload

from . import notify, routing
from .extensions import db
from .models import StaffUser, Statement, StatementEvent, utcnow
from .reviews import to_local
from .urls import absolute_url
from .working_days import add_working_days

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

def today() -> date:
    """Today in the council's time zone."""
    return to_local(utcnow()).date()


def set_due_dates(statement: Statement, received: datetime) -> None:
    """Due dates in working days from the day it arrived (weekends and bank holidays do not count)."""
    day = to_local(received).date()
    config = current_app.config
    statement.acknowledge_by = add_working_days(day, config["ACKNOWLEDGE_WORKING_DAYS"])
    statement.outcome_by = add_working_days(day, config["OUTCOME_WORKING_DAYS"])


def acknowledgement_late(on: date):
    """SQL: tracked, still new, and its acknowledgement date has passed."""
    return and_(Statement.tracked.is_(True), Statement.status == NEW, Statement.acknowledge_by < on)


def outcome_late(on: date):
    """SQL: tracked, still open, and its outcome date has passed."""
    return and_(Statement.tracked.is_(True), Statement.status.in_(OPEN), Statement.outcome_by < on)


def overdue_clause(on: date):
    """SQL: the statement is late for its acknowledgement or its outcome."""
    return or_(acknowledgement_late(on), outcome_late(on))


def next_due(statement: Statement) -> date | None:
    """The date the item is next due: its acknowledgement while new, then its outcome; None once finished
    or for items not tracked."""
    if not statement.tracked or statement.status not in OPEN:
        return None
    return statement.acknowledge_by if statement.status == NEW else statement.outcome_by


def is_overdue(statement: Statement, on: date | None = None) -> bool:
    """The same rule as `overdue_clause`, for one statement already loaded."""
    on = on or today()
    if not statement.tracked:
        return False
    late_ack = statement.status == NEW and statement.acknowledge_by is not None and statement.acknowledge_by < on
    late_outcome = statement.status in OPEN and statement.outcome_by is not None and statement.outcome_by < on
    return late_ack or late_outcome


# --- what recipients do -------------------------------------------------------------------------

def _event(statement: Statement, action: str, actor: StaffUser | None, note: str | None = None) -> None:
    statement.events.append(StatementEvent(action=action, actor_id=actor.id if actor else None, note=note))


def move(statement: Statement, wanted: str, actor: StaffUser, note: str | None = None) -> None:
    """Change the status (not committed). Raises TransitionRefused for a move the rules do not allow."""
    if not can_move(statement.status, wanted):
        raise TransitionRefused(f"{statement.status} → {wanted}")
    statement.status = wanted
    if wanted == ACKNOWLEDGED:
        statement.acknowledged_at = utcnow()
        statement.acknowledged_by_id = actor.id
    _event(statement, wanted, actor, note)


def acknowledge(statement: Statement, actor: StaffUser) -> bool:
    """Acknowledge a new statement; True if it was new. Committed."""
    if statement.status != NEW:
        return False
    move(statement, ACKNOWLEDGED, actor)
    db.session.commit()
    return True


def start_work(statement: Statement, actor: StaffUser) -> None:
    """Say someone is working on it (acknowledging it first if needed). Committed."""
    if statement.status == NEW:
        move(statement, ACKNOWLEDGED, actor)
    move(statement, IN_PROGRESS, actor)
    db.session.commit()


def record_outcome(statement: Statement, actor: StaffUser, final: str, for_child: str,
                   note: str | None = None) -> None:
    """Resolve or close with an outcome the child reads, and a note only staff read. Committed."""
    if final not in FINISHED:
        raise TransitionRefused(f"{final} is not an outcome")
    if statement.status == NEW:
        move(statement, ACKNOWLEDGED, actor)
    move(statement, final, actor, note)
    statement.outcome_for_child = for_child
    statement.outcome_note = note or None
    statement.outcome_recorded_at = utcnow()
    statement.outcome_recorded_by_id = actor.id
    db.session.commit()


def add_note(statement: Statement, actor: StaffUser, note: str) -> None:
    """A note for staff only. Committed."""
    _event(statement, "note", actor, note)
    db.session.commit()


def mark_read(statement: Statement, user: StaffUser) -> None:
    """Record that a recipient opened it (the child sees "your social worker has read this")."""
    for recipient in statement.recipients:
        if recipient.staff_id == user.id and recipient.read_at is None:
            recipient.read_at = utcnow()
    db.session.commit()


def pass_on(statement: Statement, role: str, actor: StaffUser) -> bool:
    """The participation team has passed it on to an adult without an account. Committed."""
    for recipient in statement.recipients:
        if recipient.role == role and recipient.via_participation and recipient.passed_on_at is None:
            recipient.passed_on_at = utcnow()
            _event(statement, "passed_on", actor, str(routing.STAFF_LABELS[role]))
            db.session.commit()
            return True
    return False


# --- reminders ----------------------------------------------------------------------------------

def send_reminders(on: date | None = None) -> tuple[int, int]:
    """Remind recipients once per late stage, then escalate once to the team manager and the participation
    team when still late ``ESCALATE_WORKING_DAYS`` after a reminder. Returns (reminded, escalated).

    Safe to run as often as a timer likes: every reminder and escalation is recorded and never repeated.
    """
    on = on or today()
    grace = current_app.config["ESCALATE_WORKING_DAYS"]
    late = db.session.scalars(
        select(Statement).where(overdue_clause(on))
        .options(selectinload(Statement.recipients), selectinload(Statement.child))
        .order_by(Statement.id)
    ).all()
    reminded = escalated = 0
    for statement in late:
        stage = "acknowledge_reminded_at" if statement.status == NEW else "outcome_reminded_at"
        if getattr(statement, stage) is None:
            setattr(statement, stage, utcnow())
            _remind(statement)
            reminded += 1
        elif statement.escalated_at is None and add_working_days(to_local(getattr(statement, stage)).date(),
                                                                 grace) <= on:
            statement.escalated_at = utcnow()
            _escalate(statement)
            escalated += 1
        db.session.commit()
    return reminded, escalated


def _link(statement: Statement) -> str:
    return absolute_url("staff.statement", statement_id=statement.id)


def _remind(statement: Statement) -> None:
    _event(statement, "reminded", None)
    stage = "acknowledge" if statement.status == NEW else "outcome"
    for address in recipient_addresses(statement):
        notify.queue(address, "statement_reminder", stage=stage, due=next_due(statement), reference=statement.id,
                     link=_link(statement))


def _escalate(statement: Statement) -> None:
    _event(statement, "escalated", None)
    addresses = [current_app.config["PARTICIPATION_TEAM_EMAIL"]]
    manager = statement.child.team_manager_email
    if manager:
        addresses.insert(0, manager)
    for address in dict.fromkeys(addresses):
        notify.queue(address, "statement_escalated", due=next_due(statement), reference=statement.id,
                     link=_link(statement),
                     case_reference=statement.child.case_reference)


def recipient_addresses(statement: Statement) -> list[str]:
    """Where news of a statement goes: each recipient's account, or the participation team for those
    without one (once)."""
    addresses = []
    for recipient in statement.recipients:
        if recipient.staff is not None:
            addresses.append(recipient.staff.email)
        else:
            addresses.append(current_app.config["PARTICIPATION_TEAM_EMAIL"])
    return list(dict.fromkeys(addresses))
