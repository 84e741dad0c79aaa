"""Saying something any time: what the child sends reaches only the adults they chose, once; emails never
carry their words; staff acknowledge and record outcomes that the child then reads in "my messages"."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import func, select

from participation.extensions import db
from participation.people.models import Role
from participation.platform.models import AuditEvent
from participation.statements.models import Statement, StatementRecipient
from tests.conftest import (
    make_staff,
    only_statement,
    post_form,
    queued_mail,
    send_statement,
    staff_client,
)

WORDS = "My letter from mum never came"


@pytest.fixture
def social_worker(app):
    with app.app_context():
        return make_staff(Role.SOCIAL_WORKER, email="jordan@example.org", name="Jordan Blake")


def test_a_problem_goes_to_the_iro_and_social_worker_the_child_chose(app, make_child_session, social_worker, iro):
    client, child, _ = make_child_session(age=9)
    response = send_statement(
        client,
        "problem",
        {
            "words": WORDS,
            "topic": "family_time",
            "to": ["iro", "social_worker"],
            "resolution": "informal",
            "wants_advocate": "no",
        },
    )
    assert response.status_code == 303
    statement = only_statement(app)
    assert (statement.kind, statement.words, statement.topic, statement.tracked) == (
        "problem",
        WORDS,
        "family_time",
        True,
    )
    assert statement.words_language == "en"
    assert [(r.role, r.staff_id, r.via_participation) for r in statement.recipients] == [
        ("iro", iro.id, False),
        ("social_worker", social_worker.id, False),
    ]
    # Due in working days, acknowledgement first.
    assert statement.created_at.date() < statement.acknowledge_by < statement.outcome_by

    emails = queued_mail(app)
    assert sorted(m.recipient for m in emails) == ["iro.a@example.org", "jordan@example.org"]
    for message in emails:
        assert WORDS not in message.body and "letter" not in message.body and child.preferred_name not in message.body
        assert f"/staff/statements/{statement.id}" in message.body

    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Sent. Thank you for telling us." in page and WORDS in page


def test_a_double_tap_stores_it_once(app, make_child_session):
    client, _, _ = make_child_session()
    first = send_statement(client, "good-news", {"words": "I got a gold star", "to": ["iro"]}, token="same-token-123")
    second = send_statement(client, "good-news", {"words": "I got a gold star", "to": ["iro"]}, token="same-token-123")
    assert first.headers["Location"] == second.headers["Location"]
    with app.app_context():
        assert db.session.scalar(select(func.count(Statement.id))) == 1
    assert len(queued_mail(app)) == 1


def test_a_mistake_gets_a_kind_message_and_keeps_what_was_typed(app, make_child_session):
    client, _, _ = make_child_session()
    response = send_statement(client, "problem", {"words": "My allowance was not paid", "topic": "money"})
    html = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "Choose at least one person to send this to" in html
    assert "Choose how you would like it sorted out" in html
    assert "My allowance was not paid</textarea>" in html
    assert re.search(r'value="money"\s+checked', html)
    with app.app_context():
        assert db.session.scalar(select(func.count(Statement.id))) == 0


def test_an_adult_without_an_account_is_reached_through_the_participation_team(app, make_child_session, iro):
    client, _, _ = make_child_session(team_manager_name="Tess Manager", team_manager_email="tess@example.org")
    send_statement(
        client, "change", {"words": "I want to see my brother more", "more_words": "I miss him", "to": ["team_manager"]}
    )
    statement = only_statement(app)
    [recipient] = statement.recipients
    assert (recipient.role, recipient.staff_id, recipient.via_participation) == ("team_manager", None, True)
    [message] = queued_mail(app)
    assert message.recipient == app.config["PARTICIPATION_TEAM_EMAIL"]
    assert "brother" not in message.body

    with app.app_context():
        make_staff(Role.PARTICIPATION, email="pat@example.org")
    team = staff_client(app, "pat@example.org")
    listed = team.get("/staff/statements?show=pass_on").get_data(as_text=True)
    assert f"/staff/statements/{statement.id}" in listed
    page = team.get(f"/staff/statements/{statement.id}").get_data(as_text=True)
    assert "the participation team must pass this on" in page and "I miss him" in page
    post_form(
        team, f"/staff/statements/{statement.id}/passed-on/team_manager", form_page=f"/staff/statements/{statement.id}"
    )
    assert f"/staff/statements/{statement.id}" not in team.get("/staff/statements?show=pass_on").get_data(as_text=True)
    # The IRO was not sent it, so for them it does not exist.
    assert staff_client(app, iro.email).get(f"/staff/statements/{statement.id}").status_code == 404


def test_a_social_worker_sees_only_what_was_sent_to_them(app, make_child_session, social_worker, iro, other_iro):
    client, _, _ = make_child_session()
    send_statement(client, "problem", {"words": WORDS, "to": ["social_worker"], "resolution": "informal"})
    send_statement(client, "good-news", {"words": "I passed my swimming test", "to": ["iro"]})
    with app.app_context():
        to_worker, to_iro = db.session.scalars(select(Statement.id).order_by(Statement.id)).all()
        make_staff(Role.SOCIAL_WORKER, email="someone.else@example.org")

    worker = staff_client(app, social_worker.email)
    listed = worker.get("/staff/statements?show=all").get_data(as_text=True)
    assert f"/staff/statements/{to_worker}" in listed and f"/staff/statements/{to_iro}" not in listed
    assert worker.get(f"/staff/statements/{to_iro}").status_code == 404
    assert WORDS in worker.get(f"/staff/statements/{to_worker}").get_data(as_text=True)

    other_worker = staff_client(app, "someone.else@example.org")
    assert other_worker.get(f"/staff/statements/{to_worker}").status_code == 404
    assert "/staff/statements/" not in other_worker.get("/staff/statements?show=all").get_data(as_text=True).replace(
        'href="/staff/statements?', ""
    )
    assert staff_client(app, other_iro.email).get(f"/staff/statements/{to_iro}").status_code == 404
    assert staff_client(app, iro.email).get(f"/staff/statements/{to_iro}").status_code == 200
    with app.app_context():
        opened = db.session.scalars(select(AuditEvent.actor_id).where(AuditEvent.action == "statement.read")).all()
    assert sorted(opened) == sorted([social_worker.id, iro.id])


def test_acknowledgement_and_outcome_reach_the_child_in_plain_words(app, make_child_session, social_worker):
    client, _, _ = make_child_session()
    send_statement(client, "problem", {"words": WORDS, "to": ["iro", "social_worker"], "resolution": "informal"})
    statement_id = only_statement(app).id
    item = f"/staff/statements/{statement_id}"
    assert "Sent. Not read yet" in client.get("/me/statements").get_data(as_text=True)

    worker = staff_client(app, social_worker.email)
    post_form(worker, f"{item}/acknowledge", form_page=item)
    assert "Your social worker has read this" in client.get("/me/statements").get_data(as_text=True)

    response = post_form(
        worker,
        f"{item}/outcome",
        {"final": "resolved", "for_child": "The letter was posted today", "note": "Spoke to mum's contact worker"},
        form_page=item,
    )
    assert response.status_code == 303
    mine = client.get(f"/me/statements/{statement_id}").get_data(as_text=True)
    assert "Sorted" in mine and "The letter was posted today" in mine
    assert "contact worker" not in mine  # the internal note is for staff only
    statement = only_statement(app)
    assert (statement.status, statement.outcome_recorded_by_id) == ("resolved", social_worker.id)
    assert [e.action for e in statement.events] == ["sent", "acknowledged", "resolved"]
    # Finished is finished: a second outcome changes nothing.
    post_form(worker, f"{item}/outcome", {"final": "closed", "for_child": "Again"}, form_page=item)
    assert only_statement(app).outcome_for_child == "The letter was posted today"


def test_an_outcome_without_words_for_the_child_is_refused_kindly(app, make_child_session, iro):
    client, _, _ = make_child_session()
    send_statement(client, "problem", {"words": WORDS, "to": ["iro"], "resolution": "formal"})
    statement_id = only_statement(app).id
    # A formal complaint also tells the complaints team (without the child's words).
    assert app.config["COMPLAINTS_EMAIL"] in [m.recipient for m in queued_mail(app)]
    iro_client = staff_client(app, iro.email)
    response = post_form(
        iro_client,
        f"/staff/statements/{statement_id}/outcome",
        {"final": "resolved", "note": "Internal only"},
        form_page=f"/staff/statements/{statement_id}",
    )
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    assert "Write what to tell the child" in html and "Internal only</textarea>" in html
    assert only_statement(app).status == "new"


def test_my_messages_show_only_my_own(app, make_child_session):
    first, _, _ = make_child_session()
    second, _, _ = make_child_session()
    send_statement(first, "good-news", {"words": "I scored a goal", "to": ["iro"]})
    statement_id = only_statement(app).id
    assert "I scored a goal" not in second.get("/me/statements").get_data(as_text=True)
    assert second.get(f"/me/statements/{statement_id}").status_code == 404
    assert "Brilliant news" in first.get(f"/me/statements/{statement_id}?sent=1").get_data(as_text=True)


def test_a_worker_visit_needs_something_about_the_visit(app, make_child_session):
    client, _, _ = make_child_session()
    response = send_statement(client, "worker-visit", {"to": ["iro"]})
    assert response.status_code == 400
    assert "Tell us something about the visit" in response.get_data(as_text=True)
    response = send_statement(
        client, "worker-visit", {"rating": "2", "time_alone": "no", "more_words": "Talk to me alone", "to": ["iro"]}
    )
    assert response.status_code == 303
    statement = only_statement(app)
    assert (statement.rating, statement.time_alone, statement.more_words) == ("2", "no", "Talk to me alone")


def test_recipients_the_child_cannot_choose_are_ignored(app, make_child_session):
    client, _, _ = make_child_session(social_worker_name=None, social_worker_email=None)
    html = client.get("/me/statements/new/change").get_data(as_text=True)
    assert 'value="social_worker"' not in html
    response = send_statement(client, "change", {"words": "More pocket money", "to": ["social_worker"]})
    assert response.status_code == 400
    with app.app_context():
        assert db.session.scalar(select(func.count(StatementRecipient.id))) == 0
