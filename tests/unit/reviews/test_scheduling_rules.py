"""A review day in the past is confirmed before it is saved (usually a slip of the year or month)."""

from datetime import date

from participation.reviews.scheduling import past_day_needs_confirming

TODAY = date(2026, 12, 2)


def test_a_day_before_today_needs_confirming():
    assert past_day_needs_confirming(date(2026, 12, 1), TODAY)
    assert past_day_needs_confirming(date(2025, 12, 20), TODAY)


def test_today_and_later_do_not():
    assert not past_day_needs_confirming(TODAY, TODAY)
    assert not past_day_needs_confirming(date(2026, 12, 3), TODAY)


def test_a_past_review_kept_on_its_day_is_not_asked_again():
    held = date(2026, 11, 20)
    assert not past_day_needs_confirming(held, TODAY, saved=held)
    assert past_day_needs_confirming(date(2026, 11, 21), TODAY, saved=held)
