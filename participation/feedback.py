"""Feedback after a review from the young person, parents and carers, and professionals.

Feedback opens when the IRO records a review as held. The young person answers in their space; the others
answer from a single-use link that stops working after ``FEEDBACK_DAYS``. What they say is kept apart from
who said it: a response holds only the review's date and IRO, the kind of respondent, the young person's
age band, the language used, and for professionals their agency. Answers are stored as keys and counted by
the database (see `statistics`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import timedelta

from flask import current_app
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import select, update

from .extensions import db
from .i18n import written_language
from .models import FeedbackAnswer, FeedbackLink, FeedbackResponse, Review, StaffUser, utcnow
from .questions import FACES, TEXT_LIMIT, YES_NO_UNSURE, Choice, Question
from .security import new_token, token_digest
from .tracking import today

YOUNG_PERSON = "young_person"
PARENT_CARER = "parent_carer"
PROFESSIONAL = "professional"
RESPONDENTS = (YOUNG_PERSON, PARENT_CARER, PROFESSIONAL)
RESPONDENT_LABELS = {
    YOUNG_PERSON: _l("Young people"),
    PARENT_CARER: _l("Parents and carers"),
    PROFESSIONAL: _l("Professionals"),
}
# Who a link is for, as the IRO chooses it.
LINK_LABELS = {PARENT_CARER: _l("A parent or carer"), PROFESSIONAL: _l("A professional")}

AGREE = (
    Choice("1", _l("Strongly disagree")),
    Choice("2", _l("Disagree")),
    Choice("3", _l("Neither agree nor disagree")),
    Choice("4", _l("Agree")),
    Choice("5", _l("Strongly agree")),
)
RATING = (
    Choice("1", _l("Very poor")),
    Choice("2", _l("Poor")),
    Choice("3", _l("OK")),
    Choice("4", _l("Good")),
    Choice("5", _l("Very good")),
)
YES_NO = (Choice("yes", _l("Yes")), Choice("no", _l("No")))
SHARED = (Choice("yes", _l("Yes")), Choice("no", _l("No")), Choice("not_appropriate", _l("Not appropriate")))
AGENCIES = (
    Choice("health", _l("Health")),
    Choice("social_care", _l("Social care")),
    Choice("education", _l("Education")),
    Choice("police", _l("Police")),
    Choice("voluntary", _l("Voluntary sector")),
    Choice("housing", _l("Housing")),
    Choice("other", _l("Other")),
)
# Answers counted as positive: the top two of five, or yes.
POSITIVE = frozenset({"4", "5", "yes"})


def _faces(key, label) -> Question:
    return Question(key, "faces", label, choices=FACES)


def _agree(key, label) -> Question:
    return Question(key, "scale", label, choices=AGREE)


def _pick(key, label, choices) -> Question:
    return Question(key, "choice", label, choices=choices)


def _text(key, label) -> Question:
    return Question(key, "text", label)


QUESTIONNAIRES: dict[str, tuple[Question, ...]] = {
    YOUNG_PERSON: (
        _faces("listened", _l("Did people listen to you?")),
        _faces("understood", _l("Did you understand what was said?")),
        _faces("said_wanted", _l("Did you get to say what you wanted to?")),
        _pick("sw_before", _l("Did your social worker talk to you before the meeting?"), YES_NO_UNSURE),
        _faces("know_next", _l("Do you know what happens next?")),
        _faces("had_say", _l("Did you get a say in where your review was and who came?")),
        _faces("overall", _l("How happy were you with your review?")),
        _text("better", _l("What could be better?")),
    ),
    PARENT_CARER: (
        _agree("respect", _l("I was treated with respect")),
        _pick("report_before", _l("I got the social worker's report before the meeting"), YES_NO),
        _agree("understood", _l("I understood the decisions that were made")),
        _agree("pace", _l("The pace of the meeting suited me")),
        _agree("iro_clear", _l("The IRO was clear about their role and what happens next")),
        Question("overall", "scale", _l("Overall, how was the review?"), choices=RATING),
        _text("comments", _l("Any comments")),
    ),
    PROFESSIONAL: (
        _pick("agency", _l("Which agency do you work for?"), AGENCIES),
        _pick("report_shared", _l("I shared my report with the family before the review"), SHARED),
        _agree("child_focused", _l("The review was focused on the child")),
        _agree("agenda_helped", _l("The agenda helped the meeting")),
        _agree("all_contributed", _l("Everyone could contribute")),
        Question("overall", "scale", _l("Overall, how was the review?"), choices=RATING),
        _text("comments", _l("Any comments")),
    ),
}


def question(respondent: str, key: str) -> Question | None:
    """The question with this key in a respondent's questionnaire."""
    return next((q for q in QUESTIONNAIRES[respondent] if q.key == key), None)


# --- reading a form -----------------------------------------------------------------------------

@dataclass
class Answers:
    """What a respondent sent, kept exactly so it can be shown again after an error."""

    respondent: str
    values: dict[str, str | None] = field(default_factory=dict)
    errors: dict[str, str] = field(default_factory=dict)


def read_form(respondent: str, form) -> Answers:
    """The answers on a submitted questionnaire, with a kind message for anything wrong."""
    answers = Answers(respondent)
    for asked in QUESTIONNAIRES[respondent]:
        raw = (form.get(asked.key) or "").replace("\r\n", "\n").strip()
        if asked.is_text:
            if len(raw) > TEXT_LIMIT:
                answers.errors[asked.key] = _("Please keep this under %(limit)d characters.", limit=TEXT_LIMIT)
        elif raw and raw not in {choice.key for choice in asked.choices}:
            answers.errors[asked.key] = _("Please choose one of the answers.")
            raw = ""
        answers.values[asked.key] = raw or None
    if not any(answers.values.values()) and not answers.errors:
        first = QUESTIONNAIRES[respondent][0]
        answers.errors[first.key] = _("Please answer at least one question.")
    return answers


def store(review: Review, answers: Answers, page_locale: str) -> None:
    """Add one response to the session (not committed), kept apart from who gave it."""
    values = dict(answers.values)
    agency = values.pop("agency", None) if answers.respondent == PROFESSIONAL else None
    response = FeedbackResponse(
        respondent=answers.respondent, review_date=review.held_on, iro_id=review.outcome_recorded_by_id,
        age_band=review.age_band, language=page_locale, agency=agency,
    )
    for key, value in values.items():
        if value is None:
            continue
        if question(answers.respondent, key).is_text:
            response.answers.append(FeedbackAnswer(question=key, text=value,
                                                   text_language=written_language(value, page_locale, None)))
        else:
            response.answers.append(FeedbackAnswer(question=key, value=value))
    db.session.add(response)


# --- the young person ---------------------------------------------------------------------------

def open_for_child(child) -> Review | None:
    """The review the child can give feedback on: held and recorded within ``FEEDBACK_DAYS``, aged 4 or more
    on the day, and not answered yet."""
    since = today() - timedelta(days=current_app.config["FEEDBACK_DAYS"])
    return db.session.scalar(
        select(Review)
        .where(Review.child_id == child.id, Review.outcome_recorded_at.is_not(None), Review.held_on >= since,
               Review.child_feedback_at.is_(None), Review.age_band != "0-3")
        .order_by(Review.held_on.desc())
        .limit(1)
    )


def submit_for_child(review: Review, answers: Answers, page_locale: str) -> bool:
    """Store the young person's feedback once: a second tap (or a second tab) stores nothing."""
    claimed = db.session.execute(
        update(Review).where(Review.id == review.id, Review.child_feedback_at.is_(None))
        .values(child_feedback_at=utcnow())
    ).rowcount
    if not claimed:
        db.session.rollback()
        return False
    store(review, answers, page_locale)
    db.session.commit()
    return True


# --- links for parents, carers and professionals ------------------------------------------------

def issue_link(review: Review, respondent: str, by: StaffUser) -> str:
    """A new single-use link for one respondent; returns the token (only its hash is kept)."""
    if respondent not in LINK_LABELS:
        raise ValueError(f"no feedback link for {respondent!r}")
    token = new_token()
    db.session.add(FeedbackLink(
        review_id=review.id, respondent=respondent, token_hash=token_digest(token), created_by_id=by.id,
        expires_at=utcnow() + timedelta(days=current_app.config["FEEDBACK_DAYS"]),
    ))
    db.session.commit()
    return token


def link_for(token: str) -> FeedbackLink | None:
    """The link with this token, whatever its state (None if there is no such link)."""
    return db.session.scalar(select(FeedbackLink).where(FeedbackLink.token_hash == token_digest(token)))


def link_state(link: FeedbackLink | None) -> str:
    """``open``, ``used``, ``expired`` or ``unknown``."""
    if link is None:
        return "unknown"
    if link.used_at is not None:
        return "used"
    if link.expires_at <= utcnow():
        return "expired"
    return "open"


def submit_from_link(link: FeedbackLink, answers: Answers, page_locale: str) -> bool:
    """Store the answers and use the link up, in one step: of two taps, only the first counts."""
    claimed = db.session.execute(
        update(FeedbackLink).where(FeedbackLink.id == link.id, FeedbackLink.used_at.is_(None),
                                   FeedbackLink.expires_at > utcnow())
        .values(used_at=utcnow())
    ).rowcount
    if not claimed:
        db.session.rollback()
        return False
    store(link.review, answers, page_locale)
    db.session.commit()
    return True


def links_for(review: Review) -> list[FeedbackLink]:
    """The links made for a review, newest first."""
    return db.session.scalars(select(FeedbackLink).where(FeedbackLink.review_id == review.id)
                              .order_by(FeedbackLink.created_at.desc())).all()
