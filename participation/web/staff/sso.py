"""Single sign-on with the council's identity provider over OpenID Connect (optional; README "Single sign-on").

Authlib runs the authorisation code flow (with PKCE) and checks what must be checked: the state that ties the
answer to this browser, the nonce, and the ID token's signature, issuer, audience and lifetime. This module
decides who that is here: an active staff account whose email the provider vouches for. Signing in never
creates an account, and roles are granted in the app, as for password sign-in.

The provider's multi-factor sign-in counts as the second factor only when its ID token says so (`amr` or
`acr`, see `second_factor_asserted`); otherwise the person is sent back to sign in with their password and the
app's own second step. Signing out is local: the session at the provider is not ended (README says so).
"""

from __future__ import annotations

import logging
from typing import Any

from flask import abort, current_app, redirect, render_template, request, session, url_for
from flask_login import current_user

from ...extensions import limiter
from ...people import staff as accounts
from ...platform import audit
from ..access import public
from . import bp
from .auth import _login_limit, _safe_next, finish_sign_in

log = logging.getLogger(__name__)

_CLIENT = "participation.sso_client"  # the key of the Authlib client in app.extensions
_NEXT = "sso_next"  # where to go after signing in, kept in the session across the round trip
# Reasons a sign-in through the provider is refused, as the audit trail and the log record them (never an
# email address or a name).
NO_EMAIL, UNVERIFIED, NO_ACCOUNT, NO_SECOND_FACTOR = "no-email", "unverified-email", "no-account", "no-mfa"
NOT_FINISHED, UNREACHABLE = "not-finished", "provider-unreachable"


def enabled() -> bool:
    """Whether single sign-on is configured (settings insist on all three of issuer, client id and secret)."""
    return bool(current_app.config["OIDC_ISSUER"])


@bp.context_processor
def single_sign_on() -> dict:
    """What the sign-in page needs to offer the provider's button (None when single sign-on is off)."""
    if not enabled():
        return {"single_sign_on": None}
    return {"single_sign_on": {"provider_name": current_app.config["OIDC_PROVIDER_NAME"]}}


def _client():
    """Authlib's client for the configured provider, made once per app. Discovery and the provider's keys are
    fetched on first use, not at start, so an unreachable provider never stops the app from starting."""
    app = current_app._get_current_object()  # type: ignore[attr-defined]
    client = app.extensions.get(_CLIENT)
    if client is None:
        from authlib.integrations.flask_client import OAuth  # only when single sign-on is used

        config = app.config
        client = OAuth(app).register(
            "council",
            client_id=config["OIDC_CLIENT_ID"],
            client_secret=config["OIDC_CLIENT_SECRET"],
            server_metadata_url=config["OIDC_ISSUER"].rstrip("/") + "/.well-known/openid-configuration",
            client_kwargs={"scope": "openid email profile", "code_challenge_method": "S256", "default_timeout": 10},
        )
        app.extensions[_CLIENT] = client
    return client


def redirect_uri() -> str:
    """The address the provider sends people back to, as registered with it: built from PUBLIC_BASE_URL, not
    from the request, so a forged Host header cannot change it."""
    return current_app.config["PUBLIC_BASE_URL"].rstrip("/") + url_for("staff.sso_callback")


def second_factor_asserted(claims: dict[str, Any]) -> bool:
    """Whether the ID token says the person used more than one factor: one of OIDC_MFA_AMR among its `amr`
    values (RFC 8176; Entra ID's "mfa" and "ngcmfa"), or its `acr` among OIDC_MFA_ACR."""
    config = current_app.config
    amr = claims.get("amr") or []
    if isinstance(amr, str):
        amr = [amr]
    return bool(set(amr) & set(config["OIDC_MFA_AMR"])) or claims.get("acr") in config["OIDC_MFA_ACR"]


def _email_vouched_for(claims: dict[str, Any]) -> bool:
    """Whether the provider vouches for the `email` claim: `email_verified: true`, or OIDC_TRUST_EMAIL_CLAIM set
    by a council whose provider never says (Entra ID) and which gives out every address in its tenant."""
    return claims.get("email_verified") is True or current_app.config["OIDC_TRUST_EMAIL_CLAIM"]


def _refuse(reason: str, *, email: str | None = None, actor=None, status: int = 403):
    """The kind page for a sign-in that cannot go ahead, recorded without personal words."""
    log.warning("single sign-on refused: %s", reason)
    if status < 500:  # an error status rolls the request back, audit record and all
        audit.record("staff.sso_refused", actor=actor, detail=reason)
    return render_template("staff/sso_refused.html", reason=reason, email=email), status


@bp.route("/sso/start")
@limiter.limit(_login_limit)
@public
def sso_start():
    """Send the person to the council's identity provider to sign in (the button on the sign-in page). A GET: a
    form's redirect to another site would be stopped by the CSP's form-action, and starting a sign-in changes
    nothing but this browser's own state, which the answer must carry back."""
    from requests import RequestException

    if not enabled():
        abort(404)
    if current_user.is_authenticated:
        return redirect(url_for("staff.home"))
    session[_NEXT] = _safe_next(request.args.get("next"))
    try:
        return _client().authorize_redirect(redirect_uri())
    except (RequestException, ValueError, RuntimeError):  # no discovery document, or not one Authlib can use
        log.exception("single sign-on: the identity provider could not be reached")
        return _refuse(UNREACHABLE, status=503)


@bp.route("/sso/callback")
@limiter.limit(_login_limit)
@public
def sso_callback():
    """Where the provider sends the person back: check its answer, find their account, and sign them in."""
    from authlib.integrations.base_client.errors import OAuthError
    from joserfc.errors import JoseError
    from requests import RequestException

    if not enabled():
        abort(404)
    try:
        token = _client().authorize_access_token(
            claims_options={"iss": {"values": [current_app.config["OIDC_ISSUER"]]}}
        )
    except (OAuthError, JoseError) as error:
        # A state that is not this browser's (tampered with, replayed, or from an old tab), an error from the
        # provider (e.g. the person cancelled), or an ID token that fails a check.
        log.warning("single sign-on did not finish: %s", type(error).__name__)
        return _refuse(NOT_FINISHED, status=400)
    except RequestException:
        log.exception("single sign-on: the identity provider could not be reached")
        return _refuse(UNREACHABLE, status=503)
    claims = token.get("userinfo")
    if not claims:  # no ID token in the answer
        return _refuse(NOT_FINISHED, status=400)
    email = claims.get("email")
    if not isinstance(email, str) or not email.strip():
        return _refuse(NO_EMAIL)
    email = email.strip()
    if not _email_vouched_for(claims):
        return _refuse(UNVERIFIED, email=email)
    user = accounts.find_by_email(email)
    if user is None or not user.is_active:
        return _refuse(NO_ACCOUNT, email=email)
    if current_app.config["OIDC_REQUIRE_MFA"] and not second_factor_asserted(claims):
        return _refuse(NO_SECOND_FACTOR, email=email, actor=user)
    return finish_sign_in(user, method="oidc", next_url=session.pop(_NEXT, None))
