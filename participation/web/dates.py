"""Dates and times as people here read them: in the council's time zone, in the page's language, and on English
pages in British style, "Friday 4 December 2026 at 10am" for a child and "4 Dec 2026, 10:00" in a staff table
(never seconds, never the US order). Replaces Flask-Babel's template filters of the same names, which format a
stored (UTC) moment's date without moving it to the local day first.

* ``dateformat``: "full" (Friday 4 December 2026), "long" (4 December 2026), "medium" (4 Dec 2026), "short".
* ``datetimeformat``: "short" and "medium" (4 Dec 2026, 10:00), "long" and "full" (Friday 4 December 2026 at 10am).
* ``timeformat``: the time of day (10am, 2:30pm on English pages; the language's own form elsewhere).
"""

from __future__ import annotations

from datetime import date, datetime

from babel import Locale
from babel.dates import format_date, format_time
from flask import Flask
from flask_babel import get_locale

from ..platform.clock import to_local

# English pages: British patterns where CLDR's en_GB differs from what people here write.
BRITISH_DATES = {"full": "EEEE d MMMM y", "long": "d MMMM y", "medium": "d MMM y", "short": "dd/MM/y"}
# Digits as each language writes them (CLDR's default numbering system; Babel formats with 0-9 whatever the
# language): Farsi, Dari and Pashto use Extended Arabic-Indic digits, Sorani Arabic-Indic; CLDR gives Arabic,
# Urdu and the rest 0-9.
NATIVE_DIGITS = {"arab": "٠١٢٣٤٥٦٧٨٩", "arabext": "۰۱۲۳۴۵۶۷۸۹"}


def _locale() -> Locale:
    return Locale.parse(str(get_locale()))


def _british(locale: Locale) -> bool:
    return locale.language == "en"


def _in_digits_of(locale: Locale, text: str) -> str:
    digits = NATIVE_DIGITS.get(locale.default_numbering_system)
    return text.translate(str.maketrans("0123456789", digits)) if digits else text


def _local(value: date | datetime) -> date | datetime:
    """A stored moment (naive UTC) in the council's time zone; a date as it is."""
    return to_local(value) if isinstance(value, datetime) else value


def _day(value: date | datetime) -> date:
    local = _local(value)
    return local.date() if isinstance(local, datetime) else local


def day(value: date | datetime | None, format: str = "medium") -> str:
    """The (local) day of a date or stored moment."""
    if value is None:
        return ""
    locale = _locale()
    pattern = BRITISH_DATES.get(format, format) if _british(locale) else format
    return _in_digits_of(locale, format_date(_day(value), pattern, locale=locale))


def clock(value: datetime | None, format: str = "short") -> str:
    """The (local) time of day of a stored moment: "10am", "2:30pm" on English pages."""
    if value is None:
        return ""
    local = _local(value)
    assert isinstance(local, datetime)
    locale = _locale()
    if _british(locale):
        hour = local.hour % 12 or 12
        minutes = f":{local.minute:02d}" if local.minute else ""
        return f"{hour}{minutes}{'am' if local.hour < 12 else 'pm'}"
    return _in_digits_of(locale, format_time(local, format, locale=locale))


def moment(value: datetime | None, format: str = "medium") -> str:
    """A stored moment's local day and time, without seconds: "4 Dec 2026, 10:00" in tables ("short",
    "medium"); "Friday 4 December 2026 at 10am" in sentences ("long", "full")."""
    if value is None:
        return ""
    locale = _locale()
    local = _local(value)
    assert isinstance(local, datetime)
    if format in ("long", "full"):
        if _british(locale):
            return f"{day(value, 'full')} at {clock(value)}"
        combined = locale.datetime_formats["long"]
        return combined.format(clock(value), day(value, "full"))
    if _british(locale):
        return f"{day(value, 'medium')}, {local:%H:%M}"
    combined = locale.datetime_formats["medium"]
    return combined.format(clock(value), day(value, "medium"))


def init_app(app: Flask) -> None:
    """Use these in every template, in place of Flask-Babel's filters of the same names."""
    app.jinja_env.filters.update(dateformat=day, datetimeformat=moment, timeformat=clock)
