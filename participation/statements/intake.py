"""Taking in what a child sends from their space: reading its form, storing it once, routing it to the adults
the child chose, and queuing the emails that tell them.

`read_form` gives a `Draft` with kind messages for anything wrong; `send` stores it (a double tap of the same
form is stored once, decided by the database) with its recipients and emails, in the request's unit of work.
Emails never carry the child's words or name: only that something is waiting, and where to sign in.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from flask_babel import gettext as _
from flask_babel import ngettext
from sqlalchemy import select

from .. import settings
from ..extensions import db
from ..forms import reader
from ..forms.choices import UNSAFE_MOODS
from ..people.adults import adults_for
from ..people.models import Child
from ..platform import outbox
from ..platform.clock import utcnow
from ..platform.db import insert_unless_exists
from ..platform.exceptions import TooMuch
from ..platform.i18n import written_language
from ..platform.models import OutboxMessage
from ..platform.urls import absolute_url
from . import fair_use, readers, routing, tracking
from .kinds import (
    ANSWER_COLUMNS,
    FORMS,
    KIND_LABELS,
    PROBLEM,
    RECIPIENTS,
    TEXT_LIMIT,
    TO,
    TRACKED,
    UNSAFE,
    VISIT_NEEDS_ONE_OF,
    WORKER_VISIT,
)
from .models import Statement, StatementEvent


@dataclass
class Draft:
    """What the child sent on a form, kept exactly so it can be shown again after an error."""

    kind: str
    values: dict[str, str | None] = field(default_factory=dict)
    to: list[str] = field(default_factory=list)
    errors: dict[str, str] = field(default_factory=dict)

    @property
    def is_empty(self) -> bool:
        """Nothing typed or chosen (who to tell aside)."""
        return not any(self.values.values())

    @property
    def is_unsafe(self) -> bool:
        """The child said they are scared or do not feel safe."""
        return self.values.get("mood") in UNSAFE_MOODS


def read_form(kind: str, form, available: dict) -> Draft:
    """Read a submitted form for ``kind``: each answer, checked, with a kind message for what is wrong."""
    questions = [q for q in FORMS[kind] if q.kind != RECIPIENTS]
    reading = reader.read(
        questions,
        form,
        reader.Messages(
            not_a_choice=_("Please choose one of the answers."),
            too_long=lambda limit: ngettext(
                "That is a lot to say, thank you! Please keep this box under %(num)d character.",
                "That is a lot to say, thank you! Please keep this box under %(num)d characters.",
                limit,
            ),
        ),
        text_limit=TEXT_LIMIT,
    )
    draft = Draft(kind, {key: reading.get(key) for key in reading.entries}, errors=dict(reading.errors))
    if any(q.kind == RECIPIENTS for q in FORMS[kind]):
        draft.to = [role for role in form.getlist("to") if role in available]
        if not draft.to:
            draft.errors["to"] = str(TO.required)
    if kind == WORKER_VISIT and not any(draft.values.get(name) for name in VISIT_NEEDS_ONE_OF):
        draft.errors["rating"] = _("Tell us something about the visit: choose a face or write something")
    return draft


def error_links(draft: Draft) -> list[tuple[str, str]]:
    """Each error, in the form's order, with the id of the field it links to ("who should know" links to
    the first tick, the IRO's, which every child has)."""
    return [
        ("to-iro" if question.kind == RECIPIENTS else question.anchor(), draft.errors[question.key])
        for question in FORMS[draft.kind]
        if question.key in draft.errors
    ]


def send(child: Child, draft: Draft, form_token: str, *, page_locale: str) -> Statement:
    """Store what the child sent, route it, and queue the emails. A second tap of the same form returns the
    statement the first one stored. Raises `platform.exceptions.TooMuch` when the child has sent more than fair use
    allows for now (nothing is stored; the form keeps what they typed), unless they said they are scared."""
    existing = _sent_with(child, form_token)
    if existing is not None:
        return existing
    # A child who says they are scared is never held back (what follows is the question "Do you feel safe?").
    if not draft.is_unsafe and not fair_use.may_send(child):
        # Past the limit, unless this is a second tap of a form stored meanwhile (the count was held for it).
        existing = _sent_with(child, form_token)
        if existing is not None:
            return existing
        raise TooMuch()
    values = {column: draft.values.get(column) for column in ANSWER_COLUMNS}
    statement_id = insert_unless_exists(
        Statement,
        {"child_id": child.id, "kind": draft.kind, "form_token": form_token, "created_at": utcnow(), **values},
        unique=("child_id", "form_token"),
    )
    if statement_id is None:
        # The other tap stored it first.
        sent = _sent_with(child, form_token)
        assert sent is not None
        return sent
    statement = db.session.get(Statement, statement_id)
    assert statement is not None
    store(statement, child, draft.to, page_locale=page_locale)
    return statement


def _sent_with(child: Child, form_token: str) -> Statement | None:
    return db.session.scalar(
        select(Statement).where(Statement.child_id == child.id, Statement.form_token == form_token)
    )


def store(statement: Statement, child: Child, to, *, page_locale: str) -> list[OutboxMessage]:
    """Add a statement with its recipients, due dates and emails to the unit of work. Returns the emails."""
    statement.child = child
    if statement.created_at is None:
        statement.created_at = utcnow()
    statement.tracked = statement.kind in TRACKED
    statement.urgent = bool(statement.urgent) or statement.kind == UNSAFE
    statement.words_language = language_of(statement, child, page_locale)
    if statement.tracked:
        tracking.set_due_dates(statement, statement.created_at)
    statement.recipients = routing.recipients_for(child, readers.routed_for(statement.kind, to, adults_for(child)))
    statement.events.append(StatementEvent(action="sent"))
    db.session.add(statement)
    db.session.flush()
    return _tell_recipients(statement)


def language_of(statement: Statement, child: Child, page_locale: str) -> str | None:
    """The language the child's words are written in (both boxes together), or None without words."""
    text = "\n".join(filter(None, (statement.words, statement.more_words)))
    return written_language(text, page_locale, child.preferred_language) if text else None


def _tell_recipients(statement: Statement) -> list[OutboxMessage]:
    queued = []
    template = "statement_urgent" if statement.urgent else "statement_new"
    link = absolute_url("staff.statement", statement_id=statement.id)
    for recipient in statement.recipients:
        staff = recipient.staff
        if staff is not None:
            queued.append(
                outbox.queue(
                    staff.email,
                    template,
                    urgent=statement.urgent,
                    name=staff.name,
                    link=link,
                    kind=KIND_LABELS[statement.kind],
                    reference=statement.id,
                )
            )
    to_pass_on = [str(routing.STAFF_LABELS[r.role]) for r in statement.recipients if r.via_participation]
    if to_pass_on:
        queued.append(
            outbox.queue(
                settings.get("PARTICIPATION_TEAM_EMAIL"),
                "statement_pass_on",
                urgent=statement.urgent,
                roles=", ".join(to_pass_on),
                kind=KIND_LABELS[statement.kind],
                reference=statement.id,
                link=link,
                case_reference=statement.child.case_reference,
            )
        )
    if statement.kind == PROBLEM and statement.resolution == "formal":
        queued.append(
            outbox.queue(
                settings.get("COMPLAINTS_EMAIL"),
                "formal_complaint",
                reference=statement.id,
                link=link,
                case_reference=statement.child.case_reference,
            )
        )
    return queued
