"""Feedback responses: reading a questionnaire, and storing it once, kept apart from who gave it.

The young person answers once per review from their space; a parent, carer or professional answers once per
single-use link (see `links`). Of two taps, or two tabs, only the first counts: the database decides.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import timedelta

from flask_babel import gettext as _
from flask_babel import ngettext
from sqlalchemy import select

from .. import settings
from ..extensions import db
from ..forms import reader
from ..people.children import UNDER_FOUR
from ..people.models import Child
from ..platform.clock import today, utcnow
from ..platform.db import update_if
from ..platform.i18n import written_language
from ..reviews.models import Review
from .models import FeedbackAnswer, FeedbackResponse
from .questionnaires import PROFESSIONAL, TEXT_LIMIT, question, questions_for


@dataclass
class Answers:
    """What a respondent sent, kept exactly so it can be shown again after an error."""

    respondent: str
    values: dict[str, str | None] = field(default_factory=dict)
    errors: dict[str, str] = field(default_factory=dict)


def read_form(respondent: str, form, age: int | None = None) -> Answers:
    """The answers on a submitted questionnaire (as asked of someone of ``age``), with a kind message for
    anything wrong."""
    asked = questions_for(respondent, age)
    reading = reader.read(
        asked,
        form,
        reader.Messages(
            not_a_choice=_("Please choose one of the answers."),
            too_long=lambda limit: ngettext(
                "Please keep this under %(num)d character.", "Please keep this under %(num)d characters.", limit
            ),
        ),
        text_limit=TEXT_LIMIT,
    )
    answers = Answers(respondent, {key: reading.get(key) for key in reading.entries}, dict(reading.errors))
    if reading.is_empty and not answers.errors:
        answers.errors[asked[0].key] = _("Please answer at least one question.")
    return answers


def error_links(answers: Answers, age: int | None = None) -> list[tuple[str, str]]:
    """Each error with the id of the field it links to from the error summary."""
    return reader.error_links(questions_for(answers.respondent, age), answers.errors)


def store(review: Review, answers: Answers, page_locale: str) -> None:
    """Add one response to the unit of work, kept apart from who gave it."""
    values = dict(answers.values)
    agency = values.pop("agency", None) if answers.respondent == PROFESSIONAL else None
    response = FeedbackResponse(
        respondent=answers.respondent,
        review_date=review.held_on,
        iro_id=review.outcome_recorded_by_id,
        age_band=review.age_band,
        language=page_locale,
        agency=agency,
    )
    for key, value in values.items():
        asked = question(answers.respondent, key)
        if value is None or asked is None:
            continue
        if asked.is_text:
            response.answers.append(
                FeedbackAnswer(question=key, text=value, text_language=written_language(value, page_locale, None))
            )
        else:
            response.answers.append(FeedbackAnswer(question=key, value=value))
    db.session.add(response)


def open_for_child(child: Child) -> Review | None:
    """The review the child can give feedback on: held and recorded within ``FEEDBACK_DAYS``, aged 4 or more
    on the day, and not answered yet."""
    since = today() - timedelta(days=settings.get("FEEDBACK_DAYS"))
    return db.session.scalar(
        select(Review)
        .where(
            Review.child_id == child.id,
            Review.outcome_recorded_at.is_not(None),
            Review.held_on >= since,
            Review.child_feedback_at.is_(None),
            Review.age_band != UNDER_FOUR,
        )
        .order_by(Review.held_on.desc())
        .limit(1)
    )


def submit_for_child(review: Review, answers: Answers, page_locale: str) -> bool:
    """Store the young person's feedback once: a second tap (or a second tab) stores nothing."""
    if not update_if(review, Review.child_feedback_at.is_(None), child_feedback_at=utcnow()):
        return False
    store(review, answers, page_locale)
    return True
