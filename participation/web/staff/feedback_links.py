"""The IRO asks parents, carers and professionals for feedback on a held review: a single-use link per
person, shown once (QR code, copy) and optionally emailed; the address is not kept."""

from __future__ import annotations

from flask import flash, redirect, render_template, url_for
from flask_babel import gettext as _

from ...feedback import links as feedback
from ...feedback.questionnaires import LINK_LABELS
from ...people.models import Role
from ...platform.qr import svg_data_uri
from ...platform.urls import in_language
from ...reviews import scheduling
from ...reviews.models import Review
from ..access import signed_in_staff, staff_required
from . import bp
from .forms import FeedbackLinkForm


def _page(
    review: Review, form: FeedbackLinkForm, link: str | None = None, sent_to: str | None = None, status: int = 200
):
    return render_template(
        "staff/feedback_links.html",
        review=review,
        child=review.child,
        form=form,
        link=link,
        qr=svg_data_uri(link) if link else None,
        sent_to=sent_to,
        links=feedback.links_for(review),
        state=feedback.link_state,
        labels=LINK_LABELS,
    ), status


@bp.route("/reviews/<int:review_id>/feedback", methods=["GET", "POST"])
@staff_required(Role.IRO)
def feedback_links(review_id: int):
    """The links made for this review, and a form to make one more."""
    review = scheduling.allocated_review(review_id, signed_in_staff())
    if review.outcome_recorded_at is None:
        flash(_("Feedback opens once you have recorded how the review went."), "info")
        return redirect(url_for("staff.record_outcome", review_id=review.id))
    form = FeedbackLinkForm()
    if not form.is_submitted() and not form.restored:
        form.language.data = "en"
        return _page(review, form)
    if not form.validate_on_submit():
        return _page(review, form, status=400)
    # The link opens in the language it is sent in, by email or on paper.
    link = in_language(feedback.issue_link(review, form.respondent.data, signed_in_staff()), form.language.data)
    sent_to = None
    if form.email.data:
        feedback.email_link(link, review, form.email.data, form.language.data, signed_in_staff())
        sent_to = form.email.data
    fresh = FeedbackLinkForm(formdata=None)
    fresh.language.data = form.language.data
    return _page(review, fresh, link=link, sent_to=sent_to)
