"""What a child sees: their personal link, PIN or pictures, "my space", their consultation and agenda,
and the quick exit."""

from flask import Blueprint

bp = Blueprint("child", __name__)

from . import agenda, consultation, feedback, messages, routes  # noqa: E402,F401  (routes register on bp)
