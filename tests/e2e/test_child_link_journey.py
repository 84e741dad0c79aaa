"""From the IRO making a child's personal link to the child inside their own space, and leaving it fast.

Every page visited is checked with axe-core (WCAG 2.2 A/AA) on a phone-sized screen.
"""

from __future__ import annotations

import re
from datetime import date, timedelta

import pytest
from playwright.sync_api import Page, expect

from participation.extensions import db
from tests.conftest import PASSWORD, link_for, make_child

from .pages import (
    CaseloadPage,
    ChildDetailPage,
    ChildFormPage,
    ChildHomePage,
    ChildLinkPage,
    ChooseSecretPage,
    ClosedPage,
    NeutralPage,
    SetPicturesPage,
    SetPinPage,
    StaffLoginPage,
    UnlockPage,
)

pytestmark = pytest.mark.e2e

PIN = "2468"


def birthday_for_age(years: int) -> date:
    """A date of birth ``years`` years (and a few weeks) ago, so the age is unambiguous today."""
    today = date.today()
    return date(today.year - years, today.month, min(today.day, 28)) - timedelta(days=20)


def navigation_history(page: Page) -> list[str]:
    """The addresses in this tab's back/forward history, as the browser keeps them."""
    cdp = page.context.new_cdp_session(page)
    try:
        return [entry["url"] for entry in cdp.send("Page.getNavigationHistory")["entries"]]
    finally:
        cdp.detach()


def give_child_a_link(app, iro, *, name: str, age: int, pin: str | None = None) -> str:
    """A child on ``iro``'s caseload with a fresh personal link (and a PIN if given): the link's token."""
    with app.app_context():
        return link_for(db.session.merge(make_child(iro, age=age, preferred_name=name)), pin)


def expect_nothing_of_the_child(page: Page, *names: str) -> None:
    """The page shows none of the child's own content."""
    for name in names:
        expect(page.locator("body")).not_to_contain_text(name)


def test_iro_gives_a_child_their_link_and_the_child_opens_their_space(open_page, iro, live_server, neutral_site):
    child_name = "Tallulah"

    # The IRO signs in, adds a 9-year-old and makes their personal link.
    staff = open_page()
    StaffLoginPage(staff).open().arrive().sign_in(iro.email, PASSWORD)
    caseload = CaseloadPage(staff).arrive()
    caseload.add_child()
    form = ChildFormPage(staff).arrive()
    form.fill(preferred_name=child_name, date_of_birth=birthday_for_age(9).isoformat(), language="English")
    form.save()

    detail = ChildDetailPage(staff).expect_open()
    expect(staff.get_by_role("status").filter(has_text=f"{child_name} has been added.")).to_be_visible()
    detail.check_accessible()
    detail.back_to_caseload()
    caseload.arrive()
    caseload.open_child(child_name)
    detail.arrive()
    expect(detail.heading(child_name)).to_be_visible()
    expect(staff.get_by_text("9 years old")).to_be_visible()
    detail.make_link()

    link_page = ChildLinkPage(staff).arrive()
    expect(link_page.qr_code).to_be_visible()
    link = link_page.link()
    assert re.fullmatch(re.escape(live_server) + r"/c/[A-Za-z0-9_-]{40,}", link), link
    token = link.rsplit("/", 1)[-1]

    # The child opens the link on their own phone: the token leaves the address bar and the history.
    child = open_page()
    child.goto(link)
    choose = ChooseSecretPage(child).arrive()
    expect(child).to_have_url(f"{live_server}/me/secret")
    expect(choose.heading("Hello!")).to_be_visible()  # no name before the secret is given
    history = navigation_history(child)
    assert not [url for url in history if token in url], history

    choose.choose_pin()
    pin_page = SetPinPage(child).arrive()
    pin_page.set_pin(PIN)

    home = ChildHomePage(child).arrive()
    expect(home.heading(re.compile(f"Hello {child_name}!"))).to_be_visible()
    expect(home.iro_heading(iro.name)).to_be_visible()

    # Arabic: the whole page turns right-to-left, still the child's own space.
    home.language_link("العربية").click()
    arabic = ChildHomePage(child, locale="ar").expect_language("ar", "rtl").expect_open()
    expect(child).to_have_url(re.compile(r"[?&]lang=ar\b"))
    expect(child.locator("body")).to_contain_text(iro.name)
    arabic.check_accessible()

    # Exit this page: a neutral site replaces the space, and going back shows nothing of it.
    expect(arabic.exit_link).to_be_visible()
    arabic.exit()
    NeutralPage(child, neutral_site).expect_open()
    child.go_back()
    closed = ClosedPage(child).arrive()
    expect(closed.heading("Your space is closed")).to_be_visible()
    expect_nothing_of_the_child(child, child_name, iro.name)


def test_pressing_shift_three_times_leaves_for_a_neutral_site(app, open_page, iro, neutral_site):
    child_name = "Oluwaseun"
    token = give_child_a_link(app, iro, name=child_name, age=13, pin=PIN)

    child = open_page()
    child.goto(f"/c/{token}")
    unlock = UnlockPage(child).arrive()
    unlock.give_pin(PIN)
    home = ChildHomePage(child).arrive()
    expect(home.iro_heading(iro.name)).to_be_visible()

    home.press_shift_three_times()
    NeutralPage(child, neutral_site).expect_open()
    child.go_back()
    ClosedPage(child).arrive()
    expect_nothing_of_the_child(child, child_name, iro.name)


def test_younger_child_can_choose_three_pictures_instead_of_a_pin(app, open_page, iro):
    child_name = "Bartholomew"
    pictures = ("Star", "Fish", "Tree")
    token = give_child_a_link(app, iro, name=child_name, age=7)

    child = open_page()
    child.goto(f"/c/{token}")
    choose = ChooseSecretPage(child).arrive()
    expect(choose.pin_choice).to_be_visible()
    choose.choose_pictures()
    SetPicturesPage(child).arrive().set_pictures(pictures)
    home = ChildHomePage(child).arrive()
    expect(home.iro_heading(iro.name)).to_be_visible()

    # Next time (another phone, say), the same pictures open the space, and only in the same order.
    later = open_page()
    later.goto(f"/c/{token}")
    unlock = UnlockPage(later).arrive()
    unlock.give_pictures(("Fish", "Star", "Tree"))
    expect(unlock.wrong_secret_alert).to_be_visible()
    unlock.check_accessible()
    unlock.give_pictures(pictures)
    ChildHomePage(later).arrive()
    expect(later.locator("body")).to_contain_text(child_name)
