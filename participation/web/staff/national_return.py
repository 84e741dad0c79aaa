"""The national return (DfE SSDA903 reviews) for participation officers and managers: the reviews of a
financial year checked against DfE's rules on participation, and the file to send."""

from __future__ import annotations

from flask import Response, render_template

from ...figures import national_return as ssda903
from ...figures.periods import Filters
from ...people.models import Role
from ...platform import audit
from ...platform.clock import financial_year_of, fy_label, today
from ..access import signed_in_staff, staff_required
from ..inputs import number_arg
from . import bp
from .problems import MIME

READERS = (Role.PARTICIPATION, Role.MANAGER)
# The same years as the statistics page: six to choose from, twenty back by address.
YEARS_SHOWN = 6
YEARS_BACK = 20


def _year() -> int:
    """The financial year asked for; anything not understood, or out of range, is the current one."""
    current = financial_year_of(today())
    year = number_arg("year", current, minimum=current - YEARS_BACK, maximum=current)
    return current if year is None else year


@bp.route("/statistics/national-return")
@staff_required(*READERS)
def national_return():
    """The reviews of a year in the return, what DfE would reject in them, and the download."""
    year = _year()
    current = financial_year_of(today())
    returned = ssda903.rows(year)
    return render_template(
        "staff/national_return.html",
        filters=Filters(year),
        year_label=fy_label(year),
        years=[(y, fy_label(y)) for y in range(current, current - YEARS_SHOWN, -1)],
        reviews=len(returned),
        problems=ssda903.problems(returned, today()),
        filename=ssda903.filename(year),
    )


@bp.route("/statistics/national-return.csv")
@staff_required(*READERS)
def export_national_return():
    """The return for a year as the CSV DfE's tools read: UTF-8 without a byte-order mark, so that the first
    column is exactly CHILD."""
    year = _year()
    returned = ssda903.rows(year)
    audit.record(
        "statistics.national_return_exported",
        actor=signed_in_staff(),
        detail=f"SSDA903 reviews {fy_label(year)} ({len(returned)} rows)",
    )
    body = ssda903.csv_text(returned).encode("utf-8")
    return Response(
        body,
        mimetype=MIME["csv"],
        headers={"Content-Disposition": f'attachment; filename="{ssda903.filename(year)}"'},
    )
