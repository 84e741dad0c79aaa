"""The kinds of statement a child can make from their space, and what each form asks.

Good news, something I want to change, a visit from my worker and a problem each have a short form (`FORMS`);
"I don't feel safe" has a button on every page instead (see `safety`). Problems and safety alerts are tracked
to an outcome (the problem log).
"""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from ..forms.choices import FACES, MOOD_HINT, MOODS, YES_NO_UNSURE
from ..forms.questions import CHOICE, TEXT, Choice, Question

GOOD_NEWS = "good_news"
CHANGE = "change"
WORKER_VISIT = "worker_visit"
PROBLEM = "problem"
UNSAFE = "unsafe"
# A child who said they were scared, then that they are safe but want to talk to someone (see `safety`).
TALK = "talk"
KINDS = (GOOD_NEWS, CHANGE, WORKER_VISIT, PROBLEM, UNSAFE, TALK)
# Kinds tracked to an outcome with due dates (the problem log).
TRACKED = (PROBLEM, UNSAFE, TALK)

# What the child reads on the buttons and in "my messages".
CHILD_KIND_LABELS = {
    GOOD_NEWS: _l("Good news"),
    CHANGE: _l("Something I want to change"),
    WORKER_VISIT: _l("A visit from my worker"),
    PROBLEM: _l("A problem"),
    UNSAFE: _l("I don't feel safe"),
    TALK: _l("I want to talk to someone"),
}
KIND_LABELS = {
    GOOD_NEWS: _l("Good news"),
    CHANGE: _l("Wants a change"),
    WORKER_VISIT: _l("Worker visit"),
    PROBLEM: _l("Problem"),
    UNSAFE: _l("Does not feel safe"),
    TALK: _l("Wants to talk to someone"),
}
KIND_PICTURES = {
    GOOD_NEWS: "party",
    CHANGE: "arrows",
    WORKER_VISIT: "briefcase",
    PROBLEM: "exclamation",
    UNSAFE: "sos",
    TALK: "speech",
}

TOPICS = (
    Choice("home", _l("Where I live"), "home"),
    Choice("school", _l("School or college"), "school"),
    Choice("family_time", _l("Family time"), "family"),
    Choice("money", _l("Money or allowance"), "pound"),
    Choice("worker", _l("My worker"), "briefcase"),
    Choice("health", _l("Health"), "stethoscope"),
    Choice("other", _l("Something else"), "speech"),
)
TOPIC_LABELS = {choice.key: choice.label for choice in TOPICS}
RESOLUTIONS = (
    Choice("informal", _l("Sort it out informally"), "handshake"),
    Choice("formal", _l("Make a formal complaint"), "page"),
)
RESOLUTION_LABELS = {"informal": _l("Informal"), "formal": _l("Formal complaint")}

# The longest a child's words may be in one box; a child who writes more is asked kindly to keep it shorter.
TEXT_LIMIT = 3000
# "Who should know?": the adults around the child, chosen with ticks (read by `intake`, not `forms.reader`).
RECIPIENTS = "recipients"
TO = Question(
    "to",
    RECIPIENTS,
    _l("Who should know?"),
    _l("Choose at least one."),
    required=_l("Choose at least one person to send this to"),
)


def _words(key: str, label, hint=None, required=None) -> Question:
    return Question(key, TEXT, label, hint, required=required)


FORMS: dict[str, tuple[Question, ...]] = {
    GOOD_NEWS: (
        _words(
            "words",
            _l("What is your good news?"),
            _l("Something you did, something that happened, something you are proud of."),
            _l("Tell us your good news"),
        ),
        TO,
    ),
    CHANGE: (
        _words("words", _l("What do you want to change?"), required=_l("Tell us what you want to change")),
        _words("more_words", _l("Why? (if you want to say)")),
        TO,
    ),
    WORKER_VISIT: (
        Question("rating", "faces", _l("How did the visit go?"), choices=FACES),
        _words("words", _l("What did you talk about?")),
        Question("time_alone", CHOICE, _l("Did you get time on your own with your worker?"), choices=YES_NO_UNSURE),
        _words("more_words", _l("What could be better next time?")),
        Question("mood", CHOICE, _l("How are you feeling?"), MOOD_HINT, MOODS),
        TO,
    ),
    PROBLEM: (
        _words(
            "words",
            _l("What's wrong?"),
            _l("Say it in your own words. You can write as much as you like."),
            _l("Tell us what the problem is"),
        ),
        Question("topic", CHOICE, _l("What is it about? (if you want to say)"), choices=TOPICS),
        TO,
        Question(
            "resolution",
            CHOICE,
            _l("How would you like it sorted out?"),
            _l(
                "Informally means the adults you chose try to sort it out with you quickly. A formal "
                "complaint is written down and looked at by the council's complaints team, who must "
                "reply to you. You can start informally and make a complaint later."
            ),
            RESOLUTIONS,
            required=_l("Choose how you would like it sorted out"),
        ),
        Question(
            "wants_advocate",
            CHOICE,
            _l("Would you like an advocate to help you?"),
            _l(
                "An advocate is someone on your side who helps you say what you think. They do not work "
                "for your carers or your social worker."
            ),
            YES_NO_UNSURE,
        ),
    ),
}
# Something about the visit must be said before it is sent.
VISIT_NEEDS_ONE_OF = ("rating", "words", "more_words")
# The columns of a statement that hold one form's answers (the form's question keys, "to" aside).
ANSWER_COLUMNS = ("words", "more_words", "topic", "rating", "time_alone", "mood", "resolution", "wants_advocate")
