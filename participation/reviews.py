"""Reviews: scheduling them, and the upcoming ones an IRO must prepare for.

Times are entered and shown in the organisation's time zone (Europe/London) and stored as UTC.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta, timezone
from zoneinfo import ZoneInfo

from flask import abort, current_app
from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from .extensions import db
from .models import Child, Consultation, Review, ReviewKind, utcnow
from .working_days import add_working_days

KIND_LABELS = {
    ReviewKind.INITIAL: _l("Initial review (within 20 working days)"),
    ReviewKind.SECOND: _l("Second review (within 3 months)"),
    ReviewKind.SUBSEQUENT: _l("Later review (every 6 months)"),
    ReviewKind.EXTRA: _l("Extra review (brought forward)"),
}
# Upper bound on rows any list of reviews shows; a caseload is 50–90 children.
LIST_LIMIT = 300


def local_zone() -> ZoneInfo:
    """The organisation's time zone."""
    return ZoneInfo(current_app.config["TIMEZONE"])


def to_utc(day: date, at: time) -> datetime:
    """A local date and time as naive UTC for storage."""
    local = datetime.combine(day, at, tzinfo=local_zone())
    return local.astimezone(timezone.utc).replace(tzinfo=None)


def to_local(moment: datetime) -> datetime:
    """A stored naive-UTC time in the organisation's time zone."""
    return moment.replace(tzinfo=timezone.utc).astimezone(local_zone())


def schedule(child: Child, day: date, at: time, kind: str, by) -> Review:
    """Add a review for a child."""
    review = Review(child_id=child.id, scheduled_for=to_utc(day, at), kind=ReviewKind(kind).value, created_by_id=by.id)
    db.session.add(review)
    db.session.commit()
    return review


def upcoming_window_end(today: date | None = None) -> datetime:
    """The end (UTC) of the upcoming-reviews window: the configured number of working days ahead."""
    today = today or to_local(utcnow()).date()
    last_day = add_working_days(today, current_app.config["UPCOMING_WORKING_DAYS"])
    return to_utc(last_day, time(23, 59, 59))


def with_consultation_status():
    """Loader options so a list of reviews can show each consultation's status without a query per row."""
    return (selectinload(Review.consultation).selectinload(Consultation.answers),
            selectinload(Review.consultation).selectinload(Consultation.additions))


def upcoming_for_iro(iro_id: int) -> list[Review]:
    """Reviews of the IRO's children from now until the end of the upcoming window, soonest first,
    with each one's consultation loaded (to show its status)."""
    now = utcnow()
    return db.session.scalars(
        select(Review)
        .join(Child)
        .where(Child.iro_id == iro_id, Review.scheduled_for >= now, Review.scheduled_for <= upcoming_window_end())
        .options(selectinload(Review.child), *with_consultation_status())
        .order_by(Review.scheduled_for)
        .limit(LIST_LIMIT)
    ).all()


def awaiting_outcome(iro_id: int, days: int = 90) -> list[Review]:
    """The IRO's reviews held in the last ``days`` days whose outcome is not yet recorded, oldest first."""
    now = utcnow()
    return db.session.scalars(
        select(Review).join(Child)
        .where(Child.iro_id == iro_id, Review.scheduled_for < now, Review.scheduled_for >= now - timedelta(days=days),
               Review.outcome_recorded_at.is_(None))
        .options(selectinload(Review.child))
        .order_by(Review.scheduled_for)
        .limit(LIST_LIMIT)
    ).all()


def next_review(child: Child) -> Review | None:
    """The child's next review that has not yet started."""
    return db.session.scalar(
        select(Review).where(Review.child_id == child.id, Review.scheduled_for >= utcnow())
        .order_by(Review.scheduled_for).limit(1)
    )


def allocated_review_or_404(review_id: int, user) -> Review:
    """The review if ``user`` is the child's allocated IRO; anyone else gets a 404."""
    review = db.session.get(Review, review_id)
    if review is None or review.child.iro_id != user.id:
        abort(404)
    return review


def next_review_subquery():
    """Each child's next review time, one row per child, to join onto a list of children."""
    return (
        select(Review.child_id, func.min(Review.scheduled_for).label("scheduled_for"))
        .where(Review.scheduled_for >= utcnow())
        .group_by(Review.child_id)
        .subquery()
    )
