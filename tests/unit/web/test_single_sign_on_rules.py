"""Single sign-on's settings, and which ID tokens count as a second factor."""

import pytest
from flask import Flask

from participation.settings import ConfigError, load
from participation.web.staff.sso import second_factor_asserted


def test_single_sign_on_is_off_unless_configured(monkeypatch, tmp_path):
    monkeypatch.setenv("APP_ENV", "development")
    monkeypatch.delenv("OIDC_ISSUER", raising=False)
    config = load(str(tmp_path))
    assert config["OIDC_ISSUER"] == ""
    assert config["OIDC_REQUIRE_MFA"] is True and config["OIDC_TRUST_EMAIL_CLAIM"] is False


def test_half_configured_single_sign_on_stops_the_app_starting(monkeypatch, tmp_path):
    monkeypatch.setenv("APP_ENV", "development")
    monkeypatch.setenv("OIDC_ISSUER", "https://login.microsoftonline.com/tenant/v2.0")
    monkeypatch.setenv("OIDC_CLIENT_ID", "app")
    monkeypatch.delenv("OIDC_CLIENT_SECRET", raising=False)
    with pytest.raises(ConfigError, match="OIDC_CLIENT_SECRET"):
        load(str(tmp_path))


def test_the_values_that_count_as_a_second_factor_are_read_with_commas_or_spaces(monkeypatch, tmp_path):
    monkeypatch.setenv("APP_ENV", "development")
    monkeypatch.setenv("OIDC_MFA_AMR", "mfa, hwk  otp")
    assert load(str(tmp_path))["OIDC_MFA_AMR"] == ("mfa", "hwk", "otp")


@pytest.mark.parametrize(
    ("claims", "counts"),
    [
        ({"amr": ["pwd", "mfa"]}, True),
        ({"amr": ["pwd", "ngcmfa"]}, True),  # Entra ID, Windows Hello for Business
        ({"amr": "mfa"}, True),  # one value, not in a list
        ({"amr": ["pwd"]}, False),
        ({"amr": ["pwd", "otp"]}, False),  # not on the list: a one-time code alone may be the only factor
        ({}, False),
        ({"acr": "urn:council:loa:2"}, True),
        ({"acr": "urn:council:loa:1"}, False),
    ],
)
def test_which_id_tokens_say_a_second_factor_was_used(claims, counts):
    app = Flask(__name__)
    app.config.update(OIDC_MFA_AMR=("mfa", "ngcmfa"), OIDC_MFA_ACR=("urn:council:loa:2",))
    with app.app_context():
        assert second_factor_asserted(claims) is counts
