"""A child who says they do not feel safe: an urgent item for their IRO, and an alert to the duty team,
sent as soon as it is stored and retried until delivered, whatever the child does next.

Raised by the "I don't feel safe" button on every child page, and by an answer of "scared" or "I don't feel
safe" to "How are you feeling?" anywhere in the app. Tapping again soon after joins the open alert rather
than raising another. The duty team's email names the case reference and the IRO, never the child's
words, so the duty team can find the child in the council's own records.
"""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from .. import settings
from ..extensions import db
from ..forms.text import clean
from ..people.models import Child
from ..platform import outbox
from ..platform.clock import utcnow
from ..platform.models import OutboxMessage
from ..platform.urls import absolute_url
from . import intake, routing, tracking
from .kinds import UNSAFE
from .models import Statement, StatementEvent

BUTTON = "button"


def open_alert(child: Child) -> Statement | None:
    """The child's alert raised in the last few minutes and not yet acted on, if any."""
    since = utcnow() - timedelta(minutes=settings.get("UNSAFE_REPEAT_MINUTES"))
    return db.session.scalar(
        select(Statement)
        .where(
            Statement.child_id == child.id,
            Statement.kind == UNSAFE,
            Statement.created_at >= since,
            Statement.status == tracking.NEW,
        )
        .order_by(Statement.id.desc())
        .limit(1)
    )


def raise_alert(child: Child, source: str = BUTTON, *, page_locale: str) -> Statement:
    """Create the urgent item and alert the IRO and the duty team (sent as soon as it is committed)."""
    existing = open_alert(child)
    if existing is not None:
        return existing
    statement = Statement(kind=UNSAFE, urgent=True, source=source)
    intake.store(statement, child, [routing.IRO], page_locale=page_locale)
    _tell_duty_team(statement, child, "unsafe_duty")
    return statement


def add_words(statement: Statement, words: str, *, page_locale: str) -> bool:
    """The child says more. Their words replace what they said before (the box shows it), and the IRO and
    the duty team are told there is more. Sending the same words again changes nothing."""
    words = clean(words)
    if not words or words == statement.words:
        return False
    statement.words = words
    statement.words_language = intake.language_of(statement, statement.child, page_locale)
    statement.events.append(StatementEvent(action="more"))
    for recipient in statement.recipients:
        if recipient.staff is not None:
            outbox.queue(
                recipient.staff.email,
                "unsafe_more",
                urgent=True,
                reference=statement.id,
                link=absolute_url("staff.statement", statement_id=statement.id),
            )
    _tell_duty_team(statement, statement.child, "unsafe_more")
    return True


def _tell_duty_team(statement: Statement, child: Child, template: str) -> OutboxMessage:
    iro = child.iro
    return outbox.queue(
        settings.get("DUTY_TEAM_EMAIL"),
        template,
        urgent=True,
        reference=statement.id,
        case_reference=child.case_reference,
        iro_name=iro.name,
        iro_phone=iro.phone,
        iro_email=iro.email,
        raised_at=statement.created_at,
        link=absolute_url("staff.statement", statement_id=statement.id),
    )
