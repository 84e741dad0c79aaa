"""Trends: each headline figure by quarter, this year against the year before."""

from __future__ import annotations

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from ..platform.clock import fy_label
from ..statements.kinds import PROBLEM
from . import facts
from .disclosure import value_of
from .periods import QUARTER_LABELS, Filters
from .tables import YEAR, Table, grid, withheld_note
from .tally import Sums
from .took_part import ATTENDED

MEASURES = (facts.HELD, facts.CODE, facts.RETURNED, facts.RESPONSES, facts.RAISED)
HEADLINES = {
    "held": _l("Reviews held"),
    "attended": _l("Children who attended (PN1–PN4)"),
    "returned": _l("Consultations returned before the review"),
    "feedback": _l("Feedback responses"),
    "problems": _l("Problems raised"),
}


def headline_counts(sums: Sums) -> dict[str, dict[int, int]]:
    """Each headline figure by quarter."""
    figures: dict[str, dict[int, int]] = {key: {} for key in HEADLINES}

    def add(key: str, quarter: int, n: int) -> None:
        figures[key][quarter] = figures[key].get(quarter, 0) + n

    for (measure, category, quarter), n in sums.items():
        if measure == facts.HELD:
            add("held", quarter, n)
        elif measure == facts.CODE and category in ATTENDED:
            add("attended", quarter, n)
        elif measure == facts.RETURNED and category == "returned":
            add("returned", quarter, n)
        elif measure == facts.RESPONSES:
            add("feedback", quarter, n)
        elif measure == facts.RAISED and category == PROBLEM:
            add("problems", quarter, n)
    return figures


def trends(filters: Filters, this_year: Sums, last_year: Sums, mode: str) -> Table:
    """Each headline figure by quarter, this year against the year before."""
    quarters = filters.quarters
    table = Table(
        "trends",
        str(_("Trends: this year against last year")),
        [str(_("Figure")), str(_("Year"))] + [str(QUARTER_LABELS[q]) for q in quarters] + [str(_("Total"))],
    )
    years = (
        (fy_label(filters.year), headline_counts(this_year)),
        (fy_label(filters.year - 1), headline_counts(last_year)),
    )
    period = YEAR if filters.quarter is None else filters.quarter
    withheld = False
    for key, label in HEADLINES.items():
        for name, figures in years:
            counted = grid({key: figures[key]}, {}, mode)
            total = counted.shown(key, period)
            table.rows.append([str(label), name, *[counted.shown(key, q) for q in quarters], total])
            table.chart.append((f"{label} ({name})", value_of(total), str(total)))
            withheld = withheld or counted.withheld()
    if withheld:
        table.note = withheld_note()
    return table
