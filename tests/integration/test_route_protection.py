"""Every route, enumerated from the URL map, is protected as declared.

Anonymous visitors are sent to sign in (staff pages) or to the closed page (child pages); a wrong
role gets 403; an IRO asking for another IRO's child gets 404; a POST without a CSRF token gets 400.
"""

from __future__ import annotations

from datetime import time, timedelta

import pytest
from flask import url_for

from participation import create_app, reviews, statements
from participation.extensions import db
from participation.models import Role, Statement
from participation.security import Access
from tests.conftest import login, make_child, make_staff

STAFF_ROLES = [role.value for role in Role]


def app_rules(app):
    return [rule for rule in app.url_map.iter_rules() if rule.endpoint != "static"]


def method_for(rule) -> str:
    return "GET" if "GET" in rule.methods else "POST"


@pytest.fixture
def world(app):
    """Two IROs; a child and a review belonging to IRO B; one member of staff of every role."""
    with app.app_context():
        people = {role: make_staff(role, email=f"{role}@example.org") for role in STAFF_ROLES}
        iro_b = make_staff(Role.IRO, email="iro.b@example.org")
        child_b = make_child(iro_b, preferred_name="Bea")
        review_b = reviews.schedule(db.session.merge(child_b), reviews.to_local(reviews.utcnow()).date() + timedelta(days=5),
                                    time(10, 0), "subsequent", iro_b)
        child_a = make_child(people[Role.IRO], preferred_name="Ana")
        # Something child B sent to IRO B: only IRO B (and the participation team) may open it.
        sent_b = Statement(kind=statements.PROBLEM, words="Only for IRO B", resolution="informal")
        statements.store(sent_b, db.session.merge(child_b), ["iro"], page_locale="en")
        db.session.commit()
        return {
            "people": people,
            "values": {"child_id": child_b.id, "review_id": review_b.id, "user_id": iro_b.id, "token": "x" * 43,
                       "slug": "feeling", "item_id": 1, "statement_id": sent_b.id, "role": "iro", "fmt": "csv",
                       "key": "participation-codes"},
            "own_child": child_a.id,
        }


def url_of(app, rule, values) -> str:
    with app.test_request_context():
        return url_for(rule.endpoint, **{name: values[name] for name in rule.arguments})


def test_every_view_declares_who_may_open_it(app):
    undeclared = [rule.rule for rule in app_rules(app)
                  if not isinstance(getattr(app.view_functions[rule.endpoint], "access", None), Access)]
    assert undeclared == []


@pytest.fixture
def open_app(app, app_config):
    """The same app with CSRF checks off, so POST routes reach their access checks."""
    return create_app({**app_config, "WTF_CSRF_ENABLED": False})


def test_anonymous_visitors_are_sent_to_sign_in_or_the_closed_page(open_app, world):
    client = open_app.test_client()
    for rule in app_rules(open_app):
        access = open_app.view_functions[rule.endpoint].access
        response = client.open(url_of(open_app, rule, world["values"]), method=method_for(rule))
        if access.kind == "staff":
            assert response.status_code == 302, rule.rule
            assert "/staff/login" in response.headers["Location"], rule.rule
        elif access.kind == "child":
            assert response.status_code == 302, rule.rule
            assert "/me/closed" in response.headers["Location"], rule.rule
        else:
            assert response.status_code in (200, 302, 303, 404), rule.rule


@pytest.mark.parametrize("role", STAFF_ROLES)
def test_each_role_reaches_only_its_own_pages(open_app, world, role):
    client = open_app.test_client()
    assert login(client, f"{role}@example.org").status_code == 302
    for rule in app_rules(open_app):
        access = open_app.view_functions[rule.endpoint].access
        if access.kind != "staff" or rule.endpoint == "staff.logout":
            continue
        response = client.open(url_of(open_app, rule, world["values"]), method=method_for(rule))
        allowed = not access.roles or role in access.roles
        if not allowed:
            assert response.status_code == 403, (role, rule.rule)
        elif {"child_id", "review_id"} & set(rule.arguments) or (
                "statement_id" in rule.arguments and role != Role.PARTICIPATION):
            # This child belongs to another IRO, and what they sent went to that IRO only.
            assert response.status_code == 404, (role, rule.rule)
        else:
            # Reached: whatever the (empty) request gets, it is not a refusal or a crash.
            assert response.status_code not in (401, 403, 404) and response.status_code < 500, (role, rule.rule)


def test_iro_gets_404_for_another_iros_child_but_reaches_their_own(open_app, world):
    client = open_app.test_client()
    login(client, "iro@example.org")
    assert client.get(f"/staff/children/{world['values']['child_id']}").status_code == 404
    assert client.get(f"/staff/children/{world['own_child']}").status_code == 200
    assert client.get(f"/staff/children/{world['own_child']}/edit").status_code == 200
    missing = client.get("/staff/children/999999")
    assert missing.status_code == 404


def test_every_post_without_a_csrf_token_is_refused(app, world):
    anonymous = app.test_client()
    signed_in = {role: app.test_client() for role in STAFF_ROLES}
    for role, client in signed_in.items():
        login(client, f"{role}@example.org")
    post_rules = [rule for rule in app_rules(app) if "POST" in rule.methods]
    assert len(post_rules) >= 10
    for rule in post_rules:
        url = url_of(app, rule, world["values"])
        access = app.view_functions[rule.endpoint].access
        clients = [anonymous]
        if access.kind == "staff":
            clients += [signed_in[role] for role in (access.roles or STAFF_ROLES)]
        for client in clients:
            response = client.post(url, data={"email": "x@example.org", "password": "x"})
            assert response.status_code == 400, rule.rule
            assert "reload the page and try again" in response.get_data(as_text=True), rule.rule
