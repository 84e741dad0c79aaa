"""The IRO's pages: caseload, a child's record and link, and reviews.

An IRO only ever reaches the children allocated to them; any other child is a 404.
"""

from __future__ import annotations

from datetime import date

from flask import current_app, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from sqlalchemy import select
from wtforms.fields.choices import SelectChoice

from ...consultation import answers as consultations
from ...consultation import sending
from ...extensions import db
from ...people import child_secret, children
from ...people.models import Child, Role, StaffUser
from ...platform import audit, outbox
from ...platform.clock import local_day, to_local, today, utcnow
from ...platform.i18n import DEFAULT_LOCALE, child_locale
from ...platform.qr import svg_data_uri
from ...platform.urls import in_language
from ...reviews import scheduling, timescales
from ...statements import reading
from ..access import signed_in_staff, staff_required
from . import bp
from .forms import ChildForm, ConfirmForm, EmailLinkForm, ReviewForm

CASELOAD_LIMIT = 300


def _iro_choices() -> list[SelectChoice]:
    iros = db.session.scalars(
        select(StaffUser).where(StaffUser.role == Role.IRO, StaffUser.active.is_(True)).order_by(StaffUser.name)
    ).all()
    return [SelectChoice(iro.id, iro.name) for iro in iros]


@bp.route("/caseload")
@staff_required(Role.IRO)
def caseload():
    """The children allocated to me, with each one's next review."""
    me = signed_in_staff()
    upcoming = scheduling.next_review_subquery()
    rows = db.session.execute(
        select(Child, upcoming.c.scheduled_for)
        .outerjoin(upcoming, upcoming.c.child_id == Child.id)
        .where(Child.iro_id == me.id)
        .order_by(Child.preferred_name)
        .limit(CASELOAD_LIMIT)
    ).all()
    return render_template(
        "staff/caseload.html",
        rows=rows,
        secret_status=child_secret.secret_status,
        waiting=sending.waiting_for_iro(me.id),
        to_record=scheduling.awaiting_outcome(me.id),
        unread=reading.unread_for(me),
    )


def _fill_child(child: Child, form: ChildForm) -> None:
    child.preferred_name = form.preferred_name.data
    child.date_of_birth = form.date_of_birth.data
    child.preferred_language = form.preferred_language.data
    child.looked_after_since = form.looked_after_since.data
    child.left_care_on = form.left_care_on.data
    child.iro_id = form.iro_id.data
    for field in (
        "social_worker_name",
        "social_worker_email",
        "team_manager_name",
        "team_manager_email",
        "case_reference",
    ):
        value = getattr(form, field).data
        setattr(child, field, value or None)
    child.consultation_version = form.consultation_version.data or None


def _reference_taken(form: ChildForm, child: Child | None) -> bool:
    reference = form.case_reference.data
    if not reference:
        return False
    other = db.session.scalar(select(Child).where(Child.case_reference == reference))
    if other is not None and other is not child:
        form.case_reference.errors.append(_("Another child already has this case reference"))
        return True
    return False


def _under_four_unconfirmed(form: ChildForm, saved: date | None) -> bool:
    """True (and the question asked beside the box) when the date of birth makes the child under 4 and the
    person has not yet confirmed it."""
    if form.under_four_confirmed.data:
        return False
    if not children.under_four_needs_confirming(form.date_of_birth.data, today(), saved):
        return False
    form.under_four_confirmed.errors.append(
        _(
            "This child is under 4, so they cannot do a consultation (it is for children aged 4 to 17). "
            "Check the date of birth. If it is right, tick the box to confirm"
        )
    )
    return True


def _child_form_fits(form: ChildForm, child: Child | None) -> bool:
    """The form is valid, its case reference free and any age under 4 confirmed (every problem shown at once)."""
    if not form.validate_on_submit():
        return False
    taken = _reference_taken(form, child)
    unconfirmed = _under_four_unconfirmed(form, child.date_of_birth if child else None)
    return not (taken or unconfirmed)


@bp.route("/children/new", methods=["GET", "POST"])
@staff_required(Role.IRO)
def new_child():
    """Add a child to a caseload (mine by default)."""
    me = signed_in_staff()
    form = ChildForm()
    form.iro_id.choices = _iro_choices()
    if not form.is_submitted() and not form.restored:
        form.iro_id.data = me.id
    if _child_form_fits(form, None):
        child = Child()
        _fill_child(child, form)
        db.session.add(child)
        audit.record("child.created", actor=me, child=child)
        flash(_("%(name)s has been added.", name=child.preferred_name), "success")
        if child.iro_id != me.id:
            return redirect(url_for("staff.caseload"))
        return redirect(url_for("staff.child_detail", child_id=child.id))
    return render_template("staff/child_form.html", form=form, child=None)


@bp.route("/children/<int:child_id>")
@staff_required(Role.IRO)
def child_detail(child_id: int):
    """A child's record: details, reviews, and their personal link."""
    child = children.allocated_to(child_id, signed_in_staff())
    audit.record("child.viewed", actor=signed_in_staff(), child=child)
    return render_template(
        "staff/child_detail.html",
        child=child,
        next_due=timescales.next_due(child),
        pages_in=child_locale(child) or DEFAULT_LOCALE,
        today=today(),
        reviews=scheduling.for_child(child, consultations.with_status()),
        kind_labels=scheduling.KIND_LABELS,
        now=utcnow(),
        consultation_status=consultations.status,
        status_labels=consultations.STATUS_LABELS,
        secret_status=child_secret.secret_status(child),
        age=children.age_on(child.date_of_birth, today()),
    )


@bp.route("/children/<int:child_id>/edit", methods=["GET", "POST"])
@staff_required(Role.IRO)
def edit_child(child_id: int):
    """Change a child's details, or allocate them to another IRO."""
    me = signed_in_staff()
    child = children.allocated_to(child_id, me)
    form = ChildForm(obj=child)
    form.iro_id.choices = _iro_choices()
    if _child_form_fits(form, child):
        previous_iro = child.iro_id
        _fill_child(child, form)
        audit.record("child.updated", actor=me, child=child)
        if child.iro_id != previous_iro:
            # From now on the new IRO reads what the child sent and their consultations; the old one does not.
            audit.record("child.reallocated", actor=me, child=child, detail=f"IRO {previous_iro} to IRO {child.iro_id}")
        flash(_("%(name)s's details have been saved.", name=child.preferred_name), "success")
        if child.iro_id != me.id:
            return redirect(url_for("staff.caseload"))
        return redirect(url_for("staff.child_detail", child_id=child.id))
    return render_template("staff/child_form.html", form=form, child=child)


def _render_link(child: Child, link: str, email_form: EmailLinkForm | None = None, sent_to: str | None = None):
    email_form = email_form or EmailLinkForm(link=link)
    return render_template(
        "staff/child_link.html", child=child, link=link, qr=svg_data_uri(link), email_form=email_form, sent_to=sent_to
    )


@bp.route("/children/<int:child_id>/link", methods=["POST"])
@staff_required(Role.IRO)
def new_link(child_id: int):
    """Make a new personal link (the old one stops working) and show it once: QR, copy or email."""
    child = children.allocated_to(child_id, signed_in_staff())
    if not ConfirmForm().validate_on_submit():
        return redirect(url_for("staff.child_detail", child_id=child.id))
    return _render_link(child, children.issue_link(child, signed_in_staff()))


@bp.route("/children/<int:child_id>/link/email", methods=["POST"])
@staff_required(Role.IRO)
def email_link(child_id: int):
    """Email the link just made to an address typed now; the address is not kept once sent."""
    child = children.allocated_to(child_id, signed_in_staff())
    form = EmailLinkForm()
    if not children.link_matches(child, form.link.data or ""):
        flash(_("That link is no longer this child's link. Make a new one."), "error")
        return redirect(url_for("staff.child_detail", child_id=child.id))
    if not form.validate_on_submit():
        return _render_link(child, form.link.data, email_form=form)
    language = child_locale(child) or DEFAULT_LOCALE
    outbox.queue(
        form.email.data,
        "child_link",
        locale=language,
        scrub_after_send=True,
        name=child.preferred_name,
        link=in_language(form.link.data, language),
        iro_name=signed_in_staff().name,
    )
    audit.record("child.link_emailed", actor=signed_in_staff(), child=child)
    return _render_link(child, form.link.data, sent_to=form.email.data)


@bp.route("/children/<int:child_id>/secret/reset", methods=["POST"])
@staff_required(Role.IRO)
def reset_child_secret(child_id: int):
    """Clear the child's PIN or pictures so they can choose new ones."""
    child = children.allocated_to(child_id, signed_in_staff())
    if ConfirmForm().validate_on_submit():
        child_secret.reset_secret(child, signed_in_staff())
        flash(
            _("%(name)s will choose a new PIN or pictures next time they open their link.", name=child.preferred_name),
            "success",
        )
    return redirect(url_for("staff.child_detail", child_id=child.id))


def _past_unconfirmed(form: ReviewForm, saved: date | None) -> bool:
    """True (and the question asked beside the box) when the review day typed is in the past and the person
    has not yet confirmed it."""
    if form.past_confirmed.data or not scheduling.past_day_needs_confirming(form.day.data, today(), saved):
        return False
    form.past_confirmed.errors.append(_("This date is in the past. Is that right? If it is, tick the box to confirm"))
    return True


@bp.route("/children/<int:child_id>/reviews/new", methods=["GET", "POST"])
@staff_required(Role.IRO)
def new_review(child_id: int):
    """Schedule a review for a child."""
    child = children.allocated_to(child_id, signed_in_staff())
    form = ReviewForm(kind=scheduling.suggested_kind(child).value)
    if form.validate_on_submit() and not _past_unconfirmed(form, None):
        scheduling.schedule(child, form.day.data, form.at.data, form.kind.data, signed_in_staff())
        flash(_("The review has been scheduled."), "success")
        return redirect(url_for("staff.child_detail", child_id=child.id))
    return render_template("staff/review_form.html", form=form, child=child, review=None)


@bp.route("/reviews/<int:review_id>/edit", methods=["GET", "POST"])
@staff_required(Role.IRO)
def edit_review(review_id: int):
    """Move a review or change its kind."""
    review = scheduling.allocated_review(review_id, signed_in_staff())
    form = ReviewForm()
    if not form.is_submitted() and not form.restored:
        local = to_local(review.scheduled_for)
        form.day.data, form.at.data, form.kind.data = local.date(), local.time(), review.kind
    if form.validate_on_submit() and not _past_unconfirmed(form, scheduling.review_day(review)):
        scheduling.move(review, form.day.data, form.at.data, form.kind.data, signed_in_staff())
        flash(_("The review has been changed."), "success")
        return redirect(url_for("staff.child_detail", child_id=review.child_id))
    return render_template(
        "staff/review_form.html", form=form, child=review.child, review=review, cancel_form=ConfirmForm()
    )


@bp.route("/reviews/<int:review_id>/cancel", methods=["POST"])
@staff_required(Role.IRO)
def cancel_review(review_id: int):
    """Cancel a scheduled review."""
    review = scheduling.allocated_review(review_id, signed_in_staff())
    child = review.child
    if review.consultation is not None and consultations.has_words(review.consultation):
        # Cancelling would throw away what the child said; moving the date keeps it with the review.
        flash(
            _(
                "%(name)s has started answering questions for this review, so it cannot be cancelled. "
                "Change its date instead.",
                name=child.preferred_name,
            ),
            "error",
        )
        return redirect(url_for("staff.edit_review", review_id=review.id))
    if ConfirmForm().validate_on_submit():
        scheduling.cancel(review, signed_in_staff())
        flash(_("The review has been cancelled."), "success")
    return redirect(url_for("staff.child_detail", child_id=child.id))


@bp.route("/reviews/upcoming")
@staff_required(Role.IRO)
def upcoming_reviews():
    """My children's reviews in the next 20 working days."""
    return render_template(
        "staff/upcoming.html",
        reviews=scheduling.upcoming_for_iro(signed_in_staff().id, consultations.with_status()),
        consultation_status=consultations.status,
        status_labels=consultations.STATUS_LABELS,
        window_end=scheduling.upcoming_window_end(),
        kind_labels=scheduling.KIND_LABELS,
        working_days=current_app.config["UPCOMING_WORKING_DAYS"],
        due_by=timescales.review_due_by,
        local_day=local_day,
    )
