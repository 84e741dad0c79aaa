"""The one questionnaire reader: choices must be one of the answers, words are kept as typed (but for what no
database can hold), nothing typed is dropped on an error, and each error links to its field."""

from __future__ import annotations

from werkzeug.datastructures import MultiDict

from participation.forms.choices import YES_NO_UNSURE
from participation.forms.questions import CHOICE, INVITE, TEXT, Choice, Question
from participation.forms.reader import Messages, error_links, read
from participation.forms.text import REPLACEMENT, clean

MESSAGES = Messages(not_a_choice="Choose one", too_long=lambda limit: f"Under {limit} please")
WORDS = Question("words", TEXT, "What happened?", required="Tell us what happened")
ADVOCATE = Question("advocate", CHOICE, "An advocate?", choices=YES_NO_UNSURE)
INVITE_Q = Question(
    "invite",
    INVITE,
    "Who comes?",
    choices=(Choice("mum", "Mum"), Choice("dad", "Dad")),
    answers=(Choice("yes", "Yes"), Choice("no", "No"), Choice("part", "Only for part")),
)


def test_choices_are_stored_as_keys_and_anything_else_is_refused_kindly():
    reading = read([ADVOCATE], MultiDict({"advocate": "yes"}), MESSAGES, text_limit=10)
    assert reading.get("advocate") == "yes" and reading.errors == {}
    reading = read([ADVOCATE], MultiDict({"advocate": "maybe<script>"}), MESSAGES, text_limit=10)
    assert reading.get("advocate") is None and reading.errors == {"advocate": "Choose one"}


def test_words_are_kept_as_typed_even_when_too_long():
    long = "x" * 11
    reading = read([WORDS], MultiDict({"words": long}), MESSAGES, text_limit=10)
    assert reading.get("words") == long
    assert reading.errors == {"words": "Under 10 please"}


def test_an_empty_required_question_gets_its_own_message():
    reading = read([WORDS], MultiDict({"words": "   "}), MESSAGES, text_limit=10)
    assert reading.errors == {"words": "Tell us what happened"} and reading.is_empty


def test_an_invite_question_stores_one_key_per_person():
    reading = read([INVITE_Q], MultiDict({"invite.mum": "part", "invite.dad": "sometimes"}), MESSAGES, text_limit=10)
    assert reading.get("invite.mum") == "part" and reading.get("invite.dad") is None
    assert error_links([INVITE_Q], reading.errors) == [("invite.dad-yes", "Choose one")]


def test_words_can_be_shared_only_by_choice_and_private_is_the_default():
    form = MultiDict({"words": "Dad", "words-share": "everyone"})
    assert read([WORDS], form, MESSAGES, text_limit=10, shares=True).entries["words"].share == "iro"
    form = MultiDict({"words": "Dad", "words-share": "review"})
    assert read([WORDS], form, MESSAGES, text_limit=10, shares=True).entries["words"].share == "review"
    assert read([WORDS], form, MESSAGES, text_limit=10).entries["words"].share == "iro"


def test_typed_text_is_cleaned_in_one_way_only():
    assert clean("  line one\r\nline two\r") == "line one\nline two"
    assert clean("a\x00b\x1bc") == f"a{REPLACEMENT}b\x1bc"  # NUL cannot be stored; everything else is kept
    assert clean(None) == ""


def test_error_links_follow_the_order_asked():
    errors = {"advocate": "Choose one", "words": "Tell us what happened"}
    assert error_links([WORDS, ADVOCATE], errors) == [
        ("words", "Tell us what happened"),
        ("advocate-yes", "Choose one"),
    ]
