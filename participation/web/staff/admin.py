"""Administrators: staff accounts, the audit trail and the languages the pages are in."""

from __future__ import annotations

import secrets

from flask import abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from sqlalchemy import func, select

from ...extensions import db
from ...people import second_factor
from ...people import staff as accounts
from ...people.models import Role, StaffUser
from ...platform import audit, auth_sessions, catalogs
from ...platform.i18n import display_name, native_name
from ...platform.models import AuditEvent
from ..access import signed_in_staff, staff_required
from ..inputs import number_arg
from . import bp
from .forms import ConfirmForm, PasswordResetForm, StaffUserForm

AUDIT_PAGE_SIZE = 50
STAFF_LIST_LIMIT = 500


@bp.route("/admin/languages")
@staff_required(Role.ADMIN)
def languages():
    """Every language: how complete its catalogs are, whether children are offered it, and whether a fluent
    speaker has reviewed it (so a council knows what to commission)."""
    shown = [catalogs.coverage(code) for code in catalogs.languages_with_catalogs()]
    return render_template("staff/admin/languages.html", languages=shown, name=display_name, native=native_name)


@bp.route("/admin/users")
@staff_required(Role.ADMIN)
def users():
    """Everyone with a staff account."""
    people = db.session.scalars(select(StaffUser).order_by(StaffUser.name).limit(STAFF_LIST_LIMIT)).all()
    return render_template("staff/admin/users.html", people=people, role_labels=accounts.ROLE_LABELS)


@bp.route("/admin/users/new", methods=["GET", "POST"])
@staff_required(Role.ADMIN)
def new_user():
    """Create an account; the person chooses their password from a one-time link."""
    form = StaffUserForm()
    if form.validate_on_submit():
        if accounts.find_by_email(form.email.data):
            form.email.errors.append(_("Someone already has an account with this email address"))
        else:
            # Nobody knows this password: the person sets their own from the link.
            user = accounts.create_staff(
                form.email.data, form.name.data, form.role.data, secrets.token_urlsafe(32), phone=form.phone.data
            )
            user.active = form.active.data
            audit.record("staff.created", actor=signed_in_staff(), detail=f"staff {user.id} ({user.role})")
            link = accounts.issue_reset_link(user)
            audit.record("staff.password_reset_issued", actor=signed_in_staff(), detail=f"staff {user.id}")
            return render_template("staff/admin/password_issued.html", person=user, link=link, temporary=None)
    return render_template("staff/admin/user_form.html", form=form, person=None)


def _person_or_404(user_id: int) -> StaffUser:
    person = db.session.get(StaffUser, user_id)
    if person is None:
        abort(404)
    return person


@bp.route("/admin/users/<int:user_id>", methods=["GET", "POST"])
@staff_required(Role.ADMIN)
def edit_user(user_id: int):
    """Change someone's name, role, phone, or disable their account."""
    person = _person_or_404(user_id)
    form = StaffUserForm(obj=person)
    if form.validate_on_submit():
        other = accounts.find_by_email(form.email.data)
        if other is not None and other.id != person.id:
            form.email.errors.append(_("Someone already has an account with this email address"))
        elif person.id == signed_in_staff().id and (not form.active.data or form.role.data != Role.ADMIN):
            form.active.errors.append(_("You cannot disable your own account or remove your own admin role"))
        else:
            person.name = form.name.data
            person.email = accounts.normalise_email(form.email.data)
            person.role = form.role.data
            person.phone = form.phone.data or None
            person.active = form.active.data
            if not person.active:
                auth_sessions.end_all_for_staff(person.id, "disabled")
            audit.record(
                "staff.updated",
                actor=signed_in_staff(),
                detail=f"staff {person.id} ({person.role}, {'active' if person.active else 'disabled'})",
            )
            flash(_("The account of %(name)s has been saved.", name=person.name), "success")
            return redirect(url_for("staff.users"))
    return render_template(
        "staff/admin/user_form.html",
        form=form,
        person=person,
        reset_form=PasswordResetForm(),
        second_factor_count=second_factor.factor_count(person),
    )


@bp.route("/admin/users/<int:user_id>/reset", methods=["POST"])
@staff_required(Role.ADMIN)
def reset_user_password(user_id: int):
    """Reset a password: a one-time link, or a temporary password to change at next sign-in."""
    person = _person_or_404(user_id)
    form = PasswordResetForm()
    if not form.validate_on_submit():
        abort(400)
    auth_sessions.end_all_for_staff(person.id, "password_reset")
    if form.method.data == "temporary":
        temporary = secrets.token_urlsafe(9)
        accounts.set_password(person, temporary)
        person.must_change_password = True
        audit.record("staff.password_reset_issued", actor=signed_in_staff(), detail=f"staff {person.id} (temporary)")
        return render_template("staff/admin/password_issued.html", person=person, link=None, temporary=temporary)
    link = accounts.issue_reset_link(person)
    audit.record("staff.password_reset_issued", actor=signed_in_staff(), detail=f"staff {person.id} (link)")
    return render_template("staff/admin/password_issued.html", person=person, link=link, temporary=None)


@bp.route("/admin/users/<int:user_id>/second-factor", methods=["GET", "POST"])
@staff_required(Role.ADMIN)
def reset_second_factor(user_id: int):
    """Reset someone's two-factor sign-in (they lost their phone and their recovery codes): after a
    confirmation, every passkey, app and recovery code of theirs is removed and their open sessions end; they
    set up a new factor at their next sign-in."""
    person = _person_or_404(user_id)
    form = ConfirmForm()
    if form.validate_on_submit():
        second_factor.remove_every_factor(person)
        auth_sessions.end_all_for_staff(person.id, "second_factor_reset")
        audit.record("staff.second_factor_reset", actor=signed_in_staff(), detail=f"staff {person.id}")
        flash(
            _(
                "The two-factor sign-in of %(name)s has been reset. They will set it up again when they next sign in.",
                name=person.name,
            ),
            "success",
        )
        return redirect(url_for("staff.edit_user", user_id=person.id))
    return render_template("staff/admin/second_factor_reset.html", person=person, form=form)


@bp.route("/admin/audit")
@staff_required(Role.ADMIN)
def audit_trail():
    """The audit trail, newest first, a page at a time, optionally for one child."""
    page = number_arg("page", 1, minimum=1) or 1
    child_id = number_arg("child")
    query = select(AuditEvent)
    count_query = select(func.count(AuditEvent.id))
    if child_id:
        query = query.where(AuditEvent.child_id == child_id)
        count_query = count_query.where(AuditEvent.child_id == child_id)
    total = db.session.scalar(count_query) or 0
    events = db.session.scalars(
        query.order_by(AuditEvent.occurred_at.desc(), AuditEvent.id.desc())
        .offset((page - 1) * AUDIT_PAGE_SIZE)
        .limit(AUDIT_PAGE_SIZE)
    ).all()
    pages = max((total + AUDIT_PAGE_SIZE - 1) // AUDIT_PAGE_SIZE, 1)
    return render_template(
        "staff/admin/audit.html",
        events=events,
        page=page,
        pages=pages,
        total=total,
        child_id=child_id,
        action_labels=audit.action_labels(),
    )
