"""Time: stored UTC against the council's local days, and financial years.

Every timestamp column holds naive UTC (`utcnow`), so SQLite and PostgreSQL behave the same. People live in
the council's time zone (``TIMEZONE``, Europe/London): dates are entered and shown there, due dates count its
days, and a financial year runs from 1 April to 31 March of its local calendar.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time
from zoneinfo import ZoneInfo

from .. import settings


def utcnow() -> datetime:
    """The current time as naive UTC, the form every timestamp column uses."""
    return datetime.now(UTC).replace(tzinfo=None)


def local_zone() -> ZoneInfo:
    """The council's time zone."""
    return ZoneInfo(settings.get("TIMEZONE"))


def to_utc(day: date, at: time) -> datetime:
    """A local date and time as naive UTC, for storage."""
    local = datetime.combine(day, at, tzinfo=local_zone())
    return local.astimezone(UTC).replace(tzinfo=None)


def to_local(moment: datetime) -> datetime:
    """A stored naive-UTC time in the council's time zone."""
    return moment.replace(tzinfo=UTC).astimezone(local_zone())


def local_day(moment: datetime) -> date:
    """The council's calendar day on which a stored naive-UTC moment fell."""
    return to_local(moment).date()


def today() -> date:
    """Today in the council's time zone."""
    return local_day(utcnow())


def start_of_day(day: date) -> datetime:
    """The first moment (naive UTC) of a local day, for comparing stored timestamps with local dates."""
    return to_utc(day, time(0))


# --- financial years ----------------------------------------------------------------------------


def financial_year_of(day: date) -> int:
    """The financial year a day belongs to, named by the year it starts (2026 = April 2026 to March 2027)."""
    return day.year if day.month >= 4 else day.year - 1


def financial_quarter_of(day: date) -> int:
    """The quarter of its financial year a day falls in: 1 (April–June) to 4 (January–March)."""
    return (day.month - 4) % 12 // 3 + 1


def fy_label(year: int) -> str:
    """How a financial year is written: 2026–27."""
    return f"{year}–{str(year + 1)[-2:]}"
