"""The participation team's problem log: every problem and safety alert, overdue ones highlighted, with
CSV and XLSX downloads for a date range, and the emails that could not be delivered."""

from __future__ import annotations

from datetime import timedelta

from flask import Response, abort, render_template, request
from flask_babel import gettext as _

from ...people.models import Role
from ...platform import audit, exports, outbox
from ...platform.clock import today
from ...statements import kinds, tracking
from ...statements import problem_log as log
from ..access import signed_in_staff, staff_required
from ..error_pages import render_error
from . import bp
from .forms import DateRangeForm

SCREEN_LIMIT = 500
DEFAULT_DAYS = 90
MIME = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def _range(form: DateRangeForm):
    """The dates asked for: the last 90 days unless chosen; an impossible date is left out (and reported)."""
    form.validate()
    end = form.end.data if not form.end.errors and form.end.data else today()
    start = form.start.data if not form.start.errors and form.start.data else end - timedelta(days=DEFAULT_DAYS)
    return (start, end) if start <= end else (end, end)


@bp.route("/problems")
@staff_required(Role.PARTICIPATION)
def problem_log():
    """The log for a date range (the last 90 days unless chosen)."""
    form = DateRangeForm(request.args, meta={"csrf": False})
    start, end = _range(form)
    items = log.between(start, end, limit=SCREEN_LIMIT)
    return render_template(
        "staff/problem_log.html",
        form=form,
        start=start,
        end=end,
        items=items,
        today=today(),
        is_overdue=tracking.is_overdue,
        next_due=tracking.next_due,
        sent_to=log.sent_to,
        words_for_the_team=log.words_for_the_team,
        status_labels=tracking.STATUS_LABELS,
        kind_labels=kinds.KIND_LABELS,
        resolution_labels=kinds.RESOLUTION_LABELS,
        limit=SCREEN_LIMIT,
        undelivered=outbox.undelivered(),
    ), (400 if form.errors else 200)


@bp.route("/problems/export.<fmt>")
@staff_required(Role.PARTICIPATION)
def export_problem_log(fmt: str):
    """Download the log for the chosen dates as CSV or XLSX (formulas neutralised)."""
    if fmt not in MIME:
        abort(404)
    form = DateRangeForm(request.args, meta={"csrf": False})
    start, end = _range(form)
    if form.errors:
        return render_error(400, next(iter(form.errors.values()))[0])
    rows = [log.row(item, today()) for item in log.between(start, end)]
    headers = [str(column) for column in log.COLUMNS]
    audit.record(
        "problems.exported",
        actor=signed_in_staff(),
        detail=f"{start.isoformat()} to {end.isoformat()} ({fmt}, {len(rows)} rows)",
    )
    if fmt == "csv":
        body = exports.csv_bytes(headers, rows)
    else:
        body = exports.xlsx_bytes(str(_("Problem log")), headers, rows)
    filename = f"problem-log-{start.isoformat()}-to-{end.isoformat()}.{fmt}"
    return Response(body, mimetype=MIME[fmt], headers={"Content-Disposition": f'attachment; filename="{filename}"'})
