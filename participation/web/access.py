"""Who may open each view. Every view declares it with one of the decorators below (`public`,
`staff_required`, `child_required`, `child_holding`, `child_in_danger`, `child_pending`); the route-access
tests hold them against a policy they write out themselves.

These decide who may reach a page at all; which child's records a member of staff may see is decided by the
domain (allocation, recipients) and turned into a 404 by the views.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import wraps

from flask import abort, flash, g, redirect, request, url_for
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from ..extensions import db, login_manager
from ..people import held
from ..people.models import StaffUser
from . import form_keeping, sessions

TIMED_OUT_MESSAGE = _l("You were signed out because you had not used the site for a while.")


@dataclass(frozen=True)
class Access:
    """Who may open a view: ``public``, ``staff`` (with roles) or ``child`` (verified or not yet)."""

    kind: str
    roles: tuple[str, ...] = ()
    verified: bool = True


def _declare(view: Callable, access: Access) -> Callable:
    # Read by the route-access tests, which hold it against the policy they write out themselves.
    view.access = access  # type: ignore[attr-defined]
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
                if request.method == "POST":
                    return _sign_in_to_send()
                if g.get("session_timed_out"):
                    flash(TIMED_OUT_MESSAGE, "info")
                return login_manager.unauthorized()
            if current_user.must_change_password and request.endpoint != "staff.change_password":
                return redirect(url_for("staff.change_password"))
            if roles and not current_user.has_role(*roles):
                abort(403)
            return view(*args, **kwargs)

        return _declare(wrapped, Access("staff", tuple(roles)))

    return decorator


def _sign_in_to_send():
    """A form sent while signed out (most often just after an idle time-out): keep what was typed when it is
    safe to (see `form_keeping`), and go to sign in, coming back afterwards to the page the form was on (or the
    home page), never to the address it was sent to, which only takes forms and would be an error page."""
    page, kept = form_keeping.keep_after_time_out()
    if kept:
        flash(form_keeping.KEPT_MESSAGE, "info")
    elif g.get("session_timed_out"):
        flash(TIMED_OUT_MESSAGE, "info")
    else:
        flash(login_manager.login_message, login_manager.login_message_category)
    return redirect(url_for("staff.login", next=page), code=303)


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


def child_holding(kind: str, target: str | None = None) -> Callable[[Callable], Callable]:
    """Like `child_required`, but a form of ``kind`` posted just after the space closed by itself (an idle
    time-out) is held, exactly as typed, and nothing is changed or sent: the child sees it again once they give
    their PIN (see `people.held`). ``target`` names the view argument that says which form it was."""

    def decorator(view: Callable) -> Callable:
        @wraps(view)
        def wrapped(*args, **kwargs):
            rescued = g.get("rescued_child")
            if g.get("child_session") is None and request.method == "POST" and rescued is not None:
                held.hold(rescued, kind, kwargs.get(target) if target else None, request.form)
                return redirect(url_for("child.closed", held=1), code=303)
            return child_required(view)(*args, **kwargs)

        return _declare(wrapped, Access("child"))

    return decorator


def child_in_danger(view: Callable) -> Callable:
    """For "I don't feel safe" only: a child whose space has just closed by itself still reaches the view
    (with ``g.rescued_child`` set and no session), because help for a child who is not safe never waits on
    anything, their PIN included. The view shows nothing of the child's."""

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


# --- staff sign-in (Flask-Login) ----------------------------------------------------------------


def load_user(user_id: str) -> StaffUser | None:
    """Flask-Login's user loader: only an open, unexpired server-side session signs anyone in."""
    row = sessions.current()
    if row is None or row.staff_id is None or str(row.staff_id) != str(user_id):
        return None
    user = db.session.get(StaffUser, row.staff_id)
    return user if user is not None and user.active else None


def init_login(login_manager) -> None:
    """Configure Flask-Login for staff sign-in."""
    login_manager.user_loader(load_user)
    login_manager.login_view = "staff.login"
    login_manager.login_message = _l("Please sign in to see this page.")
    login_manager.login_message_category = "info"
    login_manager.session_protection = None  # the server-side session already does this job


def signed_in_staff() -> StaffUser:
    """The member of staff making this request, to pass to domain code as the one acting."""
    return current_user._get_current_object()
