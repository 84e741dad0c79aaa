"""The second step of signing in: a password accepted leaves the person *pending* (nobody is signed in yet)
until they prove a second factor, or, with none yet, set one up; then `auth.finish_sign_in` opens the session.

The pending state lives in the (signed) Flask session for a few minutes: who, where they were going (``next``)
and until when. It opens no staff page: every one of them needs the session `finish_sign_in` opens.
"""

from __future__ import annotations

import time
from dataclasses import dataclass

from flask import current_app, flash, redirect, render_template, request, session, url_for
from flask_babel import gettext as _

from ...extensions import db, limiter
from ...people import passkeys
from ...people import second_factor as factors
from ...people import staff as accounts
from ...people.models import StaffUser
from ...platform import audit
from ...platform.crypto import decrypt_text, encrypt_text
from ...platform.qr import svg_data_uri
from ..access import public
from . import auth, bp
from .sign_in_forms import AppSetupForm, PasskeyForm, SecondFactorForm

PENDING_KEY = "pending_sign_in"
PENDING_SECONDS = 5 * 60
_APP_SECRET_KEY = "new_app_secret"
_APP_SECRET_SECONDS = 15 * 60
_CHALLENGE_KEY = "passkey_challenge"


def _login_limit() -> str:
    return current_app.config["LOGIN_RATE_LIMIT"]


# --- the pending state ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Pending:
    """Someone whose password was right, on their way to the second step."""

    user: StaffUser
    next_url: str | None


def begin(user: StaffUser, next_url: str | None):
    """The password was right: remember who for a few minutes, and go on to the second step (or, for an
    account with no second factor yet, to setting one up)."""
    session.pop(_APP_SECRET_KEY, None)
    session.pop(_CHALLENGE_KEY, None)
    session[PENDING_KEY] = {"staff": user.id, "next": next_url, "until": int(time.time()) + PENDING_SECONDS}
    if factors.has_second_factor(user):
        return redirect(url_for("staff.second_factor", next=next_url))
    return redirect(url_for("staff.set_up_second_factor", next=next_url))


def pending() -> Pending | None:
    """The person on their way to the second step in this browser, if their few minutes are not over."""
    state = session.get(PENDING_KEY)
    if not isinstance(state, dict) or not isinstance(state.get("until"), int) or state["until"] < time.time():
        return None
    user = db.session.get(StaffUser, state.get("staff"))
    if user is None or not user.active:
        return None
    return Pending(user, state.get("next"))


def _start_again():
    """Back to the password, keeping where they were going (and saying why, when their minutes ran out)."""
    if session.pop(PENDING_KEY, None) is not None:
        flash(_("Signing in took too long. Please sign in again."), "info")
    return redirect(url_for("staff.login", next=request.args.get("next")))


def _finish_with_codes(user: StaffUser, method: str, next_url: str | None):
    """Open the session, and show the new recovery codes once before going on."""
    response = auth.finish_sign_in(user, method=method, next_url=next_url)
    codes = factors.new_recovery_codes(user)
    audit.record("staff.recovery_codes_made", actor=user)
    return render_template("staff/recovery_codes.html", codes=codes, continue_url=response.location)


# --- pieces the setting-up pages share (also used on the sign-in security page) --------------------


def app_candidate() -> str:
    """The new authenticator-app secret being set up in this browser (kept encrypted in the session, so a
    QR code already scanned stays right on a reload), made when there is none."""
    secret = decrypt_text(session.get(_APP_SECRET_KEY), _APP_SECRET_SECONDS)
    if secret is None:
        secret = factors.new_app_secret()
        session[_APP_SECRET_KEY] = encrypt_text(secret)
    return secret


def drop_app_candidate() -> None:
    """Forget the new app secret once it is confirmed (or a passkey was chosen instead)."""
    session.pop(_APP_SECRET_KEY, None)


def app_setup(user: StaffUser) -> dict:
    """What the authenticator-app part of a page shows: the QR code and the secret written out."""
    secret = app_candidate()
    return {
        "qr": svg_data_uri(factors.setup_uri(secret, user.email)),
        "secret": factors.readable_secret(secret),
    }


def passkey_options(user: StaffUser, *, register: bool) -> str:
    """The options (JSON) for making (``register``) or using a passkey; the challenge is kept for the answer."""
    options, challenge = (passkeys.registration_options if register else passkeys.authentication_options)(user)
    session[_CHALLENGE_KEY] = passkeys.encode_challenge(challenge)
    return options


def take_challenge() -> bytes | None:
    """The passkey challenge this browser was given (each is used once)."""
    value = session.pop(_CHALLENGE_KEY, None)
    return passkeys.decode_challenge(value) if isinstance(value, str) else None


# --- the second step ------------------------------------------------------------------------------


@bp.route("/login/code", methods=["GET", "POST"])
@limiter.limit(_login_limit, methods=["POST"])
@public
def second_factor():
    """The second step: a code from the authenticator app or a recovery code, or a passkey."""
    state = pending()
    if state is None:
        return _start_again()
    user = state.user
    if not factors.has_second_factor(user):
        return redirect(url_for("staff.set_up_second_factor", next=state.next_url))
    form = SecondFactorForm()
    problem = None
    status = 200
    if form.validate_on_submit():
        tries = accounts.claim_sign_in_try(user)
        if tries is None:
            problem, status = _("Signing in to this account is paused for a while. Please try again later."), 429
        else:
            outcome = factors.check_code(user, form.code.data)
            if outcome in (factors.CodeCheck.APP, factors.CodeCheck.RECOVERY):
                user.failed_sign_ins = 0
                method = "password+app" if outcome == factors.CodeCheck.APP else "password+recovery code"
                response = auth.finish_sign_in(user, method=method, next_url=state.next_url)
                # After finish_sign_in: the new session starts empty.
                if outcome == factors.CodeCheck.RECOVERY:
                    left = factors.recovery_codes_left(user)
                    flash(
                        _(
                            "You used a recovery code. You have %(num)d left: make new ones on the sign-in "
                            "security page.",
                            num=left,
                        ),
                        "info",
                    )
                return response
            accounts.count_wrong_try(user, tries)
            status = 401
            if outcome == factors.CodeCheck.USED:
                problem = _("That code has already been used. Wait for the app to show a new one, then enter it.")
            else:
                problem = _("That code is not right. Check it and try again.")
    has_passkey = bool(factors.passkeys_of(user))
    return render_template(
        "staff/second_factor.html",
        form=form,
        problem=problem,
        has_app=factors.has_app(user),
        passkey_form=PasskeyForm(formdata=None) if has_passkey else None,
        passkey_options=passkey_options(user, register=False) if has_passkey else None,
        next_url=state.next_url,
    ), status


@bp.route("/login/passkey", methods=["POST"])
@limiter.limit(_login_limit)
@public
def second_factor_passkey():
    """The second step with a passkey: the browser's signed answer to the challenge it was given."""
    state = pending()
    if state is None:
        return _start_again()
    form = PasskeyForm()
    challenge = take_challenge()
    if form.validate_on_submit() and challenge is not None:
        tries = accounts.claim_sign_in_try(state.user)
        if tries is None:
            flash(_("Signing in to this account is paused for a while. Please try again later."), "error")
            return redirect(url_for("staff.second_factor", next=state.next_url))
        passkey = passkeys.use_passkey(state.user, form.credential.data, challenge)
        if passkey is not None:
            state.user.failed_sign_ins = 0
            return auth.finish_sign_in(state.user, method="password+passkey", next_url=state.next_url)
        accounts.count_wrong_try(state.user, tries)
    flash(_("That passkey did not work. Try again, or use a code instead."), "error")
    return redirect(url_for("staff.second_factor", next=state.next_url))


# --- setting up a second factor at first sign-in --------------------------------------------------


@bp.route("/login/set-up", methods=["GET", "POST"])
@limiter.limit(_login_limit, methods=["POST"])
@public
def set_up_second_factor():
    """An account with no second factor sets one up before anything else: an authenticator app (confirmed
    with a code) or a passkey."""
    state = pending()
    if state is None:
        return _start_again()
    user = state.user
    if factors.has_second_factor(user):
        return redirect(url_for("staff.second_factor", next=state.next_url))
    form = AppSetupForm()
    if form.validate_on_submit():
        if factors.set_app(user, app_candidate(), form.code.data):
            drop_app_candidate()
            audit.record("staff.app_added", actor=user)
            return _finish_with_codes(user, "password+new app", state.next_url)
        form.code.errors.append(_("That code is not right. Check the app shows this account, then try again."))
    return render_template(
        "staff/second_factor_setup.html",
        form=form,
        app=app_setup(user),
        passkey_form=PasskeyForm(formdata=None),
        passkey_options=passkey_options(user, register=True),
        passkey_action=url_for("staff.set_up_passkey", next=state.next_url),
        next_url=state.next_url,
    ), (400 if form.errors else 200)


@bp.route("/login/set-up/passkey", methods=["POST"])
@limiter.limit(_login_limit)
@public
def set_up_passkey():
    """At first sign-in: keep the passkey the browser made, and sign in."""
    state = pending()
    if state is None:
        return _start_again()
    user = state.user
    if factors.has_second_factor(user):
        return redirect(url_for("staff.second_factor", next=state.next_url))
    form = PasskeyForm()
    challenge = take_challenge()
    if form.validate_on_submit() and challenge is not None:
        passkey = passkeys.add_passkey(user, form.credential.data, challenge, form.name.data or _("Passkey"))
        if passkey is not None:
            drop_app_candidate()
            audit.record("staff.passkey_added", actor=user, detail=passkey.name)
            return _finish_with_codes(user, "password+new passkey", state.next_url)
    flash(_("The passkey was not made. Try again, or set up an authenticator app instead."), "error")
    return redirect(url_for("staff.set_up_second_factor", next=state.next_url))
