"""A child's consultation before a review: which version they get, saving page by page, sending it.

Rules that matter to a child:
* The version follows the child's age on the review date (4–11 younger, 12–17 older); the IRO may choose
  the other one, and the child may switch to simpler questions themselves. Under-4s and adults get none.
* Every page is saved when the child moves on; saving the same page twice stores it once.
* The IRO can read it only once the child has sent it; after that the child can add to it until the
  review starts. The IRO is told by email that something is waiting, never what it says.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from flask import current_app
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from . import notify, questions
from .children import age_on
from .database import commit_once
from .extensions import db
from .i18n import written_language
from .models import Child, Consultation, ConsultationAddition, ConsultationAnswer, Review, utcnow
from .questions import OLDER, YOUNGER, Context, Question, QuestionSet, Step
from .reviews import to_local
from .urls import absolute_url

YOUNGEST = 4
OLDEST = 17

NOT_STARTED = "not_started"
STARTED = "started"
SUBMITTED = "submitted"
ADDED = "added"
STATUS_LABELS = {
    NOT_STARTED: _l("Not started"),
    STARTED: _l("Started, not sent yet"),
    SUBMITTED: _l("Sent"),
    ADDED: _l("Sent, then added to"),
}
SHARE_LABELS = {
    "iro": _l("Only for the IRO"),
    "review": _l("Can be talked about at the review"),
}


def review_day(review: Review) -> date:
    """The local calendar day of a review."""
    return to_local(review.scheduled_for).date()


def age_band(date_of_birth: date, on: date) -> str | None:
    """The version a child of this age gets on ``on``: younger (4–11), older (12–17), or None."""
    age = age_on(date_of_birth, on)
    if age < YOUNGEST or age > OLDEST:
        return None
    return YOUNGER if age <= 11 else OLDER


def version_for(child: Child, review: Review) -> str | None:
    """The version for this child and review: the IRO's choice if made, else by age; None if none is due."""
    by_age = age_band(child.date_of_birth, review_day(review))
    if by_age is None:
        return None
    return child.consultation_version if child.consultation_version in questions.VERSIONS else by_age


def context_for(consultation: Consultation) -> Context:
    """The facts besides answers that decide which steps a child sees."""
    review = consultation.review
    return Context(age=age_on(review.child.date_of_birth, review_day(review)))


# --- finding and starting -----------------------------------------------------------------------

def for_review(review: Review) -> Consultation | None:
    """The consultation for a review, if the child has started one."""
    return db.session.scalar(select(Consultation).where(Consultation.review_id == review.id))


def start(child: Child, review: Review) -> Consultation:
    """The consultation for this review, starting it if needed (a double tap starts it once)."""
    existing = for_review(review)
    if existing is not None:
        return existing
    consultation = Consultation(review_id=review.id, child_id=child.id,
                                question_set=questions.current_set(version_for(child, review)).id)
    db.session.add(consultation)
    return consultation if commit_once() else for_review(review)


def is_open(consultation: Consultation) -> bool:
    """A child can change or add to their consultation until the review starts."""
    return consultation.review.scheduled_for > utcnow()


def status(consultation: Consultation | None) -> str:
    """Not started / started / sent / sent then added to: what the IRO sees on upcoming reviews."""
    if consultation is None or (not consultation.answers and consultation.submitted_at is None):
        return NOT_STARTED
    if consultation.submitted_at is None:
        return STARTED
    return ADDED if consultation.additions else SUBMITTED


def question_set_of(consultation: Consultation) -> QuestionSet:
    """The questions this consultation uses."""
    return questions.question_set(consultation.question_set)


def switch_version(consultation: Consultation, version: str) -> None:
    """Use the other version's questions; answers to questions both share are kept."""
    consultation.question_set = questions.current_set(version).id
    consultation.current_step = None
    db.session.commit()


# --- steps --------------------------------------------------------------------------------------

def answers_by_key(consultation: Consultation) -> dict[str, ConsultationAnswer]:
    """The saved answers, by question key."""
    return {answer.key: answer for answer in consultation.answers}


def choice_values(consultation: Consultation) -> dict[str, str]:
    """Saved choices as ``{key: value}``; these decide which steps show next."""
    return {answer.key: answer.value for answer in consultation.answers if answer.value}


def visible_steps(consultation: Consultation) -> list[Step]:
    """The steps this child sees, given their age and answers so far."""
    values = choice_values(consultation)
    context = context_for(consultation)
    return [step for step in question_set_of(consultation).steps if step.when is None or step.when(values, context)]


def neighbours(consultation: Consultation, slug: str) -> tuple[Step | None, Step | None]:
    """The steps before and after ``slug`` among those the child sees."""
    steps = visible_steps(consultation)
    slugs = [step.slug for step in steps]
    if slug not in slugs:
        return None, None
    index = slugs.index(slug)
    return (steps[index - 1] if index else None), (steps[index + 1] if index + 1 < len(steps) else None)


# --- reading and saving a page ------------------------------------------------------------------

@dataclass
class Entry:
    """What the child gave for one stored key on a page: a choice, words, or both empty (no answer)."""

    key: str
    value: str | None = None
    text: str | None = None
    share: str = "iro"


def stored_keys(question: Question) -> list[str]:
    """The keys a question stores under: one, or one per person for the invite list."""
    if question.kind == "invite":
        return [f"invite.{choice.key}" for choice in question.choices]
    return [question.key]


def allowed_values(question: Question) -> set[str]:
    """The choice keys a question accepts."""
    if question.kind == "invite":
        return {choice.key for choice in questions.INVITE_ANSWERS}
    if question.kind == "language":
        return set(questions.INTERPRETER_LANGUAGES)
    return {choice.key for choice in question.choices}


def read_page(step: Step, form) -> tuple[list[Entry], dict[str, str]]:
    """The entries on a submitted page, and a kind error message for each field that is wrong.

    Nothing is dropped on an error: the entries still hold what was typed, to show it again.
    """
    entries: list[Entry] = []
    errors: dict[str, str] = {}
    for question in step.questions:
        if question.is_text:
            text = (form.get(question.key) or "").replace("\r\n", "\n").strip()
            share = form.get(f"{question.key}-share") or "iro"
            if share not in questions.SHARE_CHOICES:
                share = "iro"
            if len(text) > questions.TEXT_LIMIT:
                errors[question.key] = _(
                    "That is a lot to say, thank you! Please keep this box under %(limit)d characters. "
                    "You can say the rest in another box, or in 'anything else'.", limit=questions.TEXT_LIMIT)
            entries.append(Entry(question.key, text=text or None, share=share))
            continue
        allowed = allowed_values(question)
        for key in stored_keys(question):
            value = form.get(key) or None
            if value is not None and value not in allowed:
                errors[key] = _("Please choose one of the answers, or skip this question.")
                value = None
            entries.append(Entry(key, value=value))
    return entries, errors


def save_page(consultation: Consultation, entries: list[Entry], *, page_locale: str) -> None:
    """Store a page's entries: one row per key, replaced when the page is sent again, removed when emptied."""
    existing = answers_by_key(consultation)
    preferred = consultation.review.child.preferred_language
    for entry in entries:
        row = existing.get(entry.key)
        if entry.value is None and entry.text is None:
            if row is not None:
                db.session.delete(row)
            continue
        if row is None:
            row = ConsultationAnswer(consultation=consultation, key=entry.key)
            db.session.add(row)
        if entry.text != row.text:
            row.text_language = written_language(entry.text, page_locale, preferred) if entry.text else None
        row.value, row.text, row.share = entry.value, entry.text, entry.share
    consultation.updated_at = utcnow()
    # Two taps of Continue can race to insert the same key: the loser sent the same page, so dropping it
    # loses nothing.
    commit_once()


# --- sending ------------------------------------------------------------------------------------

def submit(consultation: Consultation) -> bool:
    """Send the consultation to the IRO. True the first time; a second tap changes nothing."""
    if consultation.submitted_at is not None:
        return False
    now = utcnow()
    consultation.submitted_at = consultation.last_sent_at = now
    consultation.current_step = None
    _tell_iro(consultation, "consultation_sent")
    db.session.commit()
    return True


def add_after_sending(consultation: Consultation, text: str, share: str, form_token: str, *,
                      page_locale: str) -> bool:
    """Add something after sending. The form's one-time token makes a double tap add it once."""
    exists = db.session.scalar(select(ConsultationAddition.id).where(
        ConsultationAddition.consultation_id == consultation.id, ConsultationAddition.form_token == form_token))
    if exists:
        return False
    db.session.add(ConsultationAddition(
        consultation=consultation, text=text, share=share if share in questions.SHARE_CHOICES else "iro",
        text_language=written_language(text, page_locale, consultation.review.child.preferred_language),
        form_token=form_token,
    ))
    consultation.last_sent_at = utcnow()
    _tell_iro(consultation, "consultation_added")
    return commit_once()


def _tell_iro(consultation: Consultation, template: str) -> None:
    # The email never names the child or quotes them: only that something is waiting.
    iro = consultation.review.child.iro
    notify.queue(iro.email, template, iro_name=iro.name,
                 review_date=to_local(consultation.review.scheduled_for).date(),
                 sign_in_url=absolute_url("staff.caseload"))


def mark_read(consultation: Consultation) -> None:
    """Note that the IRO has read everything sent so far."""
    consultation.iro_read_at = utcnow()
    db.session.commit()


def has_unread(consultation: Consultation) -> bool:
    """True when the child has sent something the IRO has not opened yet."""
    return consultation.last_sent_at is not None and (
        consultation.iro_read_at is None or consultation.iro_read_at < consultation.last_sent_at)


def waiting_for_iro(iro_id: int, limit: int = 50) -> list[Consultation]:
    """Consultations sent (or added to) that the IRO has not read since, newest first."""
    return db.session.scalars(
        select(Consultation).join(Review).join(Child)
        .where(Child.iro_id == iro_id, Consultation.last_sent_at.is_not(None),
               (Consultation.iro_read_at.is_(None)) | (Consultation.iro_read_at < Consultation.last_sent_at))
        .options(selectinload(Consultation.review).selectinload(Review.child))
        .order_by(Consultation.last_sent_at.desc())
        .limit(limit)
    ).all()


def has_words(consultation: Consultation) -> bool:
    """True once the child has given any answer, so cancelling the review would lose something."""
    return bool(consultation.answers or consultation.additions or consultation.agenda_items)


def needs_translating(language: str | None) -> bool:
    """True when words were written in a language other than the organisation's working language."""
    return language != current_app.config["WORKING_LANGUAGE"]
