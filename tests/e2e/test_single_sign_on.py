"""Single sign-on end to end in Chromium: an IRO presses "Sign in with Test Council ID" on the sign-in page
(checked by axe-core with the button on it), signs in on the test OpenID provider's own form
(tests/openid_provider.py), and lands on their caseload."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from participation import create_app
from participation.extensions import db
from participation.people.models import Role, StaffUser
from tests.conftest import make_child, make_staff
from tests.openid_provider import running_provider

from .pages import BasePage, CaseloadPage, StaffLoginPage

pytestmark = pytest.mark.e2e


@pytest.fixture(scope="module")
def provider(tmp_path_factory, live_url):
    with running_provider(tmp_path_factory.mktemp("oidc"), f"{live_url}/staff/sso/callback") as provider:
        yield provider


@pytest.fixture(scope="module")
def shared_app(_schema, app_config, provider):
    """The browser tests' app, offering single sign-on with the test provider."""
    return create_app({**app_config, **provider.settings("Test Council ID")})


class ProviderSignInPage(BasePage):
    """The test provider's own sign-in form (not a page of this app)."""

    def sign_in(self, login: str) -> None:
        self.page.get_by_placeholder("Enter any login").fill(login)
        self.page.get_by_placeholder("and password").fill("anything")
        self.page.get_by_role("button", name="Sign-in").click()


def allow_the_provider(page: Page, issuer: str) -> None:
    """Let the browser reach the provider, which the tests' browser otherwise refuses as an outside address.
    Routes added later are asked first. The provider's page asks Google for a font: refused, quietly, as that
    page is not this app's."""
    page.context.route(f"{issuer}/**", lambda route: route.continue_())
    page.context.route("https://fonts.googleapis.com/**", lambda route: route.abort())


def test_an_iro_signs_in_with_the_councils_identity_provider_and_lands_on_their_caseload(app, open_page, provider):
    with app.app_context():
        iro = make_staff(Role.IRO, email="ida.iro@council.example", name="Ida Iro")
        make_child(db.session.get(StaffUser, iro.id), preferred_name="Robin")
    page = open_page()
    allow_the_provider(page, provider.issuer)

    login = StaffLoginPage(page).open().arrive()
    login.page.get_by_role("link", name="Sign in with Test Council ID").click()
    page.wait_for_url(f"{provider.issuer}/interaction/**")  # at the provider, on its own sign-in form
    ProviderSignInPage(page).sign_in("Ida.Iro@council.example")

    caseload = CaseloadPage(page).arrive()
    expect(caseload.child_link("Robin")).to_be_visible()
    expect(page.get_by_role("button", name="Sign out")).to_be_visible()
