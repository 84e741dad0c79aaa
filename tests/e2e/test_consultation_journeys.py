"""A child's consultation before their review, end to end: an 8-year-old in English (younger version),
a 15-year-old in Arabic (older version, co-chairing with their own agenda), the IRO reading both, and
the agenda builder with JavaScript off.

Every child page is driven through the browser; only staff records (the child, their link, the review)
are made in the database. In the journeys every page visited is checked with axe-core (WCAG 2.2 A/AA).

In Arabic, names are looked up with `t()`, which reads the catalog (and gives the English words for
anything not translated), so the tests follow the catalog rather than repeat its Arabic.
"""

from __future__ import annotations

import re
from datetime import time, timedelta

import pytest
from playwright.sync_api import Page, expect

from participation.extensions import db
from participation.platform.clock import today
from participation.reviews import scheduling
from tests.conftest import PASSWORD, link_for, make_child

from .pages import (
    AgendaPage,
    AgendaPrintPage,
    BasePage,
    CaseloadPage,
    CheckAnswersPage,
    ChildHomePage,
    ChooseSecretPage,
    ReviewStartPage,
    ReviewStepPage,
    SentPage,
    SetPicturesPage,
    SetPinPage,
    StaffConsultationPage,
    StaffLoginPage,
    UnlockPage,
    UpcomingReviewsPage,
    read_catalogs,
)

pytestmark = pytest.mark.e2e

PIN = "2468"
PICTURES = ("Star", "Fish", "Tree")

# --- the Arabic catalog ----------------------------------------------------------------------------

_arabic: dict[str, str] = {}


def _load_arabic() -> None:
    _arabic.clear()
    _arabic.update(read_catalogs("ar"))


def t(msgid: str) -> str:
    """``msgid`` as an Arabic page shows it: the catalog's Arabic if it has it (and it is not fuzzy), else
    the English. For the catalog pinned by `arabic_catalog`, or the file as it is now outside such a test."""
    if not _arabic:
        _load_arabic()
    return _arabic.get(msgid) or msgid


@pytest.fixture
def arabic_catalog():
    """The Arabic words pages show, read fresh from the .po for this test (see `t`)."""
    _load_arabic()
    yield t
    _arabic.clear()


# --- helpers ---------------------------------------------------------------------------------------


def child_with_review(
    app, iro, *, name: str, age: int, language: str = "en", pin: str | None = None, days: int = 10
) -> str:
    """A child on ``iro``'s caseload with a review ``days`` ahead at 15:00 and a fresh link: the link's token."""
    with app.app_context():
        child = db.session.merge(make_child(iro, age=age, preferred_name=name, preferred_language=language))
        scheduling.schedule(child, today() + timedelta(days=days), time(15, 0), "subsequent", db.session.merge(iro))
        return link_for(child, pin)


def arrive(page_object: BasePage, *, axe: bool = True, lang: str = "en"):
    """The page is shown (in ``lang``, laid out right-to-left for Arabic), then checked with axe-core."""
    page_object.expect_open()
    if lang != "en":
        page_object.expect_language(lang, "rtl" if lang == "ar" else "ltr")
    if axe:
        page_object.check_accessible()
    return page_object


def skip_through(step: ReviewStepPage, slugs: list[str], *, axe: bool, lang: str = "en") -> None:
    """Skip each of these pages in turn (each is checked on the way)."""
    for slug in slugs:
        step.expect_step(slug)
        arrive(step, axe=axe, lang=lang)
        step.skip()


def iro_name_on_sent_page(sent: SentPage, iro_name: str) -> None:
    """Under "What happens next", the confirmation names the IRO who will read the answers."""
    expect(sent.what_happens_next).to_be_visible()
    expect(sent.page.get_by_role("main").locator("h2 + p")).to_contain_text(iro_name)


# --- the 8-year-old, in English --------------------------------------------------------------------

GOOD_THINGS = "I like living with Sam & Priya, and playing football on Saturdays. I'm proud of my reading!"
ANYTHING_ELSE = "Can my review be after school please?"
YOUNGER_STEPS_WITHOUT_AGENDA = [
    "feeling",
    "mood",
    "good-things",
    "worries",
    "wishes",
    "home",
    "school",
    "health",
    "family",
    "social-worker-visits",
    "social-worker-alone",
    "talk-about",
    "attend",
    "where",
    "when",
    "who",
    "not-wanted",
    "alone-first",
    "advocate",
    "interpreter",
    "chair",
    "anything-else",
]


def younger_consultation_in_english(
    page: Page, token: str, *, child_name: str, iro_name: str, axe: bool = True
) -> None:
    """An 8-year-old opens their link, chooses pictures, answers the younger version and sends it."""
    page.goto(f"/c/{token}")
    choose = arrive(ChooseSecretPage(page), axe=axe)
    expect(choose.heading("Hello!")).to_be_visible()  # no name before the secret is given
    choose.choose_pictures()
    arrive(SetPicturesPage(page), axe=axe).set_pictures(PICTURES)

    home = arrive(ChildHomePage(page), axe=axe)
    home.get_ready()
    start = arrive(ReviewStartPage(page), axe=axe)
    expect(start.heading("Get ready for your review")).to_be_visible()
    expect(page.get_by_role("main")).to_contain_text(f"Your IRO, {iro_name}, reads what you send.")
    start.start()

    # One question a page, with five faces to pick from, each with its words.
    step = ReviewStepPage(page)
    arrive(step.expect_step("feeling"), axe=axe)
    expect(step.heading("How are you?")).to_be_visible()
    feeling = page.get_by_role("group", name="How are things for you at the moment?")
    expect(feeling.get_by_role("radio")).to_have_count(5)
    for word in ("Very sad", "Sad", "OK", "Happy", "Very happy"):
        expect(feeling.get_by_role("radio", name=word, exact=True)).to_be_visible()
    expect(feeling.locator("img[src*='/img/faces/']")).to_have_count(5)
    step.choose("Happy", within="How are things for you at the moment?").continue_()

    # "How are you feeling?" says first what happens if the child is scared or not safe.
    arrive(step.expect_step("mood"), axe=axe)
    expect(page.get_by_role("main")).to_contain_text("we tell your IRO and the duty team straight away")
    step.choose("Calm", within="How are you feeling?").continue_()

    arrive(step.expect_step("good-things"), axe=axe)
    expect(step.heading("The house of good things")).to_be_visible()
    expect(page.get_by_role("textbox", name="What is good in your life?")).to_be_visible()
    step.write("good_things", GOOD_THINGS, at_review=True).continue_()

    skip_through(
        step,
        [
            "worries",
            "wishes",
            "home",
            "school",
            "health",
            "family",
            "social-worker-visits",
            "social-worker-alone",
            "talk-about",
        ],
        axe=axe,
    )

    arrive(step.expect_step("attend"), axe=axe)
    step.choose("Yes, all of it").continue_()  # coming to all of it: no "Your views" page

    arrive(step.expect_step("where"), axe=axe)
    step.choose("Where I live", within="Where would you like your review to happen?").continue_()
    skip_through(step, ["when"], axe=axe)

    arrive(step.expect_step("who"), axe=axe)
    step.choose("Yes", within="My carer").choose("Only for part", within="My social worker").continue_()
    skip_through(step, ["not-wanted", "alone-first", "advocate", "interpreter"], axe=axe)

    arrive(step.expect_step("chair"), axe=axe)
    step.choose("No, my IRO can run it").continue_()  # so no agenda page

    arrive(step.expect_step("anything-else"), axe=axe)
    step.write("anything_else", ANYTHING_ELSE).continue_()

    # Check your answers: the child's own words, the choices in words, and what was skipped.
    check = arrive(CheckAnswersPage(page), axe=axe)
    expect(page).to_have_url(re.compile(r"/me/review/check$"))
    expect(check.answer("How are things for you at the moment?")).to_have_text("Happy")
    expect(check.answer("What is good in your life?").locator(".words")).to_have_text(GOOD_THINGS)
    expect(check.answer("What is good in your life?")).to_contain_text("It can be talked about at my review")
    expect(page.get_by_role("region", name="Not answered")).to_contain_text("The house of worries")
    expect(check.answer("Where would you like your review to happen?")).to_have_text("Where I live")
    expect(check.answer("Who would you like to invite?").get_by_role("listitem")).to_have_text(
        ["My carer: Yes", "My social worker: Only for part"]
    )
    expect(check.answer("Would you like to run your review?")).to_have_text("No, my IRO can run it")
    expect(check.answer("Is there anything else you want your IRO to know?")).to_contain_text(ANYTHING_ELSE)
    expect(check.answer("Is there anything else you want your IRO to know?")).to_contain_text("Only my IRO")
    expect(page.get_by_role("heading", name="Your agenda")).to_have_count(0)
    check.send()

    sent = arrive(SentPage(page), axe=axe)
    expect(sent.heading("Sent to your IRO")).to_be_visible()
    iro_name_on_sent_page(sent, iro_name)


def test_a_seven_year_old_answers_the_younger_version_in_english(app, open_page, iro):
    token = child_with_review(app, iro, name="Tallulah", age=8)
    younger_consultation_in_english(open_page(), token, child_name="Tallulah", iro_name=iro.name)


# --- the 15-year-old, in Arabic --------------------------------------------------------------------

GOOD_THINGS_AR = "أحب مدرستي الجديدة ومعلمتي"  # I love my new school and my teacher
WISH_AR = "أريد أن أرى أخي أكثر"  # I want to see my brother more
OWN_ITEM_AR = "زيارات أخي في العطلة"  # visits to my brother in the holidays
SUGGESTED = [
    "Welcome and who's here",
    "Good news",
    "Home",
    "School, college or work",
    "Health",
    "Family time",
    "Worries",
    "What happens next",
    "Date of the next review",
]


def older_consultation_in_arabic(page: Page, token: str, *, child_name: str, iro_name: str, axe: bool = True) -> None:
    """A 15-year-old whose language is Arabic answers the older version, co-chairs with their own agenda."""
    pages = {"translate": t}
    page.goto(f"/c/{token}")
    choose = arrive(ChooseSecretPage(page, **pages), axe=axe, lang="ar")
    expect(choose.pictures_choice).to_have_count(0)  # pictures are for children up to 11
    choose.choose_pin()
    arrive(SetPinPage(page, **pages), axe=axe, lang="ar").set_pin(PIN)

    home = arrive(ChildHomePage(page, **pages), axe=axe, lang="ar")
    expect(page.get_by_role("main")).to_contain_text(child_name)
    home.get_ready()
    arrive(ReviewStartPage(page, **pages), axe=axe, lang="ar").start()

    # Fuller questions, grouped: a scale of words, and several boxes on one page.
    step = ReviewStepPage(page, **pages)
    arrive(step.expect_step("feeling"), axe=axe, lang="ar")
    expect(step.heading(t("How things are going"))).to_be_visible()
    step.choose(t("Good"), within=t("Overall, how are things going for you at the moment?"))
    step.write("good_things", GOOD_THINGS_AR)
    step.write("wishes", WISH_AR, at_review=True)
    expect(step.text_box("wishes")).to_have_attribute("dir", "auto")
    step.continue_()

    skip_through(step, ["home", "school", "health", "family", "social-worker", "talk-about"], axe=axe, lang="ar")
    arrive(step.expect_step("attend"), axe=axe, lang="ar")
    step.choose(t("Yes, all of it")).continue_()
    skip_through(step, ["where", "who", "support"], axe=axe, lang="ar")

    arrive(step.expect_step("chair"), axe=axe, lang="ar")
    step.choose(t("Yes, with my IRO's help (co-chair)"), within=t("Would you like to run your review?"))
    step.continue_()

    # The agenda builder: the suggested agenda, an item of their own, reordered, and who leads what.
    agenda = AgendaPage(page, **pages)
    expect(page).to_have_url(re.compile(r"/me/review/agenda$"))
    arrive(agenda, axe=axe, lang="ar")
    agenda.use_suggested()
    order = [t(item) for item in SUGGESTED]
    expect(agenda.titles).to_have_text(order)
    arrive(agenda, axe=axe, lang="ar")

    agenda.add_item(OWN_ITEM_AR)
    order.append(OWN_ITEM_AR)
    expect(agenda.titles).to_have_text(order)
    expect(page.get_by_role("status")).to_have_text(t("Added to your agenda."))
    arrive(agenda, axe=axe, lang="ar")

    agenda.move_up(OWN_ITEM_AR)  # above "Date of the next review"
    order[-2:] = [OWN_ITEM_AR, t("Date of the next review")]
    expect(agenda.titles).to_have_text(order)
    arrive(agenda, axe=axe, lang="ar")
    agenda.move_down(t("Welcome and who's here"))  # "Good news" first
    order[:2] = [t("Good news"), t("Welcome and who's here")]
    expect(agenda.titles).to_have_text(order)
    arrive(agenda, axe=axe, lang="ar")
    expect(agenda.button("Move up", t("Good news"))).to_have_count(0)  # the first item cannot go higher
    expect(agenda.button("Move down", t("Date of the next review"))).to_have_count(0)

    agenda.lead_myself(t("Home"))  # the suggested agenda has the IRO lead "Home"
    expect(agenda.button("Let my IRO lead this", t("Home"))).to_be_visible()
    arrive(agenda, axe=axe, lang="ar")
    agenda.let_iro_lead(OWN_ITEM_AR)
    expect(agenda.button("I'll lead this", OWN_ITEM_AR)).to_be_visible()
    arrive(agenda, axe=axe, lang="ar")

    agenda.print_page()
    printed = arrive(AgendaPrintPage(page, **pages), axe=axe, lang="ar")
    expect(printed.items).to_have_count(len(order))
    for item, words in zip(printed.items.all(), order, strict=True):
        expect(item).to_contain_text(words)
    printed.back()
    arrive(agenda, axe=axe, lang="ar")
    expect(agenda.titles).to_have_text(order)
    agenda.continue_()

    arrive(step.expect_step("anything-else"), axe=axe, lang="ar")
    step.skip()

    check = arrive(CheckAnswersPage(page, **pages), axe=axe, lang="ar")
    expect(check.answer(t("What's working well?")).locator(".words")).to_have_text(GOOD_THINGS_AR)
    expect(check.answer(t("What needs to change, or what do you want for the future?")).locator(".words")).to_have_text(
        WISH_AR
    )
    expect(check.answer(t("Would you like to run your review?"))).to_have_text(t("Yes, with my IRO's help (co-chair)"))
    expect(page.get_by_role("link", name=t("Change your agenda"))).to_be_visible()
    check.send()

    sent = arrive(SentPage(page, **pages), axe=axe, lang="ar")
    expect(sent.heading(re.compile(re.escape(t("Sent to your IRO"))))).to_be_visible()
    iro_name_on_sent_page(sent, iro_name)


def test_a_fifteen_year_old_answers_in_arabic_and_builds_their_own_agenda(app, open_page, iro, arabic_catalog):
    token = child_with_review(app, iro, name="Yara", age=15, language="ar")
    older_consultation_in_arabic(open_page(), token, child_name="Yara", iro_name=iro.name)


# --- the IRO reads both ----------------------------------------------------------------------------


def led(item: str, by: str, *tags: str) -> re.Pattern:
    """An item of the child's agenda as the IRO reads it: "Home — led by the child", then any tags."""
    return re.compile(r"\s*".join([f"^{re.escape(item)}", re.escape(f"— led by {by}"), *map(re.escape, tags), "$"]))


def test_the_iro_reads_both_consultations_with_the_childrens_words_as_written(app, open_page, iro, arabic_catalog):
    # The children's pages are checked with axe-core in the two tests above; here the IRO's pages are.
    younger = child_with_review(app, iro, name="Tallulah", age=8, days=9)
    older = child_with_review(app, iro, name="Yara", age=15, language="ar", days=12)
    child_with_review(app, iro, name="Kofi", age=10, days=11)  # has not started
    younger_consultation_in_english(open_page(), younger, child_name="Tallulah", iro_name=iro.name, axe=False)
    older_consultation_in_arabic(open_page(), older, child_name="Yara", iro_name=iro.name, axe=False)

    staff = open_page()
    StaffLoginPage(staff).open().arrive().sign_in(iro.email, PASSWORD)
    caseload = CaseloadPage(staff).arrive()
    expect(caseload.sent_link("Tallulah")).to_be_visible()
    expect(caseload.sent_link("Yara")).to_be_visible()
    expect(caseload.new_from_children.get_by_role("listitem")).to_have_count(2)

    caseload.upcoming_reviews()
    upcoming = UpcomingReviewsPage(staff).arrive()
    expect(upcoming.read_link("Tallulah")).to_have_text(re.compile(r"^Sent"))
    expect(upcoming.read_link("Yara")).to_have_text(re.compile(r"^Sent"))
    expect(upcoming.status("Kofi")).to_have_text("Not started")
    expect(upcoming.status("Kofi").get_by_role("link")).to_have_count(0)

    # The English consultation: the child's words exactly, nothing to translate.
    upcoming.read_link("Tallulah").click()
    reading = StaffConsultationPage(staff).arrive()
    expect(reading.heading("Tallulah's consultation")).to_be_visible()
    expect(staff.get_by_role("main")).to_contain_text(
        "Questions used: Younger (usually 8 to 11): one question at a time, with faces and pictures."
    )
    expect(reading.answer("Where would you like your review to happen?", reading.arrangements)).to_have_text(
        "Where I live"
    )
    expect(reading.answer("Who would you like to invite?", reading.arrangements).get_by_role("listitem")).to_have_text(
        ["My carer: Yes", "My social worker: Only for part"]
    )
    expect(reading.answer("Would you like to run your review?", reading.arrangements)).to_have_text(
        "No, my IRO can run it"
    )
    expect(reading.agenda).to_have_count(0)
    expect(reading.answer("How are things for you at the moment?", reading.answers)).to_have_text("Happy")
    expect(reading.answer("How are you feeling?", reading.answers)).to_have_text("Calm")
    good_things = reading.answer("What is good in your life?", reading.answers)
    assert good_things.locator(".words").text_content() == GOOD_THINGS
    expect(good_things).to_contain_text("Can be talked about at the review")
    anything_else = reading.answer("Is there anything else you want your IRO to know?", reading.answers)
    assert anything_else.locator(".words").text_content() == ANYTHING_ELSE
    expect(anything_else).to_contain_text("Only for the IRO")
    expect(reading.answers.get_by_role("term")).to_have_count(4)  # only what was answered: skipped pages are left out
    expect(staff.get_by_text("needs translating")).to_have_count(0)

    # Read now: only the Arabic one is still new.
    staff.get_by_role("navigation", name="Main menu").get_by_role("link", name="My caseload").click()
    caseload.arrive()
    expect(caseload.sent_link("Tallulah")).to_have_count(0)
    caseload.sent_link("Yara").click()

    # The Arabic consultation, in the IRO's English: Arabic words as written, marked for translating.
    reading = StaffConsultationPage(staff).arrive()
    reading.expect_language("en-GB", "ltr")  # English pages are British English
    expect(reading.heading("Yara's consultation")).to_be_visible()
    expect(staff.get_by_role("main")).to_contain_text("Questions used: Older (12 to 17): fuller questions.")
    expect(reading.answer("Would you like to run your review?", reading.arrangements)).to_have_text(
        "Yes, with my IRO's help (co-chair)"
    )
    expect(reading.answer("Will you come to your review?", reading.arrangements)).to_have_text("Yes, all of it")
    expect(reading.answer("Overall, how are things going for you at the moment?", reading.answers)).to_have_text("Good")
    for question, words, share in (
        ("What's working well?", GOOD_THINGS_AR, "Only for the IRO"),
        ("What needs to change, or what do you want for the future?", WISH_AR, "Can be talked about at the review"),
    ):
        shown = reading.answer(question, reading.answers)
        assert shown.locator(".words").text_content() == words
        expect(shown.locator(".words")).to_have_attribute("lang", "ar")
        expect(shown.locator(".tag")).to_have_text(
            ["Written in Arabic — needs translating", re.compile(rf"{re.escape(share)}$")]
        )

    expect(reading.agenda.get_by_role("listitem")).to_have_text(
        [
            led("Good news", "the child"),
            led("Welcome and who's here", "the child"),
            led("Home", "the child"),
            led("School, college or work", "the IRO"),
            led("Health", "the IRO"),
            led("Family time", "the IRO"),
            led("Worries", "the IRO"),
            led("What happens next", "the IRO"),
            led(OWN_ITEM_AR, "the IRO", "Written in Arabic — needs translating"),
            led("Date of the next review", "the child"),
        ]
    )
    own_item = reading.agenda.get_by_role("listitem").nth(8).locator("span[lang]")
    assert own_item.text_content() == OWN_ITEM_AR
    expect(own_item).to_have_attribute("lang", "ar")

    staff.get_by_role("navigation", name="Main menu").get_by_role("link", name="My caseload").click()
    caseload.arrive()
    expect(caseload.new_from_children).to_have_count(0)


# --- no JavaScript ---------------------------------------------------------------------------------


def test_every_button_works_without_javascript(app, open_page, iro):
    token = child_with_review(app, iro, name="Ren", age=14, pin=PIN)
    page = open_page(java_script_enabled=False)
    page.goto(f"/c/{token}")
    UnlockPage(page).expect_open().give_pin(PIN)
    ChildHomePage(page).expect_open().get_ready()
    ReviewStartPage(page).expect_open().start()

    step = ReviewStepPage(page)
    step.expect_step("feeling").choose("Good").skip()  # Skip saves what is on the page too
    step.expect_step("home")
    page.goto("/me/review/q/chair")
    step.expect_step("chair").choose("Yes, I want to run it (chair)").continue_()

    agenda = AgendaPage(page)
    expect(page).to_have_url(re.compile(r"/me/review/agenda$"))
    agenda.expect_open().use_suggested()
    order = list(SUGGESTED)
    expect(agenda.titles).to_have_text(order)
    agenda.add_item("Football club on Tuesdays", iro_leads=True)
    order.append("Football club on Tuesdays")
    expect(agenda.titles).to_have_text(order)
    expect(agenda.button("I'll lead this", "Football club on Tuesdays")).to_be_visible()

    agenda.move_up("Football club on Tuesdays")
    order[-2:] = order[-1], order[-2]
    expect(agenda.titles).to_have_text(order)
    agenda.move_down("Welcome and who's here")
    order[:2] = order[1], order[0]
    expect(agenda.titles).to_have_text(order)
    agenda.lead_myself("Football club on Tuesdays")
    expect(agenda.button("Let my IRO lead this", "Football club on Tuesdays")).to_be_visible()
    agenda.let_iro_lead("Good news")
    expect(agenda.button("I'll lead this", "Good news")).to_be_visible()
    agenda.remove("Worries")
    order.remove("Worries")
    expect(agenda.titles).to_have_text(order)
    expect(page.get_by_role("status")).to_have_text("Taken off your agenda.")

    agenda.print_page()
    printed = AgendaPrintPage(page).expect_open()
    expect(printed.items).to_have_count(len(order))
    expect(page.get_by_role("button", name="Print")).to_be_hidden()  # it needs JavaScript, so it is not offered
    printed.back()
    agenda.expect_open().continue_()

    step.expect_step("anything-else").continue_()
    check = CheckAnswersPage(page).expect_open()
    expect(check.answer("Overall, how are things going for you at the moment?")).to_have_text("Good")
    expect(page.get_by_role("main")).to_contain_text(f"Your agenda has {len(order)} items.")
    check.send()
    expect(SentPage(page).expect_open().heading("Sent to your IRO")).to_be_visible()


# --- known app bugs --------------------------------------------------------------------------------
