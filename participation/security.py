"""Security rules shared by every page: response headers, tokens, secret hashing and access checks.

Every view declares who may open it with one of the decorators below (`public`, `staff_required`,
`child_required`, `child_answering`, `child_pending`); the route-protection tests refuse a view that
declares nothing.
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from functools import wraps
from typing import Callable

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from flask import Flask, Response, abort, current_app, flash, g, redirect, request, url_for
from flask_babel import lazy_gettext as _l
from flask_login import current_user

CSP = "; ".join([
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data:",
    "font-src 'self'",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "frame-ancestors 'none'",
    "form-action 'self'",
])
PERMISSIONS_POLICY = "geolocation=(), camera=(), microphone=(), payment=(), usb=(), interest-cohort=()"


# --- tokens and hashing -------------------------------------------------------------------------

def new_token() -> str:
    """A long random URL-safe token (256 bits) for links and sessions."""
    return secrets.token_urlsafe(32)


def token_digest(token: str) -> str:
    """The SHA-256 digest under which a high-entropy token is stored and looked up."""
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def _hasher() -> PasswordHasher:
    hasher = current_app.extensions.get("argon2")
    if hasher is None:
        hasher = PasswordHasher(
            time_cost=current_app.config["ARGON2_TIME_COST"],
            memory_cost=current_app.config["ARGON2_MEMORY_COST"],
            parallelism=1,
        )
        current_app.extensions["argon2"] = hasher
    return hasher


def hash_secret(secret: str) -> str:
    """Hash a low-entropy secret (staff password, child PIN or picture sequence) with Argon2id."""
    return _hasher().hash(secret)


def verify_secret(stored_hash: str | None, secret: str) -> bool:
    """True when ``secret`` matches ``stored_hash``; never raises on a wrong or malformed hash."""
    if not stored_hash:
        return False
    try:
        return _hasher().verify(stored_hash, secret)
    except (VerificationError, InvalidHashError):
        return False


# --- access declarations ------------------------------------------------------------------------

@dataclass(frozen=True)
class Access:
    """Who may open a view: ``public``, ``staff`` (with roles) or ``child`` (verified or not yet)."""

    kind: str
    roles: tuple[str, ...] = ()
    verified: bool = True


def _declare(view: Callable, access: Access) -> Callable:
    view.access = access
    return view


def public(view: Callable) -> Callable:
    """Anyone may open this view."""
    return _declare(view, Access("public"))


def staff_required(*roles: str) -> Callable[[Callable], Callable]:
    """Signed-in staff holding one of ``roles`` (any role when none is named); others get 403."""

    def decorator(view: Callable) -> Callable:
        @wraps(view)
        def wrapped(*args, **kwargs):
            if not current_user.is_authenticated:
                if g.get("session_timed_out"):
                    flash(_l("You were signed out because you had not used the site for a while."), "info")
                return current_app.login_manager.unauthorized()
            if current_user.must_change_password and request.endpoint != "staff.change_password":
                return redirect(url_for("staff.change_password"))
            if roles and not current_user.has_role(*roles):
                abort(403)
            return view(*args, **kwargs)

        return _declare(wrapped, Access("staff", tuple(roles)))

    return decorator


def _to_closed_page():
    return redirect(url_for("child.closed", timeout=1 if g.get("session_timed_out") else None))


def child_required(view: Callable) -> Callable:
    """A child whose session is open and who has given their PIN or pictures."""

    @wraps(view)
    def wrapped(*args, **kwargs):
        state = g.get("child_session")
        if state is None:
            return _to_closed_page()
        if not state.verified:
            return redirect(url_for("child.unlock"))
        return view(*args, **kwargs)

    return _declare(wrapped, Access("child"))


def child_answering(view: Callable) -> Callable:
    """Like `child_required`, but a page of answers sent just after the space closed by itself still
    reaches the view (with ``g.rescued_child`` set and no session), so it can be saved and nothing typed
    is lost. The view must only save, then send the child to the closed page."""

    @wraps(view)
    def wrapped(*args, **kwargs):
        if g.get("child_session") is None and request.method == "POST" and g.get("rescued_child") is not None:
            return view(*args, **kwargs)
        return child_required(view)(*args, **kwargs)

    return _declare(wrapped, Access("child"))


def child_pending(view: Callable) -> Callable:
    """A child who has opened their link but not yet given (or chosen) their PIN or pictures."""

    @wraps(view)
    def wrapped(*args, **kwargs):
        if g.get("child_session") is None:
            return _to_closed_page()
        return view(*args, **kwargs)

    return _declare(wrapped, Access("child", verified=False))


# --- headers ------------------------------------------------------------------------------------

def set_security_headers(response: Response) -> Response:
    """Add the security headers every response carries; personal pages are never cached."""
    headers = response.headers
    headers.setdefault("Content-Security-Policy", CSP)
    headers["X-Content-Type-Options"] = "nosniff"
    headers["Referrer-Policy"] = "no-referrer"
    headers["Permissions-Policy"] = PERMISSIONS_POLICY
    headers["X-Frame-Options"] = "DENY"
    headers["Cross-Origin-Opener-Policy"] = "same-origin"
    headers["Cross-Origin-Resource-Policy"] = "same-origin"
    if current_app.config.get("HSTS"):
        headers["Strict-Transport-Security"] = "max-age=31536000; includeSubDomains"
    if request.endpoint == "static" and response.status_code < 400:
        headers["Cache-Control"] = "public, max-age=3600"
    else:
        headers["Cache-Control"] = "no-store"
        headers["Pragma"] = "no-cache"
    return response


def init_app(app: Flask) -> None:
    """Attach the headers to every response."""
    app.after_request(set_security_headers)
