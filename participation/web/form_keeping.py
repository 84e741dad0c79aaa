"""Nothing typed on a staff page is lost to an idle time-out.

A staff form sent after the session has timed out cannot be used: nobody is signed in. So instead of losing it:
- `keep_after_time_out` (called by `access.staff_required` for a post made while signed out) keeps what was typed
  (`people.kept_forms`) when this browser's own session ended by time-out and the post carries this browser's
  CSRF token, and names the page the form was on, to come back to after signing in (never the address the form
  was sent to: opened after signing in, a send-only address would be an error page);
- `after_sign_in` (called by `finish_sign_in`) sends the person back to that page and says why;
- `StaffForm`, the base of every staff form with something to type, says which page it is on and which form it
  is, and fills itself in from the kept form on that page, once. Passwords and security tokens are never kept.
"""

from __future__ import annotations

from typing import TypeGuard

from flask import current_app, flash, request, session
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from flask_wtf import FlaskForm
from flask_wtf.csrf import validate_csrf
from flask_wtf.form import _Auto
from sqlalchemy import select
from werkzeug.datastructures import MultiDict
from wtforms import HiddenField, PasswordField
from wtforms.fields.core import UnboundField
from wtforms.validators import ValidationError

from ..extensions import db
from ..people import kept_forms
from ..platform.clock import utcnow
from ..platform.crypto import token_digest
from ..platform.models import AuthSession
from . import sessions

# The flask session key naming the kept form to give back on the page opened after signing in.
GIVE_BACK_KEY = "kept_form"
# What a form carries that is not what the person typed.
NOT_TYPED = frozenset({"csrf_token", "return_to", "form_name"})
PAGE_LIMIT = 500  # the longest page address kept (the column's size)

# Every staff form that can be kept, by class name (the name a form carries in its `form_name` field).
_FORMS: dict[str, type[StaffForm]] = {}


def this_page() -> str:
    """The address of the page being shown: its path and query, as a browser would open it again."""
    return request.full_path.rstrip("?")


def is_staff_page(target: str | None) -> TypeGuard[str]:
    """True for the address of a staff page of this site (never elsewhere, never a header-splitting trick)."""
    if not target or len(target) > PAGE_LIMIT or any(ord(char) < 32 or char in "\\\x7f" for char in target):
        return False
    return target.startswith("/staff/") and not target.startswith("//")


class StaffForm(FlaskForm):
    """A form on a staff page. It carries the page it is on and its own name, so that a copy sent after a time-out
    can be kept and given back on that page, filled in, once the person has signed in again."""

    return_to = HiddenField()
    form_name = HiddenField()
    # True when the form opened filled in with what was kept: a view must not put its starting values over it.
    restored = False

    class Meta:
        def wrap_formdata(self, form, formdata):
            # Opening a page: the form kept for it (if this is the one) fills it in, instead of the defaults.
            if formdata is _Auto and request.method == "GET":
                kept = _give_back(form)
                if kept is not None:
                    form.restored = True
                    return kept
            return super().wrap_formdata(form, formdata)  # type: ignore[misc]

    def __init_subclass__(cls, **kwargs):
        super().__init_subclass__(**kwargs)
        assert cls.__name__ not in _FORMS, f"two staff forms are called {cls.__name__}"
        _FORMS[cls.__name__] = cls

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.form_name.data = type(self).__name__
        # Sent back with its errors, a form still belongs to the page it was first opened on; an address that only
        # takes forms is never a page to come back to.
        if not is_staff_page(self.return_to.data):
            opens = request.url_rule is not None and "GET" in (request.url_rule.methods or ())
            self.return_to.data = this_page() if opens else None


def typed_fields(form_class: type[StaffForm]) -> list[str]:
    """The names of the fields of ``form_class`` whose values may be kept: what a person typed or chose, never a
    password or a security token."""
    names = []
    for name in dir(form_class):
        field = getattr(form_class, name, None)
        if (
            isinstance(field, UnboundField)
            and name not in NOT_TYPED
            and not issubclass(field.field_class, PasswordField)
        ):
            names.append(name)
    return names


def timed_out_staff_session() -> AuthSession | None:
    """This browser's staff session, if it ended by an idle time-out (not by signing out) within the life of the
    browser's cookie."""
    token = session.get(sessions.SESSION_KEY)
    if not token:
        return None
    row = db.session.scalar(select(AuthSession).where(AuthSession.token_hash == token_digest(token)))
    if (
        row is None
        or row.staff_id is None
        or row.ended_reason != "timeout"
        or row.ended_at is None
        or utcnow() - row.ended_at > current_app.config["PERMANENT_SESSION_LIFETIME"]
    ):
        return None
    return row


def keep_after_time_out() -> tuple[str | None, bool]:
    """For a form posted while signed out: the staff page it was on (or None), and whether what was typed was kept
    for the person whose session on this browser timed out."""
    page = request.form.get("return_to")
    if not is_staff_page(page):
        return None, False
    form_class = _FORMS.get(request.form.get("form_name", ""))
    ended = timed_out_staff_session()
    if form_class is None or ended is None or ended.staff_id is None:
        return page, False
    try:
        # The CSRF check has normally refused a forged post already; checked here too, because keeping text
        # for someone must never depend on that check being switched on for this view.
        validate_csrf(request.form.get("csrf_token"))
    except ValidationError:
        return page, False
    fields = {name: request.form.getlist(name) for name in typed_fields(form_class) if name in request.form}
    kept_forms.keep(ended.staff_id, page, form_class.__name__, fields)
    return page, True


KEPT_MESSAGE = _l(
    "You were signed out because nothing had happened for a while. What you typed has been kept: sign in again "
    "to carry on."
)
GIVEN_BACK_MESSAGE = _l("You were signed out before this was sent. We kept what you typed. Check it and send it again.")


def after_sign_in(staff_id: int) -> str | None:
    """Just after signing in: the page of a form kept for this person, to open again (and say why), or None."""
    kept = kept_forms.waiting_for(staff_id)
    if kept is None:
        return None
    session[GIVE_BACK_KEY] = kept.id
    flash(GIVEN_BACK_MESSAGE, "info")
    return kept.page


def _give_back(form: StaffForm) -> MultiDict | None:
    kept_id = session.get(GIVE_BACK_KEY)
    if kept_id is None or not current_user.is_authenticated:
        return None
    fields = kept_forms.take(kept_id, current_user.id, this_page(), type(form).__name__)
    if fields is None:
        return None
    session.pop(GIVE_BACK_KEY, None)
    return MultiDict([(name, value) for name, values in fields.items() for value in values])
