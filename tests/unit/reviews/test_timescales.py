"""Statutory review timescales: the first review within 20 working days of coming into care (weekends and
England's bank holidays do not count), the second within 3 months of the first, then every 6 months, each
from the review actually held before it (so one brought forward resets the clock)."""

from __future__ import annotations

from datetime import date

import pytest

from participation.reviews.timescales import add_months, due_by


def test_the_first_review_is_due_20_working_days_after_coming_into_care():
    # Monday 2 June 2025 + 20 working days (no bank holidays in between) = Monday 30 June.
    assert due_by(date(2025, 6, 2), []) == date(2025, 6, 30)


def test_bank_holidays_do_not_count_towards_the_first_review():
    # From Monday 15 December 2025: without bank holidays the 20th working day would be Monday 12 January;
    # Christmas Day, Boxing Day and New Year's Day push it three working days on, to Thursday 15 January 2026.
    assert due_by(date(2025, 12, 15), []) == date(2026, 1, 15)


def test_the_second_is_due_3_months_after_the_first_and_then_every_6_months():
    came_into_care = date(2025, 1, 6)
    assert due_by(came_into_care, [date(2025, 1, 30)]) == date(2025, 4, 30)
    assert due_by(came_into_care, [date(2025, 1, 30), date(2025, 4, 28)]) == date(2025, 10, 28)


def test_a_review_brought_forward_resets_the_clock():
    came_into_care = date(2025, 1, 6)
    # The third review held early, on 1 August instead of by 28 October: the next is due 6 months after it.
    assert due_by(came_into_care, [date(2025, 1, 30), date(2025, 4, 28), date(2025, 8, 1)]) == date(2026, 2, 1)


def test_without_a_date_of_coming_into_care_nothing_is_due():
    assert due_by(None, [date(2025, 1, 30)]) is None


@pytest.mark.parametrize(
    ("day", "months", "expected"),
    [
        (date(2025, 8, 31), 6, date(2026, 2, 28)),  # no 31 February: the month's last day
        (date(2027, 8, 31), 6, date(2028, 2, 29)),  # a leap year
        (date(2025, 11, 30), 3, date(2026, 2, 28)),
        (date(2025, 10, 15), 3, date(2026, 1, 15)),  # into the next year
        (date(2025, 1, 31), 1, date(2025, 2, 28)),
    ],
)
def test_months_are_added_to_the_same_day_or_the_months_last(day, months, expected):
    assert add_months(day, months) == expected
