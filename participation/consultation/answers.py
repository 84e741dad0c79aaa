"""A child's consultation before a review: which version they get, the steps they see, and saving page by page.

Rules that matter to a child:
* The version follows the child's age on the review date: pictures (4–7) and younger (8–11), both in the 4–11
  band, and older (12–17). The IRO may choose another for a child, and the child may switch to simpler
  questions themselves. Under-4s and adults get none. A consultation keeps the question set it started with.
* Every page is saved when the child moves on; saving the same page twice stores it once.
* Every answer in words is "only my IRO" unless the child says it can be talked about at the review.
Sending it to the IRO, and adding to it afterwards, are in `sending`.
"""

from __future__ import annotations

from datetime import date

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_babel import ngettext
from sqlalchemy import select
from sqlalchemy.orm import selectinload
from sqlalchemy.orm.attributes import set_committed_value

from ..extensions import db
from ..forms import reader
from ..people.children import OLDER_BAND, YOUNGER_BAND, age_band_on, age_on, is_child_on
from ..people.models import Child
from ..platform.clock import utcnow
from ..platform.db import insert_unless_exists
from ..platform.i18n import written_language
from ..reviews.models import Review
from ..reviews.scheduling import next_review_select, review_day
from . import question_sets
from .models import Consultation, ConsultationAnswer
from .questions import OLDER, PICTURES, TEXT_LIMIT, VERSIONS, YOUNGER, Context, QuestionSet, Step

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
_VERSION_OF_BAND = {YOUNGER_BAND: YOUNGER, OLDER_BAND: OLDER}
# Within the 4–11 band, the youngest get pictures (Bright Spots splits its youngest survey at 4–7 too).
PICTURES_UNTIL_AGE = 7


def version_for_age(date_of_birth: date, review_on: date) -> str | None:
    """The version a child gets for a review on ``review_on``: pictures (4–7), younger (8–11), older (12–17),
    or None (under 4, or 18 by then)."""
    if not is_child_on(date_of_birth, review_on):
        return None
    version = _VERSION_OF_BAND.get(age_band_on(date_of_birth, review_on))
    if version == YOUNGER and age_on(date_of_birth, review_on) <= PICTURES_UNTIL_AGE:
        return PICTURES
    return version


def version_for(child: Child, review: Review) -> str | None:
    """The version for this child and review: the IRO's choice if made, else by age; None if none is due."""
    by_age = version_for_age(child.date_of_birth, review_day(review))
    if by_age is None:
        return None
    return child.consultation_version if child.consultation_version in VERSIONS else by_age


def context_for(consultation: Consultation) -> Context:
    """The facts besides answers that decide which steps a child sees."""
    review = consultation.review
    return Context(age=age_on(review.child.date_of_birth, review_day(review)))


def with_status():
    """Loader options so a list of reviews can show each consultation's status without a query per row."""
    return (
        selectinload(Review.consultation).selectinload(Consultation.answers),
        selectinload(Review.consultation).selectinload(Consultation.additions),
    )


# --- finding and starting -----------------------------------------------------------------------


def for_review(review: Review) -> Consultation | None:
    """The consultation for a review, if the child has started one."""
    return db.session.scalar(select(Consultation).where(Consultation.review_id == review.id))


def for_next_review(child: Child) -> Consultation | None:
    """The consultation for the child's next review (`scheduling.next_review`), if they have started one. The
    review comes in the same query (every page of questions asks for both), so ``.review`` is at hand."""
    found = db.session.execute(
        next_review_select(child).add_columns(Consultation).outerjoin(Consultation, Consultation.review_id == Review.id)
    ).first()
    if found is None or found[1] is None:
        return None
    review, consultation = found
    # Held by the consultation, so the session (which holds rows weakly) keeps it for the rest of the request.
    set_committed_value(consultation, "review", review)
    return consultation


def start(child: Child, review: Review) -> Consultation:
    """The consultation for this review, starting it if needed (a double tap starts it once)."""
    existing = for_review(review)
    if existing is not None:
        return existing
    version = version_for(child, review)
    if version is None:
        raise ValueError("no consultation is due for this review")
    insert_unless_exists(
        Consultation,
        {"review_id": review.id, "child_id": child.id, "question_set": question_sets.current_set(version).id},
        unique=("review_id",),
    )
    consultation = for_review(review)
    assert consultation is not None  # inserted now, or by the tap that raced this one
    return consultation


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
    return question_sets.question_set(consultation.question_set)


def switch_version(consultation: Consultation, version: str) -> None:
    """Use the other version's questions; answers to questions both share are kept."""
    consultation.question_set = question_sets.current_set(version).id
    consultation.current_step = None


def has_words(consultation: Consultation) -> bool:
    """True once the child has given any answer, so cancelling the review would lose something."""
    return bool(consultation.answers or consultation.additions or consultation.agenda_items)


# --- steps --------------------------------------------------------------------------------------


def answers_by_key(consultation: Consultation) -> dict[str, ConsultationAnswer]:
    """The saved answers, by question key."""
    return {answer.key: answer for answer in consultation.answers}


def choice_values(consultation: Consultation) -> dict[str, str]:
    """Saved choices as ``{key: value}``; these decide which steps show next."""
    return {answer.key: answer.value for answer in consultation.answers if answer.value}


def _shown(qset: QuestionSet, values: dict, context: Context) -> list[Step]:
    return [step for step in qset.steps if step.when is None or step.when(values, context)]


def _pages(steps: list[Step]) -> list[Step]:
    """The pages of questions counted in "Page 3 of 9": less the agenda builder (pages of its own, shown only
    to a child who chairs)."""
    return [step for step in steps if step.kind != "agenda"]


def visible_steps(consultation: Consultation) -> list[Step]:
    """The steps this child sees, given their age and answers so far."""
    return _shown(question_set_of(consultation), choice_values(consultation), context_for(consultation))


def page_steps(consultation: Consultation) -> list[Step]:
    """The pages of questions this child sees, as counted in "Page 3 of 9"."""
    return _pages(visible_steps(consultation))


def page_count(child: Child, review: Review, version: str, consultation: Consultation | None) -> int:
    """How many pages of questions the child will see, said before they start ("There are 9 pages"): those of
    their consultation, or before it starts, those of ``version`` with nothing answered yet."""
    if consultation is not None:
        return len(page_steps(consultation))
    context = Context(age=age_on(child.date_of_birth, review_day(review)))
    return len(_pages(_shown(question_sets.current_set(version), {}, context)))


def neighbours(consultation: Consultation, slug: str) -> tuple[Step | None, Step | None]:
    """The steps before and after ``slug`` among those the child sees."""
    steps = visible_steps(consultation)
    slugs = [step.slug for step in steps]
    if slug not in slugs:
        return None, None
    index = slugs.index(slug)
    return (steps[index - 1] if index else None), (steps[index + 1] if index + 1 < len(steps) else None)


# --- reading and saving a page ------------------------------------------------------------------


def _messages() -> reader.Messages:
    """The kind messages for a page of the consultation (every question is optional)."""
    return reader.Messages(
        not_a_choice=_("Please choose one of the answers, or skip this question."),
        too_long=lambda limit: ngettext(
            "That is a lot to say, thank you! Please keep this box under %(num)d character. "
            "You can say the rest in another box, or in 'anything else'.",
            "That is a lot to say, thank you! Please keep this box under %(num)d characters. "
            "You can say the rest in another box, or in 'anything else'.",
            limit,
        ),
    )


def read_page(step: Step, form) -> reader.Reading:
    """The entries on a submitted page, with a kind message for each field that is wrong. Nothing is
    dropped on an error: the entries still hold what was typed, to show it again."""
    return reader.read(step.questions, form, _messages(), text_limit=TEXT_LIMIT, shares=True)


def save_page(consultation: Consultation, entries: list[reader.Entry], *, page_locale: str) -> None:
    """Store a page's entries: one row per key, replaced when the page is sent again, removed when emptied.

    Two taps of Continue can race to insert the same key; the database keeps the first, and since both sent
    the same page, nothing is lost.
    """
    existing = answers_by_key(consultation)
    preferred = consultation.review.child.preferred_language
    inserted = False
    for entry in entries:
        language = written_language(entry.text, page_locale, preferred) if entry.text else None
        row = existing.get(entry.key)
        if entry.is_empty:
            if row is not None:
                db.session.delete(row)
        elif row is None:
            inserted = True
            insert_unless_exists(
                ConsultationAnswer,
                {
                    "consultation_id": consultation.id,
                    "key": entry.key,
                    "value": entry.value,
                    "text": entry.text,
                    "text_language": language,
                    "share": entry.share,
                },
                unique=("consultation_id", "key"),
            )
        else:
            if entry.text != row.text:
                row.text_language = language
            row.value, row.text, row.share = entry.value, entry.text, entry.share
    consultation.updated_at = utcnow()
    db.session.flush()
    if inserted:
        db.session.expire(consultation, ["answers"])
