"""What children raised through the app, in figures: statements by type and quarter, and problems resolved in
time, open and overdue, with the urgent alerts and whether they were acknowledged in time.

Everything comes from the tally: an open problem is counted by the last day it is on time, so "overdue now"
is the open problems whose day has passed, whatever today is."""

from __future__ import annotations

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from ..platform.clock import today
from ..statements.kinds import CHANGE, GOOD_NEWS, PROBLEM, TALK, UNSAFE, WORKER_VISIT
from . import facts
from .disclosure import value_of
from .periods import Filters
from .tables import YEAR, Table, by_category, grid, pivot, withheld_note
from .tally import Sums

MEASURES = (facts.RAISED, facts.PROBLEMS, facts.OPEN_PROBLEM, facts.URGENT)
STATEMENT_TYPES = {
    GOOD_NEWS: _l("Share good news"),
    CHANGE: _l("Something I want to change"),
    WORKER_VISIT: _l("Worker visiting"),
    facts.MEETING: _l("Preparation for a meeting (consultations sent)"),
    PROBLEM: _l("Problem"),
    UNSAFE: _l("Not feeling safe (urgent)"),
    TALK: _l("Wants to talk to someone"),
}


def statement_types(filters: Filters, sums: Sums, mode: str) -> Table:
    """What children raised, by type and quarter (consultations sent count as preparation for a meeting)."""
    return pivot(
        "raised",
        _l("What children raised"),
        STATEMENT_TYPES,
        by_category(sums, facts.RAISED),
        filters,
        mode,
        first=str(_("Type")),
    )


def _by_quarter(sums: Sums, measure: str, wanted) -> dict[int, int]:
    """A measure's counts by quarter, for the categories ``wanted`` says yes to."""
    counts: dict[int, int] = {}
    for (category, quarter), n in by_category(sums, measure).items():
        if wanted(category):
            counts[quarter] = counts.get(quarter, 0) + n
    return counts


def problems_summary(filters: Filters, sums: Sums, mode: str) -> Table:
    """Problems resolved within timescale, problems open and overdue now, and urgent alerts (acknowledged
    within their hours, or late). An open problem is counted by the last day it is on time, so "overdue now"
    is the open problems whose day has passed. As published, each measure is protected across its quarters."""
    on = today().isoformat()
    counted = grid(
        {
            "raised": _by_quarter(sums, facts.RAISED, lambda c: c == PROBLEM),
            "resolved_in_time": _by_quarter(sums, facts.PROBLEMS, lambda c: c == "resolved_in_time"),
            "open": _by_quarter(sums, facts.OPEN_PROBLEM, lambda c: True),
            "overdue": _by_quarter(sums, facts.OPEN_PROBLEM, lambda c: c != "none" and c < on),
            "urgent": _by_quarter(sums, facts.RAISED, lambda c: c == UNSAFE),
            "urgent_in_time": _by_quarter(sums, facts.URGENT, lambda c: c == "acknowledged_in_time"),
        },
        {},
        mode,
    )
    period = YEAR if filters.quarter is None else filters.quarter
    table = Table("problems", str(_("Problems and urgent alerts")), [str(_("Measure")), str(_("Count")), "%"])
    for row, label, whole in (
        ("raised", _("Problems raised"), None),
        ("resolved_in_time", _("Resolved within timescale"), "raised"),
        ("open", _("Still open"), "raised"),
        ("overdue", _("Overdue now"), "raised"),
        ("urgent", _("Urgent alerts (not feeling safe)"), None),
        ("urgent_in_time", _("Acknowledged within their hours"), "urgent"),
    ):
        cell = counted.shown(row, period)
        table.rows.append([str(label), cell, counted.share(row, whole, period, mode) if whole else ""])
        table.chart.append((str(label), value_of(cell), str(cell)))
    table.cells = counted.cells
    if counted.withheld():
        table.note = withheld_note()
    return table
