"""Saying something any time (good news, a change, a worker's visit, a problem) and "my messages", where a
child sees what happened to each statement they sent.

What a child sends goes only to the adults they choose, and the form says beforehand exactly who can read it,
from the same rule the server keeps (`statements.readers`). A form sent just after the space closed by itself
changes nothing: it is held until the child gives their PIN again (see `web.access.child_holding`).
"""

from __future__ import annotations

from flask import abort, g, redirect, render_template, request, url_for

from ...people import adults as people_adults
from ...people import held
from ...people.adults import Adult
from ...platform.crypto import new_token
from ...platform.exceptions import TooMuch
from ...statements import intake, kinds, readers, reading, routing
from ..access import child_holding, child_required
from ..inputs import number_arg
from . import bp, page_locale, too_much
from .held import kept_form, used_up

# Addresses use hyphens; the stored kinds use underscores.
SLUGS = {kind.replace("_", "-"): kind for kind in kinds.FORMS}


@bp.route("/me/statements/new/<slug>", methods=["GET", "POST"])
@child_holding(held.STATEMENT, target="slug")
def new_statement(slug: str):
    """One of the four forms. Saved once however many times Send is tapped."""
    kind = SLUGS.get(slug) or abort(404)
    child = g.child
    available = people_adults.adults_for(child)
    token = request.form.get("form_token") or new_token()
    if request.method == "GET":
        held_id, kept = kept_form(held.STATEMENT, slug)
        if kept is not None:
            draft = intake.read_form(kind, kept, available)
            draft.errors = {}
            token = kept.get("form_token") or token
        else:
            draft = intake.Draft(kind, to=[routing.IRO] if kind != kinds.PROBLEM else [])
        return _render_form(draft, available, token, held_id)
    draft = intake.read_form(kind, request.form, available)
    if draft.errors:
        return _render_form(draft, available, token, number_arg("held")), 400
    try:
        statement = intake.send(child, draft, token, page_locale=page_locale())
    except TooMuch:
        draft.errors["words"] = too_much()
        return _render_form(draft, available, token, number_arg("held")), 429
    used_up()
    if draft.is_unsafe:
        # "Scared" or "I don't feel safe": one kind question first.
        return redirect(url_for("child.safety_check", source="statement", id=statement.id), code=303)
    return redirect(url_for("child.statement", statement_id=statement.id, sent=1), code=303)


def form_promise(kind: str, available: dict[str, Adult]) -> dict:
    """What the form says about who will read it, from the same rule the server keeps: what ticking each
    adult adds, what happens whatever is ticked, and (for a problem) what a formal complaint adds."""
    nobody = readers.readers_for_choice(kind, [], available)
    per_role = {}
    for role in available:
        added = [reader for reader in readers.readers_for_choice(kind, [role], available) if reader not in nobody]
        per_role[role] = [reader for reader in added if reader.audience != role]
    formal = [reader for reader in readers.readers_for_choice(kind, [], available, formal=True) if reader not in nobody]
    return {
        "per_role": per_role,
        "always": readers.promise(nobody),
        "formal": readers.promise(formal)[:-1],
        "names": readers.names,
    }


def _render_form(draft: intake.Draft, available: dict, token: str, held_id: int | None = None):
    return render_template(
        "child/statements/form.html",
        kind=draft.kind,
        questions=kinds.FORMS[draft.kind],
        draft=draft,
        adults=available,
        token=token,
        held_id=held_id,
        error_links=intake.error_links(draft),
        child_labels=routing.CHILD_LABELS,
        kind_label=kinds.CHILD_KIND_LABELS[draft.kind],
        picture=kinds.KIND_PICTURES[draft.kind],
        promise=form_promise(draft.kind, available),
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
        promise=readers.promise(readers.readers_of(item)),
        statement=item,
        status=reading.child_status(item),
        just_sent=request.args.get("sent") == "1",
        kind_labels=kinds.CHILD_KIND_LABELS,
        pictures=kinds.KIND_PICTURES,
        your_labels=routing.YOUR_LABELS,
        questions=kinds.FORMS.get(item.kind, ()),
    )
