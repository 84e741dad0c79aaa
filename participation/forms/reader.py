"""One data-driven reader for every questionnaire: the consultation's pages, the forms for what a child
raises, and the feedback forms.

`read` takes the questions a form asked and what came back, and gives each stored key's `Entry` (a choice, the
words as typed, and for words whether the child lets them be talked about at the review) with a kind message
for anything wrong. Nothing typed is dropped on an error: the entries still hold it, to show it again.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field

from .questions import Question
from .text import clean

SHARE_CHOICES = ("iro", "review")  # only my IRO (the default), or it can be talked about at my review


@dataclass(frozen=True)
class Messages:
    """The kind messages a form shows, in its own words: for a choice that is not one of the answers, and
    for words over the limit (given the limit as ``%(limit)d``)."""

    not_a_choice: str
    too_long: Callable[[int], str]  # given the limit (so that the count can be said in each language's plural)


@dataclass
class Entry:
    """What was given for one stored key: a choice, words, or neither (no answer)."""

    key: str
    value: str | None = None
    text: str | None = None
    share: str = "iro"

    @property
    def is_empty(self) -> bool:
        """Nothing chosen and nothing typed."""
        return self.value is None and self.text is None


@dataclass
class Reading:
    """Every entry of a submitted form by key, and a message for each key that needs fixing."""

    entries: dict[str, Entry] = field(default_factory=dict)
    errors: dict[str, str] = field(default_factory=dict)

    def get(self, key: str) -> str | None:
        """The choice or the words given for ``key``, or None."""
        entry = self.entries.get(key)
        return None if entry is None else (entry.text if entry.text is not None else entry.value)

    @property
    def is_empty(self) -> bool:
        """Nothing chosen or typed at all."""
        return all(entry.is_empty for entry in self.entries.values())


def read(
    questions: Iterable[Question], form: Mapping[str, str], messages: Messages, *, text_limit: int, shares: bool = False
) -> Reading:
    """Read a submitted form for ``questions``. Choices must be one of the question's answers; words are
    cleaned (`forms.text.clean`) and kept under ``text_limit``; an empty required question gets its own
    message. With ``shares``, the ``<key>-share`` choice of each question that has one is read too (one for
    all of an invite question's people)."""
    reading = Reading()
    for question in questions:
        if question.is_text:
            text = clean(form.get(question.key))
            share = form.get(f"{question.key}-share") if shares else None
            reading.entries[question.key] = Entry(
                question.key, text=text or None, share=share if share in SHARE_CHOICES else "iro"
            )
            if len(text) > text_limit:
                reading.errors[question.key] = messages.too_long(text_limit)
            elif not text and question.required:
                reading.errors[question.key] = str(question.required)
            continue
        allowed = question.allowed()
        share = form.get(f"{question.key}-share") if shares and question.shareable else None
        for key in question.stored_keys():
            value = clean(form.get(key)) or None
            if value is not None and value not in allowed:
                reading.errors[key] = messages.not_a_choice
                value = None
            elif value is None and question.required:
                reading.errors[key] = str(question.required)
            reading.entries[key] = Entry(key, value=value, share=share if share in SHARE_CHOICES else "iro")
    return reading


def error_links(questions: Iterable[Question], errors: Mapping[str, str]) -> list[tuple[str, str]]:
    """Each error with the id of the field it links to from the error summary, in the order asked."""
    links = []
    for question in questions:
        for key in question.stored_keys():
            if key in errors:
                links.append((question.anchor(key), errors[key]))
    return links
