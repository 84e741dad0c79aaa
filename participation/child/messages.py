"""Saying something any time: good news, a change, a worker's visit, a problem; "I don't feel safe"; and
"my messages", where the child sees what happened to what they sent.

What a child sends goes only to the adults they choose. A form sent just after the space closed by itself
is still saved (to their IRO if they had not chosen yet), so nothing typed is lost.
"""

from __future__ import annotations

import re

from flask import abort, flash, g, redirect, render_template, request, url_for
from flask_babel import gettext as _

from .. import routing, safety, statements
from ..extensions import db
from ..models import Child, Statement
from ..security import child_answering, child_required, new_token, public
from . import answering_child, bp, page_locale

# Addresses use hyphens; the stored kinds use underscores.
SLUGS = {kind.replace("_", "-"): kind for kind in statements.FORMS}
# The consultation page to go back to after the help page (a page slug, never an address).
CARRY_ON = re.compile(r"[a-z-]{1,40}")




@bp.route("/me/say/<slug>", methods=["GET", "POST"])
@child_answering
def say(slug: str):
    """One of the four forms. Saved once however many times Send is tapped."""
    kind = SLUGS.get(slug) or abort(404)
    child = answering_child()
    available = routing.adults_for(child)
    token = request.form.get("form_token") or new_token()
    if request.method == "GET":
        draft = statements.Draft(kind, to=[routing.IRO] if kind != statements.PROBLEM else [])
        return _render_form(draft, available, token)
    draft = statements.read_form(kind, request.form, available)
    if g.get("child_session") is None:
        # The space closed while the child was writing: keep what they wrote, show nothing.
        if not draft.is_empty:
            _send(child, statements.with_defaults(draft, available), token)
        return redirect(url_for("child.closed", saved=1), code=303)
    if draft.errors:
        return _render_form(draft, available, token), 400
    statement, alert = _send(child, draft, token)
    if alert is not None:
        return redirect(url_for("child.not_safe_help", statement_id=alert.id), code=303)
    return redirect(url_for("child.message", statement_id=statement.id, sent=1), code=303)


def _send(child: Child, draft: statements.Draft, token: str):
    statement = statements.send(child, draft, token, page_locale=page_locale())
    alert = safety.raise_alert(child, draft.kind, page_locale=page_locale()) if draft.is_unsafe else None
    return statement, alert


def _render_form(draft: statements.Draft, available: dict, token: str):
    error_links = [(_field_anchor(draft.kind, name), message) for name, message in draft.errors.items()]
    return render_template("child/say/form.html", kind=draft.kind, fields=statements.FORMS[draft.kind],
                           draft=draft, adults=available, token=token, error_links=error_links,
                           child_labels=routing.CHILD_LABELS, kind_label=statements.CHILD_KIND_LABELS[draft.kind],
                           picture=statements.KIND_PICTURES[draft.kind])


def _field_anchor(kind: str, name: str) -> str:
    """Where an error link points: the box itself, or the first option of a set."""
    if name == "to":
        return "to-iro"
    asked = next(each for each in statements.FORMS[kind] if each.name == name)
    return f"{name}-{asked.question.choices[0].key}" if asked.question else name


@bp.route("/me/messages")
@child_required
def messages():
    """Everything I have sent, with where it has got to."""
    items = statements.for_child(g.child)
    return render_template("child/say/messages.html", items=items, status=statements.child_status,
                           kind_labels=statements.CHILD_KIND_LABELS, pictures=statements.KIND_PICTURES)


def _own_statement(statement_id: int) -> Statement:
    statement = db.session.get(Statement, statement_id)
    if statement is None or statement.child_id != g.child.id:
        abort(404)
    return statement


@bp.route("/me/messages/<int:statement_id>")
@child_required
def message(statement_id: int):
    """One thing I sent: my words, who it went to, where it has got to, and the answer for me."""
    statement = _own_statement(statement_id)
    return render_template("child/say/message.html", statement=statement, status=statements.child_status(statement),
                           just_sent=request.args.get("sent") == "1", kind_labels=statements.CHILD_KIND_LABELS,
                           pictures=statements.KIND_PICTURES, your_labels=routing.YOUR_LABELS,
                           fields=statements.FORMS.get(statement.kind, ()))


# --- not feeling safe ---------------------------------------------------------------------------

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
    if alert is None or alert.child_id != child.id or alert.kind != statements.UNSAFE:
        abort(404)
    carry_on = request.args.get("carry_on")
    if request.method == "POST":
        # No length limit here: whatever a child in danger writes is kept.
        safety.add_words(alert, request.form.get("words") or "", page_locale=page_locale())
        if g.get("child_session") is None:
            return redirect(url_for("child.closed", saved=1), code=303)
        flash(_("Thank you for telling us. Your IRO and the duty team can read this now."), "success")
        return redirect(url_for("child.not_safe_help", statement_id=alert.id, carry_on=carry_on), code=303)
    return render_template("child/help.html", alert=alert, iro=child.iro,
                           carry_on=carry_on if carry_on and CARRY_ON.fullmatch(carry_on) else None)


@bp.route("/help")
@public
def help_now():
    """Help straight away, for anyone: the numbers to call. (Raising an alert needs the child's space.)"""
    return render_template("child/help.html", alert=None)
