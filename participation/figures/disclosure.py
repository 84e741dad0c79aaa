"""Disclosure control: what a figure may show, so that no child can be picked out of a table.

Figures are counted exactly; how they are shown depends on who reads them and what for:

* `EXACT`: the participation team and managers inside the app see exact counts, marked "not for
  publication".
* `PUBLISHED`: anything published or downloaded for publication, and everything an IRO sees. A count from 1 to
  ``SMALL_NUMBERS``-1 shows as "fewer than 5"; every other count, totals included, is rounded to the nearest
  ``SMALL_NUMBERS`` on its own (0 stays 0). No hidden count can then be worked out by subtracting the others
  from a total, nor by comparing two filters of the same page: every figure it would be worked out from is
  itself only known to within a few. Percentages are worked out from the rounded counts, and left out beside
  a hidden one.
"""

from __future__ import annotations

from dataclasses import dataclass

from flask_babel import gettext as _

from .. import settings

EXACT, PUBLISHED = "exact", "published"
MODES = (EXACT, PUBLISHED)


@dataclass(frozen=True)
class Few:
    """A count from 1 to the small-number limit, shown only as "fewer than N"."""

    limit: int

    def __str__(self) -> str:
        return _("fewer than %(num)d", num=self.limit)


@dataclass(frozen=True)
class Share:
    """A percentage: ``part`` of ``whole`` (as shown), written as a whole percentage."""

    part: int
    whole: int

    @property
    def fraction(self) -> float:
        """The share as a fraction from 0 to 1 (what a spreadsheet's percentage cell holds)."""
        return self.part / self.whole

    @property
    def percent(self) -> int:
        """The share as a whole percentage."""
        return round(100 * self.part / self.whole)

    def __str__(self) -> str:
        return f"{self.percent}%"


def shown(count: int, mode: str) -> int | Few:
    """The count as it may be shown in ``mode``."""
    if mode == EXACT:
        return count
    base = settings.get("SMALL_NUMBERS")
    if 0 < count < base:
        return Few(base)
    return (count + base // 2) // base * base  # to the nearest `base`, halves up


def share(part: int, whole: int, mode: str) -> Share | str:
    """``part`` as a percentage of ``whole``, from the counts as shown ("" when either is hidden, or the
    whole is 0)."""
    part_shown, whole_shown = shown(part, mode), shown(whole, mode)
    if isinstance(part_shown, Few) or isinstance(whole_shown, Few) or not whole_shown:
        return ""
    return Share(part_shown, whole_shown)


def value_of(cell) -> int | None:
    """A cell's number for a chart (None for a hidden count or text)."""
    return cell if isinstance(cell, int) and not isinstance(cell, bool) else None


@dataclass(frozen=True)
class Withheld:
    """A count large enough to publish, left out so that a hidden small count beside it cannot be worked out
    from a total (see `withhold`)."""

    def __str__(self) -> str:
        return _("withheld")


# A cell of a table being protected, and the sums it is in: (total, parts).
Cell = tuple[object, object]
Sum = tuple[Cell, list[Cell]]
UNBOUNDED = 10**12


def _may_be(value) -> tuple[int, int]:
    """The exact values a reader of the published cell knows it may stand for."""
    base = settings.get("SMALL_NUMBERS")
    if isinstance(value, Few):
        return 1, base - 1
    if isinstance(value, Withheld):
        return base, UNBOUNDED  # only counts that could be published are withheld
    if value == 0:
        return 0, 0
    return max(base, value - base // 2), value + (base - 1 - base // 2)


def _narrow(bounds: dict[Cell, tuple[int, int]], sums: list[Sum]) -> dict[Cell, tuple[int, int]]:
    """What every cell may be once every sum is used, again and again until nothing changes."""
    bounds = dict(bounds)
    changed = True
    while changed:
        changed = False
        for total, parts in sums:
            low, high = bounds[total]
            lows, highs = [bounds[p][0] for p in parts], [bounds[p][1] for p in parts]
            narrowed = {total: (max(low, sum(lows)), min(high, sum(highs)))}
            for part, part_low, part_high in zip(parts, lows, highs, strict=True):
                narrowed[part] = (
                    max(part_low, low - (sum(highs) - part_high)),
                    min(part_high, high - (sum(lows) - part_low)),
                )
            for cell, value in narrowed.items():
                if value != bounds[cell]:
                    bounds[cell] = value
                    changed = True
    return bounds


def withhold(exact: dict[Cell, int], cells: dict[Cell, object], sums: list[Sum]) -> set[Cell]:
    """The counts to withhold so that no hidden count can be pinned down from the sums it is in.

    Rounding each count on its own leaves a gap: a total published as 5 (5 to 7), a 5 beside it (at least 5) and
    two hidden counts (at least 1 each) pin both hidden counts to 1. Reasoning as a reader would (each published
    figure as the range it stands for, narrowed by every sum), while a hidden count is pinned, the smallest
    publishable count in a sum with it is withheld too, until none is."""
    withheld: set[Cell] = set()
    while True:
        pinned = _pinned(exact, cells, sums, withheld)
        if not pinned:
            return withheld
        publishable = [c for c in cells if c not in withheld and not isinstance(cells[c], Few) and exact[c] > 0]
        around = {cell for total, parts in sums if pinned[0] in (total, *parts) for cell in (total, *parts)}
        # Beside the pinned count if possible; if it was pinned through a chain of sums, anywhere in the table.
        candidates = sorted([c for c in publishable if c in around] or publishable, key=lambda c: (exact[c], str(c)))
        if not candidates:
            return withheld
        # The smallest count whose withholding frees the pinned one; else the smallest, and look again.
        freeing = next((c for c in candidates if pinned[0] not in _pinned(exact, cells, sums, withheld | {c})), None)
        withheld.add(freeing or candidates[0])


def _pinned(exact: dict[Cell, int], cells: dict[Cell, object], sums: list[Sum], withheld: set[Cell]) -> list[Cell]:
    """The hidden counts a reader could pin down to one value if ``withheld`` were withheld."""
    shown_now = {cell: Withheld() if cell in withheld else value for cell, value in cells.items()}
    bounds = _narrow({cell: _may_be(value) for cell, value in shown_now.items()}, sums)
    return [c for c, v in cells.items() if isinstance(v, Few) and bounds[c][0] == bounds[c][1]]
