"""Saying something any time (good news, a change, a worker's visit, a problem) and "my messages", where a
child sees what happened to each statement they sent.

What a child sends goes only to the adults they choose. A form sent just after the space closed by itself
is still saved (to their IRO if they had not chosen yet), so nothing typed is lost.
"""

from __future__ import annotations

from flask import abort, g, redirect, render_template, request, url_for

from ...people import adults as people_adults
from ...people.models import Child
from ...platform.crypto import new_token
from ...statements import intake, kinds, reading, routing, safety
from ...statements.models import Statement
from ..access import child_answering, child_required
from . import answering_child, bp, page_locale

# Addresses use hyphens; the stored kinds use underscores.
SLUGS = {kind.replace("_", "-"): kind for kind in kinds.FORMS}


@bp.route("/me/statements/new/<slug>", methods=["GET", "POST"])
@child_answering
def new_statement(slug: str):
    """One of the four forms. Saved once however many times Send is tapped."""
    kind = SLUGS.get(slug) or abort(404)
    child = answering_child()
    available = people_adults.adults_for(child)
    token = request.form.get("form_token") or new_token()
    if request.method == "GET":
        draft = intake.Draft(kind, to=[routing.IRO] if kind != kinds.PROBLEM else [])
        return _render_form(draft, available, token)
    draft = intake.read_form(kind, request.form, available)
    if g.get("child_session") is None:
        # The space closed while the child was writing: keep what they wrote, show nothing.
        if not draft.is_empty:
            _send(child, intake.with_defaults(draft), token)
        return redirect(url_for("child.closed", saved=1), code=303)
    if draft.errors:
        return _render_form(draft, available, token), 400
    statement, alert = _send(child, draft, token)
    if alert is not None:
        return redirect(url_for("child.not_safe_help", statement_id=alert.id), code=303)
    return redirect(url_for("child.statement", statement_id=statement.id, sent=1), code=303)


def _send(child: Child, draft: intake.Draft, token: str) -> tuple[Statement, Statement | None]:
    statement = intake.send(child, draft, token, page_locale=page_locale())
    alert = safety.raise_alert(child, draft.kind, page_locale=page_locale()) if draft.is_unsafe else None
    return statement, alert


def _render_form(draft: intake.Draft, available: dict, token: str):
    return render_template(
        "child/statements/form.html",
        kind=draft.kind,
        questions=kinds.FORMS[draft.kind],
        draft=draft,
        adults=available,
        token=token,
        error_links=intake.error_links(draft),
        child_labels=routing.CHILD_LABELS,
        kind_label=kinds.CHILD_KIND_LABELS[draft.kind],
        picture=kinds.KIND_PICTURES[draft.kind],
    )


@bp.route("/me/statements")
@child_required
def statements():
    """Everything I have sent, with where it has got to."""
    return render_template(
        "child/statements/list.html",
        items=reading.for_child(g.child),
        status=reading.child_status,
        kind_labels=kinds.CHILD_KIND_LABELS,
        pictures=kinds.KIND_PICTURES,
    )


@bp.route("/me/statements/<int:statement_id>")
@child_required
def statement(statement_id: int):
    """One thing I sent: my words, who it went to, where it has got to, and the answer for me."""
    item = reading.own(g.child, statement_id)
    return render_template(
        "child/statements/one.html",
        statement=item,
        status=reading.child_status(item),
        just_sent=request.args.get("sent") == "1",
        kind_labels=kinds.CHILD_KIND_LABELS,
        pictures=kinds.KIND_PICTURES,
        your_labels=routing.YOUR_LABELS,
        questions=kinds.FORMS.get(item.kind, ()),
    )
