"""The three feedback questionnaires after a review: for the young person, for parents and carers, and for
professionals. Answers are stored as keys and counted by the database (see `figures`).

Children under 12 answer the young person's questions with faces; young people of 12 and over are asked the
same things as statements to agree or disagree with, as young adults. Both store 1 (lowest) to 5 under the
same keys, so the figures count them together.
"""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from ..forms.choices import FACES, YES_NO_UNSURE
from ..forms.questions import Choice, Question
from ..people.children import OLDER_BAND_FROM

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
# The longest comment kept.
TEXT_LIMIT = 3000
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


# The young person's questions as statements for 12- to 17-year-olds: the same keys, answered from strongly
# disagree (1) to strongly agree (5).
YOUNG_ADULT_QUESTIONS: tuple[Question, ...] = (
    _agree("listened", _l("People listened to me")),
    _agree("understood", _l("I understood what was said")),
    _agree("said_wanted", _l("I got to say what I wanted to")),
    _pick("sw_before", _l("Did your social worker talk to you before the meeting?"), YES_NO_UNSURE),
    _agree("know_next", _l("I know what happens next")),
    _agree("had_say", _l("I had a say in where my review was and who came")),
    Question("overall", "scale", _l("Overall, how was your review?"), choices=RATING),
    _text("better", _l("What could be better?")),
)

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


def questions_for(respondent: str, age: int | None = None) -> tuple[Question, ...]:
    """The questions a respondent is asked: for a young person of 12 or over, the statements version."""
    if respondent == YOUNG_PERSON and age is not None and age >= OLDER_BAND_FROM:
        return YOUNG_ADULT_QUESTIONS
    return QUESTIONNAIRES[respondent]
