"""Help when a child does not feel safe: the "I don't feel safe" button on every page raises the alert at once,
then shows 999, Childline and the council's out-of-hours number, who has been told, and a box to say more.
The public help page shows the numbers to anyone, before the PIN and after the space has closed."""

from __future__ import annotations

import re

from flask import abort, flash, g, redirect, render_template, request, url_for
from flask_babel import gettext as _

from ...extensions import db
from ...statements import kinds, safety
from ...statements.models import Statement
from ..access import child_answering, public
from . import answering_child, bp, page_locale

# The consultation page to go back to after the help page (a page slug, never an address).
CARRY_ON = re.compile(r"[a-z-]{1,40}")


@bp.route("/me/not-safe", methods=["POST"])
@child_answering
def not_safe():
    """The "I don't feel safe" button on every page: the alert goes at once, then the help is shown."""
    child = answering_child()
    alert = safety.raise_alert(child, safety.BUTTON, page_locale=page_locale())
    if g.get("child_session") is None:
        # The space had closed: the alert is sent; show the help, but nothing of the child's.
        return render_template("child/help.html", alert=None), 200
    return redirect(url_for("child.not_safe_help", statement_id=alert.id), code=303)


@bp.route("/me/not-safe/<int:statement_id>", methods=["GET", "POST"])
@child_answering
def not_safe_help(statement_id: int):
    """What to do now, who has been told, and a box to say more."""
    child = answering_child()
    alert = db.session.get(Statement, statement_id)
    if alert is None or alert.child_id != child.id or alert.kind != kinds.UNSAFE:
        abort(404)
    carry_on = request.args.get("carry_on")
    if request.method == "POST":
        # No length limit here: whatever a child in danger writes is kept.
        safety.add_words(alert, request.form.get("words") or "", page_locale=page_locale())
        if g.get("child_session") is None:
            return redirect(url_for("child.closed", saved=1), code=303)
        flash(_("Thank you for telling us. Your IRO and the duty team can read this now."), "success")
        return redirect(url_for("child.not_safe_help", statement_id=alert.id, carry_on=carry_on), code=303)
    return render_template(
        "child/help.html",
        alert=alert,
        iro=child.iro,
        carry_on=carry_on if carry_on and CARRY_ON.fullmatch(carry_on) else None,
    )


@bp.route("/help")
@public
def help_now():
    """Help straight away, for anyone: the numbers to call. (Raising an alert needs the child's space.)"""
    return render_template("child/help.html", alert=None)
