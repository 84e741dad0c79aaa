from datetime import date

import pytest

from participation.people.child_secret import PICTURES, picture_secret
from participation.people.children import age_on
from participation.web.child.forms import EASY_PINS


@pytest.mark.parametrize(
    ("born", "on", "age"),
    [
        (date(2015, 6, 10), date(2026, 6, 9), 10),  # the day before the birthday
        (date(2015, 6, 10), date(2026, 6, 10), 11),  # on the birthday
        (date(2012, 2, 29), date(2026, 2, 28), 13),  # leap-day birthday, non-leap year
        (date(2012, 2, 29), date(2026, 3, 1), 14),
        (date(2022, 12, 1), date(2026, 11, 30), 3),  # under 4
        (date(2008, 11, 22), date(2026, 11, 22), 18),  # 18th birthday
    ],
)
def test_age_on_a_day(born, on, age):
    assert age_on(born, on) == age


def test_pictures_have_unique_keys_and_words():
    assert len({picture.key for picture in PICTURES}) == len(PICTURES) == 9
    assert all(str(picture.label) for picture in PICTURES)


def test_picture_secret_depends_on_order():
    assert picture_secret(["cat", "sun", "fish"]) != picture_secret(["sun", "cat", "fish"])


def test_obvious_pins_are_refused():
    assert {"1234", "0000", "9999"} <= EASY_PINS and "2468" not in EASY_PINS
