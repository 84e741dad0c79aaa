"""The problem log the participation team keeps: every problem and safety alert a child raised, who it went
to, informal or formal, its status and due dates, and the outcome for the child; with CSV and XLSX exports.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta

from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from ..extensions import db
from ..platform.clock import start_of_day, to_local
from . import readers, routing, tracking
from .kinds import KIND_LABELS, RESOLUTION_LABELS, TOPIC_LABELS
from .models import Statement

COLUMNS = (
    _l("Reference"),
    _l("Date"),
    _l("Case reference"),
    _l("Type"),
    _l("Urgent"),
    _l("Topic"),
    _l("The problem in the child's words"),
    _l("Written in"),
    _l("Sent to"),
    _l("Informal or formal"),
    _l("Advocate wanted"),
    _l("Status"),
    _l("Acknowledge by"),
    _l("Acknowledged"),
    _l("Outcome by"),
    _l("Outcome for the child"),
    _l("Outcome recorded"),
    _l("Recorded by"),
    _l("Overdue"),
)
YES_NO = {"yes": _l("Yes"), "no": _l("No"), "unsure": _l("Not sure")}


def between(start: date, end: date, *, limit: int | None = None) -> list[Statement]:
    """Tracked statements received from ``start`` to ``end`` (local dates, both included), newest first."""
    query = (
        select(Statement)
        .where(
            Statement.tracked.is_(True),
            Statement.created_at >= start_of_day(start),
            Statement.created_at < start_of_day(end + timedelta(days=1)),
        )
        .options(
            selectinload(Statement.recipients),
            selectinload(Statement.child),
            selectinload(Statement.outcome_recorded_by),
        )
        .order_by(Statement.created_at.desc(), Statement.id.desc())
    )
    if limit:
        query = query.limit(limit)
    return list(db.session.scalars(query))


def _local(moment: datetime | None) -> datetime | None:
    return to_local(moment).replace(tzinfo=None, second=0, microsecond=0) if moment else None


def sent_to(statement: Statement) -> str:
    """Who it went to, e.g. "IRO, Social worker (passed on by the participation team)"."""
    names = []
    for recipient in statement.recipients:
        label = str(routing.STAFF_LABELS[recipient.role])
        if recipient.via_participation:
            label = str(_l("%(role)s (via the participation team)", role=label))
        names.append(label)
    return ", ".join(names)


def words_for_the_team(statement: Statement) -> str | None:
    """The child's words as the participation team may read them in the log: a problem's (they track every
    problem, and the child was told so), never a safety alert's unless they had to pass it on (`readers`)."""
    if not any(r.audience == readers.PARTICIPATION_TEAM and r.reads_words for r in readers.readers_of(statement)):
        return None
    return "\n".join(filter(None, (statement.words, statement.more_words))) or ""


def row(statement: Statement, today: date) -> list:
    """One line of the log, in the order of `COLUMNS`."""
    return [
        statement.id,
        _local(statement.created_at),
        statement.child.case_reference,
        str(KIND_LABELS[statement.kind]),
        str(_l("Yes")) if statement.urgent else str(_l("No")),
        str(TOPIC_LABELS[statement.topic]) if statement.topic in TOPIC_LABELS else "",
        words_for_the_team(statement) or "",
        statement.words_language or "",
        sent_to(statement),
        str(RESOLUTION_LABELS.get(statement.resolution or "", "")),
        str(YES_NO.get(statement.wants_advocate or "", "")),
        str(tracking.STATUS_LABELS[statement.status]),
        statement.acknowledge_by,
        _local(statement.acknowledged_at),
        statement.outcome_by,
        statement.outcome_for_child or "",
        _local(statement.outcome_recorded_at),
        statement.outcome_recorded_by.name if statement.outcome_recorded_by else "",
        str(_l("Yes")) if tracking.is_overdue(statement, today) else str(_l("No")),
    ]
