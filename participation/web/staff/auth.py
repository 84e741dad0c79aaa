"""Signing in and out, and choosing a password."""

from __future__ import annotations

from urllib.parse import urlsplit

from flask import current_app, flash, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_user, logout_user

from ...extensions import limiter
from ...people import staff as accounts
from ...people.models import Role
from ...platform import audit
from ...platform.clock import utcnow
from .. import form_keeping, sessions
from ..access import public, signed_in_staff, staff_required
from . import bp, two_factor
from .sign_in_forms import ChangePasswordForm, LoginForm, SetPasswordForm


def _login_limit() -> str:
    return current_app.config["LOGIN_RATE_LIMIT"]


def _safe_next(target: str | None) -> str | None:
    """Only follow ?next= to a page of this site, never elsewhere."""
    if not target or any(ord(char) < 32 or char in "\\\x7f" for char in target):
        return None  # control characters (a header split) and backslashes (read as "/" by browsers)
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not target.startswith("/") or target.startswith("//"):
        return None
    return target


def finish_sign_in(user, *, method: str, next_url: str | None):
    """Open a signed-in session for ``user`` once every factor is proven, and go on to ``next_url`` (a page of
    this site) or their home page. ``method`` says how they proved who they are, for the audit trail."""
    sessions.start(staff_id=user.id)  # a new session id at sign-in
    login_user(user)
    user.last_login_at = utcnow()
    audit.record("staff.login", actor=user, detail=method)
    # A form they sent after a time-out comes first: its page opens again with what they typed.
    kept_page = form_keeping.after_sign_in(user.id)
    return redirect(kept_page or _safe_next(next_url) or url_for("staff.home"))


@bp.route("/login", methods=["GET", "POST"])
@limiter.limit(_login_limit, methods=["POST"])
@public
def login():
    """Staff sign in with email and password."""
    if current_user.is_authenticated:
        return redirect(url_for("staff.home"))
    form = LoginForm()
    failed = False
    if form.validate_on_submit():
        user = accounts.authenticate(form.email.data, form.password.data)
        if user is not None:
            # Not signed in yet: the second factor comes first (see `two_factor`), then `finish_sign_in`.
            return two_factor.begin(user, _safe_next(request.args.get("next")))
        failed = True
    return render_template("staff/login.html", form=form, failed=failed), (401 if failed else 200)


@bp.route("/logout", methods=["POST"])
@staff_required()
def logout():
    """Sign out: the session ends on the server, so the old cookie opens nothing."""
    audit.record("staff.logout", actor=signed_in_staff())
    sessions.end_current("logout")
    logout_user()
    session.clear()
    flash(_("You have signed out."), "info")
    return redirect(url_for("staff.login"))


@bp.route("/")
@staff_required()
def home():
    """Send each role to the page they use most."""
    role = signed_in_staff().role
    if role == Role.IRO:
        return redirect(url_for("staff.caseload"))
    if role == Role.ADMIN:
        return redirect(url_for("staff.users"))
    if role in (Role.SOCIAL_WORKER, Role.TEAM_MANAGER):
        return redirect(url_for("staff.statements"))
    return redirect(url_for("staff.overview"))


@bp.route("/password", methods=["GET", "POST"])
@staff_required()
def change_password():
    """Change your own password (required after a temporary one)."""
    form = ChangePasswordForm()
    if form.validate_on_submit():
        user = signed_in_staff()
        if not accounts.check_password(user, form.current.data):
            form.current.errors.append(_("Your current password is not right"))
        else:
            accounts.set_password(user, form.password.data)
            sessions.start(staff_id=user.id)
            login_user(user)
            flash(_("Your password has been changed."), "success")
            return redirect(url_for("staff.home"))
    return render_template("staff/change_password.html", form=form)


@bp.route("/reset/<token>", methods=["GET", "POST"])
@limiter.limit(_login_limit, methods=["POST"])
@public
def reset_password(token: str):
    """Choose a new password from a one-time link."""
    record = accounts.reset_token_owner(token)
    if record is None:
        return render_template("staff/reset_invalid.html"), 404
    form = SetPasswordForm()
    if form.validate_on_submit():
        if accounts.use_reset_token(record, form.password.data) is None:
            return render_template("staff/reset_invalid.html"), 404
        flash(_("Your new password is set. You can sign in now."), "success")
        return redirect(url_for("staff.login"))
    return render_template("staff/reset_password.html", form=form)
