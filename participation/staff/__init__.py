"""What staff see: sign-in, admin pages, the IRO's caseload and the service overview."""

from flask import Blueprint

bp = Blueprint("staff", __name__, url_prefix="/staff")

# The modules below add their routes to bp.
from . import (admin, auth, caseload, feedback_links, messages, overview, problems, reading,  # noqa: E402,F401
               recording, statistics)
