"""The whole report: every table, by section, in the order the statistics page and the annual report show
them, and one table by its key for downloads."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from .feedback_given import agencies, answer_counts, question_tables, reports_shared, response_counts
from .periods import Filters
from .statements_raised import problems_summary, statement_types
from .tables import Table
from .took_part import (
    attendance_wishes,
    chairing,
    consultations_returned,
    participation_codes,
    seen_before,
    venues_chosen,
)
from .trends import trends

SECTIONS = (
    ("took-part", _l("How children took part")),
    ("feedback", _l("Feedback")),
    ("raised", _l("What children raised")),
    ("trends", _l("Trends")),
)


def all_tables(filters: Filters) -> dict[str, list[Table]]:
    """Every table, by section, in the order the report shows them."""
    counts = answer_counts(filters)
    return {
        "took-part": [
            participation_codes(filters),
            chairing(filters),
            seen_before(filters),
            consultations_returned(filters),
            venues_chosen(filters),
            attendance_wishes(filters),
        ],
        "feedback": [
            response_counts(filters),
            *question_tables(filters, counts),
            agencies(filters),
            reports_shared(filters, counts),
        ],
        "raised": [statement_types(filters), problems_summary(filters)],
        "trends": [trends(filters)],
    }


def table(key: str, filters: Filters) -> Table | None:
    """One table by its key (for downloads), counting only what that table needs."""
    builders = {
        "participation-codes": participation_codes,
        "chairing": chairing,
        "seen-before": seen_before,
        "consultations-returned": consultations_returned,
        "venues": venues_chosen,
        "attendance-wishes": attendance_wishes,
        "feedback-responses": response_counts,
        "agencies": agencies,
        "reports-shared": reports_shared,
        "raised": statement_types,
        "problems": problems_summary,
        "trends": trends,
    }
    if key in builders:
        return builders[key](filters)
    return next((each for each in question_tables(filters) if each.key == key), None)
