"""What staff see: sign-in, admin pages, the IRO's caseload and the service overview."""

from flask import Blueprint

bp = Blueprint("staff", __name__, url_prefix="/staff")

from . import admin, auth, caseload, messages, overview, problems, reading, recording  # noqa: E402,F401  (routes register on bp)
