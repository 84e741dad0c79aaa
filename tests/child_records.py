"""One of everything the app can hold about a child, for the subject-access and erasure tests (integration and
browser)."""

from __future__ import annotations

import json

from participation.consultation.models import AgendaItem, Consultation, ConsultationAddition, ConsultationAnswer
from participation.extensions import db
from participation.people.models import Child, HeldSubmission, StaffUser
from participation.platform import audit
from participation.platform.clock import utcnow
from participation.reviews.models import Review
from participation.statements import tracking
from participation.statements.models import Statement, StatementAddition, StatementRecipient

WORRY = "I miss my little brother Sami"
KEPT_FOR_IRO = "Only for you: I hide my phone at night"
AGENDA = "Seeing my brother more often"
ADDED = "I forgot to say school is better now"
RAISED = "The bus to school never comes on time"
RAISED_MORE = "Please can someone phone the bus company"
NOTE = "Phoned the transport team"
TOLD = "We have sorted out a taxi for you"
HELD = "This was typed after my space closed"


def fill(child: Child, iro: StaffUser, review_id: int) -> int:
    """Inside an app context: give ``child`` a sent consultation, a statement with its history, a held form and
    audit events; returns the statement's id."""
    review = db.session.get(Review, review_id)
    consultation = Consultation(
        review_id=review.id, child_id=child.id, question_set="older-1", submitted_at=utcnow(), last_sent_at=utcnow()
    )
    consultation.answers = [
        ConsultationAnswer(key="worries", text=WORRY, text_language="en", share="review"),
        ConsultationAnswer(key="wishes", text=KEPT_FOR_IRO, text_language="en", share="iro"),
        ConsultationAnswer(key="venue", value="school", share="review"),
        ConsultationAnswer(key="chair", value="chair", share="review"),
    ]
    consultation.agenda_items = [AgendaItem(position=1, text=AGENDA, text_language="en", lead="me")]
    consultation.additions = [ConsultationAddition(text=ADDED, text_language="en", share="review", form_token="a1")]
    db.session.add(consultation)
    statement = Statement(
        child_id=child.id, kind="problem", words=RAISED, more_words=None, words_language="en", form_token="secret-form"
    )
    statement.recipients = [StatementRecipient(role="iro", name=iro.name, email=iro.email, staff_id=iro.id)]
    statement.additions = [StatementAddition(words=RAISED_MORE, words_language="en", form_token="secret-more")]
    statement.tracked = True
    db.session.add(statement)
    db.session.flush()
    tracking.set_due_dates(statement, statement.created_at)
    tracking.add_note(statement, iro, NOTE)
    tracking.record_outcome(statement, iro, "resolved", TOLD, "Taxi booked until March")
    db.session.add(
        HeldSubmission(
            child_id=child.id,
            kind="statement",
            target="problem",
            fields=json.dumps({"words": [HELD], "form_token": ["held-token-secret"]}),
        )
    )
    audit.record("child.viewed", actor=iro, child=child)
    db.session.commit()
    return statement.id
