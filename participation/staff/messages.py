"""What children raise, as the adults they sent it to see it: a list, each item, and the actions on it
(acknowledge, start work, note, outcome, passed on).

An IRO, social worker or team manager sees only what was sent to them; anything else is a 404. The
participation team sees everything, so that nothing sent to an adult without an account is lost. Every
opening of an item is written to the audit trail.
"""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from .. import audit, consultations, routing, statements, tracking
from ..extensions import db
from ..models import Role, StaffUser, Statement, StatementRecipient
from ..security import staff_required
from . import bp
from .forms import ConfirmForm, StatementNoteForm, StatementOutcomeForm

READERS = (Role.IRO, Role.SOCIAL_WORKER, Role.TEAM_MANAGER, Role.PARTICIPATION)
LIST_LIMIT = 200
VIEWS = {
    "open": lambda on: Statement.status.in_(tracking.OPEN),
    "overdue": tracking.overdue_clause,
    "all": None,
}


def visible_to(user: StaffUser):
    """SQL: the statements ``user`` may read (participation officers: all of them)."""
    if user.role == Role.PARTICIPATION:
        return Statement.id.is_not(None)
    return Statement.id.in_(select(StatementRecipient.statement_id).where(StatementRecipient.staff_id == user.id))


def statement_or_404(statement_id: int, user: StaffUser) -> Statement:
    """The statement if ``user`` was sent it (or is a participation officer); otherwise 404."""
    statement = db.session.get(Statement, statement_id)
    if statement is None:
        abort(404)
    if user.role != Role.PARTICIPATION and statements.recipient_for(statement, user) is None:
        abort(404)
    return statement


@bp.route("/messages")
@staff_required(*READERS)
def messages():
    """Messages from children: open ones first (urgent at the top), or overdue ones, or all."""
    view = request.args.get("show", "open")
    if view == "pass_on" and current_user.role == Role.PARTICIPATION:
        condition = Statement.id.in_(select(StatementRecipient.statement_id).where(
            StatementRecipient.via_participation.is_(True), StatementRecipient.passed_on_at.is_(None)))
    else:
        view = view if view in VIEWS else "open"
        make = VIEWS[view]
        condition = make(tracking.today()) if make else Statement.id.is_not(None)
    items = db.session.scalars(
        select(Statement).where(visible_to(current_user), condition)
        .options(selectinload(Statement.child), selectinload(Statement.recipients))
        .order_by(Statement.urgent.desc(), Statement.created_at.desc())
        .limit(LIST_LIMIT)
    ).all()
    return render_template("staff/messages.html", items=items, view=view, today=tracking.today(),
                           kind_labels=statements.KIND_LABELS, status_labels=tracking.STATUS_LABELS,
                           is_overdue=tracking.is_overdue, next_due=tracking.next_due,
                           role_labels=routing.STAFF_LABELS)


@bp.route("/messages/<int:statement_id>")
@staff_required(*READERS)
def statement(statement_id: int):
    """One item: the child's words as written, who it went to, its timeline, and what to do next."""
    item = statement_or_404(statement_id, current_user)
    audit.record("statement.read", item.child, detail=f"statement {item.id}")
    tracking.mark_read(item, current_user)
    return _render(item, StatementNoteForm(), StatementOutcomeForm())


def _render(item: Statement, note_form, outcome_form, status: int = 200):
    return render_template(
        "staff/statement.html", item=item, note_form=note_form, outcome_form=outcome_form, form=ConfirmForm(),
        kind_labels=statements.KIND_LABELS, status_labels=tracking.STATUS_LABELS,
        event_labels=tracking.EVENT_LABELS, role_labels=routing.STAFF_LABELS,
        overdue=tracking.is_overdue(item), topic_labels={c.key: c.label for c in statements.TOPICS},
        resolution_labels=statements.RESOLUTION_LABELS, fields=statements.FORMS.get(item.kind, ()),
        is_participation=current_user.role == Role.PARTICIPATION, needs_translating=consultations.needs_translating,
    ), status


def _back(item: Statement):
    return redirect(url_for("staff.statement", statement_id=item.id), code=303)


@bp.route("/messages/<int:statement_id>/acknowledge", methods=["POST"])
@staff_required(*READERS)
def acknowledge_statement(statement_id: int):
    """Acknowledge: the child sees that it has been read by you."""
    item = statement_or_404(statement_id, current_user)
    if ConfirmForm().validate_on_submit() and tracking.acknowledge(item, current_user):
        audit.record("statement.acknowledged", item.child, detail=f"statement {item.id}")
        flash(_("Acknowledged. The child can see that you have read it."), "success")
    return _back(item)


@bp.route("/messages/<int:statement_id>/start", methods=["POST"])
@staff_required(*READERS)
def start_statement(statement_id: int):
    """Say someone is working on it."""
    item = statement_or_404(statement_id, current_user)
    if ConfirmForm().validate_on_submit() and item.status in (tracking.NEW, tracking.ACKNOWLEDGED):
        tracking.start_work(item, current_user)
        audit.record("statement.updated", item.child, detail=f"statement {item.id}: in progress")
        flash(_("Marked as in progress. The child can see that someone is working on it."), "success")
    return _back(item)


@bp.route("/messages/<int:statement_id>/note", methods=["POST"])
@staff_required(*READERS)
def note_statement(statement_id: int):
    """Add a note for staff (never shown to the child)."""
    item = statement_or_404(statement_id, current_user)
    form = StatementNoteForm()
    if not form.validate_on_submit():
        return _render(item, form, StatementOutcomeForm(formdata=None), 400)
    tracking.add_note(item, current_user, form.note.data.strip())
    audit.record("statement.updated", item.child, detail=f"statement {item.id}: note")
    flash(_("Note added."), "success")
    return _back(item)


@bp.route("/messages/<int:statement_id>/outcome", methods=["POST"])
@staff_required(*READERS)
def outcome_statement(statement_id: int):
    """Record the outcome: what the child will read, and an internal note."""
    item = statement_or_404(statement_id, current_user)
    if item.status not in tracking.OPEN:
        flash(_("This has already been finished."), "info")
        return _back(item)
    form = StatementOutcomeForm()
    if not form.validate_on_submit():
        return _render(item, StatementNoteForm(formdata=None), form, 400)
    tracking.record_outcome(item, current_user, form.final.data, form.for_child.data.strip(),
                            (form.note.data or "").strip() or None)
    audit.record("statement.outcome_recorded", item.child, detail=f"statement {item.id}: {item.status}")
    flash(_("Outcome recorded. The child can read it in their messages."), "success")
    return _back(item)


@bp.route("/messages/<int:statement_id>/passed-on/<role>", methods=["POST"])
@staff_required(Role.PARTICIPATION)
def pass_on_statement(statement_id: int, role: str):
    """The participation team has passed it on to an adult who has no account."""
    item = statement_or_404(statement_id, current_user)
    if role not in routing.RECIPIENT_ROLES:
        abort(404)
    if ConfirmForm().validate_on_submit() and tracking.pass_on(item, role, current_user):
        audit.record("statement.passed_on", item.child, detail=f"statement {item.id}: {role}")
        flash(_("Marked as passed on."), "success")
    return _back(item)
