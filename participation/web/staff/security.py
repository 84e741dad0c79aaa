"""Sign-in security, for the signed-in person: their passkeys and authenticator app, adding and removing them
(never the last one), and new recovery codes. Every change is audited."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _

from ...people import passkeys
from ...people import second_factor as factors
from ...platform import audit
from ..access import signed_in_staff, staff_required
from . import bp
from .forms import ConfirmForm
from .sign_in_forms import AppSetupForm, PasskeyForm
from .two_factor import app_candidate, app_setup, drop_app_candidate, passkey_options, take_challenge


def _security_page(passkey_form: PasskeyForm | None = None, status: int = 200):
    user = signed_in_staff()
    return render_template(
        "staff/security/index.html",
        passkeys=factors.passkeys_of(user),
        has_app=factors.has_app(user),
        factor_count=factors.factor_count(user),
        codes_left=factors.recovery_codes_left(user),
        passkey_form=passkey_form or PasskeyForm(formdata=None),
        passkey_options=passkey_options(user, register=True),
        passkey_action=url_for("staff.add_passkey"),
        confirm_form=ConfirmForm(),
    ), status


@bp.route("/security")
@staff_required()
def sign_in_security():
    """Your passkeys, authenticator app and recovery codes."""
    return _security_page()


@bp.route("/security/passkeys", methods=["POST"])
@staff_required()
def add_passkey():
    """Keep another passkey the browser made."""
    user = signed_in_staff()
    form = PasskeyForm()
    challenge = take_challenge()
    if form.validate_on_submit() and challenge is not None:
        passkey = passkeys.add_passkey(user, form.credential.data, challenge, form.name.data or _("Passkey"))
        if passkey is not None:
            audit.record("staff.passkey_added", actor=user, detail=passkey.name)
            flash(_("Your passkey “%(name)s” has been added.", name=passkey.name), "success")
            return redirect(url_for("staff.sign_in_security"))
    flash(_("No passkey was made. Try again."), "error")
    return redirect(url_for("staff.sign_in_security"))


@bp.route("/security/passkeys/<int:passkey_id>/remove", methods=["POST"])
@staff_required()
def remove_passkey(passkey_id: int):
    """Remove one passkey, as long as another way to sign in remains."""
    user = signed_in_staff()
    if not ConfirmForm().validate_on_submit():
        abort(400)
    if factors.remove_passkey(user, passkey_id):
        audit.record("staff.passkey_removed", actor=user)
        flash(_("The passkey has been removed."), "success")
    else:
        flash(_("Add another passkey or an authenticator app first: you always need one way to sign in."), "error")
    return redirect(url_for("staff.sign_in_security"))


@bp.route("/security/app", methods=["GET", "POST"])
@staff_required()
def set_up_app():
    """Set up an authenticator app, or replace the one you have (the old one stops working once the new one
    is confirmed)."""
    user = signed_in_staff()
    form = AppSetupForm()
    if form.validate_on_submit():
        replacing = factors.has_app(user)
        if factors.set_app(user, app_candidate(), form.code.data):
            drop_app_candidate()
            audit.record("staff.app_added", actor=user, detail="replaced" if replacing else None)
            flash(_("Your authenticator app is set up."), "success")
            return redirect(url_for("staff.sign_in_security"))
        form.code.errors.append(_("That code is not right. Check the app shows this account, then try again."))
    return render_template(
        "staff/security/app.html",
        form=form,
        app=app_setup(user),
        app_action=url_for("staff.set_up_app"),
        replacing=factors.has_app(user),
    ), (400 if form.errors else 200)


@bp.route("/security/app/remove", methods=["POST"])
@staff_required()
def remove_app():
    """Stop using the authenticator app, as long as a passkey remains."""
    user = signed_in_staff()
    if not ConfirmForm().validate_on_submit():
        abort(400)
    if factors.remove_app_if_another_remains(user):
        audit.record("staff.app_removed", actor=user)
        flash(_("The authenticator app has been removed."), "success")
    else:
        flash(_("Add a passkey first: you always need one way to sign in."), "error")
    return redirect(url_for("staff.sign_in_security"))


@bp.route("/security/recovery-codes", methods=["POST"])
@staff_required()
def new_recovery_codes():
    """A new set of recovery codes, shown once; the old ones stop working."""
    user = signed_in_staff()
    if not ConfirmForm().validate_on_submit():
        abort(400)
    codes = factors.new_recovery_codes(user)
    audit.record("staff.recovery_codes_made", actor=user)
    return render_template(
        "staff/recovery_codes.html", codes=codes, continue_url=url_for("staff.sign_in_security"), replaced=True
    )
