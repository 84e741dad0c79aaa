"""The retention page: what is kept and for how long, what is due now, the last runs of the retention job, and
legal holds on children's records (administrators and the participation team)."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from sqlalchemy import select

from ...extensions import db
from ...jobs import retention as retention_job
from ...people import legal_hold
from ...people.models import Child, Role
from ...platform.retention import ACTION_LABELS, period_days
from ..access import signed_in_staff, staff_required
from . import bp
from .records_forms import LegalHoldForm, LiftHoldForm


def _lift_form(child: Child) -> LiftHoldForm:
    # One form per held child on the page: the prefix keeps their fields' ids apart.
    return LiftHoldForm(prefix=f"lift-{child.id}")


def _page(hold_form: LegalHoldForm | None = None, lift_forms: dict | None = None, status: int = 200):
    held = legal_hold.held_children()
    forms = {child.id: _lift_form(child) for child in held}
    forms.update(lift_forms or {})
    page = render_template(
        "staff/admin/retention.html",
        due=retention_job.due_now(),
        period_days=period_days,
        action_labels=ACTION_LABELS,
        runs=retention_job.last_runs(),
        held=held,
        set_by=legal_hold.set_by,
        hold_form=hold_form or LegalHoldForm(),
        lift_forms=forms,
    )
    return page, status


@bp.route("/admin/retention")
@staff_required(Role.ADMIN, Role.PARTICIPATION)
def retention():
    """The retention policy, what is due now, the last runs and the children on legal hold."""
    return _page()


def _find(reference: str) -> Child | None:
    child = db.session.scalar(select(Child).where(Child.case_reference == reference))
    if child is None and reference.isdigit():
        child = db.session.get(Child, int(reference))
    return child


@bp.route("/admin/retention/holds", methods=["POST"])
@staff_required(Role.ADMIN, Role.PARTICIPATION)
def place_legal_hold():
    """Put a legal hold on a child's records, with its reason (audited)."""
    form = LegalHoldForm()
    if not form.validate_on_submit():
        return _page(hold_form=form, status=400)
    child = _find(form.reference.data)
    if child is None:
        form.reference.errors = [_("No child has that case reference or record number.")]
        return _page(hold_form=form, status=400)
    if not legal_hold.place(child, form.reason.data, signed_in_staff()):
        form.reference.errors = [_("This child's records are already on legal hold.")]
        return _page(hold_form=form, status=409)
    flash(
        _("Child %(number)d's records are on legal hold: nothing about them will be deleted.", number=child.id),
        "success",
    )
    return redirect(url_for("staff.retention", _anchor="holds"), code=303)


@bp.route("/admin/retention/holds/<int:child_id>/lift", methods=["POST"])
@staff_required(Role.ADMIN, Role.PARTICIPATION)
def lift_legal_hold(child_id: int):
    """Lift a child's legal hold, saying why (audited); the retention policy applies to them again."""
    child = db.session.get(Child, child_id)
    if child is None or not child.on_legal_hold:
        abort(404)
    form = _lift_form(child)
    if not form.validate_on_submit():
        return _page(lift_forms={child.id: form}, status=400)
    legal_hold.lift(child, form.reason.data, signed_in_staff())
    flash(_("The legal hold on child %(number)d's records has been lifted.", number=child.id), "success")
    return redirect(url_for("staff.retention", _anchor="holds"), code=303)
