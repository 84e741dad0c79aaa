"""Scheduling reviews, and the upcoming ones an IRO must prepare for.

Times are entered and shown in the council's time zone and stored as UTC (see `platform.clock`).
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from flask_babel import lazy_gettext as _l
from sqlalchemy import Select, func, select
from sqlalchemy.orm import selectinload

from .. import settings
from ..extensions import db
from ..people.models import Child, StaffUser
from ..platform import audit
from ..platform.clock import local_day, to_utc, today, utcnow
from ..platform.exceptions import NotFound
from ..platform.working_days import add_working_days
from .models import Review, ReviewKind

KIND_LABELS = {
    ReviewKind.INITIAL: _l("Initial review (within 20 working days)"),
    ReviewKind.SECOND: _l("Second review (within 3 months)"),
    ReviewKind.SUBSEQUENT: _l("Later review (every 6 months)"),
    ReviewKind.EXTRA: _l("Extra review (brought forward)"),
}
# Upper bound on rows any list of reviews shows; a caseload is 50–90 children.
LIST_LIMIT = 300


def review_day(review: Review) -> date:
    """The local calendar day of a review."""
    return local_day(review.scheduled_for)


def past_day_needs_confirming(day: date, today: date, saved: date | None = None) -> bool:
    """True when a review day just typed (new, or changed from ``saved``) is before today. Recording a past
    review is legitimate, but usually the year or month was mistyped, so the person confirms it first."""
    return day != saved and day < today


def suggested_kind(child: Child) -> ReviewKind:
    """The kind a new review for the child most likely is: initial when the child has no review yet, second
    after the initial one, later reviews after that (extra reviews do not move the sequence on)."""
    latest = db.session.scalar(
        select(Review.kind)
        .where(Review.child_id == child.id, Review.kind != ReviewKind.EXTRA.value)
        .order_by(Review.scheduled_for.desc())
        .limit(1)
    )
    if latest is None:
        return ReviewKind.INITIAL
    return ReviewKind.SECOND if latest == ReviewKind.INITIAL else ReviewKind.SUBSEQUENT


def schedule(child: Child, day: date, at: time, kind: str, by: StaffUser) -> Review:
    """Add a review for a child."""
    review = Review(child=child, scheduled_for=to_utc(day, at), kind=ReviewKind(kind).value, created_by_id=by.id)
    db.session.add(review)
    db.session.flush()
    audit.record("review.scheduled", actor=by, child=child, detail=f"review {review.id}")
    return review


def move(review: Review, day: date, at: time, kind: str, by: StaffUser) -> None:
    """Move a review or change its kind."""
    review.scheduled_for = to_utc(day, at)
    review.kind = ReviewKind(kind).value
    audit.record("review.updated", actor=by, child=review.child, detail=f"review {review.id}")


def cancel(review: Review, by: StaffUser) -> None:
    """Cancel a scheduled review (with the consultation for it, if the child had opened one)."""
    audit.record("review.cancelled", actor=by, child=review.child, detail=f"review {review.id}")
    db.session.delete(review)


def upcoming_window_end(on: date | None = None) -> datetime:
    """The end (UTC) of the upcoming-reviews window: the configured number of working days ahead."""
    last_day = add_working_days(on or today(), settings.get("UPCOMING_WORKING_DAYS"))
    return to_utc(last_day, time(23, 59, 59))


def upcoming_for_iro(iro_id: int, options=()) -> list[Review]:
    """Reviews of the IRO's children from now until the end of the upcoming window, soonest first
    (``options`` load what the list shows with each, such as its consultation)."""
    now = utcnow()
    return list(
        db.session.scalars(
            select(Review)
            .join(Child)
            .where(Child.iro_id == iro_id, Review.scheduled_for >= now, Review.scheduled_for <= upcoming_window_end())
            .options(selectinload(Review.child), *options)
            .order_by(Review.scheduled_for)
            .limit(LIST_LIMIT)
        )
    )


def awaiting_outcome(iro_id: int, days: int = 90) -> list[Review]:
    """The IRO's reviews held in the last ``days`` days whose outcome is not yet recorded, oldest first."""
    now = utcnow()
    return list(
        db.session.scalars(
            select(Review)
            .join(Child)
            .where(
                Child.iro_id == iro_id,
                Review.scheduled_for < now,
                Review.scheduled_for >= now - timedelta(days=days),
                Review.outcome_recorded_at.is_(None),
            )
            .options(selectinload(Review.child))
            .order_by(Review.scheduled_for)
            .limit(LIST_LIMIT)
        )
    )


def for_child(child: Child, options=(), limit: int = 50) -> list[Review]:
    """A child's reviews, latest first (``options`` as for `upcoming_for_iro`)."""
    return list(
        db.session.scalars(
            select(Review)
            .where(Review.child_id == child.id)
            .options(*options)
            .order_by(Review.scheduled_for.desc())
            .limit(limit)
        )
    )


def next_review(child: Child) -> Review | None:
    """The child's next review that has not yet started."""
    return db.session.scalar(next_review_select(child))


def next_review_select(child: Child) -> Select:
    """The query for `next_review`, for others to join onto (e.g. the consultation for it, in the same query)."""
    return (
        select(Review)
        .where(Review.child_id == child.id, Review.scheduled_for >= utcnow())
        .order_by(Review.scheduled_for)
        .limit(1)
    )


def allocated_review(review_id: int, staff: StaffUser) -> Review:
    """The review if ``staff`` is the child's allocated IRO. Raises NotFound otherwise."""
    review = db.session.get(Review, review_id)
    if review is None or review.child.iro_id != staff.id:
        raise NotFound(f"review {review_id}")
    return review


def next_review_subquery():
    """Each child's next review time, one row per child, to join onto a list of children."""
    return (
        select(Review.child_id, func.min(Review.scheduled_for).label("scheduled_for"))
        .where(Review.scheduled_for >= utcnow())
        .group_by(Review.child_id)
        .subquery()
    )
