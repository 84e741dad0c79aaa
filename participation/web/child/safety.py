"""Help when a child may not be safe.

* "I don't feel safe", on every page, raises the alert and shows 999, Childline and the council's out-of-hours
  number at once; the page then says who has been told and offers a box to say more (kept, never replacing
  what was said before).
* "Do you feel safe right now?" follows an answer of "scared" anywhere: each choice says first what it does.
* The public help page shows the numbers to anyone, before the PIN and after the space has closed.
"""

from __future__ import annotations

import re

from flask import abort, flash, g, redirect, render_template, request, url_for
from flask_babel import gettext as _

from ...consultation import answers as consultations
from ...extensions import db
from ...forms.choices import MOODS
from ...people.adults import IRO, adults_for
from ...platform.clock import today
from ...platform.crypto import new_token
from ...platform.exceptions import TooMuch
from ...platform.working_days import add_working_days
from ...reviews import scheduling
from ...statements import readers, reading, safety
from ...statements.kinds import TALK, UNSAFE, WORKER_VISIT
from ...statements.models import Statement
from ..access import child_in_danger, child_required, public
from ..inputs import number_arg
from . import bp, child_asking_for_help, page_locale, too_much

# The consultation page to go back to after the help page (a page slug, never an address).
CARRY_ON = re.compile(r"[a-z-]{1,40}")
FROM_CONSULTATION = "consultation"

FROM_STATEMENT = "statement"


def _carry_on(value: str | None) -> str | None:
    return value if value and CARRY_ON.fullmatch(value) else None


@bp.route("/me/not-safe", methods=["POST"])
@child_in_danger
def not_safe():
    """The "I don't feel safe" button on every page: the alert is stored at once, then the help is shown."""
    child = child_asking_for_help()
    alert = safety.raise_alert(child, safety.BUTTON, page_locale=page_locale())
    if g.get("child_session") is None:
        # The space had closed: the alert is raised; show the help, but nothing of the child's.
        return render_template("child/help.html", alert=None), 200
    return redirect(url_for("child.not_safe_help", statement_id=alert.id), code=303)


@bp.route("/me/not-safe/<int:statement_id>", methods=["GET", "POST"])
@child_in_danger
def not_safe_help(statement_id: int):
    """What to do now, who has been told, and a box to say more."""
    child = child_asking_for_help()
    alert = db.session.get(Statement, statement_id)
    if alert is None or alert.child_id != child.id or alert.kind != UNSAFE:
        abort(404)
    carry_on = _carry_on(request.args.get("carry_on"))
    words, error = "", None
    if request.method == "POST":
        # No length limit here: whatever a child in danger writes is kept.
        words = request.form.get("words") or ""
        try:
            added = safety.add_words(
                alert,
                words,
                request.form.get("form_token") or new_token(),
                page_locale=page_locale(),
                without_pin=g.get("child_session") is None,
            )
        except TooMuch:
            error = too_much()
        else:
            if g.get("child_session") is None:
                return redirect(url_for("child.closed", saved=1), code=303)
            if added:
                flash(_("Thank you for telling us. The adults we told can read this now."), "success")
            return redirect(url_for("child.not_safe_help", statement_id=alert.id, carry_on=carry_on), code=303)
    told = readers.readers_of(alert)
    return render_template(
        "child/help.html",
        alert=alert,
        told_names=readers.names(told),
        promise=readers.promise(told),
        form_token=request.form.get("form_token") or new_token(),
        carry_on=carry_on,
        words=words,
        error=error,
    ), (429 if error else 200)


@bp.route("/about")
@public
def about():
    """What this app is, what it keeps private, and whose pictures it uses (OpenMoji's licence asks for this)."""
    return render_template("child/about.html")


@bp.route("/help")
@public
def help_now():
    """Help straight away, for anyone: the numbers to call. (Raising an alert needs the child's space.)"""
    return render_template("child/help.html", alert=None)


# --- "Do you feel safe right now?" ---------------------------------------------------------------


def _source(child) -> tuple[str, str, str, dict[str, str], str | None]:
    """Where the check came from, read on the server (never trusted from the address): the source, the
    question, the child's answer, their words on that page, and where to carry on afterwards."""
    came_from = request.values.get("source")
    if came_from == FROM_CONSULTATION:
        review = scheduling.next_review(child)
        consultation = consultations.for_review(review) if review else None
        step = (
            consultations.question_set_of(consultation).step(request.values.get("step") or "") if consultation else None
        )
        if consultation is None or step is None or not any(q.key == "mood" for q in step.questions):
            abort(404)
        answers = consultations.answers_by_key(consultation)
        mood = answers["mood"].value if "mood" in answers else None
        words = {q.key: answers[q.key].text or "" for q in step.questions if q.is_text and q.key in answers}
        return FROM_CONSULTATION, "mood", mood or "", words, _carry_on(request.values.get("carry_on"))
    if came_from == FROM_STATEMENT:
        statement = reading.own(child, number_arg("id", 0) or 0)
        if statement.kind != WORKER_VISIT:
            abort(404)
        words = {key: getattr(statement, key) or "" for key in ("words", "more_words")}
        return WORKER_VISIT, "mood", statement.mood or "", words, None
    abort(404)


def _after_check(came_from: str, carry_on: str | None):
    if came_from == FROM_CONSULTATION:
        if carry_on == "check":
            return redirect(url_for("child.review_check"), code=303)
        return redirect(url_for("child.review_step", slug=carry_on) if carry_on else url_for("child.home"), code=303)
    return redirect(url_for("child.statements"), code=303)


@bp.route("/me/safe-check", methods=["GET", "POST"])
@child_required
def safety_check():
    """One kind question after an answer of "scared": each choice says first what will happen."""
    child = g.child
    source, question, answer, words, carry_on = _source(child)
    came_from = request.values.get("source") or ""
    choice = request.form.get("safe")
    error = None
    if request.method == "POST":
        if choice == safety.NOT_SAFE:
            alert = safety.raise_alert(
                child, source, page_locale=page_locale(), question=question, answer=answer, words=words
            )
            return redirect(url_for("child.not_safe_help", statement_id=alert.id, carry_on=carry_on), code=303)
        if choice == safety.WANTS_TO_TALK:
            safety.ask_to_talk(child, source, page_locale=page_locale(), question=question, answer=answer, words=words)
            flash(_("Thank you. We have asked your IRO to get in touch with you."), "success")
            return _after_check(came_from, carry_on)
        if choice == safety.OK:
            return _after_check(came_from, carry_on)
        error = _("Choose one of the answers, so we know how to help.")
    adults = adults_for(child)
    return render_template(
        "child/safety_check.html",
        came_from=came_from,
        step=request.values.get("step"),
        statement_id=request.values.get("id"),
        carry_on=carry_on,
        error=error,
        choice=choice,
        talk_by=add_working_days(today(), 1),
        alert_told=readers.names(readers.readers_for_choice(UNSAFE, [], adults)),
        talk_told=readers.names(readers.readers_for_choice(TALK, [IRO], adults)),
        answer_label=next((c.label for c in MOODS if c.key == answer), answer),
    ), (400 if error else 200)
