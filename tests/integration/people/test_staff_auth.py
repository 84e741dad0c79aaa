"""Staff sign-in: one message for any wrong detail, rate limits, real sign-out, idle timeout, passwords."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import time_machine
from sqlalchemy import select

from participation.extensions import db
from participation.people import staff as accounts
from participation.people.models import Role, StaffUser
from participation.platform.models import AuditEvent, AuthSession, OutboxMessage
from tests.conftest import (
    PASSWORD,
    csrf_from,
    idle_all_sessions,
    login,
    make_staff,
    post_form,
)


def test_unknown_email_and_wrong_password_get_the_same_message(client, iro):
    unknown = login(client, "nobody@example.org")
    wrong = login(client, iro.email, "not the password")
    assert unknown.status_code == wrong.status_code == 401
    message = "The email address or password is not right."
    assert message in unknown.get_data(as_text=True)
    assert message in wrong.get_data(as_text=True)
    assert "nobody@example.org" in unknown.get_data(as_text=True)  # what they typed is kept


def test_email_is_matched_without_case(client, iro):
    assert login(client, iro.email.upper()).status_code == 302


def test_signing_in_starts_a_new_session(client, iro):
    client.get("/staff/login")
    with client.session_transaction() as session:
        before = dict(session)
    login(client, iro.email)
    with client.session_transaction() as session:
        assert session["sid"] != before.get("sid")
        assert session.get("csrf_token") != before.get("csrf_token")


def test_repeated_sign_in_attempts_are_rate_limited(client, iro):
    responses = [login(client, iro.email, "wrong password") for _ in range(11)]
    assert [response.status_code for response in responses[:10]] == [401] * 10
    assert responses[10].status_code == 429
    assert "Too many tries" in responses[10].get_data(as_text=True)
    # Even the right password waits until the limit has passed.
    assert login(client, iro.email).status_code == 429


def test_sign_out_ends_the_session_on_the_server(app, iro_client):
    with iro_client.session_transaction() as session:
        stolen = dict(session)
    assert iro_client.get("/staff/caseload").status_code == 200
    response = post_form(iro_client, "/staff/logout", form_page="/staff/caseload")
    assert response.status_code == 302
    assert iro_client.get("/staff/caseload").status_code == 302
    # Replaying the old cookie opens nothing: the server-side session has ended.
    replay = app.test_client()
    with replay.session_transaction() as session:
        session.update(stolen)
    response = replay.get("/staff/caseload")
    assert response.status_code == 302
    assert "/staff/login" in response.headers["Location"]
    with app.app_context():
        row = db.session.scalar(select(AuthSession).where(AuthSession.staff_id == 1).order_by(AuthSession.id.desc()))
        assert row is None or row.ended_at is not None


def test_idle_staff_sessions_end_after_30_minutes(app, iro_client):
    idle_all_sessions(app, minutes=31)
    response = iro_client.get("/staff/caseload")
    assert response.status_code == 302
    page = iro_client.get(response.headers["Location"])
    assert "signed out because you had not used the site" in page.get_data(as_text=True)


def test_a_session_used_within_30_minutes_stays_open(app, iro_client):
    idle_all_sessions(app, minutes=29)
    assert iro_client.get("/staff/caseload").status_code == 200


def test_disabled_accounts_cannot_sign_in(app, client):
    with app.app_context():
        user = make_staff(Role.IRO, email="gone@example.org")
        db.session.get(StaffUser, user.id).active = False
        db.session.commit()
    assert login(client, "gone@example.org").status_code == 401


def test_passwords_are_stored_as_argon2id_hashes(app, iro):
    with app.app_context():
        stored = db.session.get(StaffUser, iro.id).password_hash
    assert stored.startswith("$argon2id$")
    assert PASSWORD not in stored


def test_change_password_needs_the_current_one_and_ends_other_sessions(app, iro, iro_client):
    other_device = app.test_client()
    login(other_device, iro.email)
    response = post_form(
        iro_client,
        "/staff/password",
        {"current": "wrong", "password": "a brand new passphrase", "confirm": "a brand new passphrase"},
    )
    assert "Your current password is not right" in response.get_data(as_text=True)
    response = post_form(
        iro_client,
        "/staff/password",
        {"current": PASSWORD, "password": "a brand new passphrase", "confirm": "a brand new passphrase"},
    )
    assert response.status_code == 302
    assert iro_client.get("/staff/caseload").status_code == 200
    assert other_device.get("/staff/caseload").status_code == 302
    assert login(app.test_client(), iro.email, "a brand new passphrase").status_code == 302


def test_short_passwords_are_refused_and_the_form_says_why(iro_client):
    response = post_form(iro_client, "/staff/password", {"current": PASSWORD, "password": "short", "confirm": "short"})
    assert response.status_code == 200
    assert "at least 12 characters" in response.get_data(as_text=True)


def test_one_time_reset_link_works_once(app, client, iro):
    with app.app_context(), app.test_request_context():
        link = accounts.issue_reset_link(db.session.get(StaffUser, iro.id))
        db.session.commit()
        outbox = db.session.scalars(select(OutboxMessage)).all()
        assert [message.recipient for message in outbox] == [iro.email]
        assert link in outbox[0].body
    path = link.replace("http://localhost", "")
    response = post_form(client, path, {"password": "my own new password", "confirm": "my own new password"})
    assert response.status_code == 302
    assert login(app.test_client(), iro.email, "my own new password").status_code == 302
    again = client.get(path)
    assert again.status_code == 404
    assert "This link does not work" in again.get_data(as_text=True)


def test_temporary_password_must_be_changed_at_next_sign_in(app, client):
    with app.app_context():
        admin = make_staff(Role.ADMIN, email="admin@example.org")
        person = make_staff(Role.IRO, email="person@example.org")
    admin_client = app.test_client()
    login(admin_client, admin.email)
    page = post_form(
        admin_client,
        f"/staff/admin/users/{person.id}/reset",
        {"method": "temporary"},
        form_page=f"/staff/admin/users/{person.id}",
    )
    html = page.get_data(as_text=True)
    temporary = html.split('id="temporary-password" value="')[1].split('"')[0]
    assert login(client, person.email, PASSWORD).status_code == 401
    assert login(client, person.email, temporary).status_code == 302
    response = client.get("/staff/caseload")
    assert response.status_code == 302 and response.headers["Location"].endswith("/staff/password")
    with app.app_context():
        actions = db.session.scalars(select(AuditEvent.action)).all()
    assert "staff.password_reset_issued" in actions


def test_next_parameter_never_leaves_the_site(client, iro):
    response = login(client, iro.email, url="/staff/login?next=https://evil.example/")
    assert response.headers["Location"] == "/staff/"


def test_behind_a_trusted_proxy_each_visitor_has_their_own_limit(app_config, app, iro):
    from participation import create_app

    proxied = create_app({**app_config, "TRUSTED_PROXIES": 1})
    attacker, colleague = proxied.test_client(), proxied.test_client()
    for _ in range(10):
        login(attacker, "nobody@example.org", "wrong password", headers={"X-Forwarded-For": "203.0.113.9"})
    assert login(attacker, iro.email, headers={"X-Forwarded-For": "203.0.113.9"}).status_code == 429
    assert login(colleague, iro.email, headers={"X-Forwarded-For": "198.51.100.7"}).status_code == 302


def test_an_account_pauses_after_ten_wrong_passwords_from_any_number_of_addresses(app_config, app, iro):
    from participation import create_app

    proxied = create_app({**app_config, "TRUSTED_PROXIES": 1})
    client = proxied.test_client()
    start = datetime.now(UTC)
    with time_machine.travel(start, tick=False):
        for number in range(10):
            address = {"X-Forwarded-For": f"203.0.113.{number}"}
            assert login(client, iro.email, "wrong password", headers=address).status_code == 401
        # Even the right password, from a new address, waits out the pause.
        refused = login(client, iro.email, headers={"X-Forwarded-For": "198.51.100.7"})
        assert refused.status_code == 401
        assert "The email address or password is not right." in refused.get_data(as_text=True)
    with app.app_context():
        told = db.session.scalars(select(OutboxMessage).where(OutboxMessage.recipient == iro.email)).all()
        assert [message.subject for message in told] == ["Signing in to your account is paused"]
        assert "15 minutes" in told[0].body
    with time_machine.travel(start + timedelta(minutes=16), tick=False):
        assert login(client, iro.email, headers={"X-Forwarded-For": "198.51.100.7"}).status_code == 302


def test_a_right_password_starts_the_count_again(app_config, app, iro):
    from participation import create_app

    client = create_app({**app_config, "TRUSTED_PROXIES": 1}).test_client()
    for attempt in range(19):
        password = PASSWORD if attempt == 9 else "wrong password"
        expected = 302 if attempt == 9 else 401
        assert login(client, iro.email, password, headers={"X-Forwarded-For": f"203.0.113.{attempt}"}).status_code == (
            expected
        )
        if attempt == 9:
            client = create_app({**app_config, "TRUSTED_PROXIES": 1}).test_client()
    assert login(client, iro.email, headers={"X-Forwarded-For": "198.51.100.7"}).status_code == 302


def test_a_newer_reset_link_stops_the_older_one(app, client, iro):
    with app.app_context(), app.test_request_context():
        person = db.session.get(StaffUser, iro.id)
        older = accounts.issue_reset_link(person)
        newer = accounts.issue_reset_link(person)
        db.session.commit()
    assert client.get(older.replace("http://localhost", "")).status_code == 404
    path = newer.replace("http://localhost", "")
    assert post_form(
        client, path, {"password": "my own new password", "confirm": "my own new password"}
    ).status_code == (302)


def test_changing_the_password_stops_every_reset_link(app, client, iro, iro_client):
    with app.app_context(), app.test_request_context():
        link = accounts.issue_reset_link(db.session.get(StaffUser, iro.id))
        db.session.commit()
    changed = post_form(
        iro_client,
        "/staff/password",
        {"current": PASSWORD, "password": "another long password", "confirm": "another long password"},
    )
    assert changed.status_code == 302
    page = client.get(link.replace("http://localhost", ""))
    assert page.status_code == 404
    assert "This link does not work" in page.get_data(as_text=True)


def test_a_link_opened_in_two_tabs_sets_the_password_once(app, iro):
    with app.app_context(), app.test_request_context():
        link = accounts.issue_reset_link(db.session.get(StaffUser, iro.id))
        db.session.commit()
    path = link.replace("http://localhost", "")
    first, second = app.test_client(), app.test_client()
    forms = {}
    for name, tab in (("first", first), ("second", second)):
        forms[name] = csrf_from(tab.get(path).get_data(as_text=True))
    done = first.post(
        path, data={"password": "first new password", "confirm": "first new password", "csrf_token": forms["first"]}
    )
    late = second.post(
        path, data={"password": "second new password", "confirm": "second new password", "csrf_token": forms["second"]}
    )
    assert (done.status_code, late.status_code) == (302, 404)
    assert login(app.test_client(), iro.email, "first new password").status_code == 302
