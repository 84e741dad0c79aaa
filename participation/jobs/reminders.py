"""Chasing what is late, each statement in its own transaction, so one failure loses no other: reminders and
escalations of late statements (daily), and urgent alerts nobody has acknowledged (every minute)."""

from __future__ import annotations

from collections import Counter
from datetime import date

from ..extensions import db
from ..platform.clock import today
from ..platform.db import transaction
from ..statements import reminders, urgent
from ..statements.models import Statement


def chase_late(on: date | None = None) -> tuple[int, int]:
    """Remind or escalate every late statement that is due for it. Returns (reminded, escalated).

    Safe to run as often as a timer likes: every reminder and escalation is claimed and never repeated.
    """
    on = on or today()
    done: Counter[str] = Counter()
    for statement_id in reminders.late_ids(on):
        with transaction():
            statement = db.session.get(Statement, statement_id)
            outcome = reminders.chase(statement, on) if statement is not None else None
        if outcome:
            done[outcome] += 1
    return done[reminders.REMINDED], done[reminders.ESCALATED]


def chase_urgent() -> tuple[int, int]:
    """Send again, or escalate, every urgent alert nobody has acknowledged. Returns (resent, escalated)."""
    done: Counter[str] = Counter()
    for statement_id in urgent.waiting_ids():
        with transaction():
            statement = db.session.get(Statement, statement_id)
            outcome = urgent.chase(statement) if statement is not None else None
        if outcome:
            done[outcome] += 1
    return done[urgent.RESENT], done[urgent.ESCALATED]
