"""Every route, enumerated from the URL map, against a policy written out here, role by role.

The policy is written twice on purpose: once in the views' decorators and once below. A wrong decorator, a
new view nobody listed, or a role that reaches a page it should not, fails these tests.

Anonymous visitors are sent to sign in (staff pages) or to the closed page (child pages); a wrong role gets
403; an IRO asking for another IRO's child gets 404; a POST without a CSRF token gets 400.
"""

from __future__ import annotations

from datetime import time, timedelta

import pytest
from flask import url_for

from participation import create_app
from participation.extensions import db
from participation.people.models import Role
from participation.platform.clock import today
from participation.reviews import scheduling
from participation.statements import intake
from participation.statements.models import Statement
from tests.conftest import login, make_child, make_staff

STAFF_ROLES = [role.value for role in Role]

PUBLIC = {
    "child.index",
    "child.open_link",
    "child.closed",
    "child.quick_exit",
    "child.help_now",
    "child.about",
    "respond.feedback_form",
    "staff.login",
    # The second step of signing in: each checks the pending sign-in itself (see test_two_factor).
    "staff.second_factor",
    "staff.second_factor_passkey",
    "staff.set_up_second_factor",
    "staff.set_up_passkey",
    "staff.reset_password",
    "health.healthz",
    "health.readyz",
    "staff.sso_start",
    "staff.sso_callback",
}
CHILD = {
    "child.unlock",
    "child.set_pin",
    "child.set_pictures",
    "child.home",
    "child.review_start",
    "child.review_step",
    "child.review_version",
    "child.review_check",
    "child.review_send",
    "child.review_sent",
    "child.review_add",
    "child.agenda",
    "child.agenda_suggested",
    "child.agenda_add",
    "child.agenda_move",
    "child.agenda_remove",
    "child.agenda_lead",
    "child.agenda_print",
    "child.chairing_tips",
    "child.new_statement",
    "child.statements",
    "child.statement",
    "child.not_safe",
    "child.not_safe_help",
    "child.safety_check",
    "child.review_feedback",
    "child.held_forms",
}
EVERY_STAFF_ROLE = {
    "staff.home",
    "staff.logout",
    "staff.change_password",
    "staff.stay_signed_in",
    "staff.sign_in_security",
    "staff.add_passkey",
    "staff.remove_passkey",
    "staff.set_up_app",
    "staff.remove_app",
    "staff.new_recovery_codes",
}
READ_STATEMENTS = {
    "staff.statements",
    "staff.statement",
    "staff.acknowledge_statement",
    "staff.start_statement",
    "staff.note_statement",
    "staff.outcome_statement",
}
# A child's records as a whole: found, and erased, by administrators and the participation team (for any
# child); downloaded by the child's IRO and the participation team.
RECORDS = {"staff.find_child_records", "staff.child_records", "staff.erase_child"}
EXPORTS = {"staff.child_records", "staff.subject_access", "staff.consultation_pdf", "staff.statement_pdf"}
# The retention policy and legal holds: administrators and the participation team.
RETENTION = {"staff.retention", "staff.place_legal_hold", "staff.lift_legal_hold"}
FIGURES = {
    "staff.statistics_page",
    "staff.statistics_section",
    "staff.annual_report",
    "staff.annual_report_download",
    "staff.export_table",
    "staff.overview",
    "staff.national_return",
    "staff.export_national_return",
}
# What each role may open, besides the pages every member of staff has.
ROLE_PAGES = {
    Role.ADMIN: RETENTION
    | RECORDS
    | {
        "staff.users",
        "staff.new_user",
        "staff.edit_user",
        "staff.reset_user_password",
        "staff.reset_second_factor",
        "staff.audit_trail",
        "staff.languages",
    },
    Role.IRO: READ_STATEMENTS
    | EXPORTS
    | {
        "staff.caseload",
        "staff.new_child",
        "staff.child_detail",
        "staff.edit_child",
        "staff.new_link",
        "staff.email_link",
        "staff.reset_child_secret",
        "staff.new_review",
        "staff.edit_review",
        "staff.cancel_review",
        "staff.upcoming_reviews",
        "staff.read_consultation",
        "staff.consultation_summary",
        "staff.record_outcome",
        "staff.feedback_links",
        "staff.my_feedback",
    },
    Role.PARTICIPATION: READ_STATEMENTS
    | FIGURES
    | RETENTION
    | RECORDS
    | EXPORTS
    | {"staff.pass_on_statement", "staff.problem_log", "staff.export_problem_log"},
    Role.MANAGER: FIGURES,
    Role.SOCIAL_WORKER: READ_STATEMENTS,
    Role.TEAM_MANAGER: READ_STATEMENTS,
}
# Pages about one child's records: reached by a role, but this child belongs to another IRO (or was not sent
# to this person), so they answer 404 as if it did not exist.
SOMEONE_ELSES = {"child_id", "review_id", "statement_id"}
# ... except where a role reaches every child's: the records page and erasure (for subject access and erasure
# requests), one statement as a PDF for the participation team.
EVERY_CHILDS = {
    Role.ADMIN: {"staff.child_records", "staff.erase_child"},
    Role.PARTICIPATION: {"staff.child_records", "staff.erase_child", "staff.statement_pdf"},
}


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
        child_b = db.session.merge(make_child(iro_b, preferred_name="Bea"))
        review_b = scheduling.schedule(
            child_b, today() + timedelta(days=5), time(10, 0), "subsequent", db.session.merge(iro_b)
        )
        child_a = make_child(people[Role.IRO], preferred_name="Ana")
        # Something child B sent to IRO B: only IRO B (and the participation team) may open it.
        sent_b = Statement(kind="problem", words="Only for IRO B", resolution="informal")
        intake.store(sent_b, child_b, ["iro"], page_locale="en")
        db.session.commit()
        return {
            "people": people,
            "values": {
                "child_id": child_b.id,
                "review_id": review_b.id,
                "user_id": iro_b.id,
                "token": "x" * 43,
                "slug": "feeling",
                "item_id": 1,
                "passkey_id": 1,
                "statement_id": sent_b.id,
                "role": "iro",
                "fmt": "csv",
                "key": "participation-codes",
                "section": "took-part",
                "kind": "docx",
            },
            "own_child": child_a.id,
        }


def url_of(app, rule, values) -> str:
    with app.test_request_context():
        return url_for(rule.endpoint, **{name: values[name] for name in rule.arguments})


def test_the_policy_lists_every_view_and_nothing_else(app):
    listed = PUBLIC | CHILD | EVERY_STAFF_ROLE | set().union(*ROLE_PAGES.values())
    assert {rule.endpoint for rule in app_rules(app)} == listed


@pytest.fixture
def open_app(app, app_config):
    """The same app with CSRF checks off, so POST routes reach their access checks."""
    return create_app({**app_config, "WTF_CSRF_ENABLED": False})


def test_anonymous_visitors_are_sent_to_sign_in_or_the_closed_page(open_app, world):
    client = open_app.test_client()
    for rule in app_rules(open_app):
        response = client.open(url_of(open_app, rule, world["values"]), method=method_for(rule))
        if rule.endpoint in PUBLIC:
            assert response.status_code in (200, 302, 303, 404), rule.rule
        elif rule.endpoint in CHILD:
            assert response.status_code == 302, rule.rule
            assert "/me/closed" in response.headers["Location"], rule.rule
        else:
            # A form sent while signed out is answered "see other" (sign in, then back to the form's page).
            assert response.status_code == (303 if method_for(rule) == "POST" else 302), rule.rule
            assert "/staff/login" in response.headers["Location"], rule.rule


@pytest.mark.parametrize("role", STAFF_ROLES)
def test_each_role_reaches_only_its_own_pages(open_app, world, role):
    client = open_app.test_client()
    assert login(client, f"{role}@example.org").status_code == 302
    allowed = EVERY_STAFF_ROLE | ROLE_PAGES[Role(role)]
    for rule in app_rules(open_app):
        if rule.endpoint in PUBLIC | CHILD or rule.endpoint == "staff.logout":
            continue
        response = client.open(url_of(open_app, rule, world["values"]), method=method_for(rule))
        if rule.endpoint not in allowed:
            assert response.status_code == 403, (role, rule.rule)
        elif (
            SOMEONE_ELSES & set(rule.arguments)
            and not ("statement_id" in rule.arguments and role == Role.PARTICIPATION)
            and rule.endpoint not in EVERY_CHILDS.get(Role(role), ())
        ):
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
        clients = [anonymous]
        if rule.endpoint not in PUBLIC | CHILD:
            clients += [
                signed_in[role] for role in STAFF_ROLES if rule.endpoint in EVERY_STAFF_ROLE | ROLE_PAGES[Role(role)]
            ]
        for client in clients:
            response = client.post(url, data={"email": "x@example.org", "password": "x"})
            assert response.status_code == 400, rule.rule
            assert "reload the page and try again" in response.get_data(as_text=True), rule.rule
