"""Admins: creating and disabling staff accounts, and reading the audit trail."""

from __future__ import annotations

from sqlalchemy import select

from participation.extensions import db
from participation.people.models import Role, StaffUser
from participation.platform.models import AuditEvent, OutboxMessage
from tests.conftest import login, make_child, make_staff, post_form


def admin_client(app):
    with app.app_context():
        admin = make_staff(Role.ADMIN, email="admin@example.org", name="Alex Admin")
    client = app.test_client()
    login(client, admin.email)
    return client, admin


def test_admin_creates_an_account_and_the_person_gets_a_one_time_link(app):
    client, _ = admin_client(app)
    response = post_form(
        client,
        "/staff/admin/users/new",
        {"name": "Nia New", "email": "Nia@Example.org", "role": "iro", "phone": "", "active": "y"},
    )
    html = response.get_data(as_text=True)
    assert "Password reset for Nia New" in html
    link = html.split('id="reset-link" value="')[1].split('"')[0]
    with app.app_context():
        person = db.session.scalar(select(StaffUser).where(StaffUser.email == "nia@example.org"))
        assert person.role == "iro"
        message = db.session.scalar(select(OutboxMessage))
        assert message.recipient == "nia@example.org" and message.sent_at is None  # queued for the person
    newcomer = app.test_client()
    post_form(
        newcomer,
        link.replace("http://localhost", ""),
        {"password": "nia's own password", "confirm": "nia's own password"},
    )
    assert login(app.test_client(), "nia@example.org", "nia's own password").status_code == 302


def test_an_email_can_only_have_one_account(app):
    client, admin = admin_client(app)
    html = post_form(
        client, "/staff/admin/users/new", {"name": "Again", "email": admin.email, "role": "iro", "active": "y"}
    ).get_data(as_text=True)
    assert "Someone already has an account with this email address" in html


def test_disabling_an_account_ends_its_sessions(app):
    client, _ = admin_client(app)
    with app.app_context():
        person = make_staff(Role.IRO, email="leaver@example.org", name="Lee Leaver")
    their_client = app.test_client()
    login(their_client, person.email)
    assert their_client.get("/staff/caseload").status_code == 200
    post_form(
        client,
        f"/staff/admin/users/{person.id}",
        {"name": "Lee Leaver", "email": person.email, "role": "iro", "phone": ""},
    )  # "active" unticked
    assert their_client.get("/staff/caseload").status_code == 302
    assert login(app.test_client(), person.email).status_code == 401
    assert "Disabled" in client.get("/staff/admin/users").get_data(as_text=True)


def test_admins_cannot_lock_themselves_out(app):
    client, admin = admin_client(app)
    html = post_form(
        client,
        f"/staff/admin/users/{admin.id}",
        {"name": admin.name, "email": admin.email, "role": "iro", "active": "y"},
    ).get_data(as_text=True)
    assert "You cannot disable your own account" in html


def test_the_audit_trail_shows_who_opened_which_child_and_never_their_words(app, iro, iro_client):
    with app.app_context():
        child = make_child(iro, preferred_name="Secretname")
    iro_client.get(f"/staff/children/{child.id}")
    client, _ = admin_client(app)
    html = client.get(f"/staff/admin/audit?child={child.id}").get_data(as_text=True)
    assert "Opened a child&#39;s record" in html or "Opened a child's record" in html
    assert iro.name in html
    assert "Secretname" not in html
    with app.app_context():
        assert db.session.scalar(select(AuditEvent).where(AuditEvent.child_id == child.id)).actor_id == iro.id


def test_the_audit_trail_is_paginated(app, iro):
    with app.app_context():
        for _ in range(120):
            db.session.add(AuditEvent(action="staff.login", actor_id=iro.id))
        db.session.commit()
    client, _ = admin_client(app)
    first = client.get("/staff/admin/audit").get_data(as_text=True)
    assert "Page 1 of 3" in first
    assert first.count("<tr>") == 51  # 50 rows and the header
    assert "Page 3 of 3" in client.get("/staff/admin/audit?page=3").get_data(as_text=True)
