"""Races against a live gunicorn with four workers: simultaneous requests are decided by the database.

Each test sets its scene in-process, then fires real HTTP requests released together from many threads,
and checks what a user would notice: nothing answered with a 5xx, limits that stop exactly at the limit,
and one row (and one email) however many times the same form is sent.
"""

from __future__ import annotations

import re
import subprocess
import time
from collections import Counter

from sqlalchemy import func, select

from participation.consultation.models import AgendaItem, ConsultationAddition
from participation.extensions import db
from participation.feedback.models import FeedbackResponse
from participation.people.models import Child
from participation.platform import outbox
from participation.platform.models import AuditEvent, OutboxMessage
from participation.statements.kinds import UNSAFE
from participation.statements.models import Statement, StatementAddition
from tests.conftest import PASSWORD, held_yesterday, link_for, make_child, post_form, send_page, start
from tests.live.conftest import BIN, ROOT, all_at_once, statuses

WRONG_PIN = "1357"


def count(app, model, *where) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(model).where(*where))


def mail_to(app) -> Counter:
    """How many emails each address has been sent (queued)."""
    with app.app_context():
        return Counter(db.session.scalars(select(OutboxMessage.recipient)))


def no_server_errors(answers) -> None:
    assert [answer.status for answer in answers if answer.status >= 500] == []


def test_simultaneous_wrong_pins_are_checked_no_more_than_the_limit(app, live_gunicorn, iro):
    with app.app_context():
        token = link_for(db.session.get(Child, make_child(iro).id), pin="2468")
    guessers = [live_gunicorn.visitor() for _ in range(8)]
    calls = []
    for guesser in guessers:
        assert guesser.get(f"/c/{token}").status == 303
        fields = guesser.form("/me/secret")
        calls += [lambda guesser=guesser, fields=fields: guesser.post("/me/secret", {**fields, "pin": WRONG_PIN})] * 5

    answers = all_at_once(calls)

    no_server_errors(answers)
    tries_left = sorted(int(m.group(1)) for a in answers if (m := re.search(r"You have (\d+) more tr", a.text)))
    assert tries_left == [1, 2, 3, 4]  # each count told once: 4 checks, then the 5th pauses the space
    assert statuses(answers).count(429) == 40 - 4
    late = live_gunicorn.visitor()
    late.get(f"/c/{token}")
    paused = late.get("/me/secret")  # even the right PIN waits: the page asks for none until the pause is over
    assert paused.status == 429 and "paused" in paused.text and 'name="pin"' not in paused.text
    assert count(app, AuditEvent, AuditEvent.action == "child.secret_locked") == 1
    assert mail_to(app) == Counter({iro.email: 1})


def test_simultaneous_wrong_passwords_from_many_addresses_pause_the_account_once(app, live_gunicorn, iro):
    visitors = [live_gunicorn.visitor() for _ in range(40)]
    forms = [visitor.form("/staff/login") for visitor in visitors]
    answers = all_at_once(
        [
            lambda visitor=visitor, fields=fields: visitor.post(
                "/staff/login", {**fields, "email": iro.email, "password": "not the password"}
            )
            for visitor, fields in zip(visitors, forms, strict=True)
        ]
    )
    no_server_errors(answers)
    assert set(statuses(answers)) == {401}
    owner = live_gunicorn.visitor()
    refused = owner.post("/staff/login", {**owner.form("/staff/login"), "email": iro.email, "password": PASSWORD})
    assert refused.status == 401
    assert count(app, AuditEvent, AuditEvent.action == "staff.sign_in_paused") == 1
    assert mail_to(app) == Counter({iro.email: 1})


def test_simultaneous_agenda_items_stop_at_thirty(app, live_gunicorn, make_child_session):
    client, _, _ = make_child_session(age=15)
    start(client)
    send_page(client, "chair", {"chair": "co_chair"})
    child = live_gunicorn.visitor_as(client)
    fields = child.form("/me/review/agenda")
    answers = all_at_once(
        [
            lambda n=n: child.post(
                "/me/review/agenda/add",
                {**fields, "form_token": f"race-agenda-item-{n:04d}", "item": f"Item {n}", "lead": "me"},
            )
            for n in range(45)
        ]
    )
    no_server_errors(answers)
    assert count(app, AgendaItem) == 30
    assert statuses(answers).count(303) == 30
    assert all("Your agenda is full" in answer.text for answer in answers if answer.status != 303)


def test_a_statement_sent_ten_times_at_once_is_stored_and_emailed_once(app, live_gunicorn, make_child_session, iro):
    client, _, _ = make_child_session(age=12)
    child = live_gunicorn.visitor_as(client)
    fields = child.form("/me/statements/new/good-news")
    data = {**fields, "words": "I got into the football team", "to": ["iro"]}
    answers = all_at_once([lambda: child.post("/me/statements/new/good-news", data)] * 10)
    no_server_errors(answers)
    assert count(app, Statement) == 1
    assert mail_to(app) == Counter({iro.email: 1})


def test_not_safe_tapped_ten_times_at_once_raises_one_alert(app, live_gunicorn, make_child_session):
    client, _, _ = make_child_session(age=12)
    child = live_gunicorn.visitor_as(client)
    fields = child.form("/me/")
    answers = all_at_once([lambda: child.post("/me/not-safe", {"csrf_token": fields["csrf_token"]})] * 10)
    no_server_errors(answers)
    assert len({answer.location for answer in answers}) == 1  # every tap reaches the same help page
    assert count(app, Statement, Statement.kind == UNSAFE) == 1
    told = mail_to(app)
    assert told and set(told.values()) == {1}  # the IRO, the social worker, the duty team: once each

    help_page = answers[0].location.replace(live_gunicorn.url, "")
    more = {**child.form(help_page), "words": "He is shouting again"}
    again = all_at_once([lambda: child.post(help_page, more)] * 10)
    no_server_errors(again)
    assert count(app, StatementAddition) == 1


def test_sending_and_adding_to_a_consultation_at_once_happen_once(app, live_gunicorn, make_child_session, iro):
    client, _, _ = make_child_session(age=12)
    start(client)
    send_page(client, "feeling", {"feeling": "3"})
    child = live_gunicorn.visitor_as(client)
    fields = child.form("/me/review/check")
    no_server_errors(all_at_once([lambda: child.post("/me/review/send", fields)] * 10))
    assert mail_to(app) == Counter({iro.email: 1})

    addition = {**child.form("/me/review/add"), "addition": "I want Nan to come", "addition-share": "review"}
    no_server_errors(all_at_once([lambda: child.post("/me/review/add", addition)] * 10))
    assert count(app, ConsultationAddition) == 1
    assert mail_to(app) == Counter({iro.email: 2})  # sent, then added to


def test_the_same_agenda_item_tapped_ten_times_at_once_is_added_once(app, live_gunicorn, make_child_session):
    client, _, _ = make_child_session(age=15)
    start(client)
    send_page(client, "chair", {"chair": "co_chair"})
    child = live_gunicorn.visitor_as(client)
    data = {**child.form("/me/review/agenda"), "item": "My phone at night", "lead": "me"}
    no_server_errors(all_at_once([lambda: child.post("/me/review/agenda/add", data)] * 10))
    assert count(app, AgendaItem) == 1


def test_a_feedback_link_sent_from_ten_tabs_at_once_keeps_one_answer(
    app, live_gunicorn, make_child_session, iro, iro_client
):
    client, child, _ = make_child_session(age=9)
    review_id = held_yesterday(app, child, iro)
    made = post_form(
        iro_client, f"/staff/reviews/{review_id}/feedback", {"respondent": "parent_carer", "language": "en"}
    )
    path = re.search(r'id="feedback-link" value="http://localhost(/f/[^"]+)"', made.get_data(as_text=True)).group(1)
    tabs = [live_gunicorn.visitor() for _ in range(10)]
    forms = [tab.form(path) for tab in tabs]
    answers = all_at_once(
        [
            lambda tab=tab, fields=fields, n=n: tab.post(path, {**fields, "respect": "5", "comments": f"Tab {n}"})
            for n, (tab, fields) in enumerate(zip(tabs, forms, strict=True))
        ]
    )
    no_server_errors(answers)
    assert count(app, FeedbackResponse) == 1
    # One is told it was received; the rest that it was not counted twice, or that the link has been used.
    assert sum("It has been received" in answer.text for answer in answers) == 1
    assert all(
        "not counted twice" in answer.text or answer.status == 410
        for answer in answers
        if "It has been received" not in answer.text
    )


def test_a_script_sending_statements_stops_at_the_hourly_limit_and_keeps_its_words(
    app, live_gunicorn, make_child_session
):
    client, _, _ = make_child_session(age=12)
    child = live_gunicorn.visitor_as(client)
    fields = child.form("/me/statements/new/good-news")
    answers = all_at_once(
        [
            lambda n=n: child.post(
                "/me/statements/new/good-news",
                {**fields, "form_token": f"race-statement-{n:04d}", "words": f"Good news number {n}", "to": ["iro"]},
            )
            for n in range(25)
        ]
    )
    no_server_errors(answers)
    assert count(app, Statement) == 20
    refused = [answer for answer in answers if answer.status == 429]
    assert len(refused) == 5
    assert all(re.search(r"Good news number \d+", answer.text) for answer in refused)  # what they typed is kept


def test_gunicorn_warns_when_its_workers_keep_separate_rate_limits(live_gunicorn):
    assert "4 web workers share RATELIMIT_STORAGE_URI=memory://" in live_gunicorn.log.read_text()


def test_two_mail_workers_never_send_one_message_twice(app, live_gunicorn, smtp):
    recorder, port = smtp
    with app.test_request_context():
        for number in range(150):
            outbox.queue(
                f"person{number}@example.org", "secret_locked", iro_name="Ida", sign_in_url="x", urgent=number % 3 == 0
            )
        db.session.commit()
    env = {
        **live_gunicorn.env,
        "MAIL_BACKEND": "smtp",
        "MAIL_SERVER": "127.0.0.1",
        "MAIL_PORT": str(port),
        "WORKER_POLL_SECONDS": "0.05",
    }
    workers = [
        subprocess.Popen([str(BIN / "flask"), "--app", "participation", "worker"], cwd=ROOT, env=env) for _ in range(2)
    ]
    try:
        deadline = time.monotonic() + 60
        while count(app, OutboxMessage, OutboxMessage.sent_at.is_(None)) and time.monotonic() < deadline:
            time.sleep(0.2)
    finally:
        for worker in workers:
            worker.terminate()
        for worker in workers:
            worker.wait(timeout=20)
    delivered = Counter(envelope.rcpt_tos[0] for envelope in recorder.messages)
    assert delivered == Counter(f"person{number}@example.org" for number in range(150))  # each exactly once


def test_one_recovery_code_sent_by_many_at_once_signs_in_once(app, live_gunicorn, iro):
    from tests.conftest import RECOVERY_CODES

    code = RECOVERY_CODES[iro.email][0]
    visitors = [live_gunicorn.visitor() for _ in range(8)]  # fewer than would pause the account
    forms = []
    for visitor in visitors:
        first = visitor.post("/staff/login", {**visitor.form("/staff/login"), "email": iro.email, "password": PASSWORD})
        assert first.status == 302 and "/staff/login/code" in first.location
        forms.append(visitor.form("/staff/login/code"))
    answers = all_at_once(
        [
            lambda visitor=visitor, fields=fields: visitor.post("/staff/login/code", {**fields, "code": code})
            for visitor, fields in zip(visitors, forms, strict=True)
        ]
    )
    no_server_errors(answers)
    assert sorted(statuses(answers)) == [302] + [401] * 7
    assert count(app, AuditEvent, AuditEvent.action == "staff.login") == 1
