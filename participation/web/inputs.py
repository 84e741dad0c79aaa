"""What a request may carry, made safe before any view sees it: numbers in addresses that a database can hold,
and text without the one character no database stores (NUL).

* Every ``<int:…>`` in a route is a row id: past the largest id a PostgreSQL ``integer`` holds, it is a 404
  (not a database error). Numbers read from the query string go through `number_arg`, which is bounded too.
* Every form field and query value has NUL replaced with U+FFFD, so that a stray NUL in a child's words (or in
  a hostile address) is kept as a visible mark instead of failing the request and losing what was typed.
"""

from __future__ import annotations

from flask import Request, request
from werkzeug.datastructures import ImmutableMultiDict, MultiDict
from werkzeug.routing import IntegerConverter
from werkzeug.utils import cached_property

from ..forms.text import REPLACEMENT

LARGEST_ID = 2**31 - 1  # PostgreSQL's integer; SQLite's is larger


class RowIdConverter(IntegerConverter):
    """``<int:…>`` in a route: a whole number from 0 up to the largest id a row can have."""

    def __init__(self, map, *args, **kwargs):
        kwargs.setdefault("max", LARGEST_ID)
        super().__init__(map, *args, **kwargs)


def _without_nul(values: MultiDict) -> ImmutableMultiDict:
    return ImmutableMultiDict(
        [
            (key.replace("\x00", REPLACEMENT), value.replace("\x00", REPLACEMENT))
            for key, value in values.items(multi=True)
        ]
    )


class CleanRequest(Request):
    """A request whose form and query values never hold NUL (see the module's docstring)."""

    @cached_property
    def args(self) -> ImmutableMultiDict:
        return _without_nul(super().args)

    @cached_property
    def form(self) -> ImmutableMultiDict:
        return _without_nul(super().form)


def number_arg(name: str, default: int | None = None, *, minimum: int = 0, maximum: int = LARGEST_ID) -> int | None:
    """A whole number from the query string or the form, or ``default`` when it is missing, not a number or out
    of range."""
    value = request.values.get(name, type=int)
    return value if value is not None and minimum <= value <= maximum else default
