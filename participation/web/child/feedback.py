"""After a review: "How was your review?" in the child's space. The IRO sees only figures from many young
people, never who said what."""

from __future__ import annotations

from flask import g, render_template, request

from ...feedback import questionnaires
from ...feedback import responses as feedback
from ...people import children, held
from ...platform.clock import today
from ..access import child_holding
from . import bp, page_locale
from .held import kept_form, used_up


@bp.route("/me/feedback", methods=["GET", "POST"])
@child_holding(held.FEEDBACK)
def review_feedback():
    """How was your review? Saved once; the IRO sees only figures from many young people, never who."""
    review = feedback.open_for_child(g.child)
    if review is None:
        return render_template("child/feedback_done.html", thanks=False)
    # 12 and over answer as young adults: statements to agree or disagree with, not faces.
    age = children.age_on(g.child.date_of_birth, today())
    held_id, kept = kept_form(held.FEEDBACK)
    answers = feedback.Answers(questionnaires.YOUNG_PERSON)
    if kept is not None:
        answers = feedback.read_form(questionnaires.YOUNG_PERSON, kept, age)
        answers.errors = {}
    if request.method == "POST":
        answers = feedback.read_form(questionnaires.YOUNG_PERSON, request.form, age)
        if not answers.errors:
            feedback.submit_for_child(review, answers, page_locale())
            used_up()
            return render_template("child/feedback_done.html", thanks=True)
    return render_template(
        "child/feedback_form.html",
        review=review,
        answers=answers,
        held_id=held_id or request.form.get("held"),
        questions=questionnaires.questions_for(questionnaires.YOUNG_PERSON, age),
        error_links=feedback.error_links(answers, age),
        young_adult=age >= children.OLDER_BAND_FROM,
    ), (400 if answers.errors else 200)
