from datetime import date

import pytest

from participation.platform.working_days import add_working_days, is_working_day


@pytest.mark.parametrize(
    ("start", "days", "expected"),
    [
        (date(2026, 11, 20), 1, date(2026, 11, 23)),  # Friday + 1 skips the weekend
        (date(2026, 12, 23), 3, date(2026, 12, 30)),  # Christmas Day and the Boxing Day substitute (28th)
        (date(2027, 3, 25), 1, date(2027, 3, 30)),  # Good Friday 26 March, Easter Monday 29 March 2027
        (date(2026, 11, 23), 20, date(2026, 12, 21)),  # the upcoming-reviews window
        (date(2026, 11, 23), 0, date(2026, 11, 23)),
    ],
)
def test_add_working_days(start, days, expected):
    assert add_working_days(start, days) == expected


def test_bank_holidays_in_england_are_not_working_days():
    assert not is_working_day(date(2026, 12, 25))
    assert not is_working_day(date(2026, 8, 31))  # summer bank holiday in England
    assert is_working_day(date(2026, 8, 3))  # Scotland's summer holiday is not England's
    assert not is_working_day(date(2026, 11, 22))  # a Sunday
