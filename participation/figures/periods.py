"""The periods the figures are for: a financial year (April to March), optionally one quarter, an IRO and
an age band; and the quarter a stored date falls in, counted by the database."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from flask_babel import lazy_gettext as _l
from sqlalchemy import case, extract

QUARTERS = (1, 2, 3, 4)
QUARTER_LABELS = {1: _l("Q1 (Apr–Jun)"), 2: _l("Q2 (Jul–Sep)"), 3: _l("Q3 (Oct–Dec)"), 4: _l("Q4 (Jan–Mar)")}
QUARTER_MONTHS = {1: (4, 6), 2: (7, 9), 3: (10, 12), 4: (1, 3)}


def quarter_of(column):
    """SQL: the financial-year quarter (1–4) of a date or timestamp column."""
    month = extract("month", column)
    return case((month >= 10, 3), (month >= 7, 2), (month >= 4, 1), else_=4)


@dataclass(frozen=True)
class Filters:
    """What the figures are for: a financial year, and optionally a quarter, an IRO and an age band."""

    year: int
    quarter: int | None = None
    iro_id: int | None = None
    age_band: str | None = None

    @property
    def quarters(self) -> tuple[int, ...]:
        """The quarters the figures cover: the chosen one, or all four."""
        return (self.quarter,) if self.quarter else QUARTERS

    @property
    def start(self) -> date:
        """The first day of the period."""
        first, _last = QUARTER_MONTHS[self.quarter or 1]
        return date(self.year + (1 if self.quarter == 4 else 0), first, 1)

    @property
    def end(self) -> date:
        """The first day after the period."""
        if self.quarter in (None, 4):
            return date(self.year + 1, 4, 1)
        if self.quarter == 3:
            return date(self.year + 1, 1, 1)
        return date(self.year, QUARTER_MONTHS[self.quarter][1] + 1, 1)

    @property
    def whole_year(self) -> bool:
        """A whole year for everyone: only then is a total shown however small."""
        return self.quarter is None and self.iro_id is None and self.age_band is None

    def previous(self) -> Filters:
        """The same period a year earlier (for trends)."""
        return Filters(self.year - 1, self.quarter, self.iro_id, self.age_band)
