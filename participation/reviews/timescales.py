"""Statutory timescales for looked-after reviews: when each review is due, and whether it was held in time.

The first review is due within 20 working days of the child becoming looked after, the second within 3 months
of the first, then one at least every 6 months. Each due date runs from the review actually held before it, so
a review brought forward (after a significant event, or because the child asked) resets the clock.
"""

from __future__ import annotations

import calendar
from collections.abc import Iterable
from datetime import date

from ..platform.clock import local_day
from ..platform.working_days import add_working_days
from .models import Review

FIRST_WITHIN_WORKING_DAYS = 20
SECOND_WITHIN_MONTHS = 3
THEN_EVERY_MONTHS = 6

IN_TIME, LATE, UNKNOWN = "in_time", "late", "unknown"


def add_months(day: date, months: int) -> date:
    """The same day ``months`` later (the month's last day when it is shorter: 31 August + 6 months is
    28 or 29 February)."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def held_before(reviews: Iterable[Review], day: date, since: date) -> list[date]:
    """The days of the reviews held (and recorded) from ``since`` until before ``day``, in order."""
    return sorted(
        r.held_on
        for r in reviews
        if r.held_on is not None and r.outcome_recorded_at is not None and since <= r.held_on < day
    )


def due_by(looked_after_since: date | None, earlier: list[date]) -> date | None:
    """When the next review is due, given the day the child became looked after and the days of the reviews
    held since (in order); None when the day they became looked after is not recorded."""
    if looked_after_since is None:
        return None
    if not earlier:
        return add_working_days(looked_after_since, FIRST_WITHIN_WORKING_DAYS)
    if len(earlier) == 1:
        return add_months(earlier[0], SECOND_WITHIN_MONTHS)
    return add_months(earlier[-1], THEN_EVERY_MONTHS)


def review_due_by(review: Review) -> date | None:
    """When this review was (or is) due: from the reviews of the child held before it."""
    child = review.child
    since = child.looked_after_since
    if since is None:
        return None
    day = review.held_on or local_day(review.scheduled_for)
    return due_by(since, held_before(child.reviews, day, since))


def timeliness(review: Review) -> str:
    """Whether a held review was within its timescale: `IN_TIME`, `LATE`, or `UNKNOWN` (no start of care
    recorded)."""
    due = review_due_by(review)
    if due is None or review.held_on is None:
        return UNKNOWN
    return IN_TIME if review.held_on <= due else LATE


def next_due(child) -> date | None:
    """When the child's next review is due, from the reviews held so far (None without a start of care)."""
    since = child.looked_after_since
    if since is None:
        return None
    return due_by(since, held_before(child.reviews, date.max, since))
