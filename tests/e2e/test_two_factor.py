"""Two-factor sign-in in Chromium: an IRO with no second factor yet makes a passkey on Chromium's virtual
authenticator (driven through the DevTools protocol, as a laptop's fingerprint reader would answer) and signs in
with it next time; another sets up an authenticator app from the key on the page and sees recovery codes.
Every new page goes through axe-core.

The site is opened as http://localhost:<port> with PUBLIC_BASE_URL to match: a passkey belongs to a host name
(its relying party ID), and 127.0.0.1 cannot be one.
"""

from __future__ import annotations

import re

import pyotp
import pytest
from playwright.sync_api import expect

from participation.people.models import Role
from tests.conftest import PASSWORD, make_staff

from .pages import (
    CaseloadPage,
    RecoveryCodesPage,
    SecondFactorPage,
    SecondFactorSetUpPage,
    StaffLoginPage,
    assert_accessible,
)

pytestmark = pytest.mark.e2e


@pytest.fixture
def by_name(app, live_server, monkeypatch) -> str:
    """The live server as http://localhost:<port>, and the app told that is its public address."""
    address = live_server.replace("127.0.0.1", "localhost")
    monkeypatch.setitem(app.config, "PUBLIC_BASE_URL", address)
    return address


def virtual_authenticator(page) -> tuple:
    """Chromium's virtual platform authenticator (a fingerprint reader that always says yes)."""
    cdp = page.context.new_cdp_session(page)
    cdp.send("WebAuthn.enable")
    added = cdp.send(
        "WebAuthn.addVirtualAuthenticator",
        {
            "options": {
                "protocol": "ctap2",
                "transport": "internal",
                "hasResidentKey": True,
                "hasUserVerification": True,
                "isUserVerified": True,
            }
        },
    )
    return cdp, added["authenticatorId"]


def test_an_iro_makes_a_passkey_at_first_sign_in_and_signs_in_with_it(app, open_page, by_name):
    with app.app_context():
        iro = make_staff(Role.IRO, email="pat@example.org", name="Pat Passkey", second_factor=False)
    page = open_page(base_url=by_name)
    cdp, authenticator = virtual_authenticator(page)

    page.goto("/staff/caseload")
    StaffLoginPage(page).expect_open().enter_password(iro.email, PASSWORD)
    set_up = SecondFactorSetUpPage(page).arrive()
    set_up.create_passkey("Work laptop")
    codes = RecoveryCodesPage(page).arrive()
    assert len(codes.codes()) == 10
    codes.carry_on()
    CaseloadPage(page).arrive()  # where they were going
    assert len(cdp.send("WebAuthn.getCredentials", {"authenticatorId": authenticator})["credentials"]) == 1

    page.get_by_role("link", name="Sign-in security").click()
    security = page.locator("body[data-page=staff-sign-in-security]")
    expect(security).to_be_visible()
    assert_accessible(page)
    expect(page.get_by_role("cell", name="Work laptop")).to_be_visible()
    expect(page.get_by_role("cell", name="Not used yet")).to_be_visible()
    page.get_by_role("button", name="Sign out").click()

    StaffLoginPage(page).expect_open().enter_password(iro.email, PASSWORD)
    second = SecondFactorPage(page).arrive()
    second.use_passkey()
    CaseloadPage(page).expect_open()
    page.get_by_role("link", name="Sign-in security").click()
    expect(page.get_by_role("cell", name="Not used yet")).to_have_count(0)


def test_an_iro_sets_up_an_authenticator_app_and_sees_recovery_codes(app, open_page, by_name):
    with app.app_context():
        iro = make_staff(Role.IRO, email="ada@example.org", name="Ada App", second_factor=False)
    # Without JavaScript the passkey part says it needs it, and the app part works as ever.
    no_script = open_page(base_url=by_name, java_script_enabled=False)
    StaffLoginPage(no_script).open().expect_open().enter_password(iro.email, PASSWORD)
    SecondFactorSetUpPage(no_script).expect_open()
    expect(no_script.get_by_text("Passkeys need JavaScript")).to_be_visible()
    expect(no_script.get_by_role("button", name="Create a passkey")).to_be_hidden()
    expect(no_script.get_by_role("img", name="QR code for your authenticator app")).to_be_visible()

    page = open_page(base_url=by_name)
    StaffLoginPage(page).open().expect_open().enter_password(iro.email, PASSWORD)
    set_up = SecondFactorSetUpPage(page).arrive()
    totp = pyotp.TOTP(set_up.app_secret())

    set_up.confirm_app("123")
    set_up.arrive()  # the error is said kindly, and the page still passes axe
    expect(page.get_by_role("alert")).to_contain_text("That code is not right.")
    confirming = totp.now()
    set_up.confirm_app(confirming)
    codes = RecoveryCodesPage(page).arrive()
    listed = codes.codes()
    assert len(listed) == 10 and all(re.fullmatch(r"[a-z2-9]{4}-[a-z2-9]{4}-[a-z2-9]{4}", code) for code in listed)
    codes.carry_on()
    CaseloadPage(page).expect_open()

    # Next time: the password, then a code. The one that confirmed the app does not work twice.
    page.get_by_role("button", name="Sign out").click()
    StaffLoginPage(page).expect_open().enter_password(iro.email, PASSWORD)
    second = SecondFactorPage(page).arrive()
    expect(page.get_by_role("button", name="Use passkey")).to_have_count(0)  # no passkey: nothing about one
    second.enter_code(confirming)
    second.arrive()
    expect(page.get_by_role("alert")).to_contain_text("That code has already been used.")
    second.enter_code(listed[0])
    CaseloadPage(page).expect_open()
