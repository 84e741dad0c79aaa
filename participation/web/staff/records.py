"""A child's records as a whole: find a child, download everything held about them (subject access, as PDF
and JSON), one consultation or one statement as a PDF for the child's case file, and erase a child.

Who may do what is `records.permissions` (the allocated IRO and the participation team download; the
participation team and administrators erase); anyone else gets a 404. Every download is audited.
"""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from sqlalchemy import select

from ...consultation import agenda, questions, summary
from ...consultation import answers as consultations
from ...extensions import db
from ...forms.choices import MOODS
from ...people.models import Child, Role
from ...platform import audit
from ...platform.clock import today
from ...platform.i18n import needs_translating, org_name
from ...records import erasure, gathering, machine_readable, permissions
from ...reviews import outcomes, scheduling
from ...reviews.models import Review
from ...statements import kinds, routing, tracking
from ...statements.models import Statement
from .. import downloads
from ..access import signed_in_staff, staff_required
from . import bp
from .records_forms import EraseChildForm, FindChildForm
from .statements import _question_labels

EXPORTERS = (Role.IRO, Role.PARTICIPATION)


def _reference(child: Child) -> str:
    return child.case_reference or f"record-{child.id}"


def _pdf(gathered: gathering.Gathered) -> bytes:
    """The PDF of ``gathered``, in the staff member's page language."""
    child = gathered.child
    if child.case_reference:
        reference = _("Case reference %(reference)s", reference=child.case_reference)
    else:
        reference = _("Record number %(number)s", number=child.id)
    html = render_template(
        "staff/records/document.html",
        gathered=gathered,
        org_name=org_name(),
        # The pages' margins: the council, the child's reference and "Page 1 of 3" (CSS strings).
        page_org=downloads.css_string(org_name()),
        page_reference=downloads.css_string(reference),
        page_numbers=downloads.css_content(_("Page %(page)s of %(pages)s"), page="page", pages="pages"),
        question_labels=_question_labels(),
        review_kinds=scheduling.KIND_LABELS,
        participation_codes=outcomes.PARTICIPATION_CODES,
        attendance_labels=outcomes.ATTENDANCE,
        chairing_labels=outcomes.CHAIRING,
        venue_labels={choice.key: choice.label for choice in questions.VENUES},
        statement_kinds=kinds.KIND_LABELS,
        status_labels=tracking.STATUS_LABELS,
        event_labels=tracking.EVENT_LABELS,
        role_labels=routing.STAFF_LABELS,
        resolution_labels=kinds.RESOLUTION_LABELS,
        mood_labels={choice.key: choice.label for choice in MOODS},
        forms_of=kinds.FORMS,
        audit_labels=audit.action_labels(),
        typed_fields=machine_readable.typed_fields,
        # What the consultation macros (`_answers.html`) read, as on the IRO's own page.
        agenda_label=agenda.label_of,
        lead_labels=agenda.LEAD_LABELS,
        share_labels=consultations.SHARE_LABELS,
        share_of=summary.share_of,
        needs_translating=needs_translating,
        invite_answers=questions.INVITE_ANSWERS,
        language_options=questions.interpreter_languages(),
    )
    return downloads.pdf_from(html)


# --- finding a child ----------------------------------------------------------------------------


@bp.route("/records")
@staff_required(Role.PARTICIPATION, Role.ADMIN)
def find_child_records():
    """Find a child by case reference or record number, to answer a subject access request or erase them."""
    form = FindChildForm(request.args)
    if "reference" in request.args and form.validate():
        reference = form.reference.data
        child = db.session.scalar(select(Child).where(Child.case_reference == reference))
        if child is None and reference.isdigit():
            child = db.session.get(Child, int(reference))
        if child is not None:
            return redirect(url_for("staff.child_records", child_id=child.id), code=303)
        form.reference.errors = [_("No child has that case reference or record number.")]
    return render_template("staff/records/find.html", form=form)


@bp.route("/children/<int:child_id>/records")
@staff_required(Role.IRO, Role.PARTICIPATION, Role.ADMIN)
def child_records(child_id: int):
    """What is held about a child, with the downloads and (for the participation team and administrators)
    erasure."""
    me = signed_in_staff()
    child = permissions.child_for(child_id, me)
    audit.record("child.viewed", actor=me, child=child, detail="records")
    counts = {
        "reviews": db.session.query(Review).filter(Review.child_id == child.id).count(),
        "statements": db.session.query(Statement).filter(Statement.child_id == child.id).count(),
    }
    return render_template(
        "staff/records/child.html",
        child=child,
        counts=counts,
        may_export=permissions.may_export(child, me),
        may_erase=permissions.may_erase(me),
    )


# --- downloads ----------------------------------------------------------------------------------


@bp.route("/children/<int:child_id>/subject-access.<fmt>")
@staff_required(*EXPORTERS)
def subject_access(child_id: int, fmt: str):
    """Everything held about the child, as a readable PDF or as JSON."""
    if fmt not in ("pdf", "json"):
        abort(404)
    me = signed_in_staff()
    child = permissions.exportable(db.session.get(Child, child_id), me)
    gathered = gathering.everything_about(child, me)
    audit.record("child.subject_access_exported", actor=me, child=child, detail=fmt)
    name = downloads.file_name("subject-access", _reference(child), today(), fmt)
    if fmt == "json":
        return downloads.attachment(machine_readable.as_json(gathered), downloads.JSON, name)
    return downloads.attachment(_pdf(gathered), downloads.PDF, name)


@bp.route("/reviews/<int:review_id>/consultation.pdf")
@staff_required(*EXPORTERS)
def consultation_pdf(review_id: int):
    """One consultation (what the child said before one review) as a PDF for the child's case file."""
    me = signed_in_staff()
    review = db.session.get(Review, review_id)
    permissions.exportable(review.child if review else None, me)
    assert review is not None
    if review.consultation is None or review.consultation.submitted_at is None:
        abort(404)
    gathered = gathering.one_consultation(review, me)
    audit.record("consultation.exported", actor=me, child=review.child, detail=f"review {review.id}")
    on = review.held_on or scheduling.review_day(review)
    name = downloads.file_name("consultation", _reference(review.child), on, "pdf")
    return downloads.attachment(_pdf(gathered), downloads.PDF, name)


@bp.route("/statements/<int:statement_id>/export.pdf")
@staff_required(*EXPORTERS)
def statement_pdf(statement_id: int):
    """One thing the child raised, with its whole history, as a PDF for the child's case file."""
    me = signed_in_staff()
    item = db.session.get(Statement, statement_id)
    permissions.exportable(item.child if item else None, me)
    assert item is not None
    gathered = gathering.one_statement(item, me)
    audit.record("statement.exported", actor=me, child=item.child, detail=f"statement {item.id}")
    name = downloads.file_name(f"statement-{item.id}", _reference(item.child), item.created_at.date(), "pdf")
    return downloads.attachment(_pdf(gathered), downloads.PDF, name)


# --- erasure ------------------------------------------------------------------------------------


@bp.route("/children/<int:child_id>/erase", methods=["GET", "POST"])
@staff_required(*permissions.ERASERS)
def erase_child(child_id: int):
    """Erase a child and everything about them, once their preferred name is typed and a reason given."""
    me = signed_in_staff()
    child = permissions.child_for(child_id, me)
    form = EraseChildForm()
    if not child.on_legal_hold and form.validate_on_submit():
        try:
            erasure.erase(child, me, form.name.data, form.reason.data)
        except erasure.NameDoesNotMatch:
            form.name.errors = [_("That is not the child's preferred name. Type it exactly as it is shown above.")]
        except erasure.OnLegalHold:
            pass  # set a moment ago: the page below says so
        else:
            flash(_("The child and everything about them have been erased."), "success")
            return redirect(url_for("staff.find_child_records"), code=303)
    status = 409 if child.on_legal_hold and form.is_submitted() else 400 if form.errors else 200
    return render_template("staff/records/erase.html", child=child, form=form), status
