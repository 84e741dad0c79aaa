"""Page objects for the browser tests, and the accessibility check every visited page goes through.

Selectors are what a person perceives: roles and accessible names (`get_by_role`), or labels for the
inputs that have no role (passwords, dates). Each page object knows its `<body data-page>` value.
Names on child pages that may be translated are looked up in the catalog of the page's language.
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

from axe_playwright_python.sync_playwright import Axe
from babel.messages.pofile import read_po
from playwright.sync_api import Locator, Page, expect

TRANSLATIONS = Path(__file__).resolve().parents[2] / "translations"

# --- accessibility -------------------------------------------------------------------------------

# axe-core's tags for WCAG 2.0, 2.1 and 2.2 at levels A and AA (axe has no rule tagged "wcag22a").
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
_axe = Axe()


def assert_accessible(page: Page) -> None:
    """Run axe-core on the page once it has loaded and fail with a readable list of any WCAG A/AA violations."""
    page.wait_for_load_state("load")  # styles applied, so contrast and target sizes are measured for real
    results = _axe.run(page, options={"runOnly": {"type": "tag", "values": WCAG_TAGS},
                                      "resultTypes": ["violations"]})
    violations = results.response["violations"]
    report = [f"{len(violations)} accessibility violation(s) on {page.url}:"]
    for violation in violations:
        report.append(f"- {violation['id']} ({violation['impact']}): {violation['help']}")
        for node in violation["nodes"]:
            report.append(f"    at {', '.join(map(str, node['target']))}: {node.get('failureSummary', '')}"
                          .replace("\n", " "))
    assert not violations, "\n".join(report)


# --- translations --------------------------------------------------------------------------------

@lru_cache
def _catalog(locale: str) -> dict[str, str]:
    with (TRANSLATIONS / locale / "LC_MESSAGES" / "messages.po").open("rb") as source:
        # Fuzzy entries are left out of the compiled catalog, so pages show them in English.
        return {message.id: message.string for message in read_po(source)
                if isinstance(message.id, str) and not message.fuzzy}


def translated(text: str, locale: str) -> str:
    """``text`` as a page in ``locale`` shows it (the English text while it is not translated yet)."""
    if locale == "en":
        return text
    return _catalog(locale).get(text) or text


# --- shared ----------------------------------------------------------------------------------------

class BasePage:
    """A page of the app, recognised by its `data-page` attribute."""

    data_page = ""

    def __init__(self, page: Page, locale: str = "en"):
        self.page = page
        self.locale = locale

    def _(self, text: str) -> str:
        return translated(text, self.locale)

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

    def sign_in(self, email: str, password: str) -> None:
        self.page.get_by_role("textbox", name="Email address").fill(email)
        self.page.get_by_label("Password", exact=True).fill(password)
        self.page.get_by_role("button", name="Sign in").click()


class CaseloadPage(BasePage):
    data_page = "staff-caseload"

    def add_child(self) -> None:
        self.page.get_by_role("link", name="Add a child").click()

    def child_link(self, name: str) -> Locator:
        return self.page.get_by_role("table").get_by_role("link", name=name, exact=True)

    def open_child(self, name: str) -> None:
        self.child_link(name).click()


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

    def iro_heading(self, iro_name: str) -> Locator:
        return self.page.get_by_role("heading", level=2, name=re.compile(re.escape(iro_name)))


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
