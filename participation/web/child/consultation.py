"""The child's consultation pages: start, one page at a time, check your answers, send, add more.

Each page is saved when the child moves on. A page sent just after the space closed by itself changes nothing:
it is held until the child gives their PIN again and chooses to carry on with it (see `web.access.child_holding`).
An answer of "scared" leads to "Do you feel safe right now?" before the next page.
"""

from __future__ import annotations

from functools import wraps

from flask import abort, flash, g, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import ngettext

from ...consultation import answers as consultations
from ...consultation import questions, sending, summary
from ...consultation.models import Consultation
from ...forms.choices import UNSAFE_MOODS
from ...forms.reader import error_links
from ...forms.text import clean
from ...people import children, held
from ...people.models import Child
from ...platform.crypto import new_token
from ...platform.exceptions import TooMuch
from ...reviews import scheduling
from ..access import child_holding, child_required
from . import bp, page_locale, too_much
from .held import kept_form, used_up


def with_consultation(view):
    """Load the child's consultation for their next review into ``g``; without one, go to the start page."""

    @wraps(view)
    def wrapped(*args, **kwargs):
        consultation = consultations.for_next_review(g.child)
        if consultation is None:
            return redirect(url_for("child.review_start"))
        g.consultation = consultation
        return view(*args, **kwargs)

    return wrapped


@bp.route("/me/review", methods=["GET", "POST"])
@child_required
def review_start():
    """Getting ready for your next review (one not yet started): who reads your answers, and Start or
    Carry on."""
    child: Child = g.child
    review = scheduling.next_review(child)
    version = consultations.version_for(child, review) if review else None
    consultation = consultations.for_review(review) if review and version else None
    if request.method == "POST" and review and version:
        consultation = consultations.start(child, review)
        if consultation.submitted_at:
            return redirect(url_for("child.review_sent"))
        first = consultations.visible_steps(consultation)[0].slug
        return redirect(url_for("child.review_step", slug=consultation.current_step or first), code=303)
    return render_template(
        "child/review/start.html",
        child=child,
        review=review,
        version=version,
        consultation=consultation,
        iro=child.iro,
        pages=consultations.page_count(child, review, version, consultation) if review and version else 0,
    )


@bp.route("/me/review/q/<slug>", methods=["GET", "POST"])
@child_holding(held.CONSULTATION_PAGE, target="slug")
@with_consultation
def review_step(slug: str):
    """One page of questions. Continue and Skip both save what is on the page and move on."""
    consultation: Consultation = g.consultation
    step = consultations.question_set_of(consultation).step(slug)
    if step is None or slug not in [each.slug for each in consultations.visible_steps(consultation)]:
        abort(404)
    if consultation.submitted_at is not None or not consultations.is_open(consultation):
        return redirect(url_for("child.review_sent"))
    if step.kind == "agenda" and request.method == "GET":
        back_to_check = "?from=check" if request.args.get("from") else ""
        return redirect(url_for("child.agenda") + back_to_check)
    errors: dict[str, str] = {}
    if request.method == "POST":
        # Saved even when something needs fixing (e.g. a very long answer), so nothing typed is lost.
        page = consultations.read_page(step, request.form)
        errors = page.errors
        entries = list(page.entries.values())
        newly_unsafe = _newly_unsafe(consultation, entries)
        consultations.save_page(consultation, entries, page_locale=page_locale())
        if not errors:
            used_up()
            response = _after_saving(consultation, slug)
            if newly_unsafe:
                # One kind question first; it leads on to where the child was going.
                following = consultations.neighbours(consultation, slug)[1]
                return redirect(
                    url_for(
                        "child.safety_check",
                        source="consultation",
                        step=slug,
                        carry_on=following.slug if following else "check",
                    ),
                    code=303,
                )
            return response
    return _render_step(consultation, step, errors), (400 if errors else 200)


def _newly_unsafe(consultation: Consultation, entries) -> bool:
    """The page says the child is scared or not safe, and did not already say so (asked once)."""
    before = consultations.answers_by_key(consultation).get("mood")
    now = next((entry.value for entry in entries if entry.key == "mood"), None)
    return now in UNSAFE_MOODS and (before is None or before.value != now)


def _after_saving(consultation: Consultation, slug: str):
    action = request.form.get("action")
    _previous, following = consultations.neighbours(consultation, slug)
    consultation.current_step = following.slug if following else "check"
    if action == "stop":
        flash(_("Saved. You can come back and carry on any time before your review."), "success")
        return redirect(url_for("child.home"), code=303)
    if request.args.get("from") == "check" or following is None:
        return redirect(url_for("child.review_check"), code=303)
    return redirect(step_url(following), code=303)


def step_url(step) -> str:
    """Where a step lives: the agenda builder has its own pages."""
    return url_for("child.agenda") if step.kind == "agenda" else url_for("child.review_step", slug=step.slug)


def _render_step(consultation: Consultation, step, errors: dict[str, str]):
    saved = consultations.answers_by_key(consultation)
    held_id, kept = kept_form(held.CONSULTATION_PAGE, step.slug)
    # After an error, show what was sent (kept exactly); a held page as it was written; else what was saved.
    source = request.form if request.method == "POST" else kept
    values, texts, shares = {}, {}, {}
    for question in step.questions:
        for key in question.stored_keys():
            row = saved.get(key)
            if source is not None:
                values[key] = source.get(key)
                texts[key] = source.get(key)
            elif row is not None:
                values[key], texts[key] = row.value, row.text
        if question.has_share:
            shares[question.key] = (
                source.get(f"{question.key}-share") if source is not None else summary.share_of(question, saved)
            ) or "iro"
    slugs = [each.slug for each in consultations.page_steps(consultation)]
    previous, _following = consultations.neighbours(consultation, step.slug)
    context = consultations.context_for(consultation)
    qset = consultations.question_set_of(consultation)
    return render_template(
        "child/review/step.html",
        step=step,
        held_id=held_id,
        qset=qset,
        values=values,
        texts=texts,
        shares=shares,
        errors=errors,
        error_links=error_links(step.questions, errors),
        invite_answers=questions.INVITE_ANSWERS,
        number=slugs.index(step.slug) + 1,
        total=len(slugs),
        previous=previous,
        from_check=request.args.get("from") == "check",
        language_options=questions.interpreter_languages(),
        simpler=questions.SIMPLER.get(qset.version),
        can_switch_to_older=qset.version == questions.YOUNGER and context.age >= 12,
        can_switch_to_words=qset.version == questions.PICTURES,
    )


@bp.route("/me/review/version", methods=["POST"])
@child_required
@with_consultation
def review_version():
    """Switch to simpler questions (or back to the fuller ones). Answers both versions share are kept."""
    consultation: Consultation = g.consultation
    wanted = request.form.get("version")
    if wanted in questions.VERSIONS and consultation.submitted_at is None:
        consultations.switch_version(consultation, wanted)
        flash(_("Done. Your answers so far are kept."), "success")
    first = consultations.visible_steps(consultation)[0].slug
    return redirect(url_for("child.review_step", slug=first), code=303)


@bp.route("/me/review/check")
@child_required
@with_consultation
def review_check():
    """Check your answers, with a Change link for each page, then who will read them, then Send."""
    consultation: Consultation = g.consultation
    if consultation.submitted_at is not None:
        return redirect(url_for("child.review_sent"))
    return render_template(
        "child/review/check.html",
        consultation=consultation,
        meeting=summary.for_meeting(consultation),
        share_of=summary.share_of,
        steps=consultations.visible_steps(consultation),
        answers=consultations.answers_by_key(consultation),
        qset=consultations.question_set_of(consultation),
        iro=g.child.iro,
        review=consultation.review,
        language_options=questions.interpreter_languages(),
        invite_answers=questions.INVITE_ANSWERS,
    )


@bp.route("/me/review/send", methods=["POST"])
@child_required
@with_consultation
def review_send():
    """Send the answers to the IRO (a second tap changes nothing)."""
    consultation: Consultation = g.consultation
    if consultations.is_open(consultation):
        sending.submit(consultation)
    return redirect(url_for("child.review_sent"), code=303)


@bp.route("/me/review/sent")
@child_required
@with_consultation
def review_sent():
    """Sent: what happens next, and a way to add something until the review starts."""
    consultation: Consultation = g.consultation
    if consultation.submitted_at is None:
        return redirect(url_for("child.review_check"))
    return render_template(
        "child/review/sent.html",
        consultation=consultation,
        iro=g.child.iro,
        review=consultation.review,
        can_add=consultations.is_open(consultation),
        pictures=consultations.question_set_of(consultation).version == questions.PICTURES,
        # A child under 12 is never asked to email anyone: they say more here instead.
        may_email=consultations.context_for(consultation).age >= children.OLDER_BAND_FROM,
        steps=consultations.visible_steps(consultation),
        answers=consultations.answers_by_key(consultation),
        share_of=summary.share_of,
        language_options=questions.interpreter_languages(),
        invite_answers=questions.INVITE_ANSWERS,
    )


@bp.route("/me/review/add", methods=["GET", "POST"])
@child_holding(held.ADDITION)
@with_consultation
def review_add():
    """Add something after sending, until the review starts."""
    consultation: Consultation = g.consultation
    if consultation.submitted_at is None:
        return redirect(url_for("child.review_check"))
    if not consultations.is_open(consultation):
        return redirect(url_for("child.review_sent"))
    error, status = None, 200
    held_id, kept = kept_form(held.ADDITION)
    source = request.form if request.method == "POST" or kept is None else kept
    text = clean(source.get("addition"))
    share = source.get("addition-share") or "iro"
    if request.method == "POST":
        token = request.form.get("form_token") or ""
        if not text:
            error = _("Write what you want to add, or go back.")
        elif len(text) > questions.TEXT_LIMIT:
            error = ngettext(
                "That is a lot to say, thank you! Please keep this under %(num)d character and add the rest "
                "separately.",
                "That is a lot to say, thank you! Please keep this under %(num)d characters and add the rest "
                "separately.",
                questions.TEXT_LIMIT,
            )
        elif len(token) < 20:
            abort(400)
        else:
            try:
                sending.add_after_sending(consultation, text, share, token, page_locale=page_locale())
            except TooMuch:
                error, status = too_much(), 429
            else:
                used_up()
                flash(_("Added. Your IRO will be told there is something new to read."), "success")
                return redirect(url_for("child.review_sent"), code=303)
    return render_template(
        "child/review/add.html",
        text=text,
        share=share,
        error=error,
        held_id=held_id,
        form_token=request.form.get("form_token") or new_token(),
    ), (status if status != 200 else 400 if error else 200)
