"""Which version a child gets, the question bank's shape, storage as keys, and the written language."""

from __future__ import annotations

from datetime import date

import pytest
from werkzeug.datastructures import MultiDict

from participation.consultation import question_sets as questions
from participation.consultation.answers import read_page, version_for_age
from participation.consultation.questions import ARRANGEMENTS
from participation.people.children import age_band_on
from participation.platform.i18n import written_language

BORN = date(2015, 6, 15)


@pytest.mark.parametrize(
    ("review_day", "expected"),
    [
        (date(2019, 6, 14), None),  # the day before the 4th birthday: under 4 (PN0)
        (date(2019, 6, 15), "pictures"),  # a 4th birthday on the review date counts
        (date(2023, 6, 14), "pictures"),  # still 7
        (date(2023, 6, 15), "younger"),  # 8 on the day
        (date(2027, 6, 14), "younger"),  # still 11
        (date(2027, 6, 15), "older"),  # 12 on the day
        (date(2033, 6, 14), "older"),  # 17, the day before turning 18
        (date(2033, 6, 15), None),  # 18 on the review date: no longer a child in care
    ],
)
def test_age_band_follows_the_age_on_the_review_date(review_day, expected):
    assert version_for_age(BORN, review_day) == expected


@pytest.mark.parametrize(
    ("review_day", "band"),
    [
        (date(2019, 6, 15), "4-11"),  # pictures, 4 on the day
        (date(2023, 6, 14), "4-11"),  # pictures, 7
        (date(2023, 6, 15), "4-11"),  # younger, 8
        (date(2027, 6, 15), "12-17"),
    ],
)
def test_the_pictures_version_stays_in_the_4_to_11_band_of_the_figures(review_day, band):
    assert age_band_on(BORN, review_day) == band


def test_a_29_february_birthday_is_counted_on_1_march():
    assert version_for_age(date(2016, 2, 29), date(2028, 2, 28)) == "younger"
    assert version_for_age(date(2016, 2, 29), date(2028, 2, 29)) == "older"


@pytest.mark.parametrize("qset", questions.QUESTION_SETS.values(), ids=lambda q: q.id)
def test_each_question_set_has_unique_slugs_keys_and_choices(qset):
    slugs = [step.slug for step in qset.steps]
    assert len(slugs) == len(set(slugs))
    keys = [key for step in qset.steps for q in step.questions for key in q.stored_keys()]
    assert len(keys) == len(set(keys))
    for question in qset.questions():
        choice_keys = [choice.key for choice in question.choices]
        assert len(choice_keys) == len(set(choice_keys)), question.key
        assert all(len(key) <= 40 for key in question.stored_keys())
        if question.kind in ("faces", "scale", "choice", "invite"):
            assert choice_keys, question.key


def test_both_versions_ask_the_same_arrangements_under_the_same_keys():
    def arrangement_keys(qset):
        return {q.key for q in qset.questions() if q.section == ARRANGEMENTS}

    assert arrangement_keys(questions.YOUNGER_1) == arrangement_keys(questions.OLDER_1)
    assert {
        "venue",
        "attend",
        "invite",
        "chair",
        "advocate",
        "interpreter",
        "alone_first",
        "not_wanted",
    } <= arrangement_keys(questions.OLDER_1)


def test_the_younger_version_asks_one_question_per_screen():
    for step in questions.YOUNGER_1.steps:
        # One thing to answer; a face or a choice may come with an optional box to say more.
        choices = [q for q in step.questions if not q.is_text]
        assert len(choices) <= 1 and len(step.questions) <= 2, step.slug


def test_the_current_sets_are_the_newest_of_each_version():
    assert questions.current_set("younger").version == "younger"
    assert questions.current_set("older").version == "older"
    assert questions.question_set("younger-1") is questions.YOUNGER_1


def test_a_page_is_read_as_keys_not_words():
    step = questions.OLDER_1.step("who")
    form = MultiDict({"invite.carer": "yes", "invite.mum": "part", "not_wanted": "  Dad  ", "not_wanted-share": "x"})
    page = read_page(step, form)
    by_key = page.entries
    assert page.errors == {}
    assert by_key["invite.carer"].value == "yes" and by_key["invite.mum"].value == "part"
    assert by_key["invite.dad"].value is None
    assert (by_key["not_wanted"].text, by_key["not_wanted"].share) == ("Dad", "iro")  # unknown share: private


@pytest.mark.parametrize(
    ("text", "page", "preferred", "expected"),
    [
        ("I like my school", "en", "ps", "en"),
        ("زه خپل ښوونځی خوښوم", "en", "ps", "ps"),
        ("أحب مدرستي", "ar", "ar", "ar"),
        ("I like my school", "ar", "ar", "en"),
        ("ትምህርት ቤተይ ይፈቱ", "en", "ti", "ti"),
        ("Мне нравится школа", "en", "en", "und"),
        ("12345", "ar", None, "ar"),
    ],
)
def test_the_written_language_comes_from_the_writing_system(text, page, preferred, expected):
    assert written_language(text, page, preferred) == expected
