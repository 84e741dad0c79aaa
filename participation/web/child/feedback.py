"""After a review: "How was your review?" in the child's space. The IRO sees only figures from many young
people, never who said what."""

from __future__ import annotations

from flask import g, redirect, render_template, request, url_for

from ...feedback import questionnaires
from ...feedback import responses as feedback
from ..access import child_answering
from . import answering_child, bp, page_locale


@bp.route("/me/feedback", methods=["GET", "POST"])
@child_answering
def review_feedback():
    """How was your review? Saved once; the IRO sees only figures from many young people, never who."""
    child = answering_child()
    review = feedback.open_for_child(child)
    if review is None:
        if g.get("child_session") is None:
            return redirect(url_for("child.closed", saved=1), code=303)
        return render_template("child/feedback_done.html", thanks=False)
    answers = feedback.Answers(questionnaires.YOUNG_PERSON)
    if request.method == "POST":
        answers = feedback.read_form(questionnaires.YOUNG_PERSON, request.form)
        if g.get("child_session") is None:
            if not answers.errors:
                feedback.submit_for_child(review, answers, page_locale())
            return redirect(url_for("child.closed", saved=1), code=303)
        if not answers.errors:
            feedback.submit_for_child(review, answers, page_locale())
            return render_template("child/feedback_done.html", thanks=True)
    return render_template(
        "child/feedback_form.html",
        review=review,
        answers=answers,
        questions=questionnaires.QUESTIONNAIRES[questionnaires.YOUNG_PERSON],
        error_links=feedback.error_links(answers),
    ), (400 if answers.errors else 200)
