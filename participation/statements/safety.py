"""A child who may not be safe.

* The "I don't feel safe" button on every child page raises an urgent alert at once: an item for the adults on
  the child's record (their IRO, social worker and team manager) and an email to the duty team. The emails are
  in the outbox when the page answers; the worker sends them within seconds. Tapping again soon after joins the
  open alert rather than raising another.
* An answer of "scared" (or "I don't feel safe") to "How are you feeling?" anywhere leads to one kind question
  first, "Do you feel safe right now?" (`CHECK_CHOICES`): *No* raises the urgent alert; *I'm safe but I want to
  talk to someone* sends a tracked item to the IRO, due the next working day; *I'm OK* does nothing more.
  Either way staff see where it came from: the question, the answer and the child's words on that page.
* Whatever the child adds afterwards is kept as an addition, in order, never replacing what they said.

The duty team's email names the case reference and the adults to call, never the child's words, so the duty
team can find the child in the council's own records.
"""

from __future__ import annotations

import json
from datetime import timedelta

from sqlalchemy import select

from .. import settings
from ..extensions import db
from ..forms.text import clean
from ..people.adults import IRO, adults_for
from ..people.models import Child
from ..platform import outbox
from ..platform.clock import utcnow
from ..platform.db import insert_unless_exists, lock_row
from ..platform.exceptions import TooMuch
from ..platform.i18n import written_language
from ..platform.urls import absolute_url
from . import fair_use, intake, tracking
from .kinds import TALK, UNSAFE
from .models import Statement, StatementAddition, StatementEvent
from .routing import STAFF_LABELS

BUTTON = "button"
# "Do you feel safe right now?"
NOT_SAFE = "no"
WANTS_TO_TALK = "talk"
OK = "ok"
CHECK_CHOICES = (NOT_SAFE, WANTS_TO_TALK, OK)


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


def raise_alert(
    child: Child,
    source: str = BUTTON,
    *,
    page_locale: str,
    question: str | None = None,
    answer: str | None = None,
    words: dict[str, str] | None = None,
) -> Statement:
    """Store the urgent alert for every adult on the child's record and queue the emails to them and to the
    duty team. A tap soon after another joins the alert still open."""
    lock_row(Child, child.id)  # two taps at once: the second waits, then joins the first's alert
    existing = open_alert(child)
    if existing is not None:
        return existing
    statement = Statement(
        kind=UNSAFE,
        urgent=True,
        source=source,
        source_question=question,
        source_answer=answer,
        source_words=_context(words),
    )
    intake.store(statement, child, [], page_locale=page_locale)
    _tell_duty_team(statement, child, "unsafe_duty")
    return statement


def ask_to_talk(
    child: Child,
    source: str,
    *,
    page_locale: str,
    question: str | None = None,
    answer: str | None = None,
    words: dict[str, str] | None = None,
) -> Statement:
    """The child is safe but wants to talk to someone: a tracked item for their IRO, due the next working day."""
    statement = Statement(
        kind=TALK, source=source, source_question=question, source_answer=answer, source_words=_context(words)
    )
    intake.store(statement, child, [IRO], page_locale=page_locale)
    return statement


def _context(words: dict[str, str] | None) -> str | None:
    """The child's words on the page it came from, by question key, kept exactly as typed."""
    kept = {key: text for key, text in (words or {}).items() if text}
    return json.dumps(kept, ensure_ascii=False) if kept else None


def context_words(statement: Statement) -> dict[str, str]:
    """The child's words on the page an alert came from, by question key."""
    return json.loads(statement.source_words) if statement.source_words else {}


def _added_with(statement: Statement, form_token: str) -> bool:
    return (
        db.session.scalar(
            select(StatementAddition.id).where(
                StatementAddition.statement_id == statement.id, StatementAddition.form_token == form_token
            )
        )
        is not None
    )


def add_words(
    statement: Statement, words: str, form_token: str, *, page_locale: str, without_pin: bool = False
) -> bool:
    """The child says more: kept as a new addition, in order, with its time and language (nothing they said
    before is replaced). A double tap adds it once. The adults and the duty team are told there is more (one
    email each while the last one is still waiting to be sent). False when there was nothing new to add.
    Raises `platform.exceptions.TooMuch` past what fair use allows for now (nothing is stored)."""
    words = clean(words)
    if not words:
        return False
    child = statement.child
    if any(addition.form_token == form_token for addition in statement.additions):
        return False  # a double tap
    if not fair_use.may_add(child):
        if _added_with(statement, form_token):
            return False  # a double tap whose first tap was the last one allowed
        raise TooMuch()
    added = insert_unless_exists(
        StatementAddition,
        {
            "statement_id": statement.id,
            "words": words,
            "created_at": utcnow(),
            "form_token": form_token,
            "without_pin": without_pin,
            "words_language": written_language(words, page_locale, child.preferred_language),
        },
        unique=("statement_id", "form_token"),
    )
    if added is None:
        return False
    db.session.expire(statement, ["additions"])
    statement.events.append(StatementEvent(action="more"))
    link = absolute_url("staff.statement", statement_id=statement.id)
    for recipient in statement.recipients:
        if recipient.staff is not None:
            outbox.queue(
                recipient.staff.email, "unsafe_more", urgent=True, coalesce=True, reference=statement.id, link=link
            )
    _tell_duty_team(statement, child, "unsafe_more")
    return True


def _tell_duty_team(statement: Statement, child: Child, template: str) -> None:
    adults = [(STAFF_LABELS[adult.role], adult) for adult in adults_for(child).values()]
    outbox.queue(
        settings.get("DUTY_TEAM_EMAIL"),
        template,
        urgent=True,
        coalesce=True,
        reference=statement.id,
        case_reference=child.case_reference,
        adults=adults,
        raised_at=statement.created_at,
        link=absolute_url("staff.statement", statement_id=statement.id),
    )
