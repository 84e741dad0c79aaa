"""The participation figures: the dashboard of headline figures, each section's tables, each table as CSV or
XLSX, the annual report (on screen for printing, as an Excel workbook and as a Word document), and an IRO's own
feedback figures.

Participation officers and managers see exact figures inside the app, marked "not for publication", and can
switch to the figures as published; downloads say which they hold. The annual report, and everything an IRO
sees, is disclosure-controlled (`figures.disclosure`).
"""

from __future__ import annotations

from flask import Response, abort, current_app, render_template, request, url_for
from flask_babel import gettext as _
from sqlalchemy import select

from ...extensions import db
from ...feedback import questionnaires as feedback
from ...figures import feedback_given, headlines, report, summary
from ...figures.disclosure import EXACT, PUBLISHED, Share
from ...figures.periods import QUARTER_LABELS, QUARTERS, Filters
from ...figures.tables import Table
from ...figures.tally import sums
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
SECTION_KEYS = dict(report.SECTIONS)
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


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


def _mode() -> str:
    """Exact figures (not for publication) unless the figures as published are asked for."""
    return PUBLISHED if request.args.get("view") == PUBLISHED else EXACT


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


def _address(filters: Filters, mode: str) -> dict:
    """The filters (and view) as address arguments, for links that keep them."""
    chosen = {"year": filters.year, "quarter": filters.quarter, "iro": filters.iro_id, "age_band": filters.age_band}
    chosen["view"] = mode if mode == PUBLISHED else None
    return {key: value for key, value in chosen.items() if value}


def _views(endpoint: str, filters: Filters, **kwargs) -> dict[str, str]:
    """This page in each view: exact (not for publication) and as published."""
    plain = _address(filters, EXACT)
    return {
        EXACT: url_for(endpoint, **kwargs, **plain),
        PUBLISHED: url_for(endpoint, **kwargs, **plain, view=PUBLISHED),
    }


@bp.route("/statistics")
@staff_required(*READERS)
def statistics_page():
    """The dashboard: each headline figure for this quarter, the year so far and last year, with its trend."""
    filters = _filters()
    filters = Filters(filters.year, iro_id=filters.iro_id, age_band=filters.age_band)
    mode = _mode()
    return render_template(
        "staff/statistics_dashboard.html",
        filters=filters,
        mode=mode,
        figures=headlines.figures(filters, today(), mode),
        quarter=headlines.latest_quarter(filters.year, today()),
        sections=report.SECTIONS,
        address=_address(filters, mode),
        views=_views("staff.statistics_page", filters),
        sparkline=sparkline,
        fy_label=fy_label,
        **_choices(),
    )


@bp.route("/statistics/tables/<section>")
@staff_required(*READERS)
def statistics_section(section: str):
    """One section's tables for the chosen year (and quarter, IRO, age band), each with a chart and downloads."""
    if section not in SECTION_KEYS:
        abort(404)
    filters = _filters()
    mode = _mode()
    return render_template(
        "staff/statistics.html",
        filters=filters,
        mode=mode,
        section=section,
        section_title=SECTION_KEYS[section],
        sections=report.SECTIONS,
        tables=report.all_tables(filters, mode)[section],
        comments=feedback_given.comments(filters) if section == "feedback" else None,
        respondent_labels=feedback.RESPONDENT_LABELS,
        address=_address(filters, mode),
        views=_views("staff.statistics_section", filters, section=section),
        fy_label=fy_label,
        question_label=_question_label,
        **_choices(),
    )


def sparkline(trend: list[tuple[str, object]], width: int = 160, height: int = 40) -> list[list[tuple[float, float]]]:
    """The trend as runs of SVG points (one run per stretch of quarters with a value) on an honest scale: 0 % at
    the bottom, 100 % at the top."""
    step = width / max(len(trend) - 1, 1)
    runs: list[list[tuple[float, float]]] = [[]]
    for index, (_label, value) in enumerate(trend):
        if isinstance(value, Share):
            runs[-1].append((round(index * step, 1), round(height - value.fraction * height, 1)))
        elif runs[-1]:
            runs.append([])
    return [run for run in runs if run]


def _report_parts(year: int) -> dict:
    """The annual report as published: its heading, summary in plain words and tables by section."""
    filters = Filters(year)
    tables = report.all_tables(filters, PUBLISHED)
    held = report.held_reviews(sums(filters, report.MEASURES), PUBLISHED)
    return dict(
        filters=filters,
        heading=_("Participation of children in care in their reviews: %(year)s", year=fy_label(year)),
        summary=summary.sentences(year, headlines.figures(filters, today(), PUBLISHED), held),
        sections=[(str(title), tables[key]) for key, title in report.SECTIONS],
        notes=[_publication_note()],
    )


def _publication_note() -> str:
    limit = current_app.config["SMALL_NUMBERS"]
    return _(
        'Figures for publication: counts from 1 to %(num)d are shown as "fewer than %(limit)d" and every other '
        "count is rounded to the nearest %(limit)d, so totals may not add up exactly. Percentages are worked out "
        "from the rounded counts.",
        num=limit - 1,
        limit=limit,
    )


@bp.route("/statistics/report")
@staff_required(*READERS)
def annual_report():
    """The participation section of the annual report for a financial year, laid out for printing."""
    parts = _report_parts(_filters().year)
    return render_template("staff/annual_report.html", fy_label=fy_label, **parts)


@bp.route("/statistics/report.<kind>")
@staff_required(*READERS)
def annual_report_download(kind: str):
    """The annual report as an Excel workbook (a sheet per table, with a chart each) or a Word document."""
    if kind not in ("xlsx", "docx"):
        abort(404)
    # Imported here: openpyxl and python-docx take a good part of a start, and only these downloads need them.
    from ...figures import document, workbook

    parts = _report_parts(_filters().year)
    year = parts["filters"].year
    if kind == "xlsx":
        body = workbook.report_workbook(
            heading=parts["heading"], summary=parts["summary"], sections=parts["sections"], notes=parts["notes"]
        )
    else:
        body = document.report_document(
            heading=parts["heading"],
            organisation=current_app.config["ORG_NAME"],
            summary=parts["summary"],
            sections=parts["sections"],
            notes=parts["notes"],
        )
    audit.record("statistics.exported", actor=signed_in_staff(), detail=f"annual report {fy_label(year)} ({kind})")
    mimetype = MIME["xlsx"] if kind == "xlsx" else DOCX
    filename = f"participation-annual-report-{year}.{kind}"
    return Response(body, mimetype=mimetype, headers={"Content-Disposition": f'attachment; filename="{filename}"'})


@bp.route("/statistics/<key>.<fmt>")
@staff_required(*READERS)
def export_table(key: str, fmt: str):
    """One table as CSV or XLSX, with the same numbers as the page in the same view; exact figures say they are
    not for publication, in the file and in its name."""
    filters = _filters()
    mode = _mode()
    found = _comments_table(filters) if key == "comments" else report.table(key, filters, mode)
    if found is None or fmt not in MIME:
        abort(404)
    audit.record(
        "statistics.exported", actor=signed_in_staff(), detail=f"{key} {fy_label(filters.year)} ({fmt}, {mode})"
    )
    heading = _view_heading(filters, mode)
    rows = [[str(cell) for cell in row] for row in found.rows]
    from ...figures import workbook  # openpyxl, imported only for a download (see annual_report_download)

    if key == "comments":  # words, not figures: the plain list, as typed (formulas made harmless)
        body = (
            exports.csv_bytes(found.headers, rows)
            if fmt == "csv"
            else exports.xlsx_bytes(found.title, found.headers, rows)
        )
    elif fmt == "csv":
        body = exports.csv_bytes(found.headers, [*rows, [], [heading]])
    else:
        body = workbook.table_workbook(found, heading=heading, notes=[_publication_note()] if mode == PUBLISHED else [])
    period = f"{filters.year}{'-q' + str(filters.quarter) if filters.quarter else ''}"
    filename = f"{key}-{period}{'-not-for-publication' if mode == EXACT and key != 'comments' else ''}.{fmt}"
    return Response(body, mimetype=MIME[fmt], headers={"Content-Disposition": f'attachment; filename="{filename}"'})


def _view_heading(filters: Filters, mode: str) -> str:
    period = fy_label(filters.year) + (f" {QUARTER_LABELS[filters.quarter]}" if filters.quarter else "")
    if mode == EXACT:
        return _("Exact figures for %(period)s: not for publication", period=period)
    return _("Figures for %(period)s, for publication", period=period)


@bp.route("/my-feedback")
@staff_required(Role.IRO)
def my_feedback():
    """Feedback on my own reviews, added together, for each kind of respondent with enough responses, as
    published (an IRO only ever sees disclosure-controlled figures)."""
    filters = _filters(iro_id=signed_in_staff().id)
    filters = Filters(filters.year, iro_id=filters.iro_id)
    minimum = current_app.config["IRO_FEEDBACK_MINIMUM"]
    counts = sums(filters, feedback_given.MEASURES)
    totals = feedback_given.responses_by_respondent(counts)
    tables = [
        t
        for t in feedback_given.question_tables(filters, counts, PUBLISHED)
        if totals.get(t.key.removeprefix("feedback-").replace("-", "_"), 0) >= minimum
    ]
    return render_template(
        "staff/my_feedback.html",
        filters=filters,
        tables=tables,
        totals={r: totals.get(r, 0) for r in feedback.RESPONDENTS},
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
