"""The building blocks of every questionnaire: a `Question` and the `Choice`\\ s it offers.

Answers are stored as keys (``venue=school``), never as the words shown, so a child answering in Pashto gives
the same data as one answering in English, and staff read the choices in their own language.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

# Kinds of question, as the pages draw them.
TEXT = "text"  # words, verbatim
CHOICE = "choice"  # one of the choices, as tiles or radios
FACES = "faces"  # five faces, from very sad to very happy
SCALE = "scale"  # five words, from really bad to really good
INVITE = "invite"  # for each person in ``choices``: one of ``answers`` (yes / no / only for part)
LANGUAGE = "language"  # a list of languages to choose from
MANY = "many"  # any of ``choices``, as picture tiles to tap: one stored key per choice, "yes" when chosen
KINDS = (TEXT, CHOICE, FACES, SCALE, INVITE, LANGUAGE, MANY)
CHOSEN = "yes"  # the value stored for each tile chosen in a MANY question


@dataclass(frozen=True)
class Choice:
    """One answer a child can pick: a stored key, the words shown, and an optional picture."""

    key: str
    label: object
    picture: str = ""


@dataclass(frozen=True)
class Question:
    """One thing asked, stored under ``key`` (an invite question stores one key per person).

    ``required`` is the kind message shown when it is left empty (None: optional); ``section`` says where a
    reader of the answers finds it. Words, and choices that say something about people (``shareable``), carry
    the child's choice of who may see them: only their IRO, or talked about at their review.
    """

    key: str
    kind: str
    label: object
    hint: object = None
    choices: tuple[Choice, ...] = ()
    section: str = "answers"
    answers: tuple[Choice, ...] = ()
    required: object = None
    shareable: bool = False

    @property
    def is_text(self) -> bool:
        """True for a question answered in words."""
        return self.kind == TEXT

    @property
    def has_share(self) -> bool:
        """True when the child chooses who may see the answer (words, and choices about people)."""
        return self.is_text or self.shareable

    def stored_keys(self) -> list[str]:
        """The keys the answers are stored under: one, or one per person (invite) or per tile (many)."""
        if self.kind in (INVITE, MANY):
            return [f"{self.key}.{choice.key}" for choice in self.choices]
        return [self.key]

    def is_answered(self, saved: Mapping[str, object]) -> bool:
        """True when any of its keys has a saved answer (``saved`` is by key)."""
        return any(key in saved for key in self.stored_keys())

    def allowed(self) -> set[str]:
        """The answer keys this question accepts."""
        if self.kind == MANY:
            return {CHOSEN}
        return {choice.key for choice in (self.answers if self.kind == INVITE else self.choices)}

    def anchor(self, key: str | None = None) -> str:
        """The id of the field an error about this question links to: the box itself, or the first option."""
        key = key or self.key
        if self.kind in (TEXT, LANGUAGE):
            return key
        if self.kind == MANY:  # each tile is its own checkbox, named and identified by its stored key
            return key if key != self.key else self.stored_keys()[0]
        first = (self.answers if self.kind == INVITE else self.choices)[0]
        return f"{key}-{first.key}"
