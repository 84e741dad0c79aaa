"""Answer sets that several questionnaires share: faces, a five-word scale, yes / no / not sure, feelings."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from .questions import Choice

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
    Choice("yes", _l("Yes"), "thumbs-up"),
    Choice("no", _l("No"), "thumbs-down"),
    Choice("unsure", _l("I'm not sure"), "shrug"),
)
# "How are you feeling?" Scared or not safe, anywhere in the app, leads to help (see `statements.safety`).
MOODS = (
    Choice("happy", _l("Happy"), "grinning"),
    Choice("calm", _l("Calm"), "calm"),
    Choice("worried", _l("Worried"), "worried"),
    Choice("sad", _l("Sad"), "crying"),
    Choice("angry", _l("Angry"), "angry"),
    Choice("scared", _l("Scared"), "scared"),
    Choice("unsafe", _l("I don't feel safe"), "sos"),
)
UNSAFE_MOODS = frozenset({"scared", "unsafe"})
MOOD_HINT = _l(
    "If you choose Scared or I don't feel safe, we tell your IRO and the duty team straight away, "
    "so that someone can help you."
)
