"""Single sign-on against a real OpenID provider on loopback (tests/openid_provider.py).

The app under test talks to the provider over HTTP for discovery, its keys and the token endpoint, as it would
to Entra ID; the person's side of the provider (its sign-in form) is driven with urllib.
"""

from __future__ import annotations

import re
from html import unescape
from urllib.parse import parse_qsl, urlencode, urlsplit

import pytest
from sqlalchemy import func, select

from participation import create_app
from participation.extensions import db
from participation.people.models import Role, StaffUser
from participation.platform.models import AuditEvent
from tests.conftest import free_port, make_child, make_staff
from tests.openid_provider import running_provider

CALLBACK = "http://localhost/staff/sso/callback"  # PUBLIC_BASE_URL of the test apps, and the test client's host


@pytest.fixture(scope="module")
def provider(tmp_path_factory):
    with running_provider(tmp_path_factory.mktemp("oidc"), CALLBACK) as provider:
        yield provider


@pytest.fixture
def sso_app(app, app_config, provider):
    """An app that offers single sign-on with the test provider (over the `app` fixture's emptied tables)."""
    provider.forget_accounts()
    return make_app(app_config, provider)


def make_app(app_config, provider, **settings):
    return create_app({**app_config, **provider.settings(), "RATELIMIT_ENABLED": False, **settings})


@pytest.fixture
def ida(app):
    with app.app_context():
        return make_staff(Role.IRO, email="Ida.Iro@Council.example", name="Ida Iro")


def start_sign_in(client, next_page: str | None = None) -> str:
    """Press "Sign in with …" on the sign-in page; returns the provider's address the browser is sent to."""
    login_page = client.get("/staff/login" + (f"?{urlencode({'next': next_page})}" if next_page else ""))
    button = re.search(r'<a class="button button--secondary" href="([^"]+)"', login_page.get_data(as_text=True))
    response = client.get(unescape(button.group(1)))
    assert response.status_code == 302
    return response.headers["Location"]


def come_back(client, address: str):
    """The browser arrives back at the app from the provider."""
    parts = urlsplit(address)
    assert f"{parts.scheme}://{parts.netloc}{parts.path}" == CALLBACK
    return client.get(f"{parts.path}?{parts.query}")


def sign_in_with_provider(client, provider, login: str, next_page: str | None = None):
    return come_back(client, provider.sign_in(start_sign_in(client, next_page), login))


def signed_in(client) -> bool:
    """Whether the client is signed in: home sends staff on to their page, and others to sign in."""
    return "/staff/login" not in client.get("/staff/").location


def staff_count(app) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(StaffUser))


def refusals(app) -> list[str]:
    with app.app_context():
        return list(db.session.scalars(select(AuditEvent.detail).where(AuditEvent.action == "staff.sso_refused")))


def test_the_button_is_offered_only_when_single_sign_on_is_configured(app, sso_app):
    plain = app.test_client().get("/staff/login").get_data(as_text=True)
    assert "Sign in with" not in plain
    assert app.test_client().get("/staff/sso/start").status_code == 404
    assert app.test_client().get("/staff/sso/callback?code=x&state=y").status_code == 404

    page = sso_app.test_client().get("/staff/login").get_data(as_text=True)
    assert "Sign in with Test Council ID" in page
    assert 'href="/staff/sso/start"' in page


def test_a_known_member_of_staff_signs_in_and_lands_on_their_own_page(sso_app, provider, ida):
    client = sso_app.test_client()
    # The provider gives the address in another case than the account has it.
    response = sign_in_with_provider(client, provider, "ida.iro@council.example")
    assert response.status_code == 302
    assert response.location == "/staff/"
    caseload = client.get("/staff/", follow_redirects=True)
    assert caseload.request.path == "/staff/caseload"  # the IRO's own page: the role comes from the app
    assert "My caseload" in caseload.get_data(as_text=True)
    with sso_app.app_context():
        event = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "staff.login"))
        assert (event.actor_id, event.detail) == (ida.id, "oidc")


def test_the_page_asked_for_before_signing_in_is_kept_across_the_round_trip(sso_app, provider, ida):
    with sso_app.app_context():
        child = make_child(db.session.get(StaffUser, ida.id), preferred_name="Sam")
    client = sso_app.test_client()
    asked_for = client.get(f"/staff/children/{child.id}")
    assert asked_for.status_code == 302 and "/staff/login" in asked_for.location
    response = sign_in_with_provider(
        client, provider, "ida.iro@council.example", next_page=f"/staff/children/{child.id}"
    )
    assert response.location == f"/staff/children/{child.id}"
    assert "Sam" in client.get(response.location).get_data(as_text=True)


def test_an_address_elsewhere_is_never_followed_after_signing_in(sso_app, provider, ida):
    client = sso_app.test_client()
    response = sign_in_with_provider(client, provider, "ida.iro@council.example", next_page="//evil.example/")
    assert response.location == "/staff/"


def test_an_unknown_email_is_refused_kindly_and_no_account_is_made(sso_app, provider, ida):
    client = sso_app.test_client()
    before = staff_count(sso_app)
    response = sign_in_with_provider(client, provider, "stranger@council.example")
    assert response.status_code == 403
    page = response.get_data(as_text=True)
    assert "There is no account for stranger@council.example here. Ask your administrator." in page
    assert staff_count(sso_app) == before
    assert not signed_in(client)
    assert refusals(sso_app) == ["no-account"]  # recorded without the address


def test_a_deactivated_account_cannot_sign_in_through_the_provider(sso_app, provider, ida):
    with sso_app.app_context():
        db.session.get(StaffUser, ida.id).active = False
        db.session.commit()
    client = sso_app.test_client()
    response = sign_in_with_provider(client, provider, "ida.iro@council.example")
    assert response.status_code == 403
    assert "There is no account for ida.iro@council.example here." in response.get_data(as_text=True)
    assert not signed_in(client)


def test_an_email_the_provider_has_not_verified_is_refused(app_config, sso_app, provider, ida):
    provider.account("ida.iro@council.example", email_verified=False)
    client = sso_app.test_client()
    response = sign_in_with_provider(client, provider, "ida.iro@council.example")
    assert response.status_code == 403
    assert "did not confirm that ida.iro@council.example is your email address" in response.get_data(as_text=True)
    assert not signed_in(client)
    assert refusals(sso_app) == ["unverified-email"]

    # A council whose provider never says (Entra ID) vouches for its tenant's addresses itself.
    trusting = make_app(app_config, provider, OIDC_TRUST_EMAIL_CLAIM=True)
    client = trusting.test_client()
    assert sign_in_with_provider(client, provider, "ida.iro@council.example").location == "/staff/"
    assert signed_in(client)


def test_a_token_without_an_email_is_refused(sso_app, provider, ida):
    provider.account("ida.iro@council.example", email=None)
    response = sign_in_with_provider(sso_app.test_client(), provider, "ida.iro@council.example")
    assert response.status_code == 403
    assert "did not give an email address" in response.get_data(as_text=True)


def test_without_a_second_factor_from_the_provider_the_password_is_needed(app_config, sso_app, provider, ida):
    provider.account("ida.iro@council.example", amr=["pwd"])
    client = sso_app.test_client()
    response = sign_in_with_provider(client, provider, "ida.iro@council.example")
    assert response.status_code == 403
    page = response.get_data(as_text=True)
    assert "did not confirm that you used a second factor" in page
    assert "Sign in with your email address and password instead" in page
    assert not signed_in(client)
    assert refusals(sso_app) == ["no-mfa"]

    # A council that does not ask the provider for it (OIDC_REQUIRE_MFA=false) lets the same sign-in through.
    relaxed = make_app(app_config, provider, OIDC_REQUIRE_MFA=False)
    assert sign_in_with_provider(relaxed.test_client(), provider, "ida.iro@council.example").location == "/staff/"


def test_a_tampered_state_is_refused(sso_app, provider, ida):
    client = sso_app.test_client()
    back = provider.sign_in(start_sign_in(client), "ida.iro@council.example")
    parts = urlsplit(back)
    query = dict(parse_qsl(parts.query))
    query["state"] = query["state"][:-2] + ("AA" if not query["state"].endswith("AA") else "BB")
    response = come_back(client, f"{parts.scheme}://{parts.netloc}{parts.path}?{urlencode(query)}")
    assert response.status_code == 400
    assert "did not finish" in response.get_data(as_text=True)
    assert not signed_in(client)


def test_an_answer_meant_for_another_browser_is_refused(sso_app, provider, ida):
    victim = sso_app.test_client()
    back = provider.sign_in(start_sign_in(victim), "ida.iro@council.example")
    # Someone else's browser (no state of its own) is made to open the answer: it signs nobody in.
    attacker = sso_app.test_client()
    response = come_back(attacker, back)
    assert response.status_code == 400
    assert not signed_in(attacker)
    # The answer works in the browser that asked for it.
    assert come_back(victim, back).location == "/staff/"


def test_cancelling_at_the_provider_brings_a_kind_page(sso_app, provider):
    client = sso_app.test_client()
    start_sign_in(client)
    response = client.get("/staff/sso/callback?error=access_denied&state=whatever")
    assert response.status_code == 400
    assert "Start again from the sign-in page" in response.get_data(as_text=True)


def test_an_id_token_from_another_issuer_than_the_one_configured_is_refused(app_config, provider, ida):
    # The same provider, configured as "…/" : its tokens say the issuer without the slash, so they are not
    # the configured issuer's.
    elsewhere = make_app(app_config, provider, OIDC_ISSUER=provider.issuer + "/")
    client = elsewhere.test_client()
    response = sign_in_with_provider(client, provider, "ida.iro@council.example")
    assert response.status_code == 400
    assert not signed_in(client)


def test_a_provider_that_cannot_be_reached_brings_a_kind_page(app_config, provider, ida):
    down = make_app(app_config, provider, OIDC_ISSUER=f"http://127.0.0.1:{free_port()}")
    response = down.test_client().get("/staff/sso/start")
    assert response.status_code == 503
    assert "cannot be reached just now" in response.get_data(as_text=True)
