"""The consultation's question bank: the steps (screens) of a question set, the answers each question
offers, and the questions both versions ask about the review itself (where, when, who, support, chairing).

The versions and their question sets are in `question_sets`. Answers are stored as keys; see `forms.questions`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from flask_babel import LazyString
from flask_babel import lazy_gettext as _l

from ..forms.choices import MOOD_HINT, MOODS, YES_NO_UNSURE
from ..forms.questions import Choice, Question
from ..platform.i18n import display_name

YOUNGER = "younger"
OLDER = "older"
VERSIONS = (YOUNGER, OLDER)
VERSION_LABELS = {
    YOUNGER: _l("Younger (4 to 11): one question at a time, with faces and pictures"),
    OLDER: _l("Older (12 to 17): fuller questions"),
}

# Sections, in the order the IRO reads them.
ARRANGEMENTS = "arrangements"
ANSWERS = "answers"

# Longest free-text answer we keep; a child who writes more is asked kindly to split it.
TEXT_LIMIT = 3000


@dataclass(frozen=True)
class Step:
    """One screen of the consultation. ``when`` decides from the answers so far whether it is shown."""

    slug: str
    title: object
    questions: tuple[Question, ...] = ()
    intro: object = None
    picture: str = ""
    kind: str = "questions"  # or "agenda": the link to the agenda builder
    when: Callable[[dict, Context], bool] | None = None


@dataclass(frozen=True)
class Context:
    """What decides which steps a child sees besides their answers: their age on the review date."""

    age: int


@dataclass(frozen=True)
class QuestionSet:
    """A versioned list of steps."""

    id: str
    version: str
    steps: tuple[Step, ...] = field(default_factory=tuple)

    def questions(self) -> list[Question]:
        """Every question in the set, in order, once each."""
        seen: dict[str, Question] = {}
        for step in self.steps:
            for question in step.questions:
                seen.setdefault(question.key, question)
        return list(seen.values())

    def step(self, slug: str) -> Step | None:
        """The step with this slug, or None."""
        return next((s for s in self.steps if s.slug == slug), None)


# --- shared choices -----------------------------------------------------------------------------

ATTEND = (
    Choice("all", _l("Yes, all of it"), "🙋"),
    Choice("part", _l("Yes, for part of it"), "⏱️"),
    Choice("no", _l("No"), "🚪"),
)
VIEWS_HOW = (
    Choice("iro_reads", _l("My IRO reads out my answers"), "📝"),
    Choice("advocate", _l("An advocate speaks for me"), "🗣️"),
    Choice("trusted", _l("Someone I trust speaks for me"), "🤝"),
    Choice("letter", _l("I write my own letter"), "✉️"),
)
VENUES = (
    Choice("home", _l("Where I live"), "🏠"),
    Choice("school", _l("At school or college (not in lessons)"), "🏫"),
    Choice("office", _l("At a council office"), "🏢"),
    Choice("community", _l("At a café or community place"), "☕"),
    Choice("online", _l("Online, on a video call"), "💻"),
    Choice("other", _l("Somewhere else"), "📍"),
)
TIMES = (
    Choice("after_school", _l("After school or college"), "🕓"),
    Choice("school_day", _l("In the school day, but not in lessons I like"), "🏫"),
    Choice("morning", _l("In the morning"), "🌅"),
    Choice("any", _l("I don't mind"), "👌"),
)
# Answers never put on the summary printed for the meeting, whatever the child chose for their words: how a
# child feels may be about the very adults in the room.
NEVER_PRINTED = frozenset({"mood"})
# People a child may invite, each answered yes / no / only for part.
INVITEES = (
    Choice("carer", _l("My carer"), "🏠"),
    Choice("social_worker", _l("My social worker"), "💼"),
    Choice("mum", _l("My mum"), "👩"),
    Choice("dad", _l("My dad"), "👨"),
    Choice("siblings", _l("My brothers or sisters"), "👫"),
    Choice("teacher", _l("My teacher"), "🍎"),
    Choice("nurse", _l("My nurse"), "🩺"),
    Choice("advocate", _l("My advocate"), "🗣️"),
    Choice("visitor", _l("My independent visitor"), "🤝"),
    Choice("someone_else", _l("Someone else"), "➕"),
)
INVITE_ANSWERS = (
    Choice("yes", _l("Yes")),
    Choice("no", _l("No")),
    Choice("part", _l("Only for part")),
)
CHAIR = (
    Choice("no", _l("No, my IRO can run it"), "🙂"),
    Choice("co_chair", _l("Yes, with my IRO's help (co-chair)"), "🤝"),
    Choice("chair", _l("Yes, I want to run it (chair)"), "⭐"),
)
# Languages an interpreter is most often needed for here; the list shows each in the reader's language.
INTERPRETER_LANGUAGES = (
    "ar",
    "fa",
    "ps",
    "ku",
    "ti",
    "am",
    "so",
    "ur",
    "bn",
    "pa",
    "pl",
    "ro",
    "sq",
    "uk",
    "vi",
    "zh",
    "es",
    "pt",
    "fr",
    "tr",
    "bfi",
    "other",
)
NON_LOCALE_LANGUAGES = {"bfi": _l("British Sign Language"), "other": _l("Another language")}


def _language_name(code: str):
    """The name of an interpreter language, in whatever language the page is shown in."""
    return NON_LOCALE_LANGUAGES.get(code) or LazyString(display_name, code)


LANGUAGE_CHOICES = tuple(Choice(code, _language_name(code)) for code in INTERPRETER_LANGUAGES)


def interpreter_languages() -> dict[str, str]:
    """The interpreter languages by code, each named in the reader's language, in the list's order."""
    return {choice.key: str(choice.label) for choice in LANGUAGE_CHOICES}


def wants_to_chair(answers: dict, context: Context | None) -> bool:
    """Show the agenda builder to a child who wants to chair or co-chair."""
    return answers.get("chair") in ("co_chair", "chair")


def not_attending_all(answers: dict, context: Context) -> bool:
    """Ask how their views get there when a child is not coming to all of the review."""
    return answers.get("attend") in ("part", "no")


def needs_interpreter(answers: dict, context: Context) -> bool:
    """Ask which language when the child says they need an interpreter."""
    return answers.get("interpreter") == "yes"


def sixteen_or_over(answers: dict, context: Context) -> bool:
    """The section on living independently is for 16- and 17-year-olds."""
    return context.age >= 16


def words(key: str, label, hint=None, section: str = ANSWERS) -> Question:
    """A question answered in the child's own words."""
    return Question(key, "text", label, hint, section=section)


def pick(key: str, label, choices, hint=None, section: str = ARRANGEMENTS, shareable: bool = False) -> Question:
    """A question answered by picking one of ``choices`` (``shareable`` when the answer is about people)."""
    return Question(key, "choice", label, hint, choices, section, shareable=shareable)


# --- questions both versions share (arrangements are asked the same way) ------------------------

ATTEND_Q = pick("attend", _l("Will you come to your review?"), ATTEND)
VIEWS_HOW_Q = pick(
    "views_how",
    _l("How should your views get to the review?"),
    VIEWS_HOW,
    _l("Your views matter even if you are not in the room."),
)
VENUE_Q = pick("venue", _l("Where would you like your review to happen?"), VENUES)
VENUE_WORDS_Q = words("venue_words", _l("If somewhere else, where?"), section=ARRANGEMENTS)
TIME_Q = pick("time", _l("When is a good time for you?"), TIMES)
INVITE_Q = Question(
    "invite",
    "invite",
    _l("Who would you like to invite?"),
    _l("For each person, choose yes, no, or only for part of the meeting."),
    INVITEES,
    ARRANGEMENTS,
    answers=INVITE_ANSWERS,
    shareable=True,
)
INVITE_WORDS_Q = words("invite_words", _l("If you chose someone else, who?"), section=ARRANGEMENTS)
NOT_WANTED_Q = words(
    "not_wanted",
    _l("Is there anyone you do not want at your review?"),
    _l("You can say why if you want to. Your IRO will think about this carefully."),
    section=ARRANGEMENTS,
)
ALONE_FIRST_Q = pick(
    "alone_first", _l("Would you like to talk to your IRO on your own before the review?"), YES_NO_UNSURE
)
ADVOCATE_Q = pick(
    "advocate",
    _l("Would you like an advocate?"),
    YES_NO_UNSURE,
    _l(
        "An advocate is someone who is on your side. They help you say what you think, or say it "
        "for you. They do not work for your carers or your social worker."
    ),
)
INTERPRETER_Q = pick(
    "interpreter",
    _l("Do you need an interpreter at your review?"),
    YES_NO_UNSURE[:2],
    _l("An interpreter helps people who speak different languages understand each other."),
)
INTERPRETER_LANGUAGE_Q = Question(
    "interpreter_language", "language", _l("Which language?"), choices=LANGUAGE_CHOICES, section=ARRANGEMENTS
)
CHAIR_Q = pick(
    "chair",
    _l("Would you like to run your review?"),
    CHAIR,
    _l(
        "Running your review means you help decide what is talked about and in what order. "
        "Lots of young people do it. Your IRO will help."
    ),
)
TALK_ABOUT_Q = words("talk_about", _l("What do you want your review to talk about or decide?"))
ANYTHING_ELSE_Q = words("anything_else", _l("Is there anything else you want your IRO to know?"))


MOOD_Q = Question("mood", "choice", _l("How are you feeling?"), MOOD_HINT, MOODS)
