"""Page objects for the browser tests, and the accessibility check every visited page goes through.

Selectors are what a person perceives: roles and accessible names (`get_by_role`), or labels for the
inputs that have no role (passwords, dates). Each page object knows its `<body data-page>` value.
Names on child pages that may be translated are looked up in the catalog of the page's language.
"""

from __future__ import annotations

import re
import time
from collections.abc import Callable
from functools import lru_cache
from pathlib import Path

import pyotp
from axe_playwright_python.sync_playwright import Axe
from babel.messages.pofile import read_po
from playwright.sync_api import Locator, Page, expect

from tests.conftest import TEST_APP_SECRET

TRANSLATIONS = Path(__file__).resolve().parents[2] / "translations"

# --- accessibility -------------------------------------------------------------------------------

# axe-core's tags for WCAG 2.0, 2.1 and 2.2 at levels A and AA (axe has no rule tagged "wcag22a").
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
_axe = Axe()


def assert_accessible(page: Page) -> None:
    """Run axe-core on the page once it has loaded and fail with a readable list of any WCAG A/AA violations."""
    page.wait_for_load_state("load")  # styles applied, so contrast and target sizes are measured for real
    results = _axe.run(page, options={"runOnly": {"type": "tag", "values": WCAG_TAGS}, "resultTypes": ["violations"]})
    violations = results.response["violations"]
    report = [f"{len(violations)} accessibility violation(s) on {page.url}:"]
    for violation in violations:
        report.append(f"- {violation['id']} ({violation['impact']}): {violation['help']}")
        for node in violation["nodes"]:
            report.append(
                f"    at {', '.join(map(str, node['target']))}: {node.get('failureSummary', '')}".replace("\n", " ")
            )
    assert not violations, "\n".join(report)


# --- translations --------------------------------------------------------------------------------


def read_catalogs(locale: str) -> dict[str, str]:
    """A language's translations, both catalogs (family, and staff where there is one), read fresh. Fuzzy and
    empty entries are left out, as the compiled catalogs leave them out and pages show them in English."""
    found: dict[str, str] = {}
    for domain in ("family", "staff"):
        path = TRANSLATIONS / locale / "LC_MESSAGES" / f"{domain}.po"
        if path.exists():
            with path.open("rb") as source:
                found.update(
                    {
                        message.id: message.string
                        for message in read_po(source, locale=locale)
                        if isinstance(message.id, str) and message.id and message.string and not message.fuzzy
                    }
                )
    return found


@lru_cache
def _catalog(locale: str) -> dict[str, str]:
    return read_catalogs(locale)


def translated(text: str, locale: str) -> str:
    """``text`` as a page in ``locale`` shows it (the English text while it is not translated yet)."""
    if locale == "en":
        return text
    return _catalog(locale).get(text) or text


# --- shared ----------------------------------------------------------------------------------------


class BasePage:
    """A page of the app, recognised by its `data-page` attribute."""

    data_page = ""

    def __init__(self, page: Page, locale: str = "en", translate: Callable[[str], str] | None = None):
        self.page = page
        self.locale = locale
        self.translate = translate  # a test's own way to look names up, e.g. from a catalog it pinned

    def _(self, text: str) -> str:
        return self.translate(text) if self.translate else translated(text, self.locale)

    def expect_open(self):
        """Wait until the browser shows this page."""
        expect(self.page.locator("body")).to_have_attribute("data-page", self.data_page)
        return self

    def check_accessible(self):
        """No WCAG 2.2 A/AA violation that axe-core can find."""
        assert_accessible(self.page)
        return self

    def arrive(self):
        """This page is shown and passes the accessibility check."""
        return self.expect_open().check_accessible()

    def heading(self, name: str | re.Pattern) -> Locator:
        return self.page.get_by_role("heading", name=name, level=1)

    def language_link(self, native_name: str) -> Locator:
        """A link in the footer's language menu, e.g. "العربية"."""
        menu = self.page.get_by_role("navigation", name=self._("Choose a language"))
        return menu.get_by_role("link", name=native_name, exact=True)

    def expect_language(self, lang: str, direction: str):
        """The whole page is marked up in ``lang`` and laid out in ``direction``."""
        html = self.page.locator("html")
        expect(html).to_have_attribute("lang", lang)
        expect(html).to_have_attribute("dir", direction)
        return self


# --- staff pages -----------------------------------------------------------------------------------


class StaffLoginPage(BasePage):
    data_page = "staff-login"

    def open(self) -> StaffLoginPage:
        self.page.goto("/staff/login")
        return self

    def enter_password(self, email: str, password: str) -> None:
        """The first step alone."""
        self.page.get_by_role("textbox", name="Email address").fill(email)
        self.page.get_by_label("Password", exact=True).fill(password)
        self.page.get_by_role("button", name="Sign in").click()

    def sign_in(self, email: str, password: str) -> None:
        """Both steps: the password, then the code the authenticator app on the test secret shows (the next
        one, as the app would a moment later, when an earlier sign-in in this test used this one)."""
        self.enter_password(email, password)
        second = SecondFactorPage(self.page).expect_open()
        totp = pyotp.TOTP(TEST_APP_SECRET)
        second.enter_code(totp.now())
        self.page.wait_for_function(
            "document.body.dataset.page !== 'staff-second-factor' || !!document.querySelector('.error-summary')"
        )
        if self.page.get_by_text("That code has already been used.").count():
            second.enter_code(totp.at(time.time() + 30))


class SecondFactorPage(BasePage):
    data_page = "staff-second-factor"

    def enter_code(self, code: str) -> None:
        self.page.get_by_role("textbox", name="Code").fill(code)
        self.page.get_by_role("button", name="Continue").click()

    def use_passkey(self) -> None:
        self.page.get_by_role("button", name="Use passkey").click()


class SecondFactorSetUpPage(BasePage):
    data_page = "staff-second-factor-setup"

    def app_secret(self) -> str:
        """The key written out for typing into an app."""
        return self.page.locator("[data-app-secret]").inner_text().replace(" ", "")

    def confirm_app(self, code: str) -> None:
        self.page.get_by_role("textbox", name="Code from the app").fill(code)
        self.page.get_by_role("button", name="Confirm").click()

    def create_passkey(self, name: str) -> None:
        self.page.get_by_role("textbox", name="Name for this passkey").fill(name)
        self.page.get_by_role("button", name="Create a passkey").click()


class RecoveryCodesPage(BasePage):
    data_page = "staff-recovery-codes"

    def codes(self) -> list[str]:
        return self.page.get_by_role("list", name="Recovery codes").get_by_role("listitem").all_inner_texts()

    def carry_on(self) -> None:
        self.page.get_by_role("link", name="I have kept my codes – continue").click()


class CaseloadPage(BasePage):
    data_page = "staff-caseload"

    def add_child(self) -> None:
        self.page.get_by_role("link", name="Add a child").click()

    def child_link(self, name: str) -> Locator:
        return self.page.get_by_role("table").get_by_role("link", name=name, exact=True)

    def open_child(self, name: str) -> None:
        self.child_link(name).click()

    @property
    def new_from_children(self) -> Locator:
        """The "New from children" box: one link per consultation sent (or added to) and not read yet."""
        return self.page.get_by_role("region", name="New from children")

    def sent_link(self, name: str) -> Locator:
        return self.new_from_children.get_by_role(
            "link", name=re.compile(rf"^{re.escape(name)} sent their consultation for the review on ")
        )

    def upcoming_reviews(self) -> None:
        self.page.get_by_role("navigation", name="Main menu").get_by_role("link", name="Upcoming reviews").click()


class ChildFormPage(BasePage):
    data_page = "staff-child-new"

    def fill(self, *, preferred_name: str, date_of_birth: str, language: str) -> ChildFormPage:
        self.page.get_by_role("textbox", name="Preferred name").fill(preferred_name)
        self.page.get_by_label("Date of birth").fill(date_of_birth)  # a date input: ISO yyyy-mm-dd
        self.page.get_by_role("combobox", name="Preferred language").select_option(label=language)
        return self

    def save(self) -> None:
        self.page.get_by_role("button", name="Save").click()


class ChildDetailPage(BasePage):
    data_page = "staff-child"

    def make_link(self) -> None:
        self.page.get_by_role("button", name=re.compile(r"^Make a (new )?link$")).click()

    def back_to_caseload(self) -> None:
        self.page.get_by_role("link", name="Back to my caseload").click()


class ChildLinkPage(BasePage):
    data_page = "staff-child-link"

    @property
    def qr_code(self) -> Locator:
        return self.page.get_by_role("img", name="QR code of the personal link")

    @property
    def link_field(self) -> Locator:
        return self.page.get_by_role("textbox", name="Link", exact=True)

    def link(self) -> str:
        """The child's personal link, as the IRO would copy it."""
        expect(self.link_field).not_to_be_editable()
        return self.link_field.input_value()


class UpcomingReviewsPage(BasePage):
    data_page = "staff-upcoming"

    def row(self, name: str) -> Locator:
        """The table row of a child's review, found by the link with their name."""
        return self.page.get_by_role("row").filter(has=self.page.get_by_role("link", name=name, exact=True))

    def status(self, name: str) -> Locator:
        """The "Consultation" cell of a child's row (the last one)."""
        return self.row(name).get_by_role("cell").last

    def read_link(self, name: str) -> Locator:
        """The link to a sent consultation: the status, with "read <name>'s consultation" for screen readers."""
        return self.row(name).get_by_role("link", name=re.compile(rf": read {re.escape(name)}'s consultation$"))


class StaffConsultationPage(BasePage):
    """The IRO reading what a child sent: arrangements, the child's agenda, what the child said."""

    data_page = "staff-consultation"

    @property
    def arrangements(self) -> Locator:
        return self.page.get_by_role("region", name="Arrangements")

    @property
    def agenda(self) -> Locator:
        return self.page.get_by_role("region", name="The child's agenda")

    @property
    def answers(self) -> Locator:
        return self.page.get_by_role("region", name="What the child said")

    def answer(self, question: str, section: Locator | None = None) -> Locator:
        """The answer shown under a question (its label, exactly), in a section or anywhere on the page."""
        scope = section if section is not None else self.page.get_by_role("main")
        row = scope.locator(".summary-row").filter(
            has=self.page.get_by_role("term").filter(has_text=re.compile(rf"^\s*{re.escape(question)}\s*$"))
        )
        return row.get_by_role("definition")


# --- child pages -----------------------------------------------------------------------------------


class ChildPage(BasePage):
    """Every child page carries the quick exit: the red "Exit this page" link and Shift pressed 3 times."""

    @property
    def exit_link(self) -> Locator:
        return self.page.get_by_role("link", name=self._("Exit this page"), exact=True)

    def exit(self) -> None:
        self.exit_link.click()

    def press_shift_three_times(self) -> None:
        for _ in range(3):
            self.page.keyboard.press("Shift")

    @property
    def exit_status(self) -> Locator:
        """The polite live region that counts Shift presses down for screen-reader users."""
        return self.page.locator("[data-exit-status]")


class ChooseSecretPage(ChildPage):
    data_page = "child-choose-secret"

    @property
    def pin_choice(self) -> Locator:
        return self.page.get_by_role("link", name=self._("Choose 4 numbers (a PIN)"))

    @property
    def pictures_choice(self) -> Locator:
        return self.page.get_by_role("link", name=self._("Choose 3 pictures"))

    def choose_pin(self) -> None:
        self.pin_choice.click()

    def choose_pictures(self) -> None:
        self.pictures_choice.click()


class SetPinPage(ChildPage):
    data_page = "child-set-pin"

    def set_pin(self, pin: str, again: str | None = None) -> None:
        self.page.get_by_label(self._("Choose 4 numbers"), exact=True).fill(pin)
        self.page.get_by_label(self._("Type the same 4 numbers again"), exact=True).fill(again or pin)
        self.page.get_by_role("button", name=self._("Save my PIN")).click()


ORDINALS = ("First picture", "Second picture", "Third picture")


class _PictureChoice(ChildPage):
    def pick(self, pictures: tuple[str, str, str]) -> None:
        """Pick a picture (by its label, e.g. "Cat") in each of the three rows, in order."""
        for ordinal, picture in zip(ORDINALS, pictures, strict=True):
            row = self.page.get_by_role("group", name=self._(ordinal))
            row.get_by_role("radio", name=self._(picture), exact=True).check()


class SetPicturesPage(_PictureChoice):
    data_page = "child-set-pictures"

    def set_pictures(self, pictures: tuple[str, str, str]) -> None:
        self.pick(pictures)
        self.page.get_by_role("button", name=self._("Save my pictures")).click()


class UnlockPage(_PictureChoice):
    data_page = "child-unlock"

    @property
    def wrong_secret_alert(self) -> Locator:
        return self.page.get_by_role("alert").filter(has_text=self._("That's not quite right"))

    def give_pin(self, pin: str) -> None:
        self.page.get_by_label(self._("Your PIN"), exact=True).fill(pin)
        self.open_my_space()

    def give_pictures(self, pictures: tuple[str, str, str]) -> None:
        self.pick(pictures)
        self.open_my_space()

    def open_my_space(self) -> None:
        self.page.get_by_role("button", name=self._("Open my space")).click()


class ChildHomePage(ChildPage):
    data_page = "child-home"

    def get_ready(self) -> None:
        """The button in "Your next review" that leads to the consultation."""
        self.page.get_by_role("link", name=self._("Get ready for your review"), exact=True).click()

    def iro_heading(self, iro_name: str) -> Locator:
        return self.page.get_by_role("heading", level=2, name=re.compile(re.escape(iro_name)))

    def new_statement(self, kind_label: str) -> None:
        """One of the "say something any time" tiles, e.g. "A problem"."""
        self.page.get_by_role("link", name=self._(kind_label), exact=True).click()

    def my_statements(self) -> None:
        self.page.get_by_role("link", name=self._("My messages")).click()

    def not_safe(self) -> None:
        """The "I don't feel safe" button at the top of every child page."""
        self.page.get_by_role("button", name=self._("I don't feel safe"), exact=True).click()


class ClosedPage(ChildPage):
    data_page = "child-closed"


class NeutralPage:
    """The harmless site quick exit goes to (served by the tests, titled "Weather")."""

    def __init__(self, page: Page, url: str):
        self.page = page
        self.url = url

    def expect_open(self) -> NeutralPage:
        expect(self.page).to_have_url(self.url)
        expect(self.page).to_have_title("Weather")
        return self


# --- the consultation before a review -------------------------------------------------------------


class ReviewStartPage(ChildPage):
    data_page = "child-review-start"

    def start(self) -> None:
        self.page.get_by_role("button", name=self._("Start"), exact=True).click()


class ReviewStepPage(ChildPage):
    """One page of questions (/me/review/q/<slug>). Continue and Skip both save the page and move on."""

    data_page = "child-review-step"

    def expect_step(self, slug: str) -> ReviewStepPage:
        """Wait for this step's page (every step shares the data-page, so its address tells them apart)."""
        expect(self.page).to_have_url(re.compile(rf"/me/review/q/{re.escape(slug)}(\?.*)?$"))
        return self.expect_open()

    def choose(self, answer: str, *, within: str | None = None) -> ReviewStepPage:
        """Pick a face, a picture tile, a word on a scale or a yes/no, by its words (e.g. "Happy").

        ``within`` is the question or, in the invite list, the person (a group's name) it belongs to.
        """
        scope = self.page.get_by_role("group", name=within, exact=True) if within else self.page
        scope.get_by_role("radio", name=answer, exact=True).check()
        return self

    def text_box(self, key: str) -> Locator:
        """A free-text box by its field name (labels repeat, e.g. "Tell us more if you want to")."""
        return self.page.locator(f"textarea[name='{key}']")

    def write(self, key: str, text: str, *, at_review: bool = False) -> ReviewStepPage:
        """Write in a box and say who can see it: only my IRO (the default) or talked about at my review."""
        self.text_box(key).fill(text)
        field = self.page.locator(".field").filter(has=self.text_box(key))
        who = field.get_by_role("group", name=self._("Who can see this?"))
        choice = "It can be talked about at my review" if at_review else "Only my IRO"
        who.get_by_role("radio", name=self._(choice), exact=True).check()
        return self

    def continue_(self) -> None:
        self.page.get_by_role("button", name=self._("Continue"), exact=True).click()

    def skip(self) -> None:
        self.page.get_by_role("button", name=self._("Skip"), exact=True).click()


class AgendaPage(ChildPage):
    """The agenda builder: every change is a button in a small form, then the page again."""

    data_page = "child-agenda"

    @property
    def agenda(self) -> Locator:
        return self.page.get_by_role("list", name=self._("Your agenda"))

    @property
    def titles(self) -> Locator:
        """Each item's words, in order."""
        return self.agenda.get_by_role("listitem").locator(".agenda-title")

    def use_suggested(self) -> None:
        self.page.get_by_role("button", name=self._("Start from the suggested agenda")).click()

    def add_item(self, text: str, *, iro_leads: bool = False) -> None:
        self.page.get_by_role("textbox", name=self._("What do you want to talk about?")).fill(text)
        leads = self.page.get_by_role("group", name=self._("Who leads it?"))
        leads.get_by_role("radio", name=self._("My IRO" if iro_leads else "Me"), exact=True).check()
        self.page.get_by_role("button", name=self._("Add to my agenda")).click()

    def button(self, action: str, item: str) -> Locator:
        """An item's button, e.g. ("Move up", "Good news"): its name ends with ": <item>" for screen readers
        (browsers may put a space before the colon, where the visually hidden part starts)."""
        name = re.compile(rf"^{re.escape(self._(action))}\s?: {re.escape(item)}$")
        return self.page.get_by_role("button", name=name)

    def move_up(self, item: str) -> None:
        self.button("Move up", item).click()

    def move_down(self, item: str) -> None:
        self.button("Move down", item).click()

    def let_iro_lead(self, item: str) -> None:
        self.button("Let my IRO lead this", item).click()

    def lead_myself(self, item: str) -> None:
        self.button("I'll lead this", item).click()

    def remove(self, item: str) -> None:
        self.button("Remove", item).click()

    def print_page(self) -> None:
        self.page.get_by_role("link", name=self._("Print or save my agenda in large text")).click()

    def continue_(self) -> None:
        self.page.get_by_role("link", name=self._("Continue"), exact=True).click()


class AgendaPrintPage(ChildPage):
    data_page = "child-agenda-print"

    @property
    def items(self) -> Locator:
        return self.page.get_by_role("main").get_by_role("listitem")

    def back(self) -> None:
        self.page.get_by_role("link", name=self._("Back"), exact=True).click()


class CheckAnswersPage(ChildPage):
    data_page = "child-review-check"

    def answer(self, question: str) -> Locator:
        """The answer shown under a question (its words, exactly)."""
        row = self.page.locator(".summary-row").filter(
            has=self.page.get_by_role("term").filter(has_text=re.compile(rf"^\s*{re.escape(question)}\s*$"))
        )
        return row.get_by_role("definition")

    def send(self) -> None:
        self.page.get_by_role("button", name=self._("Send to my IRO")).click()


class SentPage(ChildPage):
    data_page = "child-review-sent"

    @property
    def what_happens_next(self) -> Locator:
        """The heading "What happens next" and the paragraphs under it."""
        return self.page.get_by_role("heading", level=2, name=self._("What happens next"))


# --- saying something any time ---------------------------------------------------------------------


class NewStatementPage(ChildPage):
    """One of the "say something" forms (good news, a change, a worker's visit, a problem)."""

    def __init__(self, page: Page, kind: str, **kwargs):
        super().__init__(page, **kwargs)
        self.data_page = f"child-new-statement-{kind}"

    def write(self, label: str, text: str) -> NewStatementPage:
        self.page.get_by_role("textbox", name=self._(label)).fill(text)
        return self

    def choose(self, answer: str, *, within: str) -> NewStatementPage:
        group = self.page.get_by_role("group", name=self._(within))
        group.get_by_role("radio", name=self._(answer), exact=True).check()
        return self

    def send_to(self, *people: str) -> NewStatementPage:
        """Tick who should know, by the start of their label (e.g. "My social worker")."""
        group = self.page.get_by_role("group", name=self._("Who should know?"))
        for person in people:
            # Not \b: in the browser's regular expressions it knows only Latin letters.
            group.get_by_role("checkbox", name=re.compile(rf"^{re.escape(self._(person))}(\s|$)")).check()
        return self

    def send(self) -> None:
        self.page.get_by_role("button", name=self._("Send"), exact=True).click()


class ChildStatementPage(ChildPage):
    data_page = "child-statement"

    @property
    def status(self) -> Locator:
        return self.page.get_by_role("definition").locator(".tag")

    @property
    def answer(self) -> Locator:
        return self.page.get_by_role("region", name=self._("The answer for you"))


class MyStatementsPage(ChildPage):
    data_page = "child-statements"

    def open_statement(self, kind_label: str) -> None:
        self.page.get_by_role("link", name=re.compile(re.escape(self._(kind_label)))).first.click()


class SafetyCheckPage(ChildPage):
    """ "Do you feel safe right now?", after an answer of "scared"."""

    data_page = "child-safety-check"

    def answer(self, label: str) -> None:
        self.page.get_by_role("radio", name=self._(label), exact=True).check()
        self.page.get_by_role("button", name=self._("Continue"), exact=True).click()

    def hint_for(self, label: str) -> Locator:
        """What the page says will happen if the child gives this answer."""
        return self.page.get_by_role("radio", name=self._(label), exact=True)


class HelpPage(ChildPage):
    data_page = "child-help"

    def call_link(self, number: str) -> Locator:
        return self.page.get_by_role("link", name=number, exact=True)

    def help_heading(self, text: str) -> Locator:
        return self.page.get_by_role("heading", level=2, name=self._(text))


class StaffStatementsPage(BasePage):
    data_page = "staff-statements"

    def open_item(self, child_name: str) -> None:
        row = self.page.get_by_role("row").filter(has_text=child_name)
        row.get_by_role("link").first.click()


class StaffStatementPage(BasePage):
    data_page = "staff-statement"

    def acknowledge(self) -> None:
        self.page.get_by_role("button", name="Acknowledge", exact=True).click()

    def record_outcome(self, *, final: str, for_child: str, note: str = "") -> None:
        self.page.get_by_role("radio", name=re.compile(rf"^{final}:")).check()
        self.page.get_by_role("textbox", name="What to tell the child").fill(for_child)
        if note:
            self.page.get_by_role("textbox", name=re.compile(r"^Internal note")).fill(note)
        self.page.get_by_role("button", name="Record the outcome").click()


# --- feedback and figures --------------------------------------------------------------------------


class FeedbackFormPage(BasePage):
    """A questionnaire: the young person's in their space, or an adult's behind a link."""

    def __init__(self, page: Page, data_page: str = "respond-feedback-form", **kwargs):
        super().__init__(page, **kwargs)
        self.data_page = data_page

    def choose(self, answer: str, *, within: str) -> FeedbackFormPage:
        group = self.page.get_by_role("group", name=self._(within), exact=True)
        group.get_by_role("radio", name=self._(answer), exact=True).check()
        return self

    def write(self, label: str, text: str) -> FeedbackFormPage:
        self.page.get_by_role("textbox", name=self._(label)).fill(text)
        return self

    def send(self, label: str = "Send my feedback") -> None:
        self.page.get_by_role("button", name=self._(label), exact=True).click()


class StatisticsPage(BasePage):
    data_page = "staff-statistics"

    def table(self, title: str) -> Locator:
        return self.page.get_by_role("region", name=title, exact=True).get_by_role("table")

    def cell(self, title: str, row: str, column: str) -> Locator:
        """The cell of a table by its row heading and column heading."""
        table = self.table(title)
        headers = [h.strip() for h in table.get_by_role("columnheader").all_inner_texts()]
        return (
            table.get_by_role("row")
            .filter(has=self.page.get_by_role("rowheader", name=row, exact=True))
            .get_by_role("cell")
            .nth(headers.index(column) - 1)
        )

    def download(self, title: str, what: str = "Excel (XLSX)"):
        region = self.page.get_by_role("region", name=title, exact=True)
        with self.page.expect_download() as info:
            region.get_by_role("link", name=re.compile(rf"^{re.escape(what)}")).click()
        return info.value


class StatisticsDashboardPage(BasePage):
    """The headline figures: a card per headline (this quarter, year so far, last year, quarter by quarter)."""

    data_page = "staff-statistics-dashboard"

    def show_year(self, label: str) -> None:
        """Choose a financial year (e.g. "2025–26") in the filters and show it."""
        self.page.get_by_role("combobox", name="Financial year").select_option(label=label)
        self.page.get_by_role("button", name="Show", exact=True).click()

    def headline(self, label: str) -> Locator:
        """A headline's card, named by its heading."""
        return self.page.get_by_role("listitem").filter(has=self.page.get_by_role("heading", name=label, exact=True))

    def value(self, label: str, when: str) -> Locator:
        """A headline's value for "This quarter", "Year so far" or "Last year"."""
        term = self.page.get_by_role("term").filter(has_text=re.compile(rf"^\s*{re.escape(when)}"))
        return self.headline(label).locator("dl > div").filter(has=term).get_by_role("definition")

    def quarter_by_quarter(self, label: str) -> Locator:
        """Open a headline's "Quarter by quarter" and return its list of values."""
        card = self.headline(label)
        card.locator("summary").filter(has_text="Quarter by quarter").click()
        return card.get_by_role("listitem").filter(has_text=re.compile(r"^Q\d"))

    def see_the_tables(self, label: str) -> None:
        self.headline(label).get_by_role("link", name=re.compile(r"^See the tables")).click()

    def annual_report(self) -> None:
        self.page.get_by_role("link", name=re.compile(r"^The annual report for .*, ready to print$")).click()

    def notice(self, words: str) -> Locator:
        """The note saying which figures these are ("Exact figures: not for publication.", "Figures as published.")."""
        return self.page.get_by_role("note").filter(has_text=words)


class StatisticsSectionPage(StatisticsPage):
    """One section's tables, in exact view or as published."""

    def show_published(self) -> None:
        self.page.get_by_role("link", name="Show the figures as published").click()

    def back_to_headlines(self) -> None:
        self.page.get_by_role("link", name="Back to the headline figures").click()

    def notice(self, words: str) -> Locator:
        return self.page.get_by_role("note").filter(has_text=words)


class AnnualReportPage(BasePage):
    """The annual report as published, ready to print, with its Excel and Word downloads."""

    data_page = "staff-annual-report"

    @property
    def summary(self) -> Locator:
        """The paragraphs of the "Summary" section."""
        return self.page.get_by_role("region", name="Summary").get_by_role("paragraph")

    def download(self, what: str):
        """Download the report: "Excel workbook" or "Word document"."""
        with self.page.expect_download() as info:
            self.page.get_by_role("link", name=re.compile(rf"^{re.escape(what)}")).click()
        return info.value
