"""Urgent alerts until someone acknowledges them: sent again every ``URGENT_RESEND_MINUTES`` to the adults who
were told, and escalated once, when ``URGENT_ACKNOWLEDGE_HOURS`` have passed, to the child's team manager, the
duty team and the participation team.

The worker runs this every minute. Each re-send and the escalation are claimed with a conditional UPDATE, so
two workers (or a worker and a timer) never send one twice.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import select

from .. import settings
from ..extensions import db
from ..platform import outbox
from ..platform.clock import utcnow
from ..platform.db import update_if
from ..platform.urls import absolute_url
from .models import Statement, StatementEvent
from .reminders import recipient_addresses
from .tracking import NEW

RESENT = "resent"
ESCALATED = "escalated"


def waiting_ids(limit: int = 1000) -> list[int]:
    """Urgent alerts nobody has acknowledged yet, oldest first."""
    return list(
        db.session.scalars(
            select(Statement.id)
            .where(Statement.urgent.is_(True), Statement.status == NEW)
            .order_by(Statement.id)
            .limit(limit)
        )
    )


def chase(statement: Statement, now: datetime | None = None) -> str | None:
    """Escalate the alert if its hours have passed, else send it again if it is time: ``"escalated"``,
    ``"resent"`` or None."""
    now = now or utcnow()
    if statement.urgent is False or statement.status != NEW or statement.acknowledge_due_at is None:
        return None
    link = absolute_url("staff.statement", statement_id=statement.id)
    if statement.acknowledge_due_at <= now and statement.escalated_at is None:
        if not update_if(statement, Statement.escalated_at.is_(None), escalated_at=now):
            return None
        _escalate(statement, link)
        return ESCALATED
    last = statement.urgent_resent_at or statement.created_at
    if now - last < timedelta(minutes=settings.get("URGENT_RESEND_MINUTES")):
        return None
    unchanged = (
        Statement.urgent_resent_at.is_(None)
        if statement.urgent_resent_at is None
        else Statement.urgent_resent_at == statement.urgent_resent_at
    )
    if not update_if(statement, unchanged, urgent_resent_at=now):
        return None
    for address in recipient_addresses(statement):
        outbox.queue(
            address, "urgent_again", urgent=True, reference=statement.id, link=link, due=statement.acknowledge_due_at
        )
    return RESENT


def _escalate(statement: Statement, link: str) -> None:
    statement.events.append(StatementEvent(action=ESCALATED))
    child = statement.child
    addresses = [child.team_manager_email, settings.get("DUTY_TEAM_EMAIL"), settings.get("PARTICIPATION_TEAM_EMAIL")]
    for address in dict.fromkeys(a for a in addresses if a):
        outbox.queue(
            address,
            "urgent_escalated",
            urgent=True,
            reference=statement.id,
            link=link,
            case_reference=child.case_reference,
            raised_at=statement.created_at,
            hours=settings.get("URGENT_ACKNOWLEDGE_HOURS"),
        )
