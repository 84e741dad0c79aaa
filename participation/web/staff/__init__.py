"""What staff see: sign-in, admin pages, the IRO's caseload and reviews, reading consultations, statements
from children, the problem log, the figures and the service overview."""

from flask import Blueprint

bp = Blueprint("staff", __name__, url_prefix="/staff")

# The modules below add their views to bp.
from . import admin, auth, caseload, feedback_links, overview, problems, reading, recording, statements, statistics  # noqa: E402,F401
