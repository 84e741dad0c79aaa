"""Feedback after reviews, in figures: responses by kind of respondent, each question's answers and % positive,
professionals' agencies, reports shared before the review, and the comments written."""

from __future__ import annotations

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import and_, func, select

from ..extensions import db
from ..feedback.models import FeedbackAnswer, FeedbackResponse
from ..feedback.questionnaires import AGENCIES, PARENT_CARER, POSITIVE, PROFESSIONAL, QUESTIONNAIRES, RESPONDENT_LABELS
from ..feedback.questionnaires import question as question_of
from .disclosure import Few, percent, shown
from .periods import Filters, quarter_of
from .tables import Table, grouped, pivot


def responses_in(filters: Filters):
    """SQL: the feedback responses on reviews in the period (and for the IRO and age band, if chosen)."""
    conditions = [FeedbackResponse.review_date >= filters.start, FeedbackResponse.review_date < filters.end]
    if filters.iro_id:
        conditions.append(FeedbackResponse.iro_id == filters.iro_id)
    if filters.age_band:
        conditions.append(FeedbackResponse.age_band == filters.age_band)
    return and_(*conditions)


def response_counts(filters: Filters) -> Table:
    """Feedback responses by kind of respondent."""
    return pivot(
        "feedback-responses",
        _l("Feedback responses"),
        RESPONDENT_LABELS,
        responses_by_respondent(filters),
        filters,
        first=str(_("From")),
    )


def responses_by_respondent(filters: Filters) -> dict:
    """(respondent, quarter) → number of responses."""
    quarter = quarter_of(FeedbackResponse.review_date)
    return grouped(
        select(FeedbackResponse.respondent, quarter, func.count(FeedbackResponse.id))
        .where(responses_in(filters))
        .group_by(FeedbackResponse.respondent, quarter)
    )


def answer_counts(filters: Filters) -> dict[tuple[str, str, str], int]:
    """(respondent, question, answer) → count, for every answered choice question in the period."""
    rows = db.session.execute(
        select(
            FeedbackResponse.respondent, FeedbackAnswer.question, FeedbackAnswer.value, func.count(FeedbackAnswer.id)
        )
        .join(FeedbackResponse, FeedbackResponse.id == FeedbackAnswer.response_id)
        .where(responses_in(filters), FeedbackAnswer.value.is_not(None))
        .group_by(FeedbackResponse.respondent, FeedbackAnswer.question, FeedbackAnswer.value)
    ).all()
    return {(respondent, key, value or ""): count for respondent, key, value, count in rows}


def question_tables(filters: Filters, counts: dict | None = None) -> list[Table]:
    """For each kind of respondent, each question: how many gave each answer, and the % positive."""
    counts = answer_counts(filters) if counts is None else counts
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
        )
        for question in asked:
            if question.is_text or question.key == "agency":
                continue
            given = {c.key: counts.get((respondent, question.key, c.key), 0) for c in question.choices}
            answered = sum(given.values())
            positive = sum(n for key, n in given.items() if key in POSITIVE)
            spread = "; ".join(f"{c.label}: {shown(given[c.key])}" for c in question.choices if given[c.key])
            table.rows.append(
                [str(question.label), shown(answered), shown(positive), percent(positive, answered), spread]
            )
            share = percent(positive, answered)
            table.chart.append((str(question.label), int(share[:-1]) if share else None, share or str(shown(answered))))
        table.note = str(_("Positive means the top two answers of five, or yes."))
        tables.append(table)
    return tables


def agencies(filters: Filters) -> Table:
    """Professionals' agencies."""
    quarter = quarter_of(FeedbackResponse.review_date)
    counts = grouped(
        select(FeedbackResponse.agency, quarter, func.count(FeedbackResponse.id))
        .where(responses_in(filters), FeedbackResponse.respondent == PROFESSIONAL)
        .group_by(FeedbackResponse.agency, quarter)
    )
    return pivot(
        "agencies",
        _l("Professionals' agencies"),
        {c.key: c.label for c in AGENCIES},
        counts,
        filters,
        first=str(_("Agency")),
    )


def reports_shared(filters: Filters, counts: dict | None = None) -> Table:
    """Reports shared with the family before the review: professionals' answers, and parents' and carers'."""
    counts = answer_counts(filters) if counts is None else counts
    table = Table(
        "reports-shared",
        str(_("Reports shared with families before the review")),
        [str(_("Who said")), str(_("Answer")), str(_("Count")), "%"],
    )
    for respondent, key in ((PROFESSIONAL, "report_shared"), (PARENT_CARER, "report_before")):
        question = question_of(respondent, key)
        assert question is not None  # both keys are in their questionnaires
        answered = sum(counts.get((respondent, key, c.key), 0) for c in question.choices)
        for choice in question.choices:
            count = counts.get((respondent, key, choice.key), 0)
            table.rows.append([str(question.label), str(choice.label), shown(count), percent(count, answered)])
            table.chart.append(
                (
                    f"{question.label}: {choice.label}",
                    None if isinstance(shown(count), Few) else count,
                    str(shown(count)),
                )
            )
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
