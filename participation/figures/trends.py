"""Trends: each headline figure by quarter, this year against the year before."""

from __future__ import annotations

from collections import defaultdict

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select

from ..extensions import db
from ..platform.clock import fy_label
from ..reviews.models import Review
from ..statements.kinds import PROBLEM
from ..statements.models import Statement
from .disclosure import Few, shown
from .feedback_given import responses_by_respondent
from .periods import QUARTER_LABELS, Filters, quarter_of
from .statements_raised import raised_in
from .tables import Table
from .took_part import ATTENDED, held, returned_rows


def _headline_counts(filters: Filters) -> dict[str, dict[int, int]]:
    """Each headline figure by quarter."""
    review_quarter = quarter_of(Review.held_on)
    figures: dict[str, dict[int, int]] = defaultdict(dict)
    for q, reviews, attended in db.session.execute(
        select(
            review_quarter, func.count(Review.id), func.count(Review.id).filter(Review.participation_code.in_(ATTENDED))
        )
        .where(held(filters))
        .group_by(review_quarter)
    ):
        figures["held"][q] = reviews
        figures["attended"][q] = attended
    for q, _held_count, sent, _not in returned_rows(filters):
        figures["returned"][q] = sent
    for (_respondent, q), n in responses_by_respondent(filters).items():
        figures["feedback"][q] = figures["feedback"].get(q, 0) + n
    problem_quarter = quarter_of(Statement.created_at)
    for q, n in db.session.execute(
        select(problem_quarter, func.count(Statement.id))
        .where(raised_in(filters), Statement.kind == PROBLEM)
        .group_by(problem_quarter)
    ):
        figures["problems"][q] = n
    return figures


HEADLINES = {
    "held": _l("Reviews held"),
    "attended": _l("Children who attended (PN1–PN4)"),
    "returned": _l("Consultations returned before the review"),
    "feedback": _l("Feedback responses"),
    "problems": _l("Problems raised"),
}


def trends(filters: Filters) -> Table:
    """Each headline figure by quarter, this year against the year before."""
    this, last = _headline_counts(filters), _headline_counts(filters.previous())
    quarters = filters.quarters
    year_names = (fy_label(filters.year), fy_label(filters.year - 1))
    table = Table(
        "trends",
        str(_("Trends: this year against last year")),
        [str(_("Figure")), str(_("Year"))] + [str(QUARTER_LABELS[q]) for q in quarters] + [str(_("Total"))],
    )
    for key, label in HEADLINES.items():
        for name, figures in zip(year_names, (this, last), strict=True):
            by_quarter = figures.get(key, {})
            total = sum(by_quarter.get(q, 0) for q in quarters)
            table.rows.append(
                [
                    str(label),
                    name,
                    *[shown(by_quarter.get(q, 0)) for q in quarters],
                    shown(total, total=filters.whole_year),
                ]
            )
            table.chart.append(
                (
                    f"{label} ({name})",
                    None if isinstance(shown(total, total=filters.whole_year), Few) else total,
                    str(shown(total, total=filters.whole_year)),
                )
            )
    return table
