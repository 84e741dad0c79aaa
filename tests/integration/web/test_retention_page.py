"""The retention page (administrators and the participation team): the policy with what is due now, the last
runs, and legal holds set and lifted with a reason (audited); the IRO records the day a child left care."""

from __future__ import annotations

from datetime import date, timedelta
from html import unescape

import pytest
from sqlalchemy import select

from participation.extensions import db
from participation.jobs import retention
from participation.people.models import Child, Role
from participation.platform.clock import today, utcnow
from participation.platform.models import AuditEvent
from tests.conftest import csrf_from, idle_all_sessions, login, make_child, make_staff, staff_client
from tests.integration.people.test_kept_staff_forms import form_on

PAGE = "/staff/admin/retention"


@pytest.fixture
def officer(app):
    with app.app_context():
        return make_staff(Role.PARTICIPATION, email="pat@example.org", name="Pat Officer")


@pytest.fixture
def children(app, iro):
    with app.app_context():
        return {
            "kai": make_child(iro, preferred_name="Kai", case_reference="CR-100").id,
            "mo": make_child(iro, preferred_name="Mo", case_reference="CR-200").id,
        }


def post(client, url: str, data: dict):
    token = csrf_from(client.get(PAGE).get_data(as_text=True))
    return client.post(url, data={"csrf_token": token, **data})


def test_an_administrator_reads_the_policy_what_is_due_and_the_last_run(app, iro, children):
    with app.app_context():
        make_staff(Role.ADMIN, email="admin@example.org")
        db.session.add(
            AuditEvent(action="child.viewed", child_id=children["kai"], occurred_at=utcnow() - timedelta(days=3000))
        )
        db.session.commit()
    client = staff_client(app, "admin@example.org")
    html = unescape(client.get(PAGE).get_data(as_text=True))
    assert "consultations and agendas" in html and "730 days" in html
    assert "the day the review was held" in html and "Anonymised" in html
    assert "Audit trail" in html and "2557 days" in html
    assert "The retention job has not run yet." in html
    assert "No child's records are on legal hold." in html
    with app.app_context():
        retention.run()
    html = unescape(client.get(PAGE).get_data(as_text=True))
    assert "Run on" in html and "Audit trail: 1 deleted" in html


def test_the_participation_team_puts_a_hold_on_a_child_and_lifts_it_with_reasons(app, officer, children):
    client = staff_client(app, officer.email)
    response = post(client, f"{PAGE}/holds", {"reference": "CR-100", "reason": "Claim 2026/17 (solicitors' letter)"})
    assert response.status_code == 303
    html = unescape(client.get(response.headers["Location"]).get_data(as_text=True))
    assert "records are on legal hold: nothing about them will be deleted" in html
    assert "1 child on legal hold" in html and "Claim 2026/17 (solicitors' letter)" in html and "Pat Officer" in html
    with app.app_context():
        kai = db.session.get(Child, children["kai"])
        assert kai.on_legal_hold and not db.session.get(Child, children["mo"]).on_legal_hold
        event = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "child.legal_hold_set"))
        assert (event.actor_id, event.child_id) == (officer.id, kai.id)

    # A second hold is refused, kindly, keeping the reason typed.
    again = post(client, f"{PAGE}/holds", {"reference": str(children["kai"]), "reason": "Another claim"})
    assert again.status_code == 409
    assert "already on legal hold" in again.get_data(as_text=True)

    # Lifting needs a reason too.
    lift = f"{PAGE}/holds/{children['kai']}/lift"
    prefix = f"lift-{children['kai']}"
    empty = post(client, lift, {f"{prefix}-reason": ""})
    assert empty.status_code == 400 and "Say why the hold is lifted" in empty.get_data(as_text=True)
    lifted = post(client, lift, {f"{prefix}-reason": "Claim settled"})
    assert lifted.status_code == 303
    assert "has been lifted" in client.get(PAGE).get_data(as_text=True)
    with app.app_context():
        assert not db.session.get(Child, children["kai"]).on_legal_hold
        event = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "child.legal_hold_lifted"))
        assert event.detail == "Claim settled"
    assert post(client, lift, {f"{prefix}-reason": "Again"}).status_code == 404  # nothing left to lift


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"reference": "CR-999", "reason": "Inquiry"}, "No child has that case reference or record number."),
        ({"reference": "CR-100", "reason": ""}, "Say why the records are held"),
        ({"reference": "", "reason": "Inquiry"}, "Enter the child's case reference or record number"),
        ({"reference": "CR-100", "reason": "x" * 501}, "Keep the reason to 500 characters or fewer"),
    ],
)
def test_a_hold_that_cannot_be_set_says_why_and_keeps_what_was_typed(app, officer, children, data, message):
    client = staff_client(app, officer.email)
    response = post(client, f"{PAGE}/holds", data)
    html = unescape(response.get_data(as_text=True))
    assert response.status_code == 400 and "There is a problem" in html and message in html
    for typed in data.values():
        assert typed in html
    with app.app_context():
        assert not db.session.scalar(select(Child).where(Child.legal_hold_set_at.is_not(None)))


def test_the_iro_records_the_day_a_child_left_care_and_sees_the_hold(app, iro, iro_client, children, officer):
    url = f"/staff/children/{children['kai']}/edit"
    form = unescape(iro_client.get(url).get_data(as_text=True))
    assert "Left care on (optional)" in form
    with app.app_context():
        kai = db.session.get(Child, children["kai"])
        details = {
            "csrf_token": csrf_from(form),
            "preferred_name": "Kai",
            "date_of_birth": kai.date_of_birth.isoformat(),
            "preferred_language": "en",
            "iro_id": str(iro.id),
            "case_reference": "CR-100",
        }
        tomorrow = (today() + timedelta(days=1)).isoformat()
    refused = iro_client.post(url, data={**details, "left_care_on": tomorrow})
    assert refused.status_code == 200
    assert "The date the child left care cannot be in the future" in refused.get_data(as_text=True)
    assert iro_client.post(url, data={**details, "left_care_on": "2026-01-05"}).status_code == 302
    with app.app_context():
        assert db.session.get(Child, children["kai"]).left_care_on == date(2026, 1, 5)

    officer_client = staff_client(app, officer.email)
    post(officer_client, f"{PAGE}/holds", {"reference": "CR-100", "reason": "Ombudsman 55"})
    record = unescape(iro_client.get(f"/staff/children/{children['kai']}").get_data(as_text=True))
    assert "Left care on" in record and "5 January 2026" in record
    assert "nothing about this child is deleted or anonymised" in record and "Ombudsman 55" in record


def test_the_iro_sees_where_words_were_removed_under_the_retention_policy(app, iro, iro_client, children, monkeypatch):
    from participation.statements import intake
    from participation.statements.models import Statement

    with app.app_context():
        sent = Statement(kind="good_news", words="I got a star at school")
        intake.store(sent, db.session.get(Child, children["kai"]), ["iro"], page_locale="en")
        sent.created_at = utcnow() - timedelta(days=800)
        db.session.commit()
        statement_id = sent.id
        retention.run()
    html = unescape(iro_client.get(f"/staff/statements/{statement_id}").get_data(as_text=True))
    assert "I got a star at school" not in html
    assert "The child's words, and the notes on them, were removed under the retention policy on" in html


def test_a_hold_reason_typed_before_a_time_out_is_back_on_the_page_after_signing_in(app, officer, children):
    client = staff_client(app, officer.email)
    page = client.get(PAGE).get_data(as_text=True)
    idle_all_sessions(app, 31)
    typed = {"reference": "CR-200", "reason": "Ombudsman complaint 26-0412"}
    response = client.post(f"{PAGE}/holds", data={**form_on(page, f"{PAGE}/holds"), **typed})
    assert response.status_code == 303
    response = login(client, officer.email, url=response.headers["Location"])
    assert response.headers["Location"] == PAGE
    html = unescape(client.get(PAGE).get_data(as_text=True))
    assert "We kept what you typed. Check it and send it again." in html
    assert 'value="CR-200"' in html and "Ombudsman complaint 26-0412</textarea>" in html
    with app.app_context():
        assert not db.session.get(Child, children["mo"]).on_legal_hold  # never sent for them
