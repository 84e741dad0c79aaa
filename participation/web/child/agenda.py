"""The agenda builder for a child who wants to chair or co-chair their review, plus tips and a print page.

Every change is a small form with buttons, so it works with one thumb, a keyboard, or JavaScript off.
The agenda can be changed until the review starts, even after the answers have been sent.
"""

from __future__ import annotations

from flask import abort, flash, g, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import ngettext

from ...consultation import agenda
from ...consultation import answers as consultations
from ...consultation.models import Consultation
from ...forms.text import clean
from ...platform.crypto import new_token
from ..access import child_required
from . import bp, page_locale
from .consultation import with_consultation


def _open_item_or_404(item_id: int):
    """One of this child's agenda items, while the agenda can still be changed."""
    _guard_open(g.consultation)
    item = agenda.item_of(g.consultation, item_id)
    if item is None:
        abort(404)
    return item


def _back_to_agenda():
    anchor = request.form.get("anchor")
    return redirect(url_for("child.agenda", _anchor=anchor) if anchor else url_for("child.agenda"), code=303)


def _guard_open(consultation: Consultation) -> None:
    if not consultations.is_open(consultation):
        abort(404)


@bp.route("/me/review/agenda", endpoint="agenda")
@child_required
@with_consultation
def agenda_page():
    """Build your agenda: start from the suggested one, add, remove, reorder, and say who leads."""
    return _render_agenda(g.consultation, from_check=request.args.get("from") == "check")


def _render_agenda(
    consultation: Consultation,
    *,
    error: str | None = None,
    text: str = "",
    form_token: str | None = None,
    from_check: bool = False,
):
    _previous, following = consultations.neighbours(consultation, "agenda")
    return render_template(
        "child/review/agenda.html",
        consultation=consultation,
        items=consultation.agenda_items,
        label_of=agenda.label_of,
        lead_labels=agenda.LEAD_LABELS,
        form_token=form_token or new_token(),
        error=error,
        text=text,
        following=following,
        from_check=from_check,
        full=len(consultation.agenda_items) >= agenda.MAX_ITEMS,
        editable=consultations.is_open(consultation),
    ), (400 if error else 200)


@bp.route("/me/review/agenda/suggested", methods=["POST"])
@child_required
@with_consultation
def agenda_suggested():
    """Start from the suggested agenda."""
    _guard_open(g.consultation)
    agenda.use_suggested(g.consultation, consultations.context_for(g.consultation).age)
    return _back_to_agenda()


@bp.route("/me/review/agenda/add", methods=["POST"])
@child_required
@with_consultation
def agenda_add():
    """Add your own item to the end (a double tap adds it once)."""
    consultation: Consultation = g.consultation
    _guard_open(consultation)
    text = clean(request.form.get("item"))
    token = request.form.get("form_token") or ""
    error = None
    if not text:
        error = _("Write what you want to talk about.")
    elif len(text) > agenda.ITEM_LIMIT:
        error = ngettext(
            "Please keep an item under %(num)d character. You can add more than one item.",
            "Please keep an item under %(num)d characters. You can add more than one item.",
            agenda.ITEM_LIMIT,
        )
    elif len(token) < 20:
        abort(400)
    elif agenda.add_own(consultation, text, request.form.get("lead") or "me", token, page_locale=page_locale()) == (
        agenda.FULL
    ):
        error = _("Your agenda is full. Remove an item to add another.")
    if error:
        return _render_agenda(consultation, error=error, text=text, form_token=token)
    flash(_("Added to your agenda."), "success")
    return _back_to_agenda()


@bp.route("/me/review/agenda/<int:item_id>/move", methods=["POST"])
@child_required
@with_consultation
def agenda_move(item_id: int):
    """Move an item up or down."""
    item = _open_item_or_404(item_id)
    agenda.move(g.consultation, item, -1 if request.form.get("direction") == "up" else 1)
    return _back_to_agenda()


@bp.route("/me/review/agenda/<int:item_id>/remove", methods=["POST"])
@child_required
@with_consultation
def agenda_remove(item_id: int):
    """Take an item off."""
    agenda.remove(g.consultation, _open_item_or_404(item_id))
    flash(_("Taken off your agenda."), "success")
    return _back_to_agenda()


@bp.route("/me/review/agenda/<int:item_id>/lead", methods=["POST"])
@child_required
@with_consultation
def agenda_lead(item_id: int):
    """Say who leads an item: you or your IRO."""
    agenda.set_lead(_open_item_or_404(item_id), request.form.get("lead", ""))
    return _back_to_agenda()


@bp.route("/me/review/agenda/print")
@child_required
@with_consultation
def agenda_print():
    """Your agenda in large text, to print or keep on your phone during the meeting."""
    consultation: Consultation = g.consultation
    return render_template(
        "child/review/agenda_print.html",
        items=consultation.agenda_items,
        label_of=agenda.label_of,
        lead_labels=agenda.LEAD_LABELS,
        review=consultation.review,
    )


@bp.route("/me/review/chairing-tips")
@child_required
def chairing_tips():
    """Short tips for chairing your own review."""
    return render_template("child/review/tips.html", iro=g.child.iro)
