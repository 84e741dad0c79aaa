"""Statements from children, as the adults they were sent to see them: a list, each one, and the actions on it
(acknowledge, start work, note, outcome, passed on).

Who may read which statement is decided by `statements.reading`; anyone else gets a 404. Every opening is
written to the audit trail.
"""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from sqlalchemy import and_, case, select
from sqlalchemy.orm import selectinload

from ...consultation.question_sets import QUESTION_SETS
from ...extensions import db
from ...forms.choices import MOODS
from ...people.adults import adults_for
from ...people.models import Role
from ...platform.clock import today
from ...platform.i18n import needs_translating
from ...records import permissions
from ...statements import kinds, readers, reading, routing, safety, tracking
from ...statements.models import Statement, StatementRecipient
from ..access import signed_in_staff, staff_required
from . import bp
from .forms import ConfirmForm, StatementNoteForm, StatementOutcomeForm

LIST_LIMIT = 200
VIEWS = {
    "open": lambda on: Statement.status.in_(tracking.OPEN),
    "overdue": tracking.overdue_clause,
    "all": None,
}


@bp.route("/statements")
@staff_required(*reading.STAFF_ROLES)
def statements():
    """Statements from children: open ones first (urgent at the top), or overdue ones, or all."""
    me = signed_in_staff()
    view = request.args.get("show", "open")
    if view == "pass_on" and me.role == Role.PARTICIPATION:
        condition = Statement.id.in_(
            select(StatementRecipient.statement_id).where(
                StatementRecipient.via_participation.is_(True), StatementRecipient.passed_on_at.is_(None)
            )
        )
    else:
        view = view if view in VIEWS else "open"
        make = VIEWS[view]
        condition = make(today()) if make else Statement.id.is_not(None)
    items = db.session.scalars(
        select(Statement)
        .where(readers.visible_to(me), condition)
        .options(selectinload(Statement.child), selectinload(Statement.recipients))
        # Urgent alerts nobody has acknowledged come first, then the newest.
        .order_by(
            case((and_(Statement.urgent.is_(True), Statement.status == tracking.NEW), 0), else_=1),
            Statement.created_at.desc(),
        )
        .limit(LIST_LIMIT)
    ).all()
    return render_template(
        "staff/statements.html",
        items=items,
        view=view,
        today=today(),
        kind_labels=kinds.KIND_LABELS,
        status_labels=tracking.STATUS_LABELS,
        is_overdue=tracking.is_overdue,
        next_due=tracking.next_due,
        role_labels=routing.STAFF_LABELS,
    )


@bp.route("/statements/<int:statement_id>")
@staff_required(*reading.STAFF_ROLES)
def statement(statement_id: int):
    """One statement: the child's words as written, who it went to, its timeline, and what to do next."""
    item = reading.readable_by(statement_id, signed_in_staff())
    reading.open_for(item, signed_in_staff())
    return _render(item, StatementNoteForm(), StatementOutcomeForm())


def _question_labels() -> dict[str, object]:
    """Every question's words by key, to say where an alert came from (the consultation's, then the forms')."""
    labels: dict[str, object] = {}
    for question_set in QUESTION_SETS.values():
        labels.update({question.key: question.label for question in question_set.questions()})
    for asked in kinds.FORMS.values():
        labels.update({question.key: question.label for question in asked})
    return labels


def _render(item: Statement, note_form, outcome_form, status: int = 200):
    me = signed_in_staff()
    return render_template(
        "staff/statement.html",
        item=item,
        note_form=note_form,
        outcome_form=outcome_form,
        form=ConfirmForm(),
        words_visible=readers.may_read_words(item, me),
        contacts=adults_for(item.child),
        context_words=safety.context_words(item),
        question_labels=_question_labels(),
        mood_labels={choice.key: choice.label for choice in MOODS},
        kind_labels=kinds.KIND_LABELS,
        status_labels=tracking.STATUS_LABELS,
        event_labels=tracking.EVENT_LABELS,
        role_labels=routing.STAFF_LABELS,
        overdue=tracking.is_overdue(item),
        topic_labels=kinds.TOPIC_LABELS,
        resolution_labels=kinds.RESOLUTION_LABELS,
        questions=kinds.FORMS.get(item.kind, ()),
        is_participation=me.role == Role.PARTICIPATION,
        may_export=permissions.may_export(item.child, me),
        needs_translating=needs_translating,
    ), status


def _back(item: Statement):
    return redirect(url_for("staff.statement", statement_id=item.id), code=303)


@bp.route("/statements/<int:statement_id>/acknowledge", methods=["POST"])
@staff_required(*reading.STAFF_ROLES)
def acknowledge_statement(statement_id: int):
    """Acknowledge: the child sees that it has been read by you."""
    item = reading.readable_by(statement_id, signed_in_staff())
    if ConfirmForm().validate_on_submit() and tracking.acknowledge(item, signed_in_staff()):
        flash(_("Acknowledged. The child can see that you have read it."), "success")
    return _back(item)


@bp.route("/statements/<int:statement_id>/start", methods=["POST"])
@staff_required(*reading.STAFF_ROLES)
def start_statement(statement_id: int):
    """Say someone is working on it."""
    item = reading.readable_by(statement_id, signed_in_staff())
    if ConfirmForm().validate_on_submit() and tracking.start_work(item, signed_in_staff()):
        flash(_("Marked as in progress. The child can see that someone is working on it."), "success")
    return _back(item)


@bp.route("/statements/<int:statement_id>/note", methods=["POST"])
@staff_required(*reading.STAFF_ROLES)
def note_statement(statement_id: int):
    """Add a note for staff (never shown to the child)."""
    item = reading.readable_by(statement_id, signed_in_staff())
    form = StatementNoteForm()
    if not form.validate_on_submit():
        return _render(item, form, StatementOutcomeForm(formdata=None), 400)
    tracking.add_note(item, signed_in_staff(), form.note.data)
    flash(_("Note added."), "success")
    return _back(item)


@bp.route("/statements/<int:statement_id>/outcome", methods=["POST"])
@staff_required(*reading.STAFF_ROLES)
def outcome_statement(statement_id: int):
    """Record the outcome: what the child will read, and an internal note."""
    item = reading.readable_by(statement_id, signed_in_staff())
    if item.status not in tracking.OPEN:
        flash(_("This has already been finished."), "info")
        return _back(item)
    form = StatementOutcomeForm()
    if not form.validate_on_submit():
        return _render(item, StatementNoteForm(formdata=None), form, 400)
    tracking.record_outcome(item, signed_in_staff(), form.final.data, form.for_child.data, form.note.data or None)
    flash(_("Outcome recorded. The child can read it in their messages."), "success")
    return _back(item)


@bp.route("/statements/<int:statement_id>/passed-on/<role>", methods=["POST"])
@staff_required(Role.PARTICIPATION)
def pass_on_statement(statement_id: int, role: str):
    """The participation team has passed it on to an adult who has no account."""
    item = reading.readable_by(statement_id, signed_in_staff())
    if role not in routing.RECIPIENT_ROLES:
        abort(404)
    if ConfirmForm().validate_on_submit() and tracking.pass_on(item, role, signed_in_staff()):
        flash(_("Marked as passed on."), "success")
    return _back(item)
