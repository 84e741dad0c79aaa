"""The one age rule and the bands derived from it, on the days that matter: birthdays."""

from __future__ import annotations

from datetime import date

import pytest

from participation.people.children import (
    OLDER_BAND,
    UNDER_FOUR,
    YOUNGER_BAND,
    age_band_on,
    is_child_on,
    may_use_pictures,
)
from participation.people.models import Child

BORN = date(2014, 5, 20)


@pytest.mark.parametrize(
    ("day", "band"),
    [
        (date(2018, 5, 19), UNDER_FOUR),  # the day before the 4th birthday
        (date(2018, 5, 20), YOUNGER_BAND),  # the 4th birthday
        (date(2026, 5, 19), YOUNGER_BAND),  # still 11
        (date(2026, 5, 20), OLDER_BAND),  # the 12th birthday
        (date(2032, 5, 20), OLDER_BAND),  # an 18-year-old's last review counts with 12 to 17
    ],
)
def test_age_bands_change_on_the_birthday(day, band):
    assert age_band_on(BORN, day) == band


def test_a_person_is_a_child_until_their_18th_birthday():
    assert is_child_on(BORN, date(2032, 5, 19))
    assert not is_child_on(BORN, date(2032, 5, 20))
    assert not is_child_on(BORN, date(2014, 5, 19))  # not born yet


def test_pictures_are_offered_up_to_11():
    child = Child(date_of_birth=BORN)
    assert may_use_pictures(child, date(2026, 5, 19))
    assert not may_use_pictures(child, date(2026, 5, 20))
