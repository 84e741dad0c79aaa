"""The same facts as the subject-access PDF, as JSON a council's own systems can read.

Keys are stable (renaming one is a new ``format_version``), choices are given by their stored keys (``"venue":
"school"``), dates in ISO 8601 and moments in UTC ("2026-12-04T10:00:00Z"). Secrets (the hashes of the
child's link and PIN, the forms' one-time tokens) are never included.
"""

from __future__ import annotations

import json
from datetime import date, datetime
from typing import Any

from ..consultation import answers as consultations
from ..people import held
from ..people.models import Child, HeldSubmission, StaffUser
from ..platform.models import AuditEvent
from ..reviews.models import Review
from .gathering import ConsultationRecord, Gathered, StatementRecord

FORMAT_VERSION = 1
# Fields of a held form that are the form's own machinery, not what the child typed.
NOT_TYPED = frozenset({"form_token", "csrf_token", "action"})
NOT_LINKED = "Feedback responses are anonymous by design and are not linked to the child, so none are included."


def _when(value: date | datetime | None) -> str | None:
    if value is None:
        return None
    if isinstance(value, datetime):
        return value.replace(microsecond=0).isoformat() + "Z"
    return value.isoformat()


def _person(user: StaffUser | None) -> dict | None:
    return None if user is None else {"name": user.name, "role": user.role}


def as_dict(gathered: Gathered) -> dict[str, Any]:
    """Everything in ``gathered`` as plain values, ready for `json.dumps`."""
    document: dict[str, Any] = {
        "format_version": FORMAT_VERSION,
        "scope": gathered.scope,
        "produced_at": _when(gathered.produced_at),
        "produced_by": _person(gathered.produced_by),
        "child": child_dict(gathered.child),
        "reviews": [review_dict(review) for review in gathered.reviews],
        "consultations": [consultation_dict(record) for record in gathered.consultations],
        "statements": [statement_dict(record) for record in gathered.statements],
    }
    if gathered.scope == "child":
        document["held_forms"] = [held_dict(form) for form in gathered.held_forms]
        document["audit"] = [audit_dict(event) for event in gathered.audit]
        document["feedback"] = NOT_LINKED
    return document


def as_json(gathered: Gathered) -> str:
    """``gathered`` as a JSON document (UTF-8 text, the child's words as they wrote them)."""
    return json.dumps(as_dict(gathered), ensure_ascii=False, indent=2, sort_keys=True)


def child_dict(child: Child) -> dict[str, Any]:
    """The child's record, without the hashes of their link or PIN."""
    return {
        "record_number": child.id,
        "preferred_name": child.preferred_name,
        "date_of_birth": _when(child.date_of_birth),
        "preferred_language": child.preferred_language,
        "page_language": child.page_language,
        "case_reference": child.case_reference,
        "looked_after_since": _when(child.looked_after_since),
        "left_care_on": _when(child.left_care_on),
        "iro": {"name": child.iro.name, "email": child.iro.email},
        "social_worker": {"name": child.social_worker_name, "email": child.social_worker_email},
        "team_manager": {"name": child.team_manager_name, "email": child.team_manager_email},
        "link_issued_at": _when(child.link_issued_at),
        "secret_kind": child.secret_kind,
        "consultation_version": child.consultation_version,
        "legal_hold": {"reason": child.legal_hold_reason, "set_at": _when(child.legal_hold_set_at)}
        if child.on_legal_hold
        else None,
        "created_at": _when(child.created_at),
        "updated_at": _when(child.updated_at),
    }


def review_dict(review: Review) -> dict[str, Any]:
    """A review and how it went, as stored (PN code, chairing, venue as keys)."""
    return {
        "review_id": review.id,
        "scheduled_for": _when(review.scheduled_for),
        "kind": review.kind,
        "held_on": _when(review.held_on),
        "venue": review.held_venue,
        "child_attendance": review.child_attendance,
        "participation_code": review.participation_code,
        "chairing": review.chairing,
        "consultation_used": review.consultation_used,
        "seen_before": review.seen_before,
        "outcome_recorded_at": _when(review.outcome_recorded_at),
        "age_band": review.age_band,
        "child_feedback_at": _when(review.child_feedback_at),
    }


def consultation_dict(record: ConsultationRecord) -> dict[str, Any]:
    """A consultation: its answers (keys, the child's words, who may see them), agenda and additions."""
    consultation = record.consultation
    labels = {
        key: str(question.label)
        for question in consultations.question_set_of(consultation).questions()
        for key in question.stored_keys()
    }
    return {
        "review_id": record.review.id,
        "question_set": consultation.question_set,
        "started_at": _when(consultation.started_at),
        "submitted_at": _when(consultation.submitted_at),
        "last_sent_at": _when(consultation.last_sent_at),
        "iro_read_at": _when(consultation.iro_read_at),
        "answers": [
            {
                "key": answer.key,
                "question": labels.get(answer.key),
                "value": answer.value,
                "text": answer.text,
                "text_language": answer.text_language,
                "share": answer.share,
            }
            for answer in consultation.answers
        ],
        "agenda": [
            {
                "position": item.position,
                "suggestion": item.suggestion,
                "text": item.text,
                "text_language": item.text_language,
                "lead": item.lead,
            }
            for item in consultation.agenda_items
        ],
        "additions": [
            {
                "created_at": _when(addition.created_at),
                "text": addition.text,
                "text_language": addition.text_language,
                "share": addition.share,
            }
            for addition in consultation.additions
        ],
    }


def statement_dict(record: StatementRecord) -> dict[str, Any]:
    """Something the child raised: their words, who was told, and everything that happened to it."""
    item = record.statement
    return {
        "statement_id": item.id,
        "kind": item.kind,
        "urgent": item.urgent,
        "source": item.source,
        "source_question": item.source_question,
        "source_answer": item.source_answer,
        "source_words": record.context_words,
        "created_at": _when(item.created_at),
        "words": item.words,
        "more_words": item.more_words,
        "words_language": item.words_language,
        "topic": item.topic,
        "rating": item.rating,
        "time_alone": item.time_alone,
        "mood": item.mood,
        "resolution": item.resolution,
        "wants_advocate": item.wants_advocate,
        "tracked": item.tracked,
        "status": item.status,
        "acknowledge_by": _when(item.acknowledge_due_at or item.acknowledge_by),
        "outcome_by": _when(item.outcome_by),
        "acknowledged_at": _when(item.acknowledged_at),
        "acknowledged_by": _person(item.acknowledged_by),
        "outcome_for_child": item.outcome_for_child,
        "outcome_note": item.outcome_note,
        "outcome_recorded_at": _when(item.outcome_recorded_at),
        "outcome_recorded_by": _person(item.outcome_recorded_by),
        "sent_to": [
            {
                "role": recipient.role,
                "name": recipient.name,
                "email": recipient.email,
                "via_participation_team": recipient.via_participation,
                "passed_on_at": _when(recipient.passed_on_at),
                "read_at": _when(recipient.read_at),
            }
            for recipient in item.recipients
        ],
        "events": [
            {
                "occurred_at": _when(event.occurred_at),
                "action": event.action,
                "by": _person(event.actor),
                "note": event.note,
            }
            for event in item.events
        ],
        "additions": [
            {
                "created_at": _when(addition.created_at),
                "words": addition.words,
                "words_language": addition.words_language,
                "without_pin": addition.without_pin,
            }
            for addition in item.additions
        ],
    }


def typed_fields(form: HeldSubmission) -> dict[str, list[str]]:
    """What the child typed into a held form, without the form's own machinery (its one-time token)."""
    return {name: values for name, values in held.fields_of(form).items() if name not in NOT_TYPED}


def held_dict(form: HeldSubmission) -> dict[str, Any]:
    """A form the child sent after their space had closed, as they typed it."""
    return {
        "kind": form.kind,
        "target": form.target,
        "created_at": _when(form.created_at),
        "fields": typed_fields(form),
    }


def audit_dict(event: AuditEvent) -> dict[str, Any]:
    """One line of the audit trail: who did what to the child's record, and when."""
    return {
        "occurred_at": _when(event.occurred_at),
        "action": event.action,
        "by": _person(event.actor),
        "detail": event.detail,
    }
