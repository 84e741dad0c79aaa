"""Security headers on every kind of response, and friendly error pages in the user's language."""

from __future__ import annotations

import pytest

from participation import create_app
from tests.conftest import login

HTML_PAGES = ["/", "/staff/login", "/me/closed", "/no/such/page"]


def assert_security_headers(response):
    csp = response.headers["Content-Security-Policy"]
    assert "unsafe-inline" not in csp
    for directive in (
        "default-src 'self'",
        "object-src 'none'",
        "base-uri 'none'",
        "frame-ancestors 'none'",
        "script-src 'self'",
        "style-src 'self'",
    ):
        assert directive in csp
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] == "no-referrer"
    for feature in ("geolocation=()", "camera=()", "microphone=()"):
        assert feature in response.headers["Permissions-Policy"]


@pytest.mark.parametrize("path", HTML_PAGES)
def test_pages_and_error_pages_carry_the_headers_and_are_not_cached(client, path):
    response = client.get(path)
    assert_security_headers(response)
    assert response.headers["Cache-Control"] == "no-store"


def test_static_files_carry_the_headers_and_may_be_cached(client):
    response = client.get("/static/css/app.css")
    assert response.status_code == 200
    assert_security_headers(response)
    assert "no-store" not in response.headers["Cache-Control"]


def test_no_inline_script_or_style_in_pages(client):
    html = client.get("/staff/login").get_data(as_text=True)
    assert "<style" not in html and " style=" not in html
    assert "<script>" not in html and "<script src=" in html


def test_hsts_and_secure_cookies_outside_development(app_config, monkeypatch):
    app = create_app({**app_config, "APP_ENV": "production"})
    assert app.config["SESSION_COOKIE_SECURE"] is True
    assert app.config["SESSION_COOKIE_HTTPONLY"] is True
    assert app.config["SESSION_COOKIE_SAMESITE"] == "Lax"
    response = app.test_client().get("/staff/login", base_url="https://localhost")
    assert "max-age=31536000" in response.headers["Strict-Transport-Security"]
    cookie = response.headers["Set-Cookie"]
    assert "Secure" in cookie and "HttpOnly" in cookie and "__Host-" in cookie


def test_cookies_in_testing_are_http_only_and_same_site(client):
    response = client.get("/staff/login")
    cookie = response.headers["Set-Cookie"]
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie


def test_production_refuses_to_start_without_a_secret_key(app_config, monkeypatch):
    from participation.settings import ConfigError

    monkeypatch.delenv("SECRET_KEY", raising=False)
    config = {key: value for key, value in app_config.items() if key != "SECRET_KEY"}
    with pytest.raises(ConfigError):
        create_app({**config, "APP_ENV": "production"})


def test_friendly_404_in_arabic(client):
    response = client.get("/nowhere?lang=ar")
    assert response.status_code == 404
    html = response.get_data(as_text=True)
    assert 'dir="rtl"' in html
    assert "Page not found" not in html


def test_too_large_a_request_gets_a_friendly_413(client):
    response = client.post("/staff/login", data={"email": "x" * (300 * 1024)})
    assert response.status_code == 413
    assert "too large" in response.get_data(as_text=True)


def test_a_crash_shows_a_reference_and_no_stack_trace(app, client, monkeypatch, caplog):
    from participation.web.staff import auth

    def explode(*args, **kwargs):
        raise RuntimeError("database on fire")

    monkeypatch.setattr(auth.accounts, "authenticate", explode)
    response = login(client, "someone@example.org")
    html = response.get_data(as_text=True)
    assert response.status_code == 500
    assert "Sorry, something went wrong on our side" in html
    assert "database on fire" not in html and "Traceback" not in html
    reference = html.split("give this reference: ")[1].split("<")[0].strip()
    assert reference == response.headers["X-Request-ID"]  # the request's id, on each of its log lines
    assert reference in caplog.text


def test_forbidden_page_is_friendly(app, client):
    from participation.people.models import Role
    from tests.conftest import make_staff

    with app.app_context():
        manager = make_staff(Role.MANAGER, email="m@example.org")
    login(client, manager.email)
    response = client.get("/staff/caseload")
    assert response.status_code == 403
    assert "You cannot open this page" in response.get_data(as_text=True)
