"""Reminders for late items: recipients are reminded once per late stage (acknowledgement, outcome), then the
item is escalated once to the child's team manager and the participation team when it is still late
``ESCALATE_WORKING_DAYS`` after the reminder.

Each reminder and escalation is claimed with a conditional UPDATE, so overlapping runs (two timers, two
machines) never send one twice. `jobs.reminders` runs this every working morning.
"""

from __future__ import annotations

from datetime import date

from sqlalchemy import select

from .. import settings
from ..extensions import db
from ..platform import outbox
from ..platform.clock import local_day, utcnow
from ..platform.db import update_if
from ..platform.urls import absolute_url
from ..platform.working_days import add_working_days
from .models import Statement, StatementEvent
from .tracking import NEW, next_due, overdue_clause

REMINDED = "reminded"
ESCALATED = "escalated"


def late_ids(on: date, limit: int = 1000) -> list[int]:
    """The tracked items late on ``on`` (for acknowledgement or outcome), oldest first."""
    return list(db.session.scalars(select(Statement.id).where(overdue_clause(on)).order_by(Statement.id).limit(limit)))


def _claim(statement: Statement, column: str) -> bool:
    """Stamp ``column`` now unless another run stamped it first; True for the run that did."""
    return update_if(statement, getattr(Statement, column).is_(None), **{column: utcnow()})


def chase(statement: Statement, on: date) -> str | None:
    """Remind or escalate one late item, if it is due for either: ``"reminded"``, ``"escalated"`` or None."""
    if statement.urgent and statement.status == NEW:
        return None  # an urgent alert is chased by the hour (see `urgent`)
    stage = "acknowledge_reminded_at" if statement.status == NEW else "outcome_reminded_at"
    reminded_at = getattr(statement, stage)
    if reminded_at is None:
        if not _claim(statement, stage):
            return None
        _remind(statement)
        return REMINDED
    grace = settings.get("ESCALATE_WORKING_DAYS")
    if statement.escalated_at is None and add_working_days(local_day(reminded_at), grace) <= on:
        if not _claim(statement, "escalated_at"):
            return None
        _escalate(statement)
        return ESCALATED
    return None


def _link(statement: Statement) -> str:
    return absolute_url("staff.statement", statement_id=statement.id)


def _remind(statement: Statement) -> None:
    statement.events.append(StatementEvent(action=REMINDED))
    stage = "acknowledge" if statement.status == NEW else "outcome"
    for address in recipient_addresses(statement):
        outbox.queue(
            address,
            "statement_reminder",
            stage=stage,
            due=next_due(statement),
            reference=statement.id,
            link=_link(statement),
        )


def _escalate(statement: Statement) -> None:
    statement.events.append(StatementEvent(action=ESCALATED))
    addresses = [settings.get("PARTICIPATION_TEAM_EMAIL")]
    manager = statement.child.team_manager_email
    if manager:
        addresses.insert(0, manager)
    for address in dict.fromkeys(addresses):
        outbox.queue(
            address,
            "statement_escalated",
            due=next_due(statement),
            reference=statement.id,
            link=_link(statement),
            case_reference=statement.child.case_reference,
        )


def recipient_addresses(statement: Statement) -> list[str]:
    """Where news of a statement goes: each recipient's account, or the participation team for those
    without one (once)."""
    addresses = []
    for recipient in statement.recipients:
        if recipient.staff is not None:
            addresses.append(recipient.staff.email)
        else:
            addresses.append(settings.get("PARTICIPATION_TEAM_EMAIL"))
    return list(dict.fromkeys(addresses))
