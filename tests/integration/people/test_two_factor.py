"""Staff two-factor sign-in: a right password opens nothing until a second factor is proven (or, for an account
with none, set up); codes work once; recovery codes once each; an administrator's reset; the sign-in security
page. Passkeys in a real browser are in tests/e2e/test_two_factor.py."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

import pyotp
import pytest
import time_machine
from sqlalchemy import select

from participation.extensions import db
from participation.people import second_factor as factors
from participation.people.models import Role, StaffRecoveryCode, StaffUser
from participation.platform.crypto import decrypt_text, encrypt_text
from participation.platform.models import AuditEvent, AuthSession
from tests.conftest import (
    PASSWORD,
    RECOVERY_CODES,
    TEST_APP_SECRET,
    csrf_from,
    login,
    make_staff,
    post_form,
    second_factor_code,
)

CODE_STEP = "/staff/login/code"
SET_UP = "/staff/login/set-up"


def password_only(client, email: str, url: str = "/staff/login"):
    """The first step alone: the right password."""
    return post_form(client, url, {"email": email, "password": PASSWORD}, form_page=url)


def send_code(client, code: str, url: str = CODE_STEP, form_page: str | None = None):
    return post_form(client, url, {"code": code}, form_page=form_page)


def signed_in(client) -> bool:
    return client.get("/staff/security").status_code == 200


def staff_row(app, user_id: int) -> StaffUser:
    with app.app_context():
        return db.session.get(StaffUser, user_id)


def actions(app) -> list[tuple[str, int | None, str | None]]:
    with app.app_context():
        return [
            (event.action, event.actor_id, event.detail)
            for event in db.session.scalars(select(AuditEvent).order_by(AuditEvent.id))
        ]


def test_a_right_password_alone_opens_no_staff_page(app, client, iro):
    response = password_only(client, iro.email)
    assert response.status_code == 302 and response.headers["Location"].startswith(CODE_STEP)
    for path in ("/staff/", "/staff/caseload", "/staff/security", "/staff/password"):
        refused = client.get(path)
        assert refused.status_code == 302 and "/staff/login?" in refused.headers["Location"], path
    with app.app_context():
        assert db.session.scalars(select(AuthSession)).all() == []
        assert "staff.login" not in [action for action, _, _ in actions(app)]
    page = client.get(CODE_STEP).get_data(as_text=True)
    assert "Check it is you" in page and 'autocomplete="one-time-code"' in page


def test_the_second_step_without_a_password_first_goes_back_to_sign_in(client, iro):
    for path in (CODE_STEP, SET_UP):
        response = client.get(path + "?next=/staff/caseload")
        assert response.status_code == 302
        assert response.headers["Location"] == "/staff/login?next=/staff/caseload"


def test_the_app_code_signs_in_and_is_audited(app, client, iro):
    password_only(client, iro.email)
    response = send_code(client, pyotp.TOTP(TEST_APP_SECRET).now())
    assert response.status_code == 302 and response.headers["Location"] == "/staff/"
    assert signed_in(client)
    assert ("staff.login", iro.id, "password+app") in actions(app)


def test_a_wrong_code_is_refused_kindly_and_counts_toward_the_pause(app, client, iro):
    password_only(client, iro.email)
    wrong = send_code(client, "000000" if pyotp.TOTP(TEST_APP_SECRET).now() != "000000" else "111111")
    assert wrong.status_code == 401
    html = wrong.get_data(as_text=True)
    assert "That code is not right. Check it and try again." in html
    assert not signed_in(client)
    assert staff_row(app, iro.id).failed_sign_ins == 1


def test_ten_wrong_codes_pause_the_account_even_for_the_right_code(app_config, app, iro):
    from participation import create_app

    client = create_app({**app_config, "LOGIN_RATE_LIMIT": "100 per minute"}).test_client()
    start = datetime.now(UTC)
    with time_machine.travel(start, tick=False):
        password_only(client, iro.email)
        for _ in range(10):
            assert send_code(client, "not-a-code").status_code == 401
        paused = send_code(client, factors.code_at_step(TEST_APP_SECRET, factors.current_step()))
        assert paused.status_code == 429
        assert "Signing in to this account is paused for a while." in paused.get_data(as_text=True)
        assert not signed_in(client)
    assert ("staff.sign_in_paused", None, iro.email) in actions(app)


def test_the_code_step_is_rate_limited_like_sign_in(client, iro):
    password_only(client, iro.email)
    statuses = [send_code(client, "123").status_code for _ in range(11)]
    assert statuses[:10] == [401] * 10 and statuses[10] == 429


def test_a_code_already_used_is_refused(app, client, iro):
    code = factors.code_at_step(TEST_APP_SECRET, factors.current_step())
    password_only(client, iro.email)
    assert send_code(client, code).status_code == 302
    other = app.test_client()
    password_only(other, iro.email)
    replayed = send_code(other, code)
    assert replayed.status_code == 401
    assert "That code has already been used." in replayed.get_data(as_text=True)
    assert not signed_in(other)


def test_an_earlier_code_after_a_later_one_is_refused(app, client, iro):
    now = factors.current_step()
    password_only(client, iro.email)
    assert send_code(client, factors.code_at_step(TEST_APP_SECRET, now + 1)).status_code == 302
    other = app.test_client()
    password_only(other, iro.email)
    assert send_code(other, factors.code_at_step(TEST_APP_SECRET, now)).status_code == 401


def test_a_recovery_code_works_once_and_only_once(app, client, iro):
    code = RECOVERY_CODES[iro.email][0]
    password_only(client, iro.email)
    used = send_code(client, code.upper().replace("-", " "))  # typed from paper, however it is written
    assert used.status_code == 302
    page = client.get("/staff/security")
    assert page.status_code == 200 and "You used a recovery code. You have 9 left" in page.get_data(as_text=True)
    other = app.test_client()
    password_only(other, iro.email)
    assert send_code(other, code).status_code == 401
    assert not signed_in(other)
    assert ("staff.login", iro.id, "password+recovery code") in actions(app)


def test_a_recovery_code_of_someone_else_does_not_work(app, client, iro, other_iro):
    password_only(client, iro.email)
    assert send_code(client, RECOVERY_CODES[other_iro.email][0]).status_code == 401


def test_recovery_codes_are_stored_as_digests_and_the_app_secret_encrypted(app, iro):
    with app.app_context():
        stored = db.session.scalars(select(StaffRecoveryCode.code_hash)).all()
        user = db.session.get(StaffUser, iro.id)
        assert not set(stored) & set(RECOVERY_CODES[iro.email])
        assert all(re.fullmatch(r"[0-9a-f]{64}", digest) for digest in stored)
        assert TEST_APP_SECRET not in user.totp_secret_encrypted
        assert decrypt_text(user.totp_secret_encrypted) == TEST_APP_SECRET


def test_an_app_secret_encrypted_under_another_key_does_not_open(app_config, app):
    from participation import create_app

    with app.app_context():
        token = encrypt_text("JBSWY3DPEHPK3PXP")
    with create_app({**app_config, "SECRET_KEY": "another key"}).app_context():
        assert decrypt_text(token) is None
        assert decrypt_text(token[:-2] + "xx") is None


def test_an_account_with_no_second_factor_sets_one_up_before_any_page(app, client):
    with app.app_context():
        person = make_staff(Role.IRO, email="new@example.org", second_factor=False)
    response = password_only(client, person.email, url="/staff/login?next=/staff/caseload")
    assert response.status_code == 302 and response.headers["Location"].startswith(SET_UP)
    assert client.get("/staff/caseload").status_code == 302
    assert client.get(CODE_STEP).headers["Location"].startswith(SET_UP)  # no way round it
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Set up two-factor sign-in" in page and "Passkeys need JavaScript" in page
    assert 'src="data:image/svg+xml;base64,' in page  # the QR code
    written = re.search(r"data-app-secret>([A-Z2-7 ]+)</code>", page).group(1)
    secret = written.replace(" ", "")
    assert written in client.get(SET_UP).get_data(as_text=True)  # a QR code already scanned stays right

    wrong = send_code(client, "12345", url=SET_UP)
    assert wrong.status_code == 400 and "That code is not right." in wrong.get_data(as_text=True)
    assert not signed_in(client)

    codes_page = send_code(client, pyotp.TOTP(secret).now(), url=SET_UP)
    assert codes_page.status_code == 200
    html = codes_page.get_data(as_text=True)
    codes = re.findall(r"<code>([a-z0-9-]{14})</code>", html)
    assert len(codes) == 10 and len(set(codes)) == 10
    assert 'href="/staff/caseload"' in html  # where they were going
    assert client.get("/staff/caseload").status_code == 200
    assert factors.has_app(staff_row(app, person.id))
    assert [action for action, actor, _ in actions(app) if actor == person.id] == [
        "staff.app_added",
        "staff.login",
        "staff.recovery_codes_made",
    ]
    # The next sign-in asks for a code, and a recovery code from the page works.
    again = app.test_client()
    password_only(again, person.email)
    assert send_code(again, codes[3]).status_code == 302


def test_next_survives_both_steps(client, iro):
    response = password_only(client, iro.email, url="/staff/login?next=/staff/caseload%3Fsort%3Dname")
    assert response.headers["Location"].startswith(CODE_STEP)
    done = send_code(client, second_factor_code(client.application, iro.email), url=response.headers["Location"])
    assert done.headers["Location"] == "/staff/caseload?sort=name"


def test_a_pending_sign_in_ends_after_five_minutes_and_keeps_next(client, iro):
    start = datetime.now(UTC)
    with time_machine.travel(start, tick=False):
        response = password_only(client, iro.email, url="/staff/login?next=/staff/caseload")
        csrf = csrf_from(client.get(response.headers["Location"]).get_data(as_text=True))
    with time_machine.travel(start + timedelta(minutes=6), tick=False):
        late = client.post(
            response.headers["Location"],
            data={"csrf_token": csrf, "code": second_factor_code(client.application, iro.email)},
        )
        assert late.status_code == 302
        assert late.headers["Location"] == "/staff/login?next=/staff/caseload"
        assert "Signing in took too long" in client.get(late.headers["Location"]).get_data(as_text=True)
        assert not signed_in(client)


def test_a_password_reset_link_still_needs_the_second_factor(app, client, iro):
    from participation.people import staff as accounts

    with app.app_context(), app.test_request_context():
        link = accounts.issue_reset_link(db.session.get(StaffUser, iro.id))
        db.session.commit()
    response = post_form(
        client, link.replace("http://localhost", ""), {"password": "a new password!", "confirm": "a new password!"}
    )
    assert response.headers["Location"].endswith("/staff/login")
    assert not signed_in(client)
    first = post_form(client, "/staff/login", {"email": iro.email, "password": "a new password!"})
    assert first.headers["Location"].startswith(CODE_STEP)
    assert not signed_in(client)


def reset_by_admin(app, person):
    with app.app_context():
        admin = make_staff(Role.ADMIN, email="admin@example.org", name="Alex Admin")
    client = app.test_client()
    login(client, admin.email)
    page = client.get(f"/staff/admin/users/{person.id}").get_data(as_text=True)
    assert "Reset two-factor sign-in" in page
    confirm = client.get(f"/staff/admin/users/{person.id}/second-factor").get_data(as_text=True)
    assert f"Reset two-factor sign-in for {person.name}?" in confirm
    done = post_form(client, f"/staff/admin/users/{person.id}/second-factor")
    assert done.status_code == 302
    return admin, client.get(done.headers["Location"]).get_data(as_text=True)


def test_an_admin_reset_removes_every_factor_ends_sessions_and_is_audited(app, iro, iro_client):
    assert signed_in(iro_client)
    admin, page = reset_by_admin(app, iro)
    assert "They will set it up again when they next sign in." in page
    assert "Not set up yet" in page
    assert not signed_in(iro_client)  # signed out everywhere
    with app.app_context():
        user = db.session.get(StaffUser, iro.id)
        assert not factors.has_second_factor(user) and user.totp_secret_encrypted is None
        assert factors.recovery_codes_left(user) == 0
    assert ("staff.second_factor_reset", admin.id, f"staff {iro.id}") in actions(app)
    # The old recovery codes and app open nothing; the next sign-in sets up a new factor.
    client = app.test_client()
    assert password_only(client, iro.email).headers["Location"].startswith(SET_UP)
    tried = send_code(client, RECOVERY_CODES[iro.email][0], form_page=SET_UP)
    assert tried.headers["Location"].startswith(SET_UP)


def test_only_an_admin_may_reset_someone_elses_second_factor(iro_client, other_iro):
    assert iro_client.get(f"/staff/admin/users/{other_iro.id}/second-factor").status_code == 403


def test_new_recovery_codes_stop_the_old_ones(app, iro, iro_client):
    old = list(RECOVERY_CODES[iro.email])
    page = post_form(iro_client, "/staff/security/recovery-codes", form_page="/staff/security")
    new = re.findall(r"<code>([a-z0-9-]{14})</code>", page.get_data(as_text=True))
    assert len(new) == 10 and not set(new) & set(old)
    assert ("staff.recovery_codes_made", iro.id, None) in actions(app)
    client = app.test_client()
    password_only(client, iro.email)
    assert send_code(client, old[0]).status_code == 401
    assert send_code(client, new[0]).status_code == 302


def test_the_security_page_never_removes_the_last_factor(app, iro, iro_client):
    page = iro_client.get("/staff/security").get_data(as_text=True)
    assert "Your authenticator app is set up." in page and "You have 10 unused recovery codes." in page
    assert "Remove the authenticator app" not in page  # the only factor
    refused = post_form(iro_client, "/staff/security/app/remove", form_page="/staff/security")
    assert "you always need one way to sign in" in iro_client.get(refused.headers["Location"]).get_data(as_text=True)
    assert factors.has_app(staff_row(app, iro.id))


def test_replacing_the_app_keeps_the_old_one_until_the_new_one_is_confirmed(app, iro, iro_client):
    page = iro_client.get("/staff/security/app").get_data(as_text=True)
    assert "Replace your authenticator app" in page
    secret = re.search(r"data-app-secret>([A-Z2-7 ]+)</code>", page).group(1).replace(" ", "")
    assert secret != TEST_APP_SECRET
    assert post_form(iro_client, "/staff/security/app", {"code": "000000"}).status_code in (400,)
    with app.app_context():
        assert factors.app_secret(db.session.get(StaffUser, iro.id)) == TEST_APP_SECRET
    done = post_form(iro_client, "/staff/security/app", {"code": pyotp.TOTP(secret).now()})
    assert done.status_code == 302
    with app.app_context():
        assert factors.app_secret(db.session.get(StaffUser, iro.id)) == secret
    assert ("staff.app_added", iro.id, "replaced") in actions(app)


@pytest.mark.parametrize("path", [CODE_STEP, SET_UP])
def test_a_disabled_account_cannot_finish_signing_in(app, client, path):
    with app.app_context():
        person = make_staff(Role.IRO, email="p@example.org", second_factor=path == CODE_STEP)
    response = password_only(client, person.email)
    with app.app_context():
        db.session.get(StaffUser, person.id).active = False
        db.session.commit()
    assert client.get(response.headers["Location"]).headers["Location"].startswith("/staff/login")


def test_demo_accounts_sign_in_with_the_code_flask_staff_code_shows_in_development_only(app_config, app):
    from participation import create_app
    from participation.demo import DEMO_PASSWORD

    development = create_app({**app_config, "APP_ENV": "development"})
    loaded = development.test_cli_runner().invoke(args=["demo-data"])
    assert loaded.exit_code == 0 and "staff-code EMAIL" in loaded.output
    refused = app.test_cli_runner().invoke(args=["staff-code", "iro.one@example.org"])
    assert refused.exit_code != 0 and "APP_ENV=development" in refused.output
    shown = development.test_cli_runner().invoke(args=["staff-code", "iro.one@example.org"])
    assert shown.exit_code == 0
    code = shown.output.split()[0]
    client = development.test_client()
    post_form(client, "/staff/login", {"email": "iro.one@example.org", "password": DEMO_PASSWORD})
    assert send_code(client, code).headers["Location"] == "/staff/"


def test_a_forged_passkey_answer_is_refused_and_counted(app, client):
    import html
    import json

    from participation.people.models import StaffPasskey

    with app.app_context():
        person = make_staff(Role.IRO, email="key@example.org", second_factor=False)
        db.session.add(StaffPasskey(staff_id=person.id, credential_id=b"k" * 16, public_key=b"\x00", name="Laptop"))
        db.session.commit()
    assert password_only(client, person.email).headers["Location"].startswith(CODE_STEP)
    page = client.get(CODE_STEP).get_data(as_text=True)
    assert "Use your passkey" in page and "Use a recovery code" in page
    options = json.loads(html.unescape(re.search(r'data-options="([^"]+)"', page).group(1)))
    assert options["rpId"] == "localhost" and options["allowCredentials"][0]["id"] == "a2tra2tra2tra2tra2traw"
    forged = json.dumps({"id": "a2tra2tra2tra2tra2traw", "rawId": "a2tra2tra2tra2tra2traw", "type": "public-key"})
    response = post_form(client, "/staff/login/passkey", {"credential": forged}, form_page=CODE_STEP)
    assert response.headers["Location"].startswith(CODE_STEP)
    assert "That passkey did not work." in client.get(response.headers["Location"]).get_data(as_text=True)
    assert not signed_in(client)
    assert staff_row(app, person.id).failed_sign_ins == 1
