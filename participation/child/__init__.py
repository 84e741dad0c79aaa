"""What a child sees: their personal link, PIN or pictures, "my space", their consultation and agenda,
and the quick exit."""

from flask import Blueprint, g
from flask_babel import get_locale

bp = Blueprint("child", __name__)


def page_locale() -> str:
    """The language of the page the child is on (their words are recorded with it)."""
    return str(get_locale())


def answering_child():
    """The child whose form this is: the signed-in child, or one whose space closed while they wrote
    (see `security.child_answering`)."""
    return g.child if g.get("child_session") else g.rescued_child


from . import agenda, consultation, feedback, messages, routes  # noqa: E402,F401  (routes register on bp)
