"""The participation team's and managers' overview of the service."""

from __future__ import annotations

from flask import current_app, render_template
from sqlalchemy import func, select

from ...extensions import db
from ...people.models import Child, Role, StaffUser
from ...platform.clock import utcnow
from ...reviews import scheduling
from ...reviews.models import Review
from ..access import staff_required
from . import bp


@bp.route("/overview")
@staff_required(Role.PARTICIPATION, Role.MANAGER)
def overview():
    """Children and upcoming reviews per IRO, counted by the database."""
    upcoming = (
        select(Child.iro_id, func.count(Review.id).label("reviews"))
        .join(Review, Review.child_id == Child.id)
        .where(Review.scheduled_for >= utcnow(), Review.scheduled_for <= scheduling.upcoming_window_end())
        .group_by(Child.iro_id)
        .subquery()
    )
    caseloads = select(Child.iro_id, func.count(Child.id).label("children")).group_by(Child.iro_id).subquery()
    rows = db.session.execute(
        select(StaffUser.name, func.coalesce(caseloads.c.children, 0), func.coalesce(upcoming.c.reviews, 0))
        .outerjoin(caseloads, caseloads.c.iro_id == StaffUser.id)
        .outerjoin(upcoming, upcoming.c.iro_id == StaffUser.id)
        .where(StaffUser.role == Role.IRO)
        .order_by(StaffUser.name)
    ).all()
    totals = (sum(row[1] for row in rows), sum(row[2] for row in rows))
    return render_template(
        "staff/overview.html", rows=rows, totals=totals, working_days=current_app.config["UPCOMING_WORKING_DAYS"]
    )
