"""An IRO's note survives an idle time-out and signing in again; the warning before the time-out lets them stay.

The server's idle clock is moved by ageing the session rows in the database (as `idle_all_sessions` does); the
page's own clock is driven by Playwright's fake clock, so nothing waits for real minutes.
"""

from __future__ import annotations

import re

from playwright.sync_api import Page, expect

from participation.extensions import db
from participation.people.models import Child
from participation.statements import intake
from participation.statements.models import Statement
from tests.conftest import PASSWORD, idle_all_sessions, make_child, make_staff, second_factor_code
from tests.e2e.pages import BasePage, StaffLoginPage, assert_accessible

NOTE = "Spoke to the carer: Saturday visits to Gran start again next week."
MINUTE = 60_000


class StaffStatementPage(BasePage):
    data_page = "staff-statement"

    def note_box(self):
        return self.page.get_by_role("textbox", name="Note (staff only: the child does not see this)")

    def add_note(self) -> None:
        self.page.get_by_role("button", name="Add the note").click()


class TimeOutWarning:
    """The dialog the time-out warning shows."""

    def __init__(self, page: Page):
        self.page = page
        self.dialog = page.get_by_role("alertdialog")

    def stay_button(self):
        return self.dialog.get_by_role("button", name="Stay signed in")


def sign_in(app, page: Page, email: str) -> None:
    """Sign in on the sign-in page shown, with the password and then, when asked, an authenticator-app code.
    (Once `StaffLoginPage.sign_in` takes the second step itself, this is just that.)"""
    StaffLoginPage(page).expect_open().sign_in(email, PASSWORD)
    code = page.get_by_role("textbox", name="Code")
    page.wait_for_load_state()
    if page.locator("body[data-page=staff-second-factor]").count() and code.count():
        code.fill(second_factor_code(app, email))
        page.get_by_role("button", name="Continue").click()
        page.wait_for_load_state()


def a_statement(app) -> tuple[str, int]:
    """An IRO and a problem a child sent them: (the IRO's email, the statement's id)."""
    with app.app_context():
        iro = make_staff(email="ida@example.org", name="Ida Iro")
        child = make_child(iro, preferred_name="Sam")
        statement = Statement(kind="problem", words="My visits keep being cancelled", resolution="informal")
        intake.store(statement, db.session.get(Child, child.id), ["iro"], page_locale="en")
        db.session.commit()
        return iro.email, statement.id


def test_a_note_typed_before_a_time_out_is_there_after_signing_in_again(app, open_page):
    email, statement_id = a_statement(app)
    desk = open_page()
    StaffLoginPage(desk).open().arrive()
    sign_in(app, desk, email)
    desk.goto(f"/staff/statements/{statement_id}")
    statement = StaffStatementPage(desk).expect_open()
    statement.note_box().fill(NOTE)

    idle_all_sessions(app, 31)  # the IRO was called away before pressing the button
    statement.add_note()

    StaffLoginPage(desk).expect_open()
    expect(desk.get_by_role("status")).to_contain_text("What you typed has been kept")
    sign_in(app, desk, email)

    StaffStatementPage(desk).expect_open()
    expect(desk).to_have_url(re.compile(rf"/staff/statements/{statement_id}$"))
    expect(desk.get_by_text("We kept what you typed. Check it and send it again.")).to_be_visible()
    expect(statement.note_box()).to_have_value(NOTE)
    expect(desk.locator("li").get_by_text(NOTE)).to_have_count(0)  # not added for them: only in the box
    statement.check_accessible()

    statement.add_note()  # they check it and send it themselves
    expect(desk.locator("li").get_by_text(NOTE)).to_be_visible()
    expect(statement.note_box()).to_have_value("")


def test_the_warning_lets_them_stay_and_then_says_they_were_signed_out(app, open_page):
    email, statement_id = a_statement(app)
    desk = open_page()
    desk.clock.install()  # the page's timers and Date, moved on by the test
    StaffLoginPage(desk).open().arrive()
    sign_in(app, desk, email)
    desk.goto(f"/staff/statements/{statement_id}")
    statement = StaffStatementPage(desk).expect_open()
    statement.note_box().fill(NOTE)
    warning = TimeOutWarning(desk)
    expect(warning.dialog).to_have_count(0)

    # 28 minutes and a half without the server seeing anything: the warning, with the focus on staying.
    idle_all_sessions(app, 28)
    desk.clock.fast_forward(28 * MINUTE + 30_000)
    expect(warning.dialog).to_be_visible()
    expect(warning.dialog).to_contain_text("You will be signed out in 2 minutes because nothing has happened.")
    expect(warning.stay_button()).to_be_focused()
    assert_accessible(desk)

    warning.stay_button().click()
    expect(warning.dialog).to_have_count(0)
    expect(statement.note_box()).to_be_focused()  # back where they were typing
    # The server counted it: 3 more idle minutes would have ended a session idle since the page opened.
    idle_all_sessions(app, 3)

    # Escape on the next warning means "stay" too.
    desk.clock.fast_forward(28 * MINUTE + 30_000)
    expect(warning.dialog).to_be_visible()
    desk.keyboard.press("Escape")
    expect(warning.dialog).to_have_count(0)

    # Left alone this time: the warning, then "You have been signed out", and the page keeps what was typed.
    desk.clock.fast_forward(28 * MINUTE + 30_000)
    expect(warning.dialog).to_be_visible()
    desk.clock.fast_forward(2 * MINUTE)
    expect(warning.dialog.get_by_role("heading", name="You have been signed out")).to_be_visible()
    expect(warning.stay_button()).to_have_count(0)
    close = warning.dialog.get_by_role("button", name="Close")
    expect(close).to_be_focused()
    assert_accessible(desk)
    close.click()
    expect(warning.dialog).to_have_count(0)
    expect(statement.note_box()).to_have_value(NOTE)


def test_without_javascript_the_staff_pages_show_no_warning(app, open_page):
    email, statement_id = a_statement(app)
    desk = open_page(java_script_enabled=False)
    StaffLoginPage(desk).open()
    sign_in(app, desk, email)
    desk.goto(f"/staff/statements/{statement_id}")
    StaffStatementPage(desk).expect_open()
    expect(desk.get_by_role("alertdialog")).to_have_count(0)
    expect(desk.get_by_text("Stay signed in")).to_have_count(0)
