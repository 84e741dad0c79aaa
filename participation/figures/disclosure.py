"""Disclosure control: in any breakdown below a whole-year total, counts from 1 to ``SMALL_NUMBERS``-1 show
as "fewer than 5" and their percentages are left out, so that a child cannot be picked out of a table."""

from __future__ import annotations

from dataclasses import dataclass

from flask_babel import gettext as _

from .. import settings


@dataclass(frozen=True)
class Few:
    """A count from 1 to the small-number limit, shown only as "fewer than N"."""

    limit: int

    def __str__(self) -> str:
        return _("fewer than %(num)d", num=self.limit)


def shown(count: int, *, total: bool = False):
    """The count as it may be shown: small counts below a whole-year total become `Few`."""
    limit = settings.get("SMALL_NUMBERS")
    if not total and 0 < count < limit:
        return Few(limit)
    return count


def percent(count: int, of: int, *, total: bool = False) -> str:
    """``count`` as a whole percentage of ``of``; empty when either is suppressed or ``of`` is 0."""
    if not of or isinstance(shown(count, total=total), Few):
        return ""
    return f"{round(100 * count / of)}%"
