"""The IRO reads a child's consultation: arrangements first, then the agenda, then the answers.

Only the allocated IRO reaches these pages (anyone else gets a 404), only once the child has sent it,
and every opening is written to the audit trail. Participation officers and managers see figures only.
"""

from __future__ import annotations

from flask import render_template

from ...consultation import agenda, questions, sending, summary
from ...consultation import answers as consultations
from ...people.models import Role
from ...platform import audit
from ...platform.i18n import needs_translating
from ...reviews import scheduling
from ..access import signed_in_staff, staff_required
from . import bp


def _reading_context(review, reading: summary.Reading) -> dict:
    consultation = review.consultation
    return dict(
        review=review,
        child=review.child,
        consultation=consultation,
        qset=consultations.question_set_of(consultation),
        answers=consultations.answers_by_key(consultation),
        arrangement_questions=reading.arrangement_questions,
        answered_questions=reading.answered_questions,
        additions=reading.additions,
        private_count=reading.private_count,
        wants_to_chair=questions.wants_to_chair(consultations.choice_values(consultation), None),
        agenda_items=consultation.agenda_items,
        agenda_label=agenda.label_of,
        lead_labels=agenda.LEAD_LABELS,
        share_labels=consultations.SHARE_LABELS,
        share_of=summary.share_of,
        needs_translating=needs_translating,
        invite_answers=questions.INVITE_ANSWERS,
        version_labels=questions.VERSION_LABELS,
        language_options=questions.interpreter_languages(),
    )


def _not_sent(review):
    return render_template(
        "staff/consultation_not_sent.html",
        review=review,
        child=review.child,
        status=consultations.status(review.consultation),
        status_labels=consultations.STATUS_LABELS,
    ), 200


@bp.route("/reviews/<int:review_id>/consultation")
@staff_required(Role.IRO)
def read_consultation(review_id: int):
    """Everything the child sent for this review, in the IRO's language, with their words as written."""
    review = scheduling.allocated_review(review_id, signed_in_staff())
    if review.consultation is None or review.consultation.submitted_at is None:
        return _not_sent(review)
    sending.mark_read(review.consultation, signed_in_staff())
    return render_template("staff/consultation.html", **_reading_context(review, summary.for_iro(review.consultation)))


@bp.route("/reviews/<int:review_id>/consultation/summary")
@staff_required(Role.IRO)
def consultation_summary(review_id: int):
    """A one-page summary to print for the meeting. Words marked "only my IRO" are left off it."""
    review = scheduling.allocated_review(review_id, signed_in_staff())
    if review.consultation is None or review.consultation.submitted_at is None:
        return _not_sent(review)
    audit.record("consultation.printed", actor=signed_in_staff(), child=review.child, detail=f"review {review.id}")
    return render_template(
        "staff/consultation_summary.html", **_reading_context(review, summary.for_meeting(review.consultation))
    )
