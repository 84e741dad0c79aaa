"""The participation figures for the annual report, counted by the database (``GROUP BY`` on indexed
columns; only the grouped counts come back to Python).

A financial year runs from April to March, in quarters Q1 (April–June) to Q4 (January–March). Each table is
a `Table`: headers, rows ready to show or download, and the bars of its chart. Small numbers: in any
breakdown below a whole-year total, counts from 1 to ``SMALL_NUMBERS``-1 show as "fewer than 5" and their
percentages are left out, so that a child cannot be picked out of a table.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, time

from flask import current_app
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import and_, case, exists, extract, func, select

from . import feedback, outcomes, questions, statements, tracking
from .extensions import db
from .models import (Consultation, ConsultationAnswer, FeedbackAnswer, FeedbackResponse, Review, Statement,
                     StatementRecipient)
from .reviews import to_utc

QUARTERS = (1, 2, 3, 4)
QUARTER_LABELS = {1: _l("Q1 (Apr–Jun)"), 2: _l("Q2 (Jul–Sep)"), 3: _l("Q3 (Oct–Dec)"), 4: _l("Q4 (Jan–Mar)")}
QUARTER_MONTHS = {1: (4, 6), 2: (7, 9), 3: (10, 12), 4: (1, 3)}
ATTENDED = ("PN1", "PN2", "PN3", "PN4")


def financial_year_of(day: date) -> int:
    """The financial year a day belongs to, named by the year it starts (2026 = April 2026 to March 2027)."""
    return day.year if day.month >= 4 else day.year - 1


def quarter_of(column):
    """SQL: the financial-year quarter (1–4) of a date or timestamp column."""
    month = extract("month", column)
    return case((month >= 10, 3), (month >= 7, 2), (month >= 4, 1), else_=4)


@dataclass(frozen=True)
class Filters:
    """What the figures are for: a financial year, and optionally a quarter, an IRO and an age band."""

    year: int
    quarter: int | None = None
    iro_id: int | None = None
    age_band: str | None = None

    @property
    def quarters(self) -> tuple[int, ...]:
        return (self.quarter,) if self.quarter else QUARTERS

    @property
    def start(self) -> date:
        first, _last = QUARTER_MONTHS[self.quarter or 1]
        return date(self.year + (1 if self.quarter == 4 else 0), first, 1)

    @property
    def end(self) -> date:
        """The first day after the period."""
        if self.quarter in (None, 4):
            return date(self.year + 1, 4, 1)
        if self.quarter == 3:
            return date(self.year + 1, 1, 1)
        return date(self.year, QUARTER_MONTHS[self.quarter][1] + 1, 1)

    @property
    def whole_year(self) -> bool:
        """A whole year for everyone: only then is a total shown however small."""
        return self.quarter is None and self.iro_id is None and self.age_band is None

    def previous(self) -> Filters:
        return Filters(self.year - 1, self.quarter, self.iro_id, self.age_band)


# --- small numbers ------------------------------------------------------------------------------

@dataclass(frozen=True)
class Few:
    """A count from 1 to the small-number limit, shown only as "fewer than N"."""

    limit: int

    def __str__(self) -> str:
        return _("fewer than %(num)d", num=self.limit)


def shown(count: int, *, total: bool = False):
    """The count as it may be shown: small counts below a whole-year total become `Few`."""
    limit = current_app.config["SMALL_NUMBERS"]
    if not total and 0 < count < limit:
        return Few(limit)
    return count


def percent(count: int, of: int, *, total: bool = False) -> str:
    """``count`` as a whole percentage of ``of``; empty when either is suppressed or ``of`` is 0."""
    if not of or isinstance(shown(count, total=total), Few):
        return ""
    return f"{round(100 * count / of)}%"


# --- tables -------------------------------------------------------------------------------------

@dataclass
class Table:
    """One table of figures: rows to show and download, and the bars of its chart (label, count, text)."""

    key: str
    title: str
    headers: list[str]
    rows: list[list] = field(default_factory=list)
    chart: list[tuple[str, int | None, str]] = field(default_factory=list)
    note: str | None = None


def pivot(key: str, title, labels: dict, counts: dict, filters: Filters, *, first: str,
          total_label=None) -> Table:
    """A table of categories (rows, in ``labels`` order) by quarter, with the year's count and percentage.
    ``counts`` maps (category, quarter) to a count; categories missing from ``labels`` are left out."""
    quarters = filters.quarters
    by_category = {category: sum(counts.get((category, q), 0) for q in quarters) for category in labels}
    total = sum(by_category.values())
    period = str(_("Year")) if filters.quarter is None else str(QUARTER_LABELS[filters.quarter])
    headers = [first] + ([str(QUARTER_LABELS[q]) for q in quarters] if filters.quarter is None else []) \
        + [period, "%"]
    table = Table(key, str(title), headers)
    for category, label in labels.items():
        count = by_category[category]
        quarter_cells = [shown(counts.get((category, q), 0)) for q in quarters] if filters.quarter is None else []
        table.rows.append([str(label), *quarter_cells, shown(count), percent(count, total)])
        table.chart.append((str(label), None if isinstance(shown(count), Few) else count, str(shown(count))))
    quarter_totals = [shown(sum(counts.get((c, q), 0) for c in labels)) for q in quarters] \
        if filters.quarter is None else []
    table.rows.append([str(total_label or _("Total")), *quarter_totals,
                       shown(total, total=filters.whole_year), "100%" if total else ""])
    return table


def _grouped(query) -> dict:
    """Run a ``(category, quarter, count)`` query into a mapping."""
    return {(category, quarter): count for category, quarter, count in db.session.execute(query)}


# --- how children took part ---------------------------------------------------------------------

def _held(filters: Filters):
    """Conditions for the reviews held (and recorded) in the period."""
    conditions = [Review.outcome_recorded_at.is_not(None), Review.held_on >= filters.start,
                  Review.held_on < filters.end]
    if filters.iro_id:
        conditions.append(Review.outcome_recorded_by_id == filters.iro_id)
    if filters.age_band:
        conditions.append(Review.age_band == filters.age_band)
    return and_(*conditions)


def _by_review_column(column, filters: Filters) -> dict:
    quarter = quarter_of(Review.held_on)
    return _grouped(select(column, quarter, func.count(Review.id)).where(_held(filters))
                    .group_by(column, quarter))


def participation_codes(filters: Filters) -> Table:
    """Reviews by participation code (PN0–PN7)."""
    return pivot("participation-codes", _l("How children took part (participation codes)"),
                 outcomes.PARTICIPATION_CODES, _by_review_column(Review.participation_code, filters), filters,
                 first=str(_("Code")), total_label=_("All reviews held"))


def chairing(filters: Filters) -> Table:
    """Reviews chaired or co-chaired by the young person."""
    return pivot("chairing", _l("Reviews chaired by the young person"), outcomes.CHAIRING,
                 _by_review_column(Review.chairing, filters), filters, first=str(_("Chaired")))


def seen_before(filters: Filters) -> Table:
    """Children seen by their IRO before the review."""
    counts = {("yes" if seen else "no", q): n
              for (seen, q), n in _by_review_column(Review.seen_before, filters).items() if seen is not None}
    return pivot("seen-before", _l("Children seen by their IRO before the review"),
                 {"yes": _l("Seen before the review"), "no": _l("Not seen before the review")}, counts, filters,
                 first=str(_("Seen")))


def consultations_returned(filters: Filters) -> Table:
    """Consultations sent before the review, of the reviews of children aged 4 or more."""
    counts = {}
    for q, _held_count, sent, not_sent in _returned_rows(filters):
        counts[("returned", q)] = sent
        counts[("not_returned", q)] = not_sent
    return pivot("consultations-returned", _l("Consultations returned before the review (children aged 4 and over)"),
                 {"returned": _l("Returned before the review"), "not_returned": _l("Not returned")}, counts,
                 filters, first=str(_("Consultation")))


def _returned_rows(filters: Filters):
    """(quarter, reviews of children aged 4+, consultations sent before the review, not sent) per quarter."""
    quarter = quarter_of(Review.held_on)
    returned = func.count(Consultation.id).filter(Consultation.submitted_at.is_not(None),
                                                  Consultation.submitted_at <= Review.scheduled_for)
    for q, held, sent in db.session.execute(
            select(quarter, func.count(Review.id), returned)
            .outerjoin(Consultation, Consultation.review_id == Review.id)
            .where(_held(filters), Review.age_band != "0-3").group_by(quarter)):
        yield q, held, sent, held - sent


def _consultation_choices(key: str, filters: Filters) -> dict:
    quarter = quarter_of(Review.held_on)
    return _grouped(
        select(ConsultationAnswer.value, quarter, func.count(ConsultationAnswer.id))
        .join(Consultation, Consultation.id == ConsultationAnswer.consultation_id)
        .join(Review, Review.id == Consultation.review_id)
        .where(_held(filters), ConsultationAnswer.key == key, Consultation.submitted_at.is_not(None))
        .group_by(ConsultationAnswer.value, quarter)
    )


def venues_chosen(filters: Filters) -> Table:
    """Where children asked for their review to be held."""
    return pivot("venues", _l("Venues children chose"), {c.key: c.label for c in questions.VENUES},
                 _consultation_choices("venue", filters), filters, first=str(_("Venue")))


def attendance_wishes(filters: Filters) -> Table:
    """Whether children wanted to attend their review."""
    return pivot("attendance-wishes", _l("Whether children wanted to attend"),
                 {c.key: c.label for c in questions.ATTEND}, _consultation_choices("attend", filters), filters,
                 first=str(_("Wanted to attend")))


# --- feedback -----------------------------------------------------------------------------------

def _responses(filters: Filters):
    conditions = [FeedbackResponse.review_date >= filters.start, FeedbackResponse.review_date < filters.end]
    if filters.iro_id:
        conditions.append(FeedbackResponse.iro_id == filters.iro_id)
    if filters.age_band:
        conditions.append(FeedbackResponse.age_band == filters.age_band)
    return and_(*conditions)


def response_counts(filters: Filters) -> Table:
    """Feedback responses by kind of respondent."""
    return pivot("feedback-responses", _l("Feedback responses"), feedback.RESPONDENT_LABELS,
                 responses_by_respondent(filters), filters, first=str(_("From")))


def responses_by_respondent(filters: Filters) -> dict:
    """(respondent, quarter) → number of responses."""
    quarter = quarter_of(FeedbackResponse.review_date)
    return _grouped(select(FeedbackResponse.respondent, quarter, func.count(FeedbackResponse.id))
                    .where(_responses(filters)).group_by(FeedbackResponse.respondent, quarter))


def answer_counts(filters: Filters) -> dict[tuple[str, str, str], int]:
    """(respondent, question, answer) → count, for every answered choice question in the period."""
    rows = db.session.execute(
        select(FeedbackResponse.respondent, FeedbackAnswer.question, FeedbackAnswer.value,
               func.count(FeedbackAnswer.id))
        .join(FeedbackResponse, FeedbackResponse.id == FeedbackAnswer.response_id)
        .where(_responses(filters), FeedbackAnswer.value.is_not(None))
        .group_by(FeedbackResponse.respondent, FeedbackAnswer.question, FeedbackAnswer.value)
    ).all()
    return {(respondent, key, value): count for respondent, key, value, count in rows}


def question_tables(filters: Filters, counts: dict | None = None) -> list[Table]:
    """For each kind of respondent, each question: how many gave each answer, and the % positive."""
    counts = answer_counts(filters) if counts is None else counts
    tables = []
    for respondent, asked in feedback.QUESTIONNAIRES.items():
        table = Table(f"feedback-{respondent.replace('_', '-')}",
                      str(_("Feedback from %(who)s", who=str(feedback.RESPONDENT_LABELS[respondent]).lower())),
                      [str(_("Question")), str(_("Answers")), str(_("Positive")), str(_("% positive")),
                       str(_("How they answered"))])
        for question in asked:
            if question.is_text or question.key == "agency":
                continue
            given = {c.key: counts.get((respondent, question.key, c.key), 0) for c in question.choices}
            answered = sum(given.values())
            positive = sum(n for key, n in given.items() if key in feedback.POSITIVE)
            spread = "; ".join(f"{c.label}: {shown(given[c.key])}" for c in question.choices if given[c.key])
            table.rows.append([str(question.label), shown(answered), shown(positive), percent(positive, answered),
                               spread])
            share = percent(positive, answered)
            table.chart.append((str(question.label), int(share[:-1]) if share else None, share or str(shown(answered))))
        table.note = str(_("Positive means the top two answers of five, or yes."))
        tables.append(table)
    return tables


def agencies(filters: Filters) -> Table:
    """Professionals' agencies."""
    quarter = quarter_of(FeedbackResponse.review_date)
    counts = _grouped(select(FeedbackResponse.agency, quarter, func.count(FeedbackResponse.id))
                      .where(_responses(filters), FeedbackResponse.respondent == feedback.PROFESSIONAL)
                      .group_by(FeedbackResponse.agency, quarter))
    return pivot("agencies", _l("Professionals' agencies"), {c.key: c.label for c in feedback.AGENCIES}, counts,
                 filters, first=str(_("Agency")))


def reports_shared(filters: Filters, counts: dict | None = None) -> Table:
    """Reports shared with the family before the review: professionals' answers, and parents' and carers'."""
    counts = answer_counts(filters) if counts is None else counts
    table = Table("reports-shared", str(_("Reports shared with families before the review")),
                  [str(_("Who said")), str(_("Answer")), str(_("Count")), "%"])
    for respondent, key in ((feedback.PROFESSIONAL, "report_shared"), (feedback.PARENT_CARER, "report_before")):
        question = feedback.question(respondent, key)
        answered = sum(counts.get((respondent, key, c.key), 0) for c in question.choices)
        for choice in question.choices:
            count = counts.get((respondent, key, choice.key), 0)
            table.rows.append([str(question.label), str(choice.label), shown(count), percent(count, answered)])
            table.chart.append((f"{question.label}: {choice.label}", None if isinstance(shown(count), Few) else count,
                                str(shown(count))))
    return table


def comments(filters: Filters, limit: int = 500) -> list[tuple[str, str, str, str | None]]:
    """The comments written, newest reviews first: (respondent, question, text, language). Participation
    officers and managers only."""
    return db.session.execute(
        select(FeedbackResponse.respondent, FeedbackAnswer.question, FeedbackAnswer.text,
               FeedbackAnswer.text_language)
        .join(FeedbackResponse, FeedbackResponse.id == FeedbackAnswer.response_id)
        .where(_responses(filters), FeedbackAnswer.text.is_not(None))
        .order_by(FeedbackResponse.review_date.desc(), FeedbackAnswer.id)
        .limit(limit)
    ).all()


# --- what children raised -----------------------------------------------------------------------

def _raised(filters: Filters):
    conditions = [Statement.created_at >= to_utc(filters.start, time(0)),
                  Statement.created_at < to_utc(filters.end, time(0))]
    if filters.iro_id:
        conditions.append(exists().where(StatementRecipient.statement_id == Statement.id,
                                         StatementRecipient.staff_id == filters.iro_id))
    return and_(*conditions)


STATEMENT_TYPES = {
    statements.GOOD_NEWS: _l("Share good news"),
    statements.CHANGE: _l("Something I want to change"),
    statements.WORKER_VISIT: _l("Worker visiting"),
    "meeting": _l("Preparation for a meeting (consultations sent)"),
    statements.PROBLEM: _l("Problem"),
    statements.UNSAFE: _l("Not feeling safe (urgent)"),
}


def statement_types(filters: Filters) -> Table:
    """What children raised, by type and quarter (consultations sent count as preparation for a meeting)."""
    quarter = quarter_of(Statement.created_at)
    counts = _grouped(select(Statement.kind, quarter, func.count(Statement.id)).where(_raised(filters))
                      .group_by(Statement.kind, quarter))
    sent_quarter = quarter_of(Consultation.submitted_at)
    meeting = select(sent_quarter, func.count(Consultation.id)).where(
        Consultation.submitted_at >= to_utc(filters.start, time(0)),
        Consultation.submitted_at < to_utc(filters.end, time(0)))
    if filters.iro_id:
        meeting = meeting.join(Review, Review.id == Consultation.review_id).where(
            Review.child.has(iro_id=filters.iro_id))
    for q, n in db.session.execute(meeting.group_by(sent_quarter)):
        counts[("meeting", q)] = n
    return pivot("raised", _l("What children raised"), STATEMENT_TYPES, counts, filters, first=str(_("Type")))


def problems_summary(filters: Filters) -> Table:
    """Problems resolved within timescale, problems open and overdue now, and urgent alerts."""
    on_time = and_(Statement.status == tracking.RESOLVED,
                   func.date(Statement.outcome_recorded_at) <= Statement.outcome_by)
    row = db.session.execute(
        select(
            func.count(Statement.id).filter(Statement.kind == statements.PROBLEM),
            func.count(Statement.id).filter(Statement.kind == statements.PROBLEM, on_time),
            func.count(Statement.id).filter(Statement.kind == statements.PROBLEM, Statement.status.in_(tracking.OPEN)),
            func.count(Statement.id).filter(Statement.kind == statements.PROBLEM,
                                            tracking.overdue_clause(tracking.today())),
            func.count(Statement.id).filter(Statement.kind == statements.UNSAFE),
        ).where(_raised(filters))
    ).one()
    raised, resolved_in_time, still_open, overdue, urgent = row
    whole = filters.whole_year
    table = Table("problems", str(_("Problems and urgent alerts")), [str(_("Measure")), str(_("Count")), "%"])
    table.rows = [
        [str(_("Problems raised")), shown(raised, total=whole), ""],
        [str(_("Resolved within timescale")), shown(resolved_in_time), percent(resolved_in_time, raised)],
        [str(_("Still open")), shown(still_open), percent(still_open, raised)],
        [str(_("Overdue now")), shown(overdue), percent(overdue, raised)],
        [str(_("Urgent alerts (not feeling safe)")), shown(urgent, total=whole), ""],
    ]
    table.chart = [(r[0], r[1] if isinstance(r[1], int) else None, str(r[1])) for r in table.rows]
    return table


# --- trends -------------------------------------------------------------------------------------

def _headline_counts(filters: Filters) -> dict[str, dict[int, int]]:
    """Each headline figure by quarter."""
    review_quarter = quarter_of(Review.held_on)
    figures: dict[str, dict[int, int]] = defaultdict(dict)
    for q, held, attended in db.session.execute(
            select(review_quarter, func.count(Review.id),
                   func.count(Review.id).filter(Review.participation_code.in_(ATTENDED)))
            .where(_held(filters)).group_by(review_quarter)):
        figures["held"][q] = held
        figures["attended"][q] = attended
    for q, _held_count, sent, _not in _returned_rows(filters):
        figures["returned"][q] = sent
    for (_respondent, q), n in responses_by_respondent(filters).items():
        figures["feedback"][q] = figures["feedback"].get(q, 0) + n
    problem_quarter = quarter_of(Statement.created_at)
    for q, n in db.session.execute(select(problem_quarter, func.count(Statement.id))
                                   .where(_raised(filters), Statement.kind == statements.PROBLEM)
                                   .group_by(problem_quarter)):
        figures["problems"][q] = n
    return figures


HEADLINES = {
    "held": _l("Reviews held"),
    "attended": _l("Children who attended (PN1–PN4)"),
    "returned": _l("Consultations returned before the review"),
    "feedback": _l("Feedback responses"),
    "problems": _l("Problems raised"),
}


def trends(filters: Filters) -> Table:
    """Each headline figure by quarter, this year against the year before."""
    this, last = _headline_counts(filters), _headline_counts(filters.previous())
    quarters = filters.quarters
    year_names = (fy_label(filters.year), fy_label(filters.year - 1))
    table = Table("trends", str(_("Trends: this year against last year")),
                  [str(_("Figure")), str(_("Year"))] + [str(QUARTER_LABELS[q]) for q in quarters] + [str(_("Total"))])
    for key, label in HEADLINES.items():
        for name, figures in zip(year_names, (this, last), strict=True):
            by_quarter = figures.get(key, {})
            total = sum(by_quarter.get(q, 0) for q in quarters)
            table.rows.append([str(label), name, *[shown(by_quarter.get(q, 0)) for q in quarters],
                               shown(total, total=filters.whole_year)])
            table.chart.append((f"{label} ({name})", None if isinstance(shown(total, total=filters.whole_year), Few)
                                else total, str(shown(total, total=filters.whole_year))))
    return table


def fy_label(year: int) -> str:
    """How a financial year is written: 2026–27."""
    return f"{year}–{str(year + 1)[-2:]}"


# --- everything ---------------------------------------------------------------------------------

SECTIONS = (
    ("took-part", _l("How children took part")),
    ("feedback", _l("Feedback")),
    ("raised", _l("What children raised")),
    ("trends", _l("Trends")),
)


def all_tables(filters: Filters) -> dict[str, list[Table]]:
    """Every table, by section, in the order the report shows them."""
    counts = answer_counts(filters)
    return {
        "took-part": [participation_codes(filters), chairing(filters), seen_before(filters),
                      consultations_returned(filters), venues_chosen(filters), attendance_wishes(filters)],
        "feedback": [response_counts(filters), *question_tables(filters, counts), agencies(filters),
                     reports_shared(filters, counts)],
        "raised": [statement_types(filters), problems_summary(filters)],
        "trends": [trends(filters)],
    }


def table(key: str, filters: Filters) -> Table | None:
    """One table by its key (for downloads), counting only what that table needs."""
    builders = {
        "participation-codes": participation_codes, "chairing": chairing, "seen-before": seen_before,
        "consultations-returned": consultations_returned, "venues": venues_chosen,
        "attendance-wishes": attendance_wishes, "feedback-responses": response_counts, "agencies": agencies,
        "reports-shared": reports_shared, "raised": statement_types, "problems": problems_summary, "trends": trends,
    }
    if key in builders:
        return builders[key](filters)
    return next((each for each in question_tables(filters) if each.key == key), None)
