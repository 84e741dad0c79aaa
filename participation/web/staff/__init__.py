"""What staff see: sign-in, admin pages, the IRO's caseload and reviews, reading consultations, statements
from children, the problem log, the figures and the service overview."""

from flask import Blueprint
from flask_login import current_user

from ...statements.reading import STAFF_ROLES, urgent_waiting

bp = Blueprint("staff", __name__, url_prefix="/staff")


@bp.context_processor
def urgent_alerts() -> dict:
    """Urgent alerts nobody has acknowledged, on every staff page of the people they were sent to."""
    if not current_user.is_authenticated or current_user.role not in STAFF_ROLES:
        return {"urgent_alerts": []}
    return {"urgent_alerts": urgent_waiting(current_user._get_current_object())}


# The modules below add their views to bp.
from . import (  # noqa: E402,F401
    admin,
    auth,
    caseload,
    feedback_links,
    national_return,
    overview,
    problems,
    reading,
    recording,
    records,
    retention,
    security,
    sso,
    statements,
    statistics,
    staying_signed_in,
    two_factor,
)
