"""After a review: "How was your review?" in the child's space, and the questionnaire for parents, carers
and professionals behind a single-use link."""

from __future__ import annotations

from flask import g, redirect, render_template, request, url_for

from .. import feedback
from ..extensions import limiter
from ..security import child_answering, public
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
    answers = feedback.Answers(feedback.YOUNG_PERSON)
    if request.method == "POST":
        answers = feedback.read_form(feedback.YOUNG_PERSON, request.form)
        if g.get("child_session") is None:
            if not answers.errors:
                feedback.submit_for_child(review, answers, page_locale())
            return redirect(url_for("child.closed", saved=1), code=303)
        if not answers.errors:
            feedback.submit_for_child(review, answers, page_locale())
            return render_template("child/feedback_done.html", thanks=True)
    return render_template("child/feedback_form.html", review=review, answers=answers,
                           questions=feedback.QUESTIONNAIRES[feedback.YOUNG_PERSON],
                           error_links=_error_links(answers)), (400 if answers.errors else 200)


@bp.route("/f/<token>", methods=["GET", "POST"])
@limiter.limit("30 per minute")
@public
def feedback_link(token: str):
    """The questionnaire for a parent, carer or professional: once per link, until it expires."""
    link = feedback.link_for(token)
    state = feedback.link_state(link)
    if state != "open":
        return render_template("feedback/closed.html", state=state), 410 if state != "unknown" else 404
    answers = feedback.Answers(link.respondent)
    if request.method == "POST":
        answers = feedback.read_form(link.respondent, request.form)
        if not answers.errors:
            stored = feedback.submit_from_link(link, answers, page_locale())
            return render_template("feedback/thanks.html", stored=stored)
    return render_template("feedback/form.html", link=link, review=link.review, answers=answers,
                           questions=feedback.QUESTIONNAIRES[link.respondent],
                           error_links=_error_links(answers)), (400 if answers.errors else 200)


def _error_links(answers: feedback.Answers) -> list[tuple[str, str]]:
    links = []
    for key, message in answers.errors.items():
        asked = feedback.question(answers.respondent, key)
        links.append((key if asked.is_text else f"{key}-{asked.choices[0].key}", message))
    return links
