"""The consultation's question sets, in three versions, each versioned.

* ``pictures`` (usually 4–7): nine screens, every question answered by tapping pictures, done with a grown-up.
* ``younger`` (usually 8–11): one question per screen, faces and pictures with words, "Three Houses".
* ``older`` (12–17): fuller questions, and for 16–17 a section on getting ready to live independently.

Each question set has an id (``younger-1``); a consultation records the id it used. To change the questions,
add a new set (``younger-4``), point `CURRENT` at it and keep the old ones, so old answers keep their meaning.
"""

from __future__ import annotations

from dataclasses import replace

from flask_babel import lazy_gettext as _l

from ..forms.choices import FACES, SCALE, YES_NO_UNSURE
from ..forms.questions import Question
from .questions import (
    ADVOCATE_Q,
    ALONE_FIRST_Q,
    ANSWERS,
    ANYTHING_ELSE_Q,
    ATTEND_Q,
    CHAIR_Q,
    FEELING_PICTURES_Q,
    GOOD_PICTURES_Q,
    INTERPRETER_LANGUAGE_Q,
    INTERPRETER_Q,
    INVITE_PICTURES_Q,
    INVITE_Q,
    INVITE_WORDS_Q,
    MOOD_Q,
    NOT_WANTED_Q,
    OLDER,
    PICTURES,
    SAY_IT_HINT,
    TALK_ABOUT_Q,
    TIME_Q,
    VENUE_Q,
    VENUE_WORDS_Q,
    VIEWS_HOW_Q,
    WISH_PICTURES_Q,
    WORRY_PICTURES_Q,
    YOUNGER,
    QuestionSet,
    Step,
    needs_interpreter,
    not_attending_all,
    pick,
    sixteen_or_over,
    wants_to_chair,
    words,
)


def _arrangement_steps(one_per_screen: bool) -> tuple[Step, ...]:
    """Where, when, who and how: one question per screen for the younger version, grouped for the older."""
    if one_per_screen:
        return (
            Step("attend", _l("Coming to your review"), (ATTEND_Q,), picture="hand-up"),
            Step("views-how", _l("Your views"), (VIEWS_HOW_Q,), picture="speaking", when=not_attending_all),
            Step("where", _l("Where"), (VENUE_Q, VENUE_WORDS_Q), picture="pin"),
            Step("when", _l("When"), (TIME_Q,), picture="clock"),
            Step("who", _l("Who comes"), (INVITE_Q, INVITE_WORDS_Q), picture="people"),
            Step("not-wanted", _l("Anyone you don't want there"), (NOT_WANTED_Q,), picture="stop-hand"),
            Step("alone-first", _l("Talking to your IRO first"), (ALONE_FIRST_Q,), picture="speech"),
            Step("advocate", _l("An advocate"), (ADVOCATE_Q,), picture="speaking"),
            Step("interpreter", _l("An interpreter"), (INTERPRETER_Q,), picture="globe"),
            Step(
                "interpreter-language",
                _l("An interpreter"),
                (INTERPRETER_LANGUAGE_Q,),
                picture="globe",
                when=needs_interpreter,
            ),
            Step("chair", _l("Running your review"), (CHAIR_Q,), picture="star"),
            Step("agenda", _l("Your agenda"), kind="agenda", picture="clipboard", when=wants_to_chair),
        )
    return (
        Step("attend", _l("Coming to your review"), (ATTEND_Q, VIEWS_HOW_Q)),
        Step("where", _l("Where and when"), (VENUE_Q, VENUE_WORDS_Q, TIME_Q)),
        Step("who", _l("Who comes"), (INVITE_Q, INVITE_WORDS_Q, NOT_WANTED_Q)),
        Step(
            "support", _l("Support at your review"), (ALONE_FIRST_Q, ADVOCATE_Q, INTERPRETER_Q, INTERPRETER_LANGUAGE_Q)
        ),
        Step("chair", _l("Running your review"), (CHAIR_Q,)),
        Step("agenda", _l("Your agenda"), kind="agenda", when=wants_to_chair),
    )


# --- the younger version (4–11) -----------------------------------------------------------------


def _faces(key: str, label) -> Question:
    return Question(key, "faces", label, choices=FACES)


YOUNGER_1 = QuestionSet(
    "younger-1",
    YOUNGER,
    (
        Step(
            "feeling",
            _l("How are you?"),
            (_faces("feeling", _l("How are things for you at the moment?")),),
            picture="happy",
        ),
        Step(
            "good-things",
            _l("The house of good things"),
            (
                words(
                    "good_things",
                    _l("What is good in your life?"),
                    _l("Things you like, people you like, things you are proud of."),
                ),
            ),
            picture="home",
        ),
        Step(
            "worries",
            _l("The house of worries"),
            (words("worries", _l("Is anything worrying you?"), _l("You can tell your IRO about anything.")),),
            picture="house-worn",
        ),
        Step(
            "wishes",
            _l("The house of dreams"),
            (words("wishes", _l("What do you wish for, or want to change?")),),
            picture="castle",
        ),
        Step(
            "home",
            _l("Where you live"),
            (
                _faces("home", _l("How do you feel about where you live?")),
                words("home_words", _l("Tell us more if you want to")),
            ),
            picture="house-garden",
        ),
        Step(
            "school",
            _l("School"),
            (
                _faces("school", _l("How do you feel about school?")),
                words("school_words", _l("Tell us more if you want to")),
            ),
            picture="school",
        ),
        Step(
            "health",
            _l("Your body and feelings"),
            (
                _faces("health", _l("How do you feel in your body and mind?")),
                words("health_words", _l("Tell us more if you want to")),
            ),
            picture="muscle",
        ),
        Step(
            "family",
            _l("Family and friends"),
            (
                _faces("family", _l("How do you feel about seeing your family and friends?")),
                words("family_words", _l("Tell us more if you want to")),
            ),
            picture="family",
        ),
        Step(
            "social-worker-visits",
            _l("Your social worker"),
            (
                pick(
                    "sw_visits",
                    _l("Does your social worker come to see you?"),
                    YES_NO_UNSURE,
                    section=ANSWERS,
                    shareable=True,
                ),
            ),
            picture="briefcase",
        ),
        Step(
            "social-worker-alone",
            _l("Your social worker"),
            (
                pick(
                    "sw_alone",
                    _l("Do you get to talk to your social worker on your own?"),
                    YES_NO_UNSURE,
                    section=ANSWERS,
                    shareable=True,
                ),
            ),
            picture="briefcase",
        ),
        Step("talk-about", _l("Your review"), (TALK_ABOUT_Q,), picture="thought"),
        *_arrangement_steps(one_per_screen=True),
        Step("anything-else", _l("Anything else"), (ANYTHING_ELSE_Q,), picture="sparkles"),
    ),
)


# --- the older version (12–17) ------------------------------------------------------------------


def _scale(key: str, label) -> Question:
    return Question(key, "scale", label, choices=SCALE)


OLDER_1 = QuestionSet(
    "older-1",
    OLDER,
    (
        Step(
            "feeling",
            _l("How things are going"),
            (
                _scale("feeling", _l("Overall, how are things going for you at the moment?")),
                words("good_things", _l("What's working well?")),
                words("worries", _l("What are you worried about?")),
                words("wishes", _l("What needs to change, or what do you want for the future?")),
            ),
            intro=_l("Answer as much or as little as you like. Every question is optional."),
        ),
        Step(
            "home",
            _l("Home"),
            (
                _scale("home", _l("How are things where you live?")),
                words("home_words", _l("What would you like your IRO to know about home?")),
            ),
        ),
        Step(
            "school",
            _l("School, college or work"),
            (
                _scale("school", _l("How are things at school, college or work?")),
                words("school_words", _l("Anything you want to say about school, college or work?")),
            ),
        ),
        Step(
            "health",
            _l("Health and wellbeing"),
            (
                _scale("health", _l("How are you feeling, physically and mentally?")),
                words("health_words", _l("Is there any help you would like with your health?")),
            ),
        ),
        Step(
            "family",
            _l("Family time and friends"),
            (
                _scale("family", _l("How do you feel about the time you spend with family and friends?")),
                words("family_words", _l("Is there anyone you would like to see more, or less?")),
            ),
        ),
        Step(
            "social-worker",
            _l("Your social worker"),
            (
                pick(
                    "sw_visits",
                    _l("Does your social worker visit you?"),
                    YES_NO_UNSURE,
                    section=ANSWERS,
                    shareable=True,
                ),
                pick(
                    "sw_alone",
                    _l("Do you get to see your social worker on your own?"),
                    YES_NO_UNSURE,
                    section=ANSWERS,
                    shareable=True,
                ),
                words("sw_words", _l("Anything you want to say about your social worker?")),
            ),
        ),
        Step(
            "independence",
            _l("Getting ready to live independently"),
            (
                words("ind_where_live", _l("Where would you like to live when you leave care?")),
                words("ind_money", _l("How do you feel about managing money?")),
                words("ind_education_work", _l("What are your plans for college, training or work?")),
                words("ind_my_flat", _l("What would your own place be like? What would you need to run it?")),
                words("ind_fears", _l("Does anything worry you about leaving care?")),
            ),
            intro=_l("You are 16 or 17, so your review will also plan for when you leave care."),
            when=sixteen_or_over,
        ),
        Step("talk-about", _l("Your review"), (TALK_ABOUT_Q,)),
        *_arrangement_steps(one_per_screen=False),
        Step("anything-else", _l("Anything else"), (ANYTHING_ELSE_Q,)),
    ),
)

# --- version 2: "How are you feeling?" joins both, so a scared or unsafe child is helped at once -----


def _with_mood(base: QuestionSet, set_id: str, own_step: bool) -> QuestionSet:
    """``base`` with the feelings question: on its own page after "feeling" (younger), or on that page."""
    steps = []
    for step in base.steps:
        if step.slug != "feeling":
            steps.append(step)
        elif own_step:
            steps += [step, Step("mood", _l("Your feelings"), (MOOD_Q,), picture="speech")]
        else:
            steps.append(
                Step(step.slug, step.title, (step.questions[0], MOOD_Q, *step.questions[1:]), intro=step.intro)
            )
    return QuestionSet(set_id, base.version, tuple(steps))


YOUNGER_2 = _with_mood(YOUNGER_1, "younger-2", own_step=True)
OLDER_2 = _with_mood(OLDER_1, "older-2", own_step=False)


# --- version 3: a page count that never grows -------------------------------------------------------------


def _steady(base: QuestionSet, set_id: str) -> QuestionSet:
    """``base`` with each question that depended on an earlier answer moved onto that answer's page ("how should
    your views get there?" beside "will you come?", "which language?" beside "do you need an interpreter?"),
    so "Page 1 of 20" stays "of 20" whatever the child answers. The agenda builder is not a page of questions,
    so it is not counted."""
    merged = {"attend": ("views-how",), "interpreter": ("interpreter-language",)}
    dropped = {slug for slugs in merged.values() for slug in slugs}
    by_slug = {step.slug: step for step in base.steps}
    steps = []
    for step in base.steps:
        if step.slug in dropped:
            continue
        extra = tuple(q for slug in merged.get(step.slug, ()) for q in by_slug[slug].questions)
        steps.append(replace(step, questions=step.questions + extra))
    return QuestionSet(set_id, base.version, tuple(steps))


YOUNGER_3 = _steady(YOUNGER_2, "younger-3")


# --- the pictures version (usually 4–7) --------------------------------------------------------------------

PICTURES_1 = QuestionSet(
    "pictures-1",
    PICTURES,
    (
        Step("feeling", _l("How are you?"), (FEELING_PICTURES_Q,), picture="happy"),
        Step("mood", _l("Your feelings"), (MOOD_Q,), picture="speech"),
        Step(
            "good-things",
            _l("Good things"),
            (GOOD_PICTURES_Q, words("good_things", _l("Something else?"), SAY_IT_HINT)),
            picture="house-garden",
        ),
        Step(
            "worries",
            _l("Worries"),
            (WORRY_PICTURES_Q, words("worries", _l("Something else?"), SAY_IT_HINT)),
            picture="house-worn",
        ),
        Step(
            "wishes",
            _l("Wishes"),
            (WISH_PICTURES_Q, words("wishes", _l("Something else?"), SAY_IT_HINT)),
            picture="castle",
        ),
        Step("attend", _l("Coming to your review"), (ATTEND_Q,), picture="hand-up"),
        Step("where", _l("Where"), (VENUE_Q,), picture="pin"),
        Step("who", _l("Who comes"), (INVITE_PICTURES_Q,), picture="people"),
        Step(
            "anything-else",
            _l("Anything else"),
            (words("anything_else", _l("Is there anything else you want your IRO to know?"), SAY_IT_HINT),),
            picture="sparkles",
        ),
    ),
)

QUESTION_SETS = {qs.id: qs for qs in (YOUNGER_1, OLDER_1, YOUNGER_2, OLDER_2, YOUNGER_3, PICTURES_1)}
# The set a new consultation uses for each version.
CURRENT = {PICTURES: PICTURES_1.id, YOUNGER: YOUNGER_3.id, OLDER: OLDER_2.id}


def question_set(set_id: str) -> QuestionSet:
    """The question set a consultation used (it stays readable after the questions change)."""
    return QUESTION_SETS[set_id]


def current_set(version: str) -> QuestionSet:
    """The question set new consultations of ``version`` use."""
    return QUESTION_SETS[CURRENT[version]]
