"""What a child sees: their personal link, PIN or pictures, "my space", their consultation and agenda, what
they raise any time, help when they do not feel safe, feedback after a review, and the quick exit."""

from __future__ import annotations

from flask import Blueprint, g, request
from flask_babel import gettext as _

from ...extensions import db
from ...people.models import Child
from ...platform.i18n import LOCALES, page_language
from .. import sessions

bp = Blueprint("child", __name__)


@bp.before_request
def load_child_session() -> None:
    """Find the child whose session this is (if any), and keep a language they switch to."""
    row = sessions.current()
    if row is None or row.child_id is None:
        g.child_session = g.child = None
        g.rescued_child = None
        if request.method == "POST":
            rescued = sessions.timed_out_child_session()
            g.rescued_child = db.session.get(Child, rescued.child_id) if rescued else None
        return
    g.child_session = row
    g.child = db.session.get(Child, row.child_id)
    chosen = request.args.get("lang")
    if chosen in LOCALES and g.child.page_language != chosen:
        g.child.page_language = chosen


def page_locale() -> str:
    """The language of the page the child is on (their words are recorded with it)."""
    return page_language()


def too_much() -> str:
    """The kind message when a child's space has sent more than fair use allows for now (what they typed is
    kept on the page)."""
    return _(
        "You have sent a lot in a short time. Please wait a few minutes, then send this again. We have kept "
        "what you wrote."
    )


def child_asking_for_help() -> Child:
    """The child who tapped "I don't feel safe": the signed-in child, or one whose space has just closed by
    itself (see `web.access.child_in_danger`)."""
    return g.child if g.get("child_session") else g.rescued_child


from . import agenda, consultation, feedback, held, safety, space, statements  # noqa: E402,F401  (views register on bp)
