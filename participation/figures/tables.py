"""A table of figures (headers, rows ready to show or download, the bars of its chart) and the pivot that
most tables are: categories by quarter, with the year's count and percentage."""

from __future__ import annotations

from dataclasses import dataclass, field

from flask_babel import gettext as _

from ..extensions import db
from .disclosure import Few, percent, shown
from .periods import QUARTER_LABELS, Filters


@dataclass
class Table:
    """One table of figures: rows to show and download, and the bars of its chart (label, count, text)."""

    key: str
    title: str
    headers: list[str]
    rows: list[list] = field(default_factory=list)
    chart: list[tuple[str, int | None, str]] = field(default_factory=list)
    note: str | None = None


def pivot(key: str, title, labels: dict, counts: dict, filters: Filters, *, first: str, total_label=None) -> Table:
    """A table of categories (rows, in ``labels`` order) by quarter, with the year's count and percentage.
    ``counts`` maps (category, quarter) to a count; categories missing from ``labels`` are left out."""
    quarters = filters.quarters
    by_category = {category: sum(counts.get((category, q), 0) for q in quarters) for category in labels}
    total = sum(by_category.values())
    period = str(_("Year")) if filters.quarter is None else str(QUARTER_LABELS[filters.quarter])
    headers = [first] + ([str(QUARTER_LABELS[q]) for q in quarters] if filters.quarter is None else []) + [period, "%"]
    table = Table(key, str(title), headers)
    for category, label in labels.items():
        count = by_category[category]
        quarter_cells = [shown(counts.get((category, q), 0)) for q in quarters] if filters.quarter is None else []
        table.rows.append([str(label), *quarter_cells, shown(count), percent(count, total)])
        table.chart.append((str(label), None if isinstance(shown(count), Few) else count, str(shown(count))))
    quarter_totals = (
        [shown(sum(counts.get((c, q), 0) for c in labels)) for q in quarters] if filters.quarter is None else []
    )
    table.rows.append(
        [
            str(total_label or _("Total")),
            *quarter_totals,
            shown(total, total=filters.whole_year),
            "100%" if total else "",
        ]
    )
    return table


def grouped(query) -> dict:
    """Run a ``(category, quarter, count)`` query into a mapping."""
    return {(category, quarter): count for category, quarter, count in db.session.execute(query)}
