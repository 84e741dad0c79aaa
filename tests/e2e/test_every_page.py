"""Every page a child or family sees, in every language the pages are offered in, on a 320 px phone, at 400 %
zoom (320 x 256 CSS px) and with text at 200 % on a 375 px phone; the staff pages in English and Arabic.

On each: the page is in its language and direction, nothing scrolls sideways (a wide table scrolls inside its
own focusable box), the bar with "I don't feel safe" and "Exit this page" takes at most a quarter of the screen
while it stays on screen, and axe-core finds no WCAG 2.0/2.1/2.2 A or AA problem and no best-practice one.
Pages are reached as a child reaches them (buttons found by their markup, so the same in every language),
including pages with an error, both versions of the consultation step by step, and the "safe now?" check.
"""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Page

from participation.extensions import db
from participation.feedback import links
from participation.people.models import Child, Role
from participation.platform import i18n
from participation.reviews.models import Review
from tests.conftest import (
    PASSWORD,
    link_for,
    make_child,
    make_staff,
    record_held_yesterday,
    schedule_review,
    second_factor_code,
)

from .pages import WCAG_TAGS

pytestmark = pytest.mark.e2e

PIN = "2468"
PHONE = {"width": 320, "height": 640}
ZOOMED = {"width": 320, "height": 256}  # 1280 x 1024 at 400 %
LARGE_PHONE = {"width": 375, "height": 667}  # shown with text at 200 %
_axe = Axe()

# The child's pages after the PIN that need nothing done first (each is opened in every language).
CHILD_PAGES = (
    "/me/",
    "/me/statements",
    "/me/statements/new/good-news",
    "/me/statements/new/change",
    "/me/statements/new/worker-visit",
    "/me/statements/new/problem",
    "/me/feedback",
)
IRO_PAGES = (
    "/staff/caseload",
    "/staff/reviews/upcoming",
    "/staff/statements",
    "/staff/my-feedback",
    "/staff/children/new",
    "/staff/password",
    "/staff/security",
    "/staff/security/app",
)
TEAM_PAGES = (
    "/staff/problems",
    "/staff/overview",
    "/staff/statistics",
    "/staff/statistics/tables/took-part",
    "/staff/statistics/tables/feedback",
    "/staff/statistics/tables/raised",
    "/staff/statistics/tables/trends",
    "/staff/statistics/report",
    "/staff/statistics/national-return",
)
ADMIN_PAGES = (
    "/staff/admin/users",
    "/staff/admin/users/new",
    "/staff/admin/audit",
    "/staff/admin/languages",
    "/staff/admin/retention",
)


def layout_problems(page: Page) -> list[str]:
    """Sideways scrolling (outside a table's own scrolling box) and an exit bar over a quarter of the screen."""
    found = []
    width, scrolled = page.evaluate("[window.innerWidth, document.documentElement.scrollWidth]")
    if scrolled > width:
        wide = page.evaluate(
            """() => [...document.querySelectorAll('body *')]
                .filter((e) => {
                    const box = e.getBoundingClientRect();
                    return (box.right > window.innerWidth + 1 || box.left < -1)
                        && !e.parentElement.closest('.table-wrap');
                })
                .slice(0, 3)
                .map((e) => `${e.tagName.toLowerCase()}.${e.className} "${e.textContent.trim().slice(0, 30)}"`)"""
        )
        found.append(f"scrolls sideways ({scrolled} > {width} px): {wide}")
    bar = page.locator(".exit-bar")
    if bar.count():
        position = page.evaluate("getComputedStyle(document.querySelector('.exit-bar')).position")
        height = bar.bounding_box()["height"]
        if position in ("sticky", "fixed") and height > page.viewport_size["height"] / 4:
            found.append(f"the exit bar stays on screen and takes {height:.0f} of {page.viewport_size['height']} px")
    return found


def with_axe(page: Page) -> Page:
    """Load axe-core into every page the tab opens (once per page, before the page's own scripts run), rather
    than sending its half a megabyte again for each check."""
    page.context.add_init_script(script=_axe.axe_script)
    return page


def axe_problems(page: Page) -> list[str]:
    """Everything axe-core finds: WCAG 2.0/2.1/2.2 A and AA, and best practice."""
    violations = page.evaluate(
        "(options) => axe.run(document, options).then((results) => results.violations)",
        {"runOnly": {"type": "tag", "values": [*WCAG_TAGS, "best-practice"]}, "resultTypes": ["violations"]},
    )
    return [
        f"axe {violation['id']}: {violation['help']} at "
        + "; ".join(", ".join(map(str, node["target"])) for node in violation["nodes"][:3])
        for violation in violations
    ]


# Doubles the page's text, then waits for two frames (so the page has laid itself out again).
TWICE_THE_TEXT = """() => new Promise((done) => {
    document.documentElement.style.fontSize = '200%';
    requestAnimationFrame(() => requestAnimationFrame(done));
})"""


def problems_on(page: Page) -> list[str]:
    """What is wrong with the page as shown now: axe on a 320 px phone, then the layout on that phone, at 400 %
    zoom (320 x 256) and with text at 200 % on a 375 px phone (the page's own rem sizes double)."""
    page.wait_for_load_state("load")
    found = axe_problems(page) + layout_problems(page)
    page.set_viewport_size(ZOOMED)
    found += [f"at 400 %: {problem}" for problem in layout_problems(page)]
    page.set_viewport_size(LARGE_PHONE)
    page.evaluate(TWICE_THE_TEXT)
    found += [f"with 200 % text: {problem}" for problem in layout_problems(page)]
    page.evaluate("document.documentElement.style.fontSize = ''")
    page.set_viewport_size(PHONE)
    return [f"{page.url} {problem}" for problem in found]


@pytest.fixture
def family_pages(app, iro):
    """A child (13) with a PIN, a review coming and one held yesterday (so feedback is open), a parent's feedback
    link, and a second child who has not chosen a PIN yet: the tokens to visit."""
    with app.app_context():
        child = make_child(iro, age=13, preferred_name="Sami")
        token = link_for(db.session.get(Child, child.id), PIN)
        newcomer = link_for(db.session.get(Child, make_child(iro, age=8, preferred_name="Ari").id))
    schedule_review(app, child, iro, days=10)
    held = schedule_review(app, child, iro, days=-1)
    with app.app_context():
        review = db.session.get(Review, held)
        record_held_yesterday(review, iro)
        feedback_link = links.issue_link(review, "parent_carer", db.session.merge(iro))
        db.session.commit()
    return token, feedback_link.rsplit("/", 1)[-1], newcomer


def enter_space(page: Page, token: str, locale: str) -> None:
    page.goto(f"/c/{token}?lang={locale}")
    page.locator("input[name=pin]").fill(PIN)
    with page.expect_navigation(wait_until="load"):
        page.locator("form[method=post] button[type=submit]").last.click()
    assert "/me/" in page.url, page.url


def press(page: Page, selector: str) -> None:
    """Press a button or link found without its words (the same in every language), and wait for the page it
    leads to (a form sent again with an error is a new page at the same address)."""
    with page.expect_navigation(wait_until="load"):
        page.locator(selector).first.click()


class Visitor:
    """Checks each page it is shown in one language, and keeps what it found."""

    def __init__(self, page: Page, locale: str):
        self.page, self.locale, self.found, self.seen = page, locale, [], []

    def check(self, *, expect_path: str | None = None) -> None:
        path = urlsplit(self.page.url).path
        if expect_path is not None:
            assert path == expect_path, f"{expect_path} led to {self.page.url}"
        assert self.page.locator("html").get_attribute("lang") == i18n.html_lang(self.locale), path
        assert self.page.locator("html").get_attribute("dir") == i18n.direction(self.locale), path
        self.seen.append(path)
        self.found += problems_on(self.page)

    def visit(self, path: str) -> None:
        response = self.page.goto(path)
        assert response is not None and response.status == 200, f"{path}: {response and response.status}"
        self.check(expect_path=urlsplit(path).path)


def walk_consultation(visitor: Visitor) -> None:
    """The consultation in all three versions, fuller to simplest (each step skipped, so nothing is kept), the
    agenda, the checking page and, once sent, what was sent and the page to add more."""
    page = visitor.page
    visitor.visit("/me/review")
    press(page, "main form[method=post] button[type=submit]")
    first_step, asked_if_safe = page.url, False
    versions = ("older", "younger", "pictures")
    for version, simpler in zip(versions, versions[1:] + (None,), strict=True):
        assert "/me/review/q/" in page.url, f"the {version} version did not start: {page.url}"
        while "/me/review/q/" in page.url:
            visitor.check()
            scared = page.locator("input[name=mood][value=scared]")
            if not asked_if_safe and scared.count():
                asked_if_safe = True
                # "Scared" asks first whether the child is safe now: that page too, then "I'm OK".
                scared.check(force=True)
                press(page, "button[name=action][value=continue]")
                visitor.check(expect_path="/me/safe-check")
                page.locator("input[name=safe][value=ok]").check(force=True)
                press(page, "main form[method=post] button[type=submit]")
                continue
            press(page, "button[name=action][value=skip]")
        if simpler:
            page.goto(first_step)
            press(page, f"form.switch-version:has(input[value={simpler}]) button[type=submit]")
    assert asked_if_safe, "no step offered the answer 'scared'"
    for path in ("/me/review/agenda", "/me/review/chairing-tips"):
        visitor.visit(path)
    page.goto("/me/review/agenda")
    press(page, "form[action$='/agenda/suggested'] button[type=submit]")
    visitor.check(expect_path="/me/review/agenda")
    visitor.visit("/me/review/agenda/print")
    visitor.visit("/me/review/check")
    press(page, "main form[method=post] button[type=submit]")
    visitor.check(expect_path="/me/review/sent")
    visitor.visit("/me/review/add")


@pytest.mark.parametrize("locale", i18n.LOCALES)
def test_every_family_page_fits_a_small_phone_and_passes_axe(open_page, family_pages, locale):
    token, feedback_token, newcomer = family_pages
    page = with_axe(open_page(viewport=PHONE))
    visitor = Visitor(page, locale)
    # A child who has not chosen a PIN yet: the choice, then each way to choose, and a PIN left empty.
    page.goto(f"/c/{newcomer}?lang={locale}")
    visitor.check()
    for path in ("/me/secret/pictures", "/me/secret/pin"):
        visitor.visit(path)
    press(page, "main form[method=post] button[type=submit]")
    visitor.check(expect_path="/me/secret/pin")
    assert page.locator(".error-summary").is_visible()
    page.context.clear_cookies()

    visitor.visit(f"/help?lang={locale}")
    page.goto(f"/c/{token}")
    visitor.check()  # the PIN page
    enter_space(page, token, locale)
    for path in CHILD_PAGES:
        visitor.visit(path)
    press(page, "main form[method=post] button[type=submit]")  # a problem with nothing written
    assert page.locator(".error-summary").is_visible()
    visitor.check()
    walk_consultation(visitor)
    page.goto("/me/statements/new/good-news")  # some good news sent, then the page that shows it
    page.locator("main textarea").first.fill("I got a part in the school play.")
    press(page, "main form[method=post] button[type=submit]")
    visitor.visit("/me/statements")
    press(page, "main a[href*='/me/statements/']:not([href*='/new/'])")
    visitor.check()
    press(page, ".exit-bar form button[type=submit]")  # I don't feel safe
    visitor.check()
    visitor.visit(f"/f/{feedback_token}?lang={locale}")
    page.goto("/no-such-page")
    visitor.check()
    page.goto("/exit")  # the quick exit: ends the session, then the closed page
    visitor.visit(f"/me/closed?lang={locale}")
    assert len(set(visitor.seen)) >= 30, visitor.seen
    assert not visitor.found, "\n".join(visitor.found)


@pytest.mark.parametrize("locale", i18n.STAFF_LOCALES)
def test_the_staff_pages_fit_a_small_phone_and_pass_axe(app, open_page, iro, family_pages, locale):
    with app.app_context():
        make_staff(Role.ADMIN, email="admin@example.org")
        make_staff(Role.PARTICIPATION, email="pat@example.org")
        child = db.session.scalars(db.select(Child).filter_by(preferred_name="Sami")).one()
        # The review held yesterday (feedback links and the outcome are for a held review).
        review = db.session.scalars(
            db.select(Review).filter_by(child_id=child.id).order_by(Review.scheduled_for)
        ).first()
    found: list[str] = []
    for email, paths in (
        (
            iro.email,
            (
                *IRO_PAGES,
                f"/staff/children/{child.id}",
                f"/staff/children/{child.id}/edit",
                f"/staff/reviews/{review.id}/edit",
                f"/staff/reviews/{review.id}/feedback",
                f"/staff/reviews/{review.id}/outcome",
            ),
        ),
        ("pat@example.org", TEAM_PAGES),
        ("admin@example.org", ADMIN_PAGES),
    ):
        page = with_axe(open_page(viewport=PHONE))
        visitor = Visitor(page, locale)
        visitor.visit(f"/staff/login?lang={locale}")
        page.locator("input[name=email]").fill(email)
        page.locator("input[name=password]").fill(PASSWORD)
        with page.expect_navigation(wait_until="load"):
            page.locator("form[method=post] button[type=submit]").last.click()
        page.locator("input[name=code]").fill(second_factor_code(app, email))  # the second step
        with page.expect_navigation(wait_until="load"):
            page.locator("form[method=post]:has(input[name=code]) button[type=submit]").click()
        assert "/staff/login" not in page.url, "could not sign in"
        for path in paths:
            visitor.visit(path)
        found += visitor.found
    assert not found, "\n".join(found)


MISSING_GLYPHS = """(letters) => {
    // A letter no installed font has is drawn as the same empty box as a code point nobody draws (U+10FFFD).
    const canvas = document.createElement('canvas');
    canvas.width = canvas.height = 48;
    const pen = canvas.getContext('2d');
    pen.font = '32px ' + getComputedStyle(document.body).fontFamily;
    const draw = (text) => {
        pen.clearRect(0, 0, 48, 48);
        pen.fillText(text, 4, 38);
        return pen.getImageData(0, 0, 48, 48).data.join();
    };
    const box = draw('\\u{10FFFD}');
    return letters.filter((letter) => draw(letter) === box);
}"""


@pytest.mark.parametrize("locale", ["ti", "am", "ps", "ckb"])
def test_pages_in_every_script_draw_real_letters_not_boxes(open_page, family_pages, locale):
    token, _feedback, _newcomer = family_pages
    page = open_page()
    enter_space(page, token, locale)
    for path in ("/me/", "/me/statements/new/problem", f"/help?lang={locale}"):
        page.goto(path)
        letters = sorted({c for c in page.locator("body").inner_text() if c.isalpha() and ord(c) > 127})
        assert letters, path
        assert page.evaluate(MISSING_GLYPHS, letters) == [], f"drawn as boxes on {path} in {locale}"
