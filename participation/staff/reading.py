"""The IRO reads a child's consultation: arrangements first, then the agenda, then the answers.

Only the allocated IRO reaches these pages (anyone else gets a 404), only once the child has sent it,
and every opening is written to the audit trail. Participation officers and managers see figures only.
"""

from __future__ import annotations

from flask import render_template
from flask_login import current_user

from .. import agenda, audit, consultations, questions, reviews
from ..models import Role
from ..questions import ARRANGEMENTS
from ..security import staff_required
from . import bp


def _reading_context(review) -> dict:
    consultation = review.consultation
    qset = consultations.question_set_of(consultation)
    answers = consultations.answers_by_key(consultation)
    steps = consultations.visible_steps(consultation)
    arrangement_questions = [q for step in steps for q in step.questions if q.section == ARRANGEMENTS]
    answered = [q for q in qset.questions() if q.section != ARRANGEMENTS and q.key in answers]
    return dict(
        review=review, child=review.child, consultation=consultation, qset=qset, answers=answers,
        arrangement_questions=arrangement_questions, answered_questions=answered,
        wants_to_chair=questions.wants_to_chair(consultations.choice_values(consultation), None),
        agenda_items=consultation.agenda_items, additions=consultation.additions, agenda_label=agenda.label_of,
        lead_labels=agenda.LEAD_LABELS,
        share_labels=consultations.SHARE_LABELS, needs_translating=consultations.needs_translating,
        invite_answers=questions.INVITE_ANSWERS, version_labels=questions.VERSION_LABELS,
        language_options=questions.interpreter_languages(),
    )


def _not_sent(review):
    return render_template("staff/consultation_not_sent.html", review=review, child=review.child,
                           status=consultations.status(review.consultation),
                           status_labels=consultations.STATUS_LABELS), 200


@bp.route("/reviews/<int:review_id>/consultation")
@staff_required(Role.IRO)
def read_consultation(review_id: int):
    """Everything the child sent for this review, in the IRO's language, with their words as written."""
    review = reviews.allocated_review_or_404(review_id, current_user)
    if review.consultation is None or review.consultation.submitted_at is None:
        return _not_sent(review)
    audit.record("consultation.read", review.child, detail=f"review {review.id}")
    consultations.mark_read(review.consultation)
    return render_template("staff/consultation.html", **_reading_context(review))


@bp.route("/reviews/<int:review_id>/consultation/summary")
@staff_required(Role.IRO)
def consultation_summary(review_id: int):
    """A one-page summary to print for the meeting. Words marked "only my IRO" are left off it."""
    review = reviews.allocated_review_or_404(review_id, current_user)
    if review.consultation is None or review.consultation.submitted_at is None:
        return _not_sent(review)
    audit.record("consultation.printed", review.child, detail=f"review {review.id}")
    context = _reading_context(review)
    answers = context["answers"]

    def private(question) -> bool:
        return question.is_text and question.key in answers and answers[question.key].share != "review"

    # How the child feels is never printed (and not counted as something the child marked private).
    context["answered_questions"] = [q for q in context["answered_questions"]
                                     if q.key not in questions.NEVER_PRINTED]

    hidden = [q for q in context["arrangement_questions"] + context["answered_questions"] if private(q)]
    hidden += [a for a in review.consultation.additions if a.share != "review"]
    context["arrangement_questions"] = [q for q in context["arrangement_questions"] if not private(q)]
    context["answered_questions"] = [q for q in context["answered_questions"] if not private(q)]
    context["additions"] = [a for a in review.consultation.additions if a.share == "review"]
    return render_template("staff/consultation_summary.html", private_count=len(hidden), **context)
