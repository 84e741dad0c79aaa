"""The participation figures: the statistics page (participation officers and managers), each table as
CSV or XLSX, the annual report laid out for printing, and an IRO's own feedback figures."""

from __future__ import annotations

from flask import Response, abort, current_app, render_template, request
from flask_babel import gettext as _
from sqlalchemy import select

from ...extensions import db
from ...feedback import questionnaires as feedback
from ...figures import feedback_given, report
from ...figures.disclosure import Few
from ...figures.periods import QUARTER_LABELS, QUARTERS, Filters
from ...figures.tables import Table
from ...people.children import AGE_BANDS
from ...people.models import Role, StaffUser
from ...platform import audit, exports
from ...platform.clock import financial_year_of, fy_label, today
from ..access import signed_in_staff, staff_required
from ..inputs import number_arg
from . import bp
from .problems import MIME

READERS = (Role.PARTICIPATION, Role.MANAGER)
YEARS_SHOWN = 6


def _filters(*, iro_id: int | None = None) -> Filters:
    """The figures asked for in the address; anything not understood falls back to the whole current year."""
    current = financial_year_of(today())
    args = request.args
    year = number_arg("year")
    quarter = number_arg("quarter")
    chosen_iro = number_arg("iro")
    band = args.get("age_band")
    return Filters(
        year=year if year and current - 20 <= year <= current else current,
        quarter=quarter if quarter in QUARTERS else None,
        iro_id=iro_id if iro_id is not None else (chosen_iro if chosen_iro in _iros() else None),
        age_band=band if band in AGE_BANDS else None,
    )


def _iros() -> dict[int, str]:
    return dict(
        db.session.execute(
            select(StaffUser.id, StaffUser.name).where(StaffUser.role == Role.IRO).order_by(StaffUser.name)
        ).all()
    )


def _choices() -> dict:
    current = financial_year_of(today())
    return dict(
        years=[(y, fy_label(y)) for y in range(current, current - YEARS_SHOWN, -1)],
        quarter_labels=QUARTER_LABELS,
        iros=_iros(),
        age_bands=AGE_BANDS,
    )


@bp.route("/statistics")
@staff_required(*READERS)
def statistics_page():
    """Every table for the chosen year (and quarter, IRO, age band), each with a chart and downloads."""
    filters = _filters()
    return render_template(
        "staff/statistics.html",
        filters=filters,
        sections=report.SECTIONS,
        tables=report.all_tables(filters),
        comments=feedback_given.comments(filters),
        respondent_labels=feedback.RESPONDENT_LABELS,
        fy_label=fy_label,
        question_label=_question_label,
        **_choices(),
    )


@bp.route("/statistics/report")
@staff_required(*READERS)
def annual_report():
    """The participation section of the annual report for a financial year, laid out for printing."""
    filters = Filters(_filters().year)
    return render_template(
        "staff/annual_report.html",
        filters=filters,
        sections=report.SECTIONS,
        tables=report.all_tables(filters),
        fy_label=fy_label,
    )


@bp.route("/statistics/<key>.<fmt>")
@staff_required(*READERS)
def export_table(key: str, fmt: str):
    """One table as CSV or XLSX, with the same numbers (and the same small-number rule) as the page."""
    filters = _filters()
    found = _comments_table(filters) if key == "comments" else report.table(key, filters)
    if found is None or fmt not in MIME:
        abort(404)
    rows = [[str(cell) if isinstance(cell, Few) else cell for cell in row] for row in found.rows]
    audit.record("statistics.exported", actor=signed_in_staff(), detail=f"{key} {fy_label(filters.year)} ({fmt})")
    body = (
        exports.csv_bytes(found.headers, rows) if fmt == "csv" else exports.xlsx_bytes(found.title, found.headers, rows)
    )
    filename = f"{key}-{filters.year}{'-q' + str(filters.quarter) if filters.quarter else ''}.{fmt}"
    return Response(body, mimetype=MIME[fmt], headers={"Content-Disposition": f'attachment; filename="{filename}"'})


@bp.route("/my-feedback")
@staff_required(Role.IRO)
def my_feedback():
    """Feedback on my own reviews, added together, for each kind of respondent with enough responses."""
    filters = _filters(iro_id=signed_in_staff().id)
    minimum = current_app.config["IRO_FEEDBACK_MINIMUM"]
    by_respondent = feedback_given.responses_by_respondent(filters)
    totals = {r: sum(n for (who, _q), n in by_respondent.items() if who == r) for r in feedback.RESPONDENTS}
    tables = [
        t
        for t in feedback_given.question_tables(filters)
        if totals[t.key.removeprefix("feedback-").replace("-", "_")] >= minimum
    ]
    return render_template(
        "staff/my_feedback.html",
        filters=filters,
        tables=tables,
        totals=totals,
        minimum=minimum,
        respondent_labels=feedback.RESPONDENT_LABELS,
        fy_label=fy_label,
        **_choices(),
    )


def _comments_table(filters: Filters) -> Table:
    """The comments as a table to download (text that looks like a formula is made harmless)."""
    table = Table(
        "comments", str(_("Comments")), [str(_("From")), str(_("Question")), str(_("Comment")), str(_("Written in"))]
    )
    table.rows = [
        [str(feedback.RESPONDENT_LABELS[respondent]), _question_label(respondent, key), text, language or ""]
        for respondent, key, text, language in feedback_given.comments(filters)
    ]
    return table


def _question_label(respondent: str, key: str) -> str:
    asked = feedback.question(respondent, key)
    return str(asked.label) if asked else key
