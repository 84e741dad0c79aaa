"""The question bank for a child's consultation before their review, in two versions.

* ``younger`` (4–11): one question per screen, faces and pictures with words, "Three Houses".
* ``older`` (12–17): fuller questions, and for 16–17 a section on getting ready to live independently.

Answers are stored as keys (``venue=school``), never as the words shown, so a child answering in Pashto
gives the same data as one answering in English, and staff read the choices in their own language.
Each question set has an id (``younger-1``); a consultation records the id it used. To change the
questions later, add a new set (``younger-2``) and keep the old one, so old answers keep their meaning.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable

from flask_babel import lazy_gettext as _l

from .i18n import display_name

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
SHARE_CHOICES = ("iro", "review")


@dataclass(frozen=True)
class Choice:
    """One answer a child can pick: a stored key, the words shown, and an optional picture."""

    key: str
    label: object
    picture: str = ""


@dataclass(frozen=True)
class Question:
    """One thing asked. ``kind`` is ``faces`` (5 faces), ``scale`` (5 words), ``choice``, ``text``,
    ``invite`` (yes / no / part for each person) or ``language``."""

    key: str
    kind: str
    label: object
    hint: object = None
    choices: tuple[Choice, ...] = ()
    section: str = ANSWERS

    @property
    def is_text(self) -> bool:
        return self.kind == "text"


@dataclass(frozen=True)
class Step:
    """One screen of the consultation. ``when`` decides from the answers so far whether it is shown."""

    slug: str
    title: object
    questions: tuple[Question, ...] = ()
    intro: object = None
    picture: str = ""
    kind: str = "questions"  # or "agenda": the link to the agenda builder
    when: Callable[[dict, "Context"], bool] | None = None


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

FACES = (
    Choice("1", _l("Very sad")),
    Choice("2", _l("Sad")),
    Choice("3", _l("OK")),
    Choice("4", _l("Happy")),
    Choice("5", _l("Very happy")),
)
SCALE = (
    Choice("1", _l("Really bad")),
    Choice("2", _l("Not good")),
    Choice("3", _l("OK")),
    Choice("4", _l("Good")),
    Choice("5", _l("Really good")),
)
YES_NO_UNSURE = (
    Choice("yes", _l("Yes"), "👍"),
    Choice("no", _l("No"), "👎"),
    Choice("unsure", _l("I'm not sure"), "🤷"),
)
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
# "How are you feeling?" Scared or not safe, anywhere in the app, raises an urgent safety alert.
MOODS = (
    Choice("happy", _l("Happy"), "😀"),
    Choice("calm", _l("Calm"), "😌"),
    Choice("worried", _l("Worried"), "😟"),
    Choice("sad", _l("Sad"), "😢"),
    Choice("angry", _l("Angry"), "😠"),
    Choice("scared", _l("Scared"), "😨"),
    Choice("unsafe", _l("I don't feel safe"), "🆘"),
)
UNSAFE_MOODS = frozenset({"scared", "unsafe"})
# Answers never put on the summary printed for the meeting, whatever the child chose for their words: how a
# child feels may be about the very adults in the room.
NEVER_PRINTED = frozenset({"mood"})
MOOD_HINT = _l("If you choose Scared or I don't feel safe, we tell your IRO and the duty team straight away, "
               "so that someone can help you.")
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
INTERPRETER_LANGUAGES = ("ar", "fa", "ps", "ku", "ti", "am", "so", "ur", "bn", "pa", "pl", "ro", "sq", "uk",
                         "vi", "zh", "es", "pt", "fr", "tr", "bfi", "other")
NON_LOCALE_LANGUAGES = {"bfi": _l("British Sign Language"), "other": _l("Another language")}


def interpreter_languages() -> dict[str, str]:
    """The interpreter languages by code, each named in the reader's language, in the list's order."""
    return {code: str(NON_LOCALE_LANGUAGES[code]) if code in NON_LOCALE_LANGUAGES else display_name(code)
            for code in INTERPRETER_LANGUAGES}


def wants_to_chair(answers: dict, context: Context) -> bool:
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


def _text(key: str, label, hint=None, section: str = ANSWERS) -> Question:
    return Question(key, "text", label, hint, section=section)


def _pick(key: str, label, choices, hint=None, section: str = ARRANGEMENTS) -> Question:
    return Question(key, "choice", label, hint, choices, section)


# --- questions both versions share (arrangements are asked the same way) ------------------------

ATTEND_Q = _pick("attend", _l("Will you come to your review?"), ATTEND)
VIEWS_HOW_Q = _pick("views_how", _l("How should your views get to the review?"), VIEWS_HOW,
                    _l("Your views matter even if you are not in the room."))
VENUE_Q = _pick("venue", _l("Where would you like your review to happen?"), VENUES)
VENUE_WORDS_Q = _text("venue_words", _l("If somewhere else, where?"), section=ARRANGEMENTS)
TIME_Q = _pick("time", _l("When is a good time for you?"), TIMES)
INVITE_Q = Question("invite", "invite", _l("Who would you like to invite?"),
                    _l("For each person, choose yes, no, or only for part of the meeting."), INVITEES, ARRANGEMENTS)
INVITE_WORDS_Q = _text("invite_words", _l("If you chose someone else, who?"), section=ARRANGEMENTS)
NOT_WANTED_Q = _text("not_wanted", _l("Is there anyone you do not want at your review?"),
                     _l("You can say why if you want to. Your IRO will think about this carefully."),
                     section=ARRANGEMENTS)
ALONE_FIRST_Q = _pick("alone_first", _l("Would you like to talk to your IRO on your own before the review?"),
                      YES_NO_UNSURE)
ADVOCATE_Q = _pick("advocate", _l("Would you like an advocate?"), YES_NO_UNSURE,
                   _l("An advocate is someone who is on your side. They help you say what you think, or say it "
                      "for you. They do not work for your carers or your social worker."))
INTERPRETER_Q = _pick("interpreter", _l("Do you need an interpreter at your review?"), YES_NO_UNSURE[:2],
                      _l("An interpreter helps people who speak different languages understand each other."))
INTERPRETER_LANGUAGE_Q = Question("interpreter_language", "language", _l("Which language?"),
                                  section=ARRANGEMENTS)
CHAIR_Q = _pick("chair", _l("Would you like to run your review?"), CHAIR,
                _l("Running your review means you help decide what is talked about and in what order. "
                   "Lots of young people do it. Your IRO will help."))
TALK_ABOUT_Q = _text("talk_about", _l("What do you want your review to talk about or decide?"))
ANYTHING_ELSE_Q = _text("anything_else", _l("Is there anything else you want your IRO to know?"))


def _arrangement_steps(one_per_screen: bool) -> tuple[Step, ...]:
    """Where, when, who and how: one question per screen for the younger version, grouped for the older."""
    if one_per_screen:
        return (
            Step("attend", _l("Coming to your review"), (ATTEND_Q,), picture="🙋"),
            Step("views-how", _l("Your views"), (VIEWS_HOW_Q,), picture="🗣️", when=not_attending_all),
            Step("where", _l("Where"), (VENUE_Q, VENUE_WORDS_Q), picture="📍"),
            Step("when", _l("When"), (TIME_Q,), picture="🕓"),
            Step("who", _l("Who comes"), (INVITE_Q, INVITE_WORDS_Q), picture="👥"),
            Step("not-wanted", _l("Anyone you don't want there"), (NOT_WANTED_Q,), picture="✋"),
            Step("alone-first", _l("Talking to your IRO first"), (ALONE_FIRST_Q,), picture="💬"),
            Step("advocate", _l("An advocate"), (ADVOCATE_Q,), picture="🗣️"),
            Step("interpreter", _l("An interpreter"), (INTERPRETER_Q,), picture="🌍"),
            Step("interpreter-language", _l("An interpreter"), (INTERPRETER_LANGUAGE_Q,), picture="🌍",
                 when=needs_interpreter),
            Step("chair", _l("Running your review"), (CHAIR_Q,), picture="⭐"),
            Step("agenda", _l("Your agenda"), kind="agenda", picture="📋", when=wants_to_chair),
        )
    return (
        Step("attend", _l("Coming to your review"), (ATTEND_Q, VIEWS_HOW_Q)),
        Step("where", _l("Where and when"), (VENUE_Q, VENUE_WORDS_Q, TIME_Q)),
        Step("who", _l("Who comes"), (INVITE_Q, INVITE_WORDS_Q, NOT_WANTED_Q)),
        Step("support", _l("Support at your review"), (ALONE_FIRST_Q, ADVOCATE_Q, INTERPRETER_Q,
                                                       INTERPRETER_LANGUAGE_Q)),
        Step("chair", _l("Running your review"), (CHAIR_Q,)),
        Step("agenda", _l("Your agenda"), kind="agenda", when=wants_to_chair),
    )


# --- the younger version (4–11) -----------------------------------------------------------------

def _faces(key: str, label) -> Question:
    return Question(key, "faces", label, choices=FACES)


YOUNGER_1 = QuestionSet("younger-1", YOUNGER, (
    Step("feeling", _l("How are you?"), (_faces("feeling", _l("How are things for you at the moment?")),),
         picture="😊"),
    Step("good-things", _l("The house of good things"),
         (_text("good_things", _l("What is good in your life?"), _l("Things you like, people you like, "
                                                                      "things you are proud of.")),),
         picture="🏠"),
    Step("worries", _l("The house of worries"),
         (_text("worries", _l("Is anything worrying you?"), _l("You can tell your IRO about anything.")),),
         picture="🏚️"),
    Step("wishes", _l("The house of dreams"),
         (_text("wishes", _l("What do you wish for, or want to change?")),), picture="🏰"),
    Step("home", _l("Where you live"), (_faces("home", _l("How do you feel about where you live?")),
                                        _text("home_words", _l("Tell us more if you want to")),), picture="🏡"),
    Step("school", _l("School"), (_faces("school", _l("How do you feel about school?")),
                                  _text("school_words", _l("Tell us more if you want to")),), picture="🏫"),
    Step("health", _l("Your body and feelings"), (_faces("health", _l("How do you feel in your body and mind?")),
                                                  _text("health_words", _l("Tell us more if you want to")),),
         picture="💪"),
    Step("family", _l("Family and friends"), (_faces("family", _l("How do you feel about seeing your family "
                                                                    "and friends?")),
                                              _text("family_words", _l("Tell us more if you want to")),),
         picture="👨‍👩‍👧"),
    Step("social-worker-visits", _l("Your social worker"),
         (_pick("sw_visits", _l("Does your social worker come to see you?"), YES_NO_UNSURE, section=ANSWERS),),
         picture="💼"),
    Step("social-worker-alone", _l("Your social worker"),
         (_pick("sw_alone", _l("Do you get to talk to your social worker on your own?"), YES_NO_UNSURE,
                section=ANSWERS),),
         picture="💼"),
    Step("talk-about", _l("Your review"), (TALK_ABOUT_Q,), picture="💭"),
    *_arrangement_steps(one_per_screen=True),
    Step("anything-else", _l("Anything else"), (ANYTHING_ELSE_Q,), picture="✨"),
))


# --- the older version (12–17) ------------------------------------------------------------------

def _scale(key: str, label) -> Question:
    return Question(key, "scale", label, choices=SCALE)


OLDER_1 = QuestionSet("older-1", OLDER, (
    Step("feeling", _l("How things are going"),
         (_scale("feeling", _l("Overall, how are things going for you at the moment?")),
          _text("good_things", _l("What's working well?")),
          _text("worries", _l("What are you worried about?")),
          _text("wishes", _l("What needs to change, or what do you want for the future?"))),
         intro=_l("Answer as much or as little as you like. Every question is optional.")),
    Step("home", _l("Home"), (_scale("home", _l("How are things where you live?")),
                              _text("home_words", _l("What would you like your IRO to know about home?")))),
    Step("school", _l("School, college or work"),
         (_scale("school", _l("How are things at school, college or work?")),
          _text("school_words", _l("Anything you want to say about school, college or work?")))),
    Step("health", _l("Health and wellbeing"),
         (_scale("health", _l("How are you feeling, physically and mentally?")),
          _text("health_words", _l("Is there any help you would like with your health?")))),
    Step("family", _l("Family time and friends"),
         (_scale("family", _l("How do you feel about the time you spend with family and friends?")),
          _text("family_words", _l("Is there anyone you would like to see more, or less?")))),
    Step("social-worker", _l("Your social worker"),
         (_pick("sw_visits", _l("Does your social worker visit you?"), YES_NO_UNSURE, section=ANSWERS),
          _pick("sw_alone", _l("Do you get to see your social worker on your own?"), YES_NO_UNSURE,
                section=ANSWERS),
          _text("sw_words", _l("Anything you want to say about your social worker?")))),
    Step("independence", _l("Getting ready to live independently"),
         (_text("ind_where_live", _l("Where would you like to live when you leave care?")),
          _text("ind_money", _l("How do you feel about managing money?")),
          _text("ind_education_work", _l("What are your plans for college, training or work?")),
          _text("ind_my_flat", _l("What would your own place be like? What would you need to run it?")),
          _text("ind_fears", _l("Does anything worry you about leaving care?"))),
         intro=_l("You are 16 or 17, so your review will also plan for when you leave care."),
         when=sixteen_or_over),
    Step("talk-about", _l("Your review"), (TALK_ABOUT_Q,)),
    *_arrangement_steps(one_per_screen=False),
    Step("anything-else", _l("Anything else"), (ANYTHING_ELSE_Q,)),
))

# --- version 2: "How are you feeling?" joins both, so a scared or unsafe child is helped at once -----

MOOD_Q = Question("mood", "choice", _l("How are you feeling?"), MOOD_HINT, MOODS)


def _with_mood(base: QuestionSet, set_id: str, own_step: bool) -> QuestionSet:
    """``base`` with the feelings question: on its own page after "feeling" (younger), or on that page."""
    steps = []
    for step in base.steps:
        if step.slug != "feeling":
            steps.append(step)
        elif own_step:
            steps += [step, Step("mood", _l("Your feelings"), (MOOD_Q,), picture="💬")]
        else:
            steps.append(Step(step.slug, step.title, (step.questions[0], MOOD_Q, *step.questions[1:]),
                              intro=step.intro))
    return QuestionSet(set_id, base.version, tuple(steps))


YOUNGER_2 = _with_mood(YOUNGER_1, "younger-2", own_step=True)
OLDER_2 = _with_mood(OLDER_1, "older-2", own_step=False)

QUESTION_SETS = {qs.id: qs for qs in (YOUNGER_1, OLDER_1, YOUNGER_2, OLDER_2)}
# The set a new consultation uses for each version.
CURRENT = {YOUNGER: YOUNGER_2.id, OLDER: OLDER_2.id}


def question_set(set_id: str) -> QuestionSet:
    """The question set a consultation used (it stays readable after the questions change)."""
    return QUESTION_SETS[set_id]


def current_set(version: str) -> QuestionSet:
    """The question set new consultations of ``version`` use."""
    return QUESTION_SETS[CURRENT[version]]
