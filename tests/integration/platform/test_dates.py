"""Dates and times as people here read them: the council's local day (a moment stored in UTC just before
midnight in summer is the next day), British style on English pages ("Friday 4 December 2026 at 10am", staff
tables "4 Dec 2026, 10:00", never seconds or the US order), and each language's own style elsewhere."""

from __future__ import annotations

from datetime import date, datetime

import pytest
from flask_babel import force_locale

from participation.web import dates

SUMMER_EVENING = datetime(2026, 6, 30, 23, 30)  # 00:30 on 1 July, British Summer Time
WINTER_MORNING = datetime(2026, 12, 4, 10, 0)  # 10:00 GMT
TO_0_9 = str.maketrans("۰۱۲۳۴۵۶۷۸۹٠١٢٣٤٥٦٧٨٩", "01234567890123456789")


@pytest.mark.parametrize(
    ("render", "expected"),
    [
        (lambda: dates.day(WINTER_MORNING, "full"), "Friday 4 December 2026"),
        (lambda: dates.day(WINTER_MORNING, "long"), "4 December 2026"),
        (lambda: dates.day(WINTER_MORNING, "medium"), "4 Dec 2026"),
        (lambda: dates.day(WINTER_MORNING, "short"), "04/12/2026"),
        (lambda: dates.moment(WINTER_MORNING, "short"), "4 Dec 2026, 10:00"),
        (lambda: dates.moment(WINTER_MORNING, "medium"), "4 Dec 2026, 10:00"),
        (lambda: dates.moment(WINTER_MORNING, "full"), "Friday 4 December 2026 at 10am"),
        (lambda: dates.clock(datetime(2026, 12, 4, 14, 30)), "2:30pm"),
        (lambda: dates.clock(datetime(2026, 12, 4, 12, 0)), "12pm"),
        (lambda: dates.day(SUMMER_EVENING, "long"), "1 July 2026"),  # the local day, not UTC's 30 June
        (lambda: dates.moment(SUMMER_EVENING, "full"), "Wednesday 1 July 2026 at 12:30am"),
        (lambda: dates.day(date(2026, 7, 1), "medium"), "1 Jul 2026"),
    ],
)
def test_english_pages_write_dates_the_british_way_on_the_local_day(app, render, expected):
    with app.test_request_context("/?lang=en"), force_locale("en_GB"):
        assert render() == expected


@pytest.mark.parametrize("locale", ["ar", "fa_AF", "ps", "uk", "ti"])
def test_other_languages_use_their_own_style_without_seconds(app, locale):
    with app.test_request_context(), force_locale(locale):
        shown = dates.moment(WINTER_MORNING, "medium").translate(TO_0_9)
        assert "10:00:00" not in shown and "2026" in shown
        assert dates.day(SUMMER_EVENING, "long") != dates.day(datetime(2026, 6, 30, 12, 0), "long")


@pytest.mark.parametrize(("locale", "four"), [("fa", "۴"), ("fa_AF", "۴"), ("ps", "۴"), ("ckb", "٤"), ("ar", "4")])
def test_digits_are_the_ones_each_language_writes(app, locale, four):
    with app.test_request_context(), force_locale(locale):
        shown = dates.day(WINTER_MORNING, "long") + dates.moment(WINTER_MORNING, "medium")
    assert four in shown and not ({"4", "۴", "٤"} - {four}) & set(shown)


def test_templates_use_these_filters(app):
    assert app.jinja_env.filters["dateformat"] is dates.day
    assert app.jinja_env.filters["datetimeformat"] is dates.moment
    assert app.jinja_env.filters["timeformat"] is dates.clock
