"""The whole report: every table, by section, in the order the statistics page and the annual report show
them, and one table by its key for downloads. The period's counts are read from the tally once, and the year
before's once more for the trends."""

from __future__ import annotations

from collections.abc import Callable

from flask_babel import lazy_gettext as _l

from . import facts, feedback_given, statements_raised, took_part, trends
from .disclosure import shown
from .periods import Filters
from .tables import Table
from .tally import Sums, sums

SECTIONS = (
    ("took-part", _l("How children took part")),
    ("feedback", _l("Feedback")),
    ("raised", _l("What children raised")),
    ("trends", _l("Trends")),
)
MEASURES = took_part.MEASURES + feedback_given.MEASURES + statements_raised.MEASURES

# The tables of each section, each built from (filters, the period's counts, the disclosure mode).
TOOK_PART: tuple[Callable[[Filters, Sums, str], Table], ...] = (
    took_part.participation_codes,
    took_part.chairing,
    took_part.seen_before,
    took_part.held_in_time,
    took_part.consultations_returned,
    took_part.consultations_received,
    took_part.venues_chosen,
    took_part.attendance_wishes,
)
FEEDBACK = (feedback_given.response_counts, feedback_given.agencies, feedback_given.reports_shared)
RAISED = (statements_raised.statement_types, statements_raised.problems_summary)


def all_tables(filters: Filters, mode: str) -> dict[str, list[Table]]:
    """Every table, by section, in the order the report shows them."""
    # The whole year's counts, whatever quarter is asked for: a table shows its quarter as a column of the year's.
    year = Filters(filters.year, iro_id=filters.iro_id, age_band=filters.age_band)
    counts = sums(year, MEASURES)
    last_year = sums(year.previous(), trends.MEASURES)
    return {
        "took-part": [build(filters, counts, mode) for build in TOOK_PART],
        "feedback": [
            FEEDBACK[0](filters, counts, mode),
            *feedback_given.question_tables(filters, counts, mode),
            *(build(filters, counts, mode) for build in FEEDBACK[1:]),
        ],
        "raised": [build(filters, counts, mode) for build in RAISED],
        "trends": [trends.trends(filters, counts, last_year, mode)],
    }


def held_reviews(counts: Sums, mode: str):
    """How many reviews were held in the counted period, as it may be shown."""
    return shown(sum(n for (measure, _category, _quarter), n in counts.items() if measure == facts.HELD), mode)


def table(key: str, filters: Filters, mode: str) -> Table | None:
    """One table by its key (for downloads)."""
    return next((each for tables in all_tables(filters, mode).values() for each in tables if each.key == key), None)
