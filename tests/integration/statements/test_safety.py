"""A child who does not feel safe: help on screen at once, an urgent item for the IRO and an alert to the duty
team, delivered straight away over SMTP and retried until it gets through."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import func, select

from participation import create_app
from participation.extensions import db
from participation.people.models import Role
from participation.platform.models import OutboxMessage
from participation.statements.models import Statement
from tests.conftest import (
    csrf_from,
    login,
    make_staff,
    only_statement,
    post_form,
    queued_mail,
    send_page,
    send_statement,
    start,
)

HELP_NUMBERS = ("999", "0800 1111", "0300 123 4567")


def tap_not_safe(client):
    """Press "I don't feel safe" in the bar at the top of a child page."""
    page = client.get("/me/").get_data(as_text=True)
    assert "I don&#39;t feel safe" in page or "I don't feel safe" in page
    return client.post("/me/not-safe", data={"csrf_token": csrf_from(page)})


def test_one_tap_shows_help_and_alerts_the_iro_and_duty_team_at_once(app, make_child_session, iro):
    client, child, _ = make_child_session(age=14, case_reference="CR-1001")
    response = tap_not_safe(client)
    assert response.status_code == 303
    page = client.get(response.headers["Location"])
    html = page.get_data(as_text=True)
    for number in HELP_NUMBERS:
        assert number in html
    assert f"We have told your IRO, {iro.name}, and the council" in html

    statement = only_statement(app)
    assert (statement.kind, statement.urgent, statement.source, statement.tracked) == ("unsafe", True, "button", True)
    messages = queued_mail(app)
    assert sorted(m.recipient for m in messages) == sorted([iro.email, app.config["DUTY_TEAM_EMAIL"]])
    assert all(m.urgent for m in messages)
    # Sent straight away (the test mail backend only logs), not left for the timer.
    assert all(m.sent_at is not None for m in messages)
    duty = next(m for m in messages if m.recipient == app.config["DUTY_TEAM_EMAIL"])
    assert "CR-1001" in duty.body and iro.name in duty.body and child.preferred_name not in duty.body


def test_tapping_again_joins_the_open_alert(app, make_child_session):
    client, _, _ = make_child_session()
    first = tap_not_safe(client).headers["Location"]
    assert tap_not_safe(client).headers["Location"] == first
    with app.app_context():
        assert db.session.scalar(select(func.count(Statement.id))) == 1
    assert len(queued_mail(app)) == 2


def test_saying_more_reaches_the_iro_and_the_duty_team_without_the_words_in_email(app, make_child_session, iro):
    client, _, _ = make_child_session()
    url = tap_not_safe(client).headers["Location"]
    words = "Someone at home shouts at me at night"
    response = post_form(client, url, {"words": words})
    assert response.status_code == 303
    assert only_statement(app).words == words
    assert words in client.get(url).get_data(as_text=True)
    later = queued_mail(app)[2:]
    assert sorted(m.recipient for m in later) == sorted([iro.email, app.config["DUTY_TEAM_EMAIL"]])
    assert all(words not in m.body and "shouts" not in m.body for m in queued_mail(app))
    # The IRO reads the words.
    iro_client = app.test_client()
    login(iro_client, iro.email)
    assert words in iro_client.get(f"/staff/statements/{only_statement(app).id}").get_data(as_text=True)


def test_help_is_one_tap_away_even_before_the_pin(app, make_child_session, child_with_link):
    _, token = child_with_link
    client = app.test_client()
    client.get(f"/c/{token}")
    page = client.get("/me/secret").get_data(as_text=True)
    assert 'href="/help"' in page
    html = client.get("/help").get_data(as_text=True)
    for number in HELP_NUMBERS:
        assert number in html
    assert app.test_client().get("/help").status_code == 200
    with app.app_context():
        assert db.session.scalar(select(func.count(Statement.id))) == 0


def test_scared_in_the_consultation_raises_the_same_alert_once(app, make_child_session, iro):
    client, _, _ = make_child_session(age=9)
    start(client)
    response = send_page(client, "mood", {"mood": "scared"})
    assert response.status_code == 303
    assert "/me/not-safe/" in response.headers["Location"] and "carry_on=good-things" in response.headers["Location"]
    html = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "0800 1111" in html and 'href="/me/review/q/good-things"' in html
    assert only_statement(app).source == "consultation"
    # Saving the same page again later does not raise a second alert.
    with app.app_context():
        statement = db.session.scalar(select(Statement))
        statement.created_at -= timedelta(hours=3)
        db.session.commit()
    send_page(client, "mood", {"mood": "scared"})
    with app.app_context():
        assert db.session.scalar(select(func.count(Statement.id))) == 1


def test_scared_after_a_worker_visit_raises_the_alert_too(app, make_child_session):
    client, _, _ = make_child_session()
    response = send_statement(client, "worker-visit", {"rating": "1", "mood": "unsafe", "to": ["iro"]})
    assert "/me/not-safe/" in response.headers["Location"]
    with app.app_context():
        kinds = db.session.scalars(select(Statement.kind).order_by(Statement.id)).all()
        assert kinds == ["worker_visit", "unsafe"]


@pytest.fixture
def mail_app(app, app_config, smtp):
    _, port = smtp
    return create_app({**app_config, "MAIL_BACKEND": "smtp", "MAIL_SERVER": "127.0.0.1", "MAIL_PORT": port})


def test_an_urgent_alert_that_fails_is_retried_until_delivered_and_shown_to_the_team(mail_app, smtp, iro):
    recorder, _ = smtp
    recorder.refuse = True
    from tests.conftest import make_child_with_link, open_child_space

    child, token = make_child_with_link(mail_app, iro, case_reference="CR-2002")
    client = mail_app.test_client()
    open_child_space(client, token)
    tap_not_safe(client)
    with mail_app.app_context():
        messages = db.session.scalars(select(OutboxMessage)).all()
        assert len(messages) == 2 and all(m.attempts == 1 and m.sent_at is None for m in messages)
        assert all("451" in m.last_error for m in messages)
        make_staff(Role.PARTICIPATION, email="pat@example.org")
    team = mail_app.test_client()
    login(team, "pat@example.org")
    log = team.get("/staff/problems").get_data(as_text=True)
    assert "Emails not delivered yet" in log and mail_app.config["DUTY_TEAM_EMAIL"] in log

    # Urgent mail keeps trying past the usual limit of attempts.
    with mail_app.app_context():
        for message in db.session.scalars(select(OutboxMessage)):
            message.attempts = mail_app.config["MAIL_MAX_ATTEMPTS"] + 3
            message.next_attempt_at -= timedelta(minutes=2)
        db.session.commit()
    recorder.refuse = False
    result = mail_app.test_cli_runner().invoke(args=["send-outbox"])
    assert "Sent 2, failed 0" in result.output
    assert sorted(e.rcpt_tos[0] for e in recorder.messages) == sorted([iro.email, mail_app.config["DUTY_TEAM_EMAIL"]])
    duty = next(e for e in recorder.messages if e.rcpt_tos == [mail_app.config["DUTY_TEAM_EMAIL"]])
    assert b"CR-2002" in duty.content and child.preferred_name.encode() not in duty.content
    assert "Emails not delivered yet" not in team.get("/staff/problems").get_data(as_text=True)


def test_the_iro_caseload_shows_unopened_and_urgent_messages(app, make_child_session, iro):
    client, _, _ = make_child_session()
    tap_not_safe(client)
    iro_client = app.test_client()
    login(iro_client, iro.email)
    html = iro_client.get("/staff/caseload").get_data(as_text=True)
    assert "1 message from a child you have not opened" in html and "(1 urgent)" in html
    iro_client.get(f"/staff/statements/{only_statement(app).id}")
    assert "you have not opened" not in iro_client.get("/staff/caseload").get_data(as_text=True)
