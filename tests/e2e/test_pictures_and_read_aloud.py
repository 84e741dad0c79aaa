"""The youngest children: a 5-year-old does the pictures version on a 320 px phone with taps alone, and the IRO
reads it as words; read-aloud reads everything on a child's page, highlights it, stops, and says kindly when
the phone has no voice for the page's language.

Speech is a stub engine put in place before the page's own script runs: it records what it is asked to say,
in order, and the voices it offers are the test's to choose. Everything else is the real page in Chromium.
"""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from tests.conftest import PASSWORD

from .pages import (
    CheckAnswersPage,
    ChildHomePage,
    ChooseSecretPage,
    ReviewStartPage,
    ReviewStepPage,
    SentPage,
    StaffConsultationPage,
    StaffLoginPage,
    UpcomingReviewsPage,
    translated,
)
from .test_consultation_journeys import child_with_review

pytestmark = pytest.mark.e2e

SMALL_PHONE = {"width": 320, "height": 640}
PICTURES = ("Cat", "Sun", "Ball")

# A speech engine that says nothing: it keeps what it was asked to say in `window.spoken`. With `hold`, an
# utterance never finishes on its own (so Stop can be tried in the middle of reading).
STUB_SPEECH = """
(() => {
  const voices = %(voices)s;
  window.spoken = [];
  window.cancelled = 0;
  let queue = [];
  let talking = null;
  const finish = () => {
    const done = talking; talking = null;
    if (done && done.onend) { done.onend({}); }
  };
  const engine = {
    getVoices: () => voices.map((lang) => ({lang, name: lang, localService: true, default: false, voiceURI: lang})),
    speak(utterance) {
      window.spoken.push(utterance.text);
      talking = utterance;
      if (!%(hold)s) { setTimeout(finish, 5); }
    },
    cancel() { window.cancelled += 1; talking = null; },
    pause() { window.paused = true; },
    resume() { window.paused = false; },
    addEventListener() {},
    get speaking() { return !!talking; },
  };
  Object.defineProperty(window, "speechSynthesis", {value: engine, configurable: true});
  window.SpeechSynthesisUtterance = function (text) { this.text = text; };
})();
"""


def with_speech(page: Page, voices: list[str], *, hold: bool = False) -> Page:
    """The tab's pages use the stub speech engine, offering ``voices`` (language tags)."""
    page.context.add_init_script(script=STUB_SPEECH % {"voices": repr(voices), "hold": str(hold).lower()})
    return page


def spoken(page: Page) -> list[str]:
    return page.evaluate("window.spoken")


def wait_until(page: Page, condition: str) -> None:
    """Wait until ``condition`` (JavaScript) holds: polled from here, as the page's CSP forbids the evaluated
    predicates of `wait_for_function`."""
    for _ in range(200):
        if page.evaluate(condition):
            return
        page.wait_for_timeout(25)
    raise AssertionError(f"never true: {condition}")


FINISHED_READING = "window.spoken.length > 0 && !document.querySelector('.reading')"


def arrive(page_object):
    """Shown, fits the phone without scrolling sideways, and passes axe-core."""
    page_object.expect_open()
    width, scrolled = page_object.page.evaluate("[window.innerWidth, document.documentElement.scrollWidth]")
    assert scrolled <= width, f"{page_object.page.url} scrolls sideways ({scrolled} > {width})"
    return page_object.check_accessible()


def tap(page: Page, role: str, name: str, *, within: str | None = None) -> None:
    """Tap a tile, a face or a button by the words under it."""
    scope = page.get_by_role("group", name=within, exact=True) if within else page
    scope.get_by_role(role, name=name, exact=True).tap()


# --- a 5-year-old, with a carer beside her, taps her way through -------------------------------------------


def test_a_five_year_old_does_the_pictures_version_with_taps_alone_and_the_iro_reads_it(app, open_page, iro):
    token = child_with_review(app, iro, name="Poppy", age=5)
    page = open_page(viewport=SMALL_PHONE, has_touch=True, is_mobile=True)
    typed: list[str] = []
    page.on("console", lambda message: None)
    page.expose_function("noteTyping", lambda key: typed.append(key))
    page.add_init_script("document.addEventListener('keydown', (e) => window.noteTyping(e.key), true)")

    page.goto(f"/c/{token}")
    arrive(ChooseSecretPage(page)).choose_pictures()
    for ordinal, picture in zip(("First picture", "Second picture", "Third picture"), PICTURES, strict=True):
        tap(page, "radio", picture, within=ordinal)
    page.get_by_role("button", name="Save my pictures").tap()
    home = arrive(ChildHomePage(page))
    expect(page.get_by_role("main")).not_to_contain_text("@")  # a child under 12 is never asked to email
    home.get_ready()

    arrive(ReviewStartPage(page))
    expect(page.get_by_role("main")).to_contain_text("Do this with a grown-up you trust.")
    expect(page.get_by_role("main")).to_contain_text("There are 9 pages of questions.")
    page.get_by_role("button", name="Start").tap()

    step = ReviewStepPage(page)
    counts = []

    def on_step(slug: str) -> None:
        arrive(step.expect_step(slug))
        counts.append(page.locator(".progress").inner_text())

    def next_page() -> None:
        page.get_by_role("button", name="Continue", exact=True).tap()

    on_step("feeling")
    expect(page.locator("img[src*='/img/faces/']")).to_have_count(5)
    tap(page, "radio", "Happy")
    next_page()
    on_step("mood")
    tap(page, "radio", "Calm")
    next_page()
    on_step("good-things")
    expect(page.get_by_role("checkbox")).to_have_count(10)
    # Every tile is a picture from the shipped set, drawn the same on every phone (no emoji font needed).
    expect(page.locator(".tiles--many svg use")).to_have_count(10)
    tap(page, "checkbox", "Pets")
    tap(page, "checkbox", "Playing")
    tap(page, "radio", "It can be talked about at my review", within="What is good for you?")
    next_page()
    on_step("worries")
    tap(page, "checkbox", "Missing mum or dad")
    next_page()
    on_step("wishes")
    tap(page, "checkbox", "See my family more")
    next_page()
    on_step("attend")
    tap(page, "radio", "Yes, all of it")
    next_page()
    on_step("where")
    tap(page, "radio", "Where I live")
    next_page()
    on_step("who")
    tap(page, "checkbox", "My carer")
    tap(page, "checkbox", "My social worker")
    next_page()
    on_step("anything-else")
    page.get_by_role("button", name="Skip", exact=True).tap()
    assert counts == [f"Page {n} of 9" for n in range(1, 10)]  # known from the start, and it never grows

    check = arrive(CheckAnswersPage(page))
    expect(check.answer("What is good for you?").locator(".chips li")).to_have_text(["Pets", "Playing"])
    expect(check.answer("What is good for you?").locator("svg")).to_have_count(2)
    expect(check.answer("Is anything worrying you?")).to_contain_text("Missing mum or dad")
    expect(check.answer("Who would you like to come?").locator(".chips li")).to_have_text(
        ["My carer", "My social worker"]
    )
    # The pages left unanswered are a few lines together, each a link to answer it.
    expect(page.get_by_role("region", name="Not answered").get_by_role("link")).to_have_text(["Anything else"])
    assert page.evaluate("document.documentElement.scrollHeight") < 4000  # the younger version's was 6,700 px
    page.get_by_role("button", name="Send to my IRO").tap()

    sent = arrive(SentPage(page))
    expect(sent.page.locator(".picture-steps li")).to_have_count(3)
    expect(sent.page.locator(".picture-steps")).to_contain_text(f"{iro.name} reads it.")
    expect(page.get_by_role("main")).not_to_contain_text("email")
    expect(page.get_by_role("heading", name="What you sent")).to_be_visible()
    expect(page.get_by_role("main")).to_contain_text("Missing mum or dad")
    assert typed == [], f"the child had to type: {typed}"

    # The IRO reads it as words.
    staff = open_page()
    StaffLoginPage(staff).open().arrive().sign_in(iro.email, PASSWORD)
    staff.goto("/staff/reviews/upcoming")
    upcoming = UpcomingReviewsPage(staff).arrive()
    upcoming.read_link("Poppy").click()
    reading = StaffConsultationPage(staff).arrive()
    expect(reading.answer("What is good for you?").get_by_role("listitem")).to_have_text(["Pets", "Playing"])
    expect(reading.answer("Is anything worrying you?")).to_contain_text("Missing mum or dad")
    expect(reading.answer("Is anything worrying you?")).to_contain_text("Only for the IRO")
    expect(reading.answer("Who would you like to come?", reading.arrangements).get_by_role("listitem")).to_have_text(
        ["My carer", "My social worker"]
    )
    expect(reading.answer("How are you today?")).to_contain_text("Happy")
    expect(staff.locator("main .chips")).to_have_count(0)  # words, not pictures


def test_an_iro_can_give_a_ten_year_old_the_pictures_version_and_a_child_can_switch_to_it(app, open_page, iro):
    token = child_with_review(app, iro, name="Kit", age=10, pin="2468")
    page = open_page(viewport=SMALL_PHONE)
    page.goto(f"/c/{token}")
    page.get_by_label("Your PIN", exact=True).fill("2468")
    page.get_by_role("button", name="Open my space").click()
    ChildHomePage(page).expect_open().get_ready()
    ReviewStartPage(page).expect_open().start()
    step = ReviewStepPage(page)
    step.expect_step("feeling")
    expect(page.locator(".progress")).to_have_text("Page 1 of 22")
    page.get_by_role("button", name="Switch to pictures to tap").click()
    arrive(step.expect_step("feeling"))
    expect(page.locator(".progress")).to_have_text("Page 1 of 9")
    expect(page.get_by_role("button", name="Switch to questions with more words")).to_be_visible()


# --- read aloud ------------------------------------------------------------------------------------------------


def open_pictures_page(app, open_page, iro, *, voices: list[str], hold: bool = False, lang: str = "en") -> Page:
    """A 6-year-old's "Good things" page (tiles, words and the privacy question), with the stub speech engine."""
    token = child_with_review(app, iro, name="Ada", age=6, pin="2468")
    page = with_speech(open_page(viewport=SMALL_PHONE), voices, hold=hold)
    page.goto(f"/c/{token}?lang={lang}")
    page.locator("input[name=pin]").fill("2468")
    page.locator("form[method=post] button[type=submit]").last.click()
    page.goto("/me/review")
    page.locator("main form[method=post] button[type=submit]").click()
    page.goto("/me/review/q/good-things")
    return page


def visible_texts(page: Page, selector: str) -> list[str]:
    return [text.strip() for text in page.locator("main").locator(selector).all_inner_texts() if text.strip()]


def test_read_aloud_reads_every_question_option_and_the_privacy_question_then_each_option_tapped(app, open_page, iro):
    page = open_pictures_page(app, open_page, iro, voices=["en-GB"])
    button = page.get_by_role("button", name="Read aloud")
    expect(button).to_be_enabled()
    button.click()
    wait_until(page, FINISHED_READING)
    said = spoken(page)
    for text in visible_texts(page, "h1, legend, .hint, .tile label, .share label, button[type=submit]"):
        assert any(text in piece for piece in said), f"{text!r} was not read: {said}"
    assert "Who can see this?" in said
    assert said.count("Something else?") == 1 and said.count("What is good for you?") == 1  # nothing read twice
    # Once reading has started, a tile is read as it is tapped.
    before = len(spoken(page))
    page.get_by_role("checkbox", name="Pets", exact=True).check()
    wait_until(page, f"window.spoken.length > {before}")
    assert spoken(page)[-1] == "Pets"


def test_read_aloud_highlights_what_it_reads_and_stop_stops_it(app, open_page, iro):
    page = open_pictures_page(app, open_page, iro, voices=["en-GB"], hold=True)
    page.get_by_role("button", name="Read aloud").click()
    highlighted = page.locator("main .reading")
    expect(highlighted).to_have_count(1)
    expect(highlighted).to_have_text(spoken(page)[0])
    page.get_by_role("button", name="Pause").click()
    expect(page.get_by_role("button", name="Carry on")).to_be_visible()
    assert page.evaluate("window.paused") is True
    page.get_by_role("button", name="Carry on").click()
    page.get_by_role("button", name="Stop").click()
    expect(highlighted).to_have_count(0)
    assert page.evaluate("window.cancelled") >= 1
    count = len(spoken(page))
    page.get_by_role("checkbox", name="Pets", exact=True).check()  # stopped: taps are no longer read
    page.wait_for_timeout(200)
    assert len(spoken(page)) == count


def test_with_no_voice_for_the_language_the_button_stays_and_says_so_and_offers_english(app, open_page, iro):
    page = open_pictures_page(app, open_page, iro, voices=["en-GB"], lang="ps")
    reader = page.locator("[data-read-aloud]")
    expect(reader).to_be_visible()
    expect(reader.get_by_role("button").first).to_be_disabled()
    expect(reader.locator("[data-read-status]")).to_have_text(
        translated("This phone has no voice for %(language)s, so it cannot read this page aloud.", "ps").replace(
            "%(language)s", "پښتو"
        )
    )
    english = reader.get_by_role("link", name=translated("Show this page in English, to hear it read aloud", "ps"))
    expect(english).to_be_visible()
    english.click()
    expect(page.locator("html")).to_have_attribute("lang", re.compile("^en"))
    expect(page.get_by_role("button", name="Read aloud")).to_be_enabled()


def test_with_no_voices_at_all_no_english_is_offered(app, open_page, iro):
    page = open_pictures_page(app, open_page, iro, voices=[], lang="ti")
    reader = page.locator("[data-read-aloud]")
    expect(reader.locator("[data-read-status]")).not_to_be_empty()
    expect(reader.get_by_role("link")).to_have_count(0)


def test_read_aloud_is_on_every_kind_of_child_page(app, open_page, iro):
    page = open_pictures_page(app, open_page, iro, voices=["en-GB"])
    for path in ("/me/", "/me/review", "/me/review/check", "/help", "/me/statements/new/problem", "/about"):
        page.goto(path)
        page.get_by_role("button", name="Read aloud").click()
        wait_until(page, FINISHED_READING)
        said = spoken(page)
        heading = page.locator("main h1").first.inner_text().strip()
        assert heading in said, f"{path}: the heading was not read ({said[:3]})"
        page.evaluate("window.spoken = []")


# --- symbols ---------------------------------------------------------------------------------------------------


def test_symbols_face_the_way_the_page_reads_and_stay_visible_in_forced_colours(app, open_page, iro):
    page = open_pictures_page(app, open_page, iro, voices=[], lang="ar")
    page.goto("/me/review/q/mood")
    expect(page.locator("html")).to_have_attribute("dir", "rtl")
    speech = page.locator("main .step-picture .sym")  # a speech bubble points one way: it turns in Arabic
    assert speech.evaluate("e => getComputedStyle(e).transform") == "matrix(-1, 0, 0, 1, 0, 0)"
    calm = page.locator("main .tile .sym").first  # a face does not
    assert calm.evaluate("e => getComputedStyle(e).transform") == "none"
    # In forced colours (Windows High Contrast) the symbols keep their drawing on a white card, so their black
    # outlines never vanish into a dark background.
    page.emulate_media(forced_colors="active")
    style = calm.evaluate("e => [getComputedStyle(e).forcedColorAdjust, getComputedStyle(e).backgroundColor]")
    assert style == ["none", "rgb(255, 255, 255)"]
    drawn = calm.evaluate("e => e.querySelector('use').getBBox().width")
    assert drawn > 0
