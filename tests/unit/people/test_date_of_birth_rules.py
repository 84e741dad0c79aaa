"""The ages a child in care can be when they are added or changed: 0 to 17 on today's local date, and a
confirmation for a child under 4 (too young for the consultation)."""

from datetime import date

import pytest

from participation.people.children import (
    date_of_birth_problem,
    too_young_for_consultation,
    under_four_needs_confirming,
)

TODAY = date(2026, 12, 2)


@pytest.mark.parametrize(
    ("born", "accepted"),
    [
        (date(2008, 12, 3), True),  # 18 tomorrow: the day before the 18th birthday
        (date(2008, 12, 2), False),  # the 18th birthday
        (date(1990, 1, 1), False),
        (TODAY, True),  # born today
        (date(2026, 12, 3), False),  # tomorrow
    ],
)
def test_a_child_in_care_is_0_to_17(born, accepted):
    assert (date_of_birth_problem(born, TODAY) is None) is accepted


def test_the_message_says_what_is_wrong():
    assert "in the future" in date_of_birth_problem(date(2026, 12, 3), TODAY)
    assert "18 or over" in date_of_birth_problem(date(2008, 12, 2), TODAY)
    assert "0 to 17" in date_of_birth_problem(date(2008, 12, 2), TODAY)


def test_a_leap_day_baby_turns_18_on_1_march():
    assert date_of_birth_problem(date(2008, 2, 29), date(2026, 2, 28)) is None
    assert date_of_birth_problem(date(2008, 2, 29), date(2026, 3, 1)) is not None


@pytest.mark.parametrize(
    ("born", "under_four"),
    [
        (date(2022, 12, 3), True),  # 4 tomorrow
        (date(2022, 12, 2), False),  # the 4th birthday
        (TODAY, True),
        (date(2015, 6, 1), False),
    ],
)
def test_under_four_cannot_do_a_consultation(born, under_four):
    assert too_young_for_consultation(born, TODAY) is under_four


def test_an_age_under_4_is_confirmed_only_when_the_date_is_typed():
    toddler = date(2024, 5, 1)
    assert under_four_needs_confirming(toddler, TODAY)  # a new child
    assert under_four_needs_confirming(toddler, TODAY, saved=date(2014, 5, 1))  # the year changed
    assert not under_four_needs_confirming(toddler, TODAY, saved=toddler)  # confirmed when it was entered
    assert not under_four_needs_confirming(date(2014, 5, 1), TODAY)
