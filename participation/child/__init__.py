"""What a child sees: their personal link, PIN or pictures, "my space" and the quick exit."""

from flask import Blueprint

bp = Blueprint("child", __name__)

from . import routes  # noqa: E402,F401  (routes register on bp)
