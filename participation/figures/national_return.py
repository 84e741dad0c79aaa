"""The national return (DfE SSDA903, the "CLA return"): every review held in a financial year, one line each as
CHILD, DOB, REVIEW, REVIEW_CODE, and the DfE validation rules on participation checked before it is sent.

Unlike the published figures, the return names each child (by their case reference), so its rows are read one
by one rather than counted by the database, and only the participation team and managers see them.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import date

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from ..extensions import db
from ..people.children import age_on
from ..people.models import Child, StaffUser
from ..reviews.models import Review
from ..reviews.outcomes import PARTICIPATION_CODES
from .periods import Filters

HEADERS = ("CHILD", "DOB", "REVIEW", "REVIEW_CODE")
# DfE's rules 440 and 441: PN0 is for children under 4 on the day of the review, and only for them.
UNDER_FOUR_CODE = "PN0"
PN0_BELOW_AGE = 4

# Why a review cannot go in the return as it is. The DfE rule number goes with the message on the page; a
# required column that is empty has no rule number of its own.
MESSAGES = {
    "no_reference": _l("The child has no case reference, and the return names each child by it."),
    "no_birth_date": _l("The child has no date of birth."),
    "no_review_date": _l("The review date is missing."),
    "review_in_future": _l("The review date is in the future."),
    "review_before_birth": _l("The review date is before the child's date of birth."),
    "bad_code": _l("The participation code is missing or is not one of PN0 to PN7."),
    "pn0_but_four": _l("PN0 is recorded, but the child was 4 or over on the review date."),
    "under_four_not_pn0": _l("The child was under 4 on the review date, so the code must be PN0."),
}


@dataclass(frozen=True)
class ReturnRow:
    """One review in the return, with what the page needs to say whose record to correct."""

    review_id: int
    child_id: int
    preferred_name: str
    case_reference: str | None
    date_of_birth: date | None
    held_on: date | None
    participation_code: str | None
    iro_name: str


@dataclass(frozen=True)
class Problem:
    """Something DfE's validation would reject in one review: the DfE rule (None for a required column left
    empty), the column of the return it is about, and a short message for staff."""

    rule: int | None
    column: str
    message: str
    row: ReturnRow

    @property
    def review_id(self) -> int:
        """The review the problem is in."""
        return self.row.review_id

    @property
    def child_id(self) -> int:
        """The child whose review it is."""
        return self.row.child_id


def rows(year: int) -> list[ReturnRow]:
    """Every review held in the financial year ``year`` and recorded by its IRO, ordered by case reference and
    then review date (children without a case reference last), in one query."""
    period = Filters(year)
    found = db.session.execute(
        select(
            Review.id,
            Child.id,
            Child.preferred_name,
            Child.case_reference,
            Child.date_of_birth,
            Review.held_on,
            Review.participation_code,
            StaffUser.name,
        )
        .join(Child, Child.id == Review.child_id)
        # The child's IRO now, not the one who recorded the review: only they can correct the record.
        .join(StaffUser, StaffUser.id == Child.iro_id)
        .where(
            Review.outcome_recorded_at.is_not(None),
            Review.held_on >= period.start,
            Review.held_on < period.end,
        )
        # SQLite sorts NULL first and PostgreSQL last: say where they go, so the file is the same on both.
        .order_by(Child.case_reference.is_(None), Child.case_reference, Review.held_on, Review.id)
    )
    return [ReturnRow(*row) for row in found]


def problems(returned: Sequence[ReturnRow], today: date) -> list[Problem]:
    """What DfE's validation would reject in these rows, in their order: a missing case reference or date of
    birth, and rules 166 (review date), 167 (participation code), 440 and 441 (PN0 if and only if the child
    was under 4 on the review date). ``today`` is the council's date, after which no review can have been
    held."""
    return [problem for row in returned for problem in _problems_in(row, today)]


def _problems_in(row: ReturnRow, today: date) -> Iterator[Problem]:
    def problem(rule: int | None, column: str, key: str) -> Problem:
        return Problem(rule, column, str(MESSAGES[key]), row)

    if not row.case_reference:
        yield problem(None, "CHILD", "no_reference")
    if row.date_of_birth is None:
        yield problem(None, "DOB", "no_birth_date")
    wrong_date = _review_date(row, today)
    if wrong_date is not None:
        yield problem(166, "REVIEW", wrong_date)
    code_ok = row.participation_code in PARTICIPATION_CODES
    if not code_ok:
        yield problem(167, "REVIEW_CODE", "bad_code")
    # The age rules need both dates and a real code: what is missing or wrong is listed above, once.
    if wrong_date is not None or not code_ok or row.date_of_birth is None or row.held_on is None:
        return
    # The app's one age rule: the same one the IRO's outcome form is checked against.
    under_four = age_on(row.date_of_birth, row.held_on) < PN0_BELOW_AGE
    if row.participation_code == UNDER_FOUR_CODE and not under_four:
        yield problem(440, "REVIEW_CODE", "pn0_but_four")
    elif under_four and row.participation_code != UNDER_FOUR_CODE:
        yield problem(441, "REVIEW_CODE", "under_four_not_pn0")


def _review_date(row: ReturnRow, today: date) -> str | None:
    """Why the review date breaks rule 166, or None. The column holds a date, so "invalid" here means a day on
    which the review cannot have been held: in the future, or before the child was born (a date of birth
    corrected after the review was recorded)."""
    if row.held_on is None:
        return "no_review_date"
    if row.held_on > today:
        return "review_in_future"
    if row.date_of_birth is not None and row.held_on < row.date_of_birth:
        return "review_before_birth"
    return None


def dfe_date(day: date | None) -> str:
    """A date as the return writes it, dd/mm/yyyy (empty when there is none)."""
    # Not strftime: its %Y is not zero-padded for early years on every platform.
    return f"{day.day:02d}/{day.month:02d}/{day.year:04d}" if day else ""


def csv_text(returned: Sequence[ReturnRow]) -> str:
    """The return as CSV text: the header ``CHILD,DOB,REVIEW,REVIEW_CODE``, then one line per review, each
    ending in CRLF. Values are written exactly as recorded, without the apostrophe `platform.exports` puts before
    text a spreadsheet would run: the file is for DfE's tools, where ``'-123`` would be another child."""
    buffer = io.StringIO(newline="")  # no newline translation: the CRLF below is what is written
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(HEADERS)
    for row in returned:
        writer.writerow(
            [row.case_reference or "", dfe_date(row.date_of_birth), dfe_date(row.held_on), row.participation_code or ""]
        )
    return buffer.getvalue()


def filename(year: int) -> str:
    """The download's name for a financial year, e.g. ``ssda903-reviews-2025-26.csv`` (ASCII: no en dash)."""
    return f"ssda903-reviews-{year}-{str(year + 1)[-2:]}.csv"
