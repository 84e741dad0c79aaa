"""Journeys in the languages children in care most need besides English and Arabic: a 14-year-old whose record
says Pashto, Tigrinya or Farsi answers their consultation and raises a problem in it, and their IRO reads both
with the child's words exactly as written and marked for translating; a parent gives feedback in Ukrainian.

The child never picks a language: the one on their record chooses the pages. Names on the pages are looked up
in that language's catalog (`pages.translated`), so the tests follow the catalog rather than repeat it.
"""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect
from sqlalchemy import select

from participation.extensions import db
from participation.feedback import links as feedback
from participation.feedback.models import FeedbackAnswer, FeedbackResponse
from participation.feedback.questionnaires import PARENT_CARER
from participation.people.models import Role
from participation.platform import i18n
from participation.reviews.models import Review
from participation.statements.models import Statement
from tests.conftest import PASSWORD, make_child, make_staff, record_held_yesterday, schedule_review

from .pages import (
    BasePage,
    CheckAnswersPage,
    ChildHomePage,
    ChildStatementPage,
    FeedbackFormPage,
    NewStatementPage,
    ReviewStartPage,
    ReviewStepPage,
    SentPage,
    StaffConsultationPage,
    StaffLoginPage,
    StaffStatementPage,
    StaffStatementsPage,
    UnlockPage,
    UpcomingReviewsPage,
    translated,
)
from .test_consultation_journeys import child_with_review

pytestmark = pytest.mark.e2e

PIN = "2468"
# "I want to see my brother more often" and "My school shoes are worn out", as a child might write them.
WISH = {
    "ps": "زه غواړم چې خپل ورور ډېر ځله ووینم",
    "ti": "ንሓወይ ብዙሕ ግዜ ክርእዮ እደሊ",
    "fa": "می‌خواهم برادرم را بیشتر ببینم",
}
PROBLEM = {
    "ps": "زما د ښوونځي بوټان زاړه شوي دي",
    "ti": "ጫማታተይ ናይ ቤት ትምህርቲ ኣረጊቶም",
    "fa": "کفش‌های مدرسه‌ام کهنه شده‌اند",
}
ANYTHING_ELSE = "Is there anything else you want your IRO to know?"


def shown_in(page_object: BasePage, locale: str):
    """The page is shown, in ``locale`` and its direction, and passes axe-core."""
    page_object.expect_open()
    page_object.expect_language(i18n.html_lang(locale), i18n.direction(locale))
    return page_object.check_accessible()


def answer_consultation(phone: Page, locale: str) -> None:
    """Start the consultation, skip every page but "Anything else", write the wish there, check and send."""
    home = shown_in(ChildHomePage(phone, locale=locale), locale)
    home.get_ready()
    shown_in(ReviewStartPage(phone, locale=locale), locale).start()
    step = ReviewStepPage(phone, locale=locale)
    while "/me/review/q/" in phone.url:
        shown_in(step, locale)
        with phone.expect_navigation(wait_until="load"):  # the next step, or the checking page after the last
            if phone.url.endswith("/q/anything-else"):
                expect(phone.get_by_role("main")).to_contain_text(translated(ANYTHING_ELSE, locale))
                step.write("anything_else", WISH[locale]).continue_()
            else:
                step.skip()
    check = shown_in(CheckAnswersPage(phone, locale=locale), locale)
    expect(check.answer(translated(ANYTHING_ELSE, locale))).to_contain_text(WISH[locale])
    check.send()
    sent = shown_in(SentPage(phone, locale=locale), locale)
    expect(sent.heading(translated("Sent to your IRO", locale))).to_be_visible()


def raise_problem(phone: Page, locale: str) -> None:
    """From "my space", a problem in the child's own words, to their IRO, to be sorted out informally."""
    phone.goto("/me/")
    shown_in(ChildHomePage(phone, locale=locale), locale).new_statement(translated("A problem", locale))
    form = shown_in(NewStatementPage(phone, "problem", locale=locale), locale)
    form.write("What's wrong?", PROBLEM[locale]).send_to("My IRO")
    form.choose("Sort it out informally", within="How would you like it sorted out?").send()
    sent = shown_in(ChildStatementPage(phone, locale=locale), locale)
    expect(sent.heading(translated("Sent. Thank you for telling us.", locale))).to_be_visible()
    expect(phone.get_by_role("main")).to_contain_text(PROBLEM[locale])


@pytest.mark.parametrize("locale", ["ps", "ti", "fa"])
def test_a_child_takes_part_and_raises_a_problem_in_the_language_on_their_record(app, open_page, iro, locale):
    token = child_with_review(app, iro, name="Amin", age=14, language=locale, pin=PIN)

    # The link has no ?lang=: the language on the child's record chooses the pages, from the PIN onwards.
    phone = open_page()
    phone.goto(f"/c/{token}")
    shown_in(UnlockPage(phone, locale=locale), locale).give_pin(PIN)
    answer_consultation(phone, locale)
    raise_problem(phone, locale)

    with app.app_context():
        statement = db.session.scalars(select(Statement)).one()
        assert (statement.words, statement.words_language) == (PROBLEM[locale], locale)
    with app.test_request_context():
        language = i18n.display_name(locale)  # as an English page names it
    marked = f"Written in {language} — needs translating"

    # The IRO reads the consultation in English, with the child's words as written, in their language.
    desk = open_page(viewport={"width": 1280, "height": 900})
    StaffLoginPage(desk).open().sign_in(iro.email, PASSWORD)
    desk.goto("/staff/reviews/upcoming")
    UpcomingReviewsPage(desk).arrive().read_link("Amin").click()
    reading = StaffConsultationPage(desk).arrive()
    words = reading.answer(ANYTHING_ELSE, reading.answers)
    expect(words).to_contain_text(WISH[locale])
    expect(words).to_contain_text(marked)
    expect(words.locator(f"[lang='{i18n.html_lang(locale)}']")).to_have_text(WISH[locale])

    # And the problem, in the list of what children sent, marked the same way.
    desk.goto("/staff/statements")
    StaffStatementsPage(desk).arrive().open_item("Amin")
    StaffStatementPage(desk).arrive()
    said = desk.get_by_role("region", name="What the child said")
    expect(said).to_contain_text(PROBLEM[locale])
    expect(desk.get_by_role("main")).to_contain_text(marked)


def test_a_parent_gives_feedback_in_ukrainian(app, open_page, iro):
    with app.app_context():
        child = make_child(iro, age=12, preferred_name="Olena")
        make_staff(Role.PARTICIPATION, email="pat@example.org", name="Pat")
    review_id = schedule_review(app, child, iro, days=-1)
    with app.app_context():
        review = db.session.get(Review, review_id)
        record_held_yesterday(review, iro)
        link = feedback.issue_link(review, PARENT_CARER, db.session.merge(iro))
        db.session.commit()
    token = link.rsplit("/", 1)[-1].split("?")[0]

    parent = open_page()
    parent.goto(f"/f/{token}?lang=uk")
    form = shown_in(FeedbackFormPage(parent, locale="uk"), "uk")
    expect(form.heading(translated("How was the review?", "uk"))).to_be_visible()
    # Too many words: a kind message in Ukrainian (its plural for 3,000), with what was chosen and typed kept.
    too_long = "Дякуємо за зустріч. " * 160
    form.choose("Agree", within="I was treated with respect")
    form.write("Any comments", too_long).send()
    shown_in(form, "uk")
    expect(parent).to_have_title(re.compile(rf"^{re.escape(translated('Error:', 'uk'))} "))
    summary = parent.locator(".error-summary")
    expect(summary).to_be_focused()
    expect(summary).to_contain_text(translated("There is a problem", "uk"))
    expect(summary).to_contain_text("3000")
    comments = parent.get_by_role("textbox", name=translated("Any comments", "uk"))
    expect(comments).to_have_value(too_long.strip())
    expect(parent.get_by_role("radio", name=translated("Agree", "uk"), exact=True).first).to_be_checked()

    comments.fill("Дякуємо за зустріч")
    form.choose("Yes", within="I got the social worker's report before the meeting")
    form.choose("Good", within="Overall, how was the review?").send()
    thanks = shown_in(FeedbackFormPage(parent, "respond-feedback-thanks", locale="uk"), "uk")
    expect(thanks.heading(translated("Thank you for your feedback", "uk"))).to_be_visible()

    with app.app_context():
        response = db.session.scalars(select(FeedbackResponse)).one()
        answers = {a.question: a.value or a.text for a in db.session.scalars(select(FeedbackAnswer))}
    assert response.language == "uk"
    assert answers["comments"] == "Дякуємо за зустріч" and answers["respect"] and answers["overall"]
