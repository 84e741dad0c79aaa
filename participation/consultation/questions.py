"""The consultation's question bank: the steps (screens) of a question set, the answers each question
offers, and the questions both versions ask about the review itself (where, when, who, support, chairing).

The versions and their question sets are in `question_sets`. Answers are stored as keys; see `forms.questions`.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from types import MappingProxyType

from flask_babel import LazyString, get_locale
from flask_babel import lazy_gettext as _l

from ..forms.choices import FACES, MOOD_HINT, MOODS, YES_NO_UNSURE
from ..forms.questions import MANY, Choice, Question
from ..platform.i18n import display_name

PICTURES = "pictures"
YOUNGER = "younger"
OLDER = "older"
VERSIONS = (PICTURES, YOUNGER, OLDER)
VERSION_LABELS = {
    PICTURES: _l("Pictures (usually 4 to 7): tap pictures, done with a grown-up, 9 short pages"),
    YOUNGER: _l("Younger (usually 8 to 11): one question at a time, with faces and pictures"),
    OLDER: _l("Older (12 to 17): fuller questions"),
}
# The next simpler version, which a child may switch to themselves.
SIMPLER = {OLDER: YOUNGER, YOUNGER: PICTURES}

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
    Choice("all", _l("Yes, all of it"), "hand-up"),
    Choice("part", _l("Yes, for part of it"), "timer"),
    Choice("no", _l("No"), "door"),
)
VIEWS_HOW = (
    Choice("iro_reads", _l("My IRO reads out my answers"), "memo"),
    Choice("advocate", _l("An advocate speaks for me"), "speaking"),
    Choice("trusted", _l("Someone I trust speaks for me"), "handshake"),
    Choice("letter", _l("I write my own letter"), "letter"),
)
VENUES = (
    Choice("home", _l("Where I live"), "home"),
    Choice("school", _l("At school or college (not in lessons)"), "school"),
    Choice("office", _l("At a council office"), "office"),
    Choice("community", _l("At a café or community place"), "cafe"),
    Choice("online", _l("Online, on a video call"), "laptop"),
    Choice("other", _l("Somewhere else"), "pin"),
)
TIMES = (
    Choice("after_school", _l("After school or college"), "clock"),
    Choice("school_day", _l("In the school day, but not in lessons I like"), "school"),
    Choice("morning", _l("In the morning"), "sunrise"),
    Choice("any", _l("I don't mind"), "ok-hand"),
)
# Answers never put on the summary printed for the meeting, whatever the child chose for their words: how a
# child feels may be about the very adults in the room.
NEVER_PRINTED = frozenset({"mood"})
# People a child may invite, each answered yes / no / only for part.
INVITEES = (
    Choice("carer", _l("My carer"), "hug"),
    Choice("social_worker", _l("My social worker"), "office-worker"),
    Choice("mum", _l("My mum"), "woman"),
    Choice("dad", _l("My dad"), "man"),
    Choice("siblings", _l("My brothers or sisters"), "siblings"),
    Choice("teacher", _l("My teacher"), "apple"),
    Choice("nurse", _l("My nurse"), "health-worker"),
    Choice("advocate", _l("My advocate"), "speaking"),
    Choice("visitor", _l("My independent visitor"), "handshake"),
    Choice("someone_else", _l("Someone else"), "plus"),
)
INVITE_ANSWERS = (
    Choice("yes", _l("Yes")),
    Choice("no", _l("No")),
    Choice("part", _l("Only for part")),
)
CHAIR = (
    Choice("no", _l("No, my IRO can run it"), "smile"),
    Choice("co_chair", _l("Yes, with my IRO's help (co-chair)"), "handshake"),
    Choice("chair", _l("Yes, I want to run it (chair)"), "star"),
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


def interpreter_languages() -> Mapping[str, str]:
    """The interpreter languages by code, each named in the reader's language, in the list's order."""
    return _interpreter_languages(str(get_locale()))


# The names never change while the app runs: worked out once per page language (the key), not on every page.
@lru_cache(maxsize=64)
def _interpreter_languages(_page_locale: str) -> Mapping[str, str]:
    return MappingProxyType({choice.key: str(choice.label) for choice in LANGUAGE_CHOICES})


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


def tiles(key: str, label, choices, hint=None, section: str = ANSWERS) -> Question:
    """A question answered by tapping any number of picture tiles. What a child picks can be about people,
    so they choose who may see it, as for their words."""
    return Question(key, MANY, label, hint, choices, section, shareable=True)


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


# --- the pictures version's own questions: tap pictures, say anything else to the grown-up beside you --------

SAY_IT_HINT = _l("You can say it, and the grown-up with you can write it here.")
GOOD_PICTURES = (
    Choice("home", _l("My home"), "home"),
    Choice("family", _l("My family"), "family"),
    Choice("friends", _l("My friends"), "friends"),
    Choice("carer", _l("My carer"), "hug"),
    Choice("school", _l("School"), "school"),
    Choice("pets", _l("Pets"), "dog"),
    Choice("playing", _l("Playing"), "teddy"),
    Choice("food", _l("Food I like"), "pizza"),
    Choice("sleep", _l("Sleeping well"), "bed"),
    Choice("days_out", _l("Days out"), "ferris-wheel"),
)
WORRY_PICTURES = (
    Choice("sad", _l("Feeling sad"), "crying"),
    Choice("told_off", _l("Being told off"), "anger-bubble"),
    Choice("missing_family", _l("Missing mum or dad"), "broken-heart"),
    Choice("home", _l("Things at home"), "home"),
    Choice("school", _l("School"), "school"),
    Choice("friends", _l("Falling out with friends"), "friends"),
    Choice("bedtime", _l("Bedtime or bad dreams"), "moon"),
    Choice("poorly", _l("Feeling poorly"), "stethoscope"),
)
WISH_PICTURES = (
    Choice("see_family", _l("See my family more"), "family"),
    Choice("stay", _l("Stay where I live"), "home"),
    Choice("play", _l("More time to play"), "teddy"),
    Choice("friends", _l("More friends"), "friends"),
    Choice("pet", _l("A pet"), "dog"),
    Choice("school_help", _l("Help with school"), "books"),
    Choice("days_out", _l("Days out"), "ferris-wheel"),
    Choice("new_things", _l("Something new to do"), "art"),
)
FEELING_PICTURES_Q = Question("feeling", "faces", _l("How are you today?"), choices=FACES)
GOOD_PICTURES_Q = tiles("good_pics", _l("What is good for you?"), GOOD_PICTURES, _l("Tap all the pictures you like."))
WORRY_PICTURES_Q = tiles(
    "worry_pics", _l("Is anything worrying you?"), WORRY_PICTURES, _l("Tap as many pictures as you want.")
)
WISH_PICTURES_Q = tiles(
    "wish_pics", _l("What do you wish for?"), WISH_PICTURES, _l("Tap as many pictures as you want.")
)
INVITE_PICTURES_Q = Question(
    "invite",
    MANY,
    _l("Who would you like to come?"),
    _l("Tap everyone you would like there."),
    INVITEES,
    ARRANGEMENTS,
    shareable=True,
)
