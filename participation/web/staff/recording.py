"""After a review, the IRO records how the child took part (PN0–PN7), who chaired, whether the
consultation was used, and whether they saw the child first. These feed the participation figures."""

from __future__ import annotations

from flask import flash, redirect, render_template, url_for
from flask_babel import gettext as _

from ...consultation import answers as consultations
from ...consultation import questions
from ...people.models import Role
from ...platform.clock import utcnow
from ...reviews import outcomes, scheduling
from ..access import signed_in_staff, staff_required
from . import bp
from .forms import OutcomeForm


@bp.route("/reviews/<int:review_id>/outcome", methods=["GET", "POST"])
@staff_required(Role.IRO)
def record_outcome(review_id: int):
    """Record (or correct) how a review went."""
    review = scheduling.allocated_review(review_id, signed_in_staff())
    child = review.child
    if review.scheduled_for > utcnow():
        flash(_("You can record how the review went once it has started."), "info")
        return redirect(url_for("staff.child_detail", child_id=child.id))
    form = OutcomeForm()
    if not form.is_submitted() and not form.restored:
        _prefill(form, review)
    if form.validate_on_submit():
        found = outcomes.problems(
            review,
            form.held_on.data,
            form.child_attendance.data,
            form.participation_code.data,
            form.chairing.data,
            consultation_used=form.consultation_used.data == "yes",
        )
        for name, message in found.items():
            getattr(form, name).errors.append(message)
        if not found:
            outcomes.record(
                review,
                signed_in_staff(),
                held_on=form.held_on.data,
                venue=form.held_venue.data,
                attendance=form.child_attendance.data,
                code=form.participation_code.data,
                chairing=form.chairing.data,
                consultation_used=form.consultation_used.data == "yes",
                seen_before=form.seen_before.data == "yes",
            )
            flash(_("Saved how the review went."), "success")
            return redirect(url_for("staff.child_detail", child_id=child.id))
    under_four = outcomes.under_four_at(review, form.held_on.data or scheduling.review_day(review))
    return render_template(
        "staff/outcome_form.html",
        form=form,
        review=review,
        child=child,
        under_four=under_four,
        consultation_sent=outcomes.consultation_sent(review),
        status=consultations.status(review.consultation),
        status_labels=consultations.STATUS_LABELS,
    ), (400 if form.errors else 200)


def _prefill(form: OutcomeForm, review) -> None:
    """Start from what was recorded before, or from what the child asked for."""
    if review.outcome_recorded_at:
        form.held_on.data = review.held_on
        form.held_venue.data = review.held_venue
        form.child_attendance.data = review.child_attendance
        form.participation_code.data = review.participation_code
        form.chairing.data = review.chairing
        form.consultation_used.data = "yes" if review.consultation_used else "no"
        form.seen_before.data = "yes" if review.seen_before else "no"
        return
    day = scheduling.review_day(review)
    form.held_on.data = day
    if not outcomes.consultation_sent(review):
        form.consultation_used.data = "no"
    if outcomes.under_four_at(review, day):
        form.participation_code.data = "PN0"
    consultation = review.consultation
    wanted = consultations.choice_values(consultation) if consultation and consultation.submitted_at else {}
    if wanted.get("venue") in {choice.key for choice in questions.VENUES}:
        form.held_venue.data = wanted["venue"]
