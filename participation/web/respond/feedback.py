"""The feedback questionnaire for a parent, carer or professional: once per link, until it expires."""

from __future__ import annotations

from flask import render_template, request

from ...extensions import limiter
from ...feedback import links, questionnaires
from ...feedback import responses as feedback
from ...platform.i18n import page_language
from ..access import public
from . import bp


@bp.route("/f/<token>", methods=["GET", "POST"])
@limiter.limit("30 per minute")
@public
def feedback_form(token: str):
    """The questionnaire: shown while the link is open, stored once, then thanks."""
    link = links.link_for(token)
    state = links.link_state(link)
    if link is None or state != links.OPEN:
        return render_template("respond/closed.html", state=state), 410 if state != links.UNKNOWN else 404
    answers = feedback.Answers(link.respondent)
    if request.method == "POST":
        answers = feedback.read_form(link.respondent, request.form)
        if not answers.errors:
            stored = links.submit_from_link(link, answers, page_language())
            return render_template("respond/thanks.html", stored=stored)
    return render_template(
        "respond/form.html",
        link=link,
        review=link.review,
        answers=answers,
        questions=questionnaires.QUESTIONNAIRES[link.respondent],
        error_links=feedback.error_links(answers),
    ), (400 if answers.errors else 200)
