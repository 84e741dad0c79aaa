"""A table of figures (headers, rows ready to show or download, the bars of its chart) and the pivot that
most tables are: categories by quarter, with the period's count and percentage."""

from __future__ import annotations

from dataclasses import dataclass, field

from flask_babel import gettext as _

from .disclosure import PUBLISHED, Cell, Sum, Withheld, share, shown, value_of, withhold
from .periods import QUARTER_LABELS, QUARTERS, Filters
from .tally import Sums


@dataclass
class Table:
    """One table of figures: rows to show and download, and the bars of its chart (label, count, text).

    ``chart_max`` is the value a full bar stands for: 100 for percentages (so 62 % draws 62 % of the width),
    or None for counts (the largest bar is full width). ``cells`` holds the counts as shown by (category,
    column) keys, for figures worked out from the table as published (`figures.headlines`)."""

    key: str
    title: str
    headers: list[str]
    rows: list[list] = field(default_factory=list)
    chart: list[tuple[str, int | None, str]] = field(default_factory=list)
    note: str | None = None
    chart_max: int | None = None
    cells: dict = field(default_factory=dict)


YEAR = "year"  # the column of the whole year (or the quarter shown), beside the quarters
TOTAL = "total"  # the total row's key in `Table.cells`
COLUMNS = (*QUARTERS, YEAR)


def by_category(sums: Sums, measure: str, quarters: tuple[int, ...] = QUARTERS) -> dict[tuple[str, int], int]:
    """One measure's counts as (category, quarter) → count, for ``quarters``."""
    return {(c, quarter): n for (m, c, quarter), n in sums.items() if m == measure and quarter in quarters}


@dataclass
class Grid:
    """Counts by row and column (the four quarters and the year) as they may be shown, with the exact counts
    behind them. As published, the whole grid is protected at once (`disclosure.withhold`): each row's
    quarters add up to its year and each total row's parts to it, so no hidden count can be pinned down, and
    a quarter's table shows its column of the year's grid."""

    exact: dict[Cell, int]
    cells: dict[Cell, object]

    def shown(self, row, column):
        """A cell as it may be shown."""
        return self.cells[(row, column)]

    def share(self, row, whole_row, column, mode: str):
        """``row`` as a percentage of ``whole_row`` in ``column`` ("" beside anything hidden or withheld)."""
        if isinstance(self.cells[(row, column)], Withheld) or isinstance(self.cells[(whole_row, column)], Withheld):
            return ""
        return share(self.exact[(row, column)], self.exact[(whole_row, column)], mode)

    def withheld(self) -> bool:
        """True when a count was withheld to protect a hidden one."""
        return any(isinstance(cell, Withheld) for cell in self.cells.values())


def grid(by_quarter: dict, totals: dict, mode: str) -> Grid:
    """A protected grid: ``by_quarter`` maps each row to its counts by quarter; ``totals`` maps each total row
    to the rows it adds up."""
    exact: dict[Cell, int] = {}
    for row, counts in by_quarter.items():
        for q in QUARTERS:
            exact[(row, q)] = counts.get(q, 0)
    for total, parts in totals.items():
        for q in QUARTERS:
            exact[(total, q)] = sum(exact[(part, q)] for part in parts)
    rows = [*by_quarter, *totals]
    for row in rows:
        exact[(row, YEAR)] = sum(exact[(row, q)] for q in QUARTERS)
    cells: dict[Cell, object] = {cell: shown(count, mode) for cell, count in exact.items()}
    if mode == PUBLISHED:
        sums: list[Sum] = [((row, YEAR), [(row, q) for q in QUARTERS]) for row in rows]
        sums += [
            ((total, column), [(part, column) for part in parts])
            for total, parts in totals.items()
            for column in COLUMNS
        ]
        for protected in withhold(exact, cells, sums):
            cells[protected] = Withheld()
    return Grid(exact, cells)


def withheld_note() -> str:
    """What a table with withheld counts says under it."""
    return str(
        _("Counts shown as “withheld” are left out so that a smaller hidden count cannot be worked out from them.")
    )


def pivot(
    key: str,
    title,
    labels: dict,
    counts: dict,
    filters: Filters,
    mode: str,
    *,
    first: str,
    total_label=None,
) -> Table:
    """A table of categories (rows, in ``labels`` order) by quarter, with the period's count and percentage.
    ``counts`` maps (category, quarter) to a count for the whole year; categories missing from ``labels`` are
    left out. As published, a quarter's table is its column of the protected year (`grid`), so no two filters
    of the page show one count two ways."""
    counted = grid(
        {category: {q: counts.get((category, q), 0) for q in QUARTERS} for category in labels},
        {TOTAL: list(labels)},
        mode,
    )
    by_quarter = filters.quarter is None
    period = YEAR if filters.quarter is None else filters.quarter
    shown_quarters = list(QUARTERS) if by_quarter else []
    period_label = str(_("Year")) if filters.quarter is None else str(QUARTER_LABELS[filters.quarter])
    headers = [first] + [str(QUARTER_LABELS[q]) for q in shown_quarters] + [period_label, "%"]
    table = Table(key, str(title), headers, cells=counted.cells)
    for row in [*labels, TOTAL]:
        label = str(total_label or _("Total")) if row == TOTAL else str(labels[row])
        cell = counted.shown(row, period)
        quarters = [counted.shown(row, q) for q in shown_quarters]
        table.rows.append([label, *quarters, cell, counted.share(row, TOTAL, period, mode)])
        if row != TOTAL:
            table.chart.append((label, value_of(cell), str(cell)))
    if counted.withheld():
        table.note = withheld_note()
    return table
