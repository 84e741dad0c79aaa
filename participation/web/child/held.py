"""Forms a child sent after their space closed by itself, shown to them once they give their PIN again: carry on
with each (the form opens filled in, and nothing is used until they send it themselves) or throw it away."""

from __future__ import annotations

from flask import abort, flash, g, redirect, render_template, request, url_for
from flask_babel import gettext as _
from werkzeug.datastructures import MultiDict

from ...people import held
from ...people.models import HeldSubmission
from ...statements.kinds import CHILD_KIND_LABELS
from ..access import child_required
from ..inputs import number_arg
from . import bp


def kept_form(kind: str, target: str | None = None) -> tuple[int | None, MultiDict | None]:
    """The held form the child chose to carry on with (``?held=<id>``), if it is this one: its id and fields."""
    kept = held.own(g.child, number_arg("held"))
    if kept is None or kept.kind != kind or (target is not None and kept.target != target):
        return None, None
    return kept.id, MultiDict([(name, value) for name, values in held.fields_of(kept).items() for value in values])


def used_up() -> None:
    """The child has now sent the form they carried on with: it is no longer held."""
    kept = held.own(g.child, number_arg("held"))
    if kept is not None:
        held.forget(kept)


def form_url(kept: HeldSubmission) -> str:
    """Where the child carries on with a held form: the same form, filled in."""
    if kept.kind == held.CONSULTATION_PAGE:
        return url_for("child.review_step", slug=kept.target or "", held=kept.id)
    if kept.kind == held.STATEMENT:
        return url_for("child.new_statement", slug=kept.target or "problem", held=kept.id)
    if kept.kind == held.ADDITION:
        return url_for("child.review_add", held=kept.id)
    return url_for("child.review_feedback", held=kept.id)


@bp.route("/me/held", methods=["GET", "POST"])
@child_required
def held_forms():
    """What you wrote while your space was closed: nothing has been sent or changed yet."""
    waiting = held.waiting(g.child)
    if request.method == "POST":
        kept = held.own(g.child, number_arg("held")) or abort(404)
        if request.form.get("action") == "carry_on":
            return redirect(form_url(kept), code=303)
        held.forget(kept)
        flash(_("Thrown away. Nothing was sent."), "success")
        return redirect(url_for("child.held_forms") if len(waiting) > 1 else url_for("child.home"), code=303)
    if not waiting:
        return redirect(url_for("child.home"))
    return render_template("child/held.html", waiting=waiting, kind_labels=CHILD_KIND_LABELS)
