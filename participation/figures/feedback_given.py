"""Feedback after reviews, in figures: responses by kind of respondent, each question's answers and % positive,
professionals' agencies, reports shared before the review, and the comments written."""

from __future__ import annotations

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import and_, select

from ..extensions import db
from ..feedback.models import FeedbackAnswer, FeedbackResponse
from ..feedback.questionnaires import (
    AGENCIES,
    PARENT_CARER,
    POSITIVE,
    PROFESSIONAL,
    QUESTIONNAIRES,
    RESPONDENT_LABELS,
    YOUNG_ADULT_QUESTIONS,
    YOUNG_PERSON,
)
from ..feedback.questionnaires import question as question_of
from ..forms.questions import Question
from . import facts
from .disclosure import Share, value_of
from .periods import QUARTERS, Filters
from .tables import COLUMNS, YEAR, Table, by_category, grid, pivot, withheld_note
from .tally import Sums


def responses_in(filters: Filters):
    """SQL: the feedback responses on reviews in the period (and for the IRO and age band, if chosen)."""
    conditions = [FeedbackResponse.review_date >= filters.start, FeedbackResponse.review_date < filters.end]
    if filters.iro_id:
        conditions.append(FeedbackResponse.iro_id == filters.iro_id)
    if filters.age_band:
        conditions.append(FeedbackResponse.age_band == filters.age_band)
    return and_(*conditions)


MEASURES = (facts.RESPONSES, facts.ANSWER, facts.AGENCY)


def response_counts(filters: Filters, sums: Sums, mode: str) -> Table:
    """Feedback responses by kind of respondent."""
    return pivot(
        "feedback-responses",
        _l("Feedback responses"),
        RESPONDENT_LABELS,
        by_category(sums, facts.RESPONSES),
        filters,
        mode,
        first=str(_("From")),
    )


def responses_by_respondent(sums: Sums, quarters: tuple[int, ...] = QUARTERS) -> dict[str, int]:
    """Responses in ``quarters`` by kind of respondent."""
    totals: dict[str, int] = {}
    for (respondent, _quarter), n in by_category(sums, facts.RESPONSES, quarters).items():
        totals[respondent] = totals.get(respondent, 0) + n
    return totals


def answers_by_quarter(sums: Sums) -> dict[tuple[str, str, str], dict[int, int]]:
    """(respondent, question, answer) → its counts by quarter."""
    counts: dict[tuple[str, str, str], dict[int, int]] = {}
    for (category, quarter), n in by_category(sums, facts.ANSWER).items():
        respondent, question, value = category.split(":", 2)
        counts.setdefault((respondent, question, value), {})[quarter] = n
    return counts


def answer_label(respondent: str, asked: Question, key: str) -> str:
    """How an answer is named in the figures. A young person's 1 to 5 may have been a face or a statement
    agreed with, so both are named ("Happy or agree")."""
    label = next((str(c.label) for c in asked.choices if c.key == key), key)
    adult = next((q for q in YOUNG_ADULT_QUESTIONS if q.key == asked.key), None) if respondent == YOUNG_PERSON else None
    if adult is None or adult.choices == asked.choices:
        return label
    other = next((str(c.label) for c in adult.choices if c.key == key), None)
    return str(_("%(face)s or %(agree)s", face=label, agree=other.lower())) if other else label


def question_tables(filters: Filters, sums: Sums, mode: str) -> list[Table]:
    """For each kind of respondent, each question: how many gave each answer, and the % positive. As
    published, each question is protected as a grid of its answers by quarter (`tables.grid`), its answers and
    its positive answers adding up."""
    counts = answers_by_quarter(sums)
    period = YEAR if filters.quarter is None else filters.quarter
    tables = []
    for respondent, asked in QUESTIONNAIRES.items():
        table = Table(
            f"feedback-{respondent.replace('_', '-')}",
            str(_("Feedback from %(who)s", who=str(RESPONDENT_LABELS[respondent]).lower())),
            [
                str(_("Question")),
                str(_("Answers")),
                str(_("Positive")),
                str(_("% positive")),
                str(_("How they answered")),
            ],
            chart_max=100,
        )
        withheld = False
        for question in asked:
            if question.is_text or question.key == "agency":
                continue
            choices = [c.key for c in question.choices]
            counted = grid(
                {key: counts.get((respondent, question.key, key), {}) for key in choices},
                {"answered": choices, "positive": [key for key in choices if key in POSITIVE]},
                mode,
            )
            spread = "; ".join(
                f"{answer_label(respondent, question, c.key)}: {counted.shown(c.key, period)}"
                for c in question.choices
                if counted.exact[(c.key, period)]
            )
            positive_share = counted.share("positive", "answered", period, mode)
            answered = counted.shown("answered", period)
            table.rows.append(
                [str(question.label), answered, counted.shown("positive", period), positive_share, spread]
            )
            for column in COLUMNS:
                table.cells[(question.key, "answered", column)] = counted.shown("answered", column)
                table.cells[(question.key, "positive", column)] = counted.shown("positive", column)
            percent = positive_share.percent if isinstance(positive_share, Share) else None
            table.chart.append((str(question.label), percent, str(positive_share or answered)))
            withheld = withheld or counted.withheld()
        table.note = str(_("Positive means the top two answers of five, or yes."))
        if withheld:
            table.note += " " + withheld_note()
        tables.append(table)
    return tables


def agencies(filters: Filters, sums: Sums, mode: str) -> Table:
    """Professionals' agencies."""
    return pivot(
        "agencies",
        _l("Professionals' agencies"),
        {c.key: c.label for c in AGENCIES},
        by_category(sums, facts.AGENCY),
        filters,
        mode,
        first=str(_("Agency")),
    )


def reports_shared(filters: Filters, sums: Sums, mode: str) -> Table:
    """Reports shared with the family before the review: professionals' answers, and parents' and carers'."""
    counts = answers_by_quarter(sums)
    period = YEAR if filters.quarter is None else filters.quarter
    table = Table(
        "reports-shared",
        str(_("Reports shared with families before the review")),
        [str(_("Who said")), str(_("Answer")), str(_("Count")), "%"],
    )
    for respondent, key in ((PROFESSIONAL, "report_shared"), (PARENT_CARER, "report_before")):
        question = question_of(respondent, key)
        assert question is not None  # both keys are in their questionnaires
        choices = [c.key for c in question.choices]
        counted = grid({c: counts.get((respondent, key, c), {}) for c in choices}, {"answered": choices}, mode)
        for choice in question.choices:
            cell = counted.shown(choice.key, period)
            table.rows.append(
                [str(question.label), str(choice.label), cell, counted.share(choice.key, "answered", period, mode)]
            )
            table.chart.append((f"{question.label}: {choice.label}", value_of(cell), str(cell)))
        if counted.withheld():
            table.note = withheld_note()
    return table


def comments(filters: Filters, limit: int = 500) -> list[tuple[str, str, str, str | None]]:
    """The comments written, newest reviews first: (respondent, question, text, language). Participation
    officers and managers only."""
    return list(
        db.session.execute(
            select(
                FeedbackResponse.respondent, FeedbackAnswer.question, FeedbackAnswer.text, FeedbackAnswer.text_language
            )
            .join(FeedbackResponse, FeedbackResponse.id == FeedbackAnswer.response_id)
            .where(responses_in(filters), FeedbackAnswer.text.is_not(None))
            .order_by(FeedbackResponse.review_date.desc(), FeedbackAnswer.id)
            .limit(limit)
        )
    )
