"""The outbox sends through a real SMTP conversation (aiosmtpd on loopback) and retries failures."""

from __future__ import annotations

import socket
import threading
from datetime import timedelta

import pytest
from sqlalchemy import select

from participation import create_app
from participation.extensions import db
from participation.platform import outbox as notify
from participation.platform.models import OutboxMessage
from tests.conftest import free_port


@pytest.fixture
def mail_app(app, app_config, smtp):
    _, port = smtp
    return create_app(
        {
            **app_config,
            "MAIL_BACKEND": "smtp",
            "MAIL_SERVER": "127.0.0.1",
            "MAIL_PORT": port,
            "MAIL_FROM": "participation@council.example",
        }
    )


def queue_one(app, **kwargs) -> int:
    with app.test_request_context():
        message = notify.queue(
            "iro@example.org", "secret_locked", iro_name="Ida", sign_in_url="http://localhost/x", **kwargs
        )
        db.session.commit()
        return message.id


def test_queued_mail_is_delivered_over_smtp(mail_app, smtp):
    recorder, _ = smtp
    queue_one(mail_app)
    with mail_app.app_context():
        assert notify.send_pending() == (1, 0)
        message = db.session.scalar(select(OutboxMessage))
        assert message.sent_at is not None and message.attempts == 1
    [envelope] = recorder.messages
    assert envelope.rcpt_tos == ["iro@example.org"]
    assert envelope.mail_from == "participation@council.example"
    assert b"paused after wrong tries" in envelope.content


def test_a_refused_delivery_is_retried_later_and_then_succeeds(mail_app, smtp):
    recorder, _ = smtp
    recorder.refuse = True
    message_id = queue_one(mail_app)
    with mail_app.app_context():
        assert notify.send_pending() == (0, 1)
        message = db.session.get(OutboxMessage, message_id)
        assert message.sent_at is None and "451" in message.last_error and message.attempts == 1
        # Not due again straight away.
        assert notify.send_pending() == (0, 0)
        message.next_attempt_at -= timedelta(minutes=5)
        db.session.commit()
        recorder.refuse = False
        assert notify.send_pending() == (1, 0)
        assert db.session.get(OutboxMessage, message_id).last_error is None
    assert len(recorder.messages) == 1


def test_an_unreachable_server_leaves_the_message_queued(app, app_config):
    closed_port = free_port()
    broken = create_app({**app_config, "MAIL_BACKEND": "smtp", "MAIL_SERVER": "127.0.0.1", "MAIL_PORT": closed_port})
    message_id = queue_one(broken)
    with broken.app_context():
        assert notify.send_pending() == (0, 1)
        message = db.session.get(OutboxMessage, message_id)
        assert message.sent_at is None and message.last_error


def test_messages_carrying_a_link_are_wiped_once_sent(mail_app, smtp):
    recorder, _ = smtp
    message_id = queue_one(mail_app, scrub_after_send=True)
    with mail_app.app_context():
        notify.send_pending()
        message = db.session.get(OutboxMessage, message_id)
        assert message.body == notify.SCRUBBED and message.recipient == notify.SCRUBBED
    assert recorder.messages[0].rcpt_tos == ["iro@example.org"]


def test_send_outbox_command(mail_app, smtp):
    recorder, _ = smtp
    queue_one(mail_app)
    result = mail_app.test_cli_runner().invoke(args=["send-outbox"])
    assert result.exit_code == 0 and "Sent 1, failed 0" in result.output
    assert len(recorder.messages) == 1


# --- several senders, and a mail server that never answers ----------------------------------------


class BlackHole:
    """A mail server that accepts connections and never says a word, counting who came."""

    def __init__(self):
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(50)
        self.port = self.sock.getsockname()[1]
        self.accepted: list[socket.socket] = []
        self.thread = threading.Thread(target=self._accept, daemon=True)
        self.thread.start()

    def _accept(self):
        while True:
            try:
                connection, _ = self.sock.accept()
            except OSError:
                return
            self.accepted.append(connection)  # kept open, never answered

    def close(self):
        for connection in self.accepted:
            connection.close()
        self.sock.close()


@pytest.fixture
def black_hole():
    hole = BlackHole()
    yield hole
    hole.close()


def test_help_never_waits_for_a_mail_server_that_does_not_answer(app, app_config, black_hole, smtp, iro):
    """The tap answers without touching the mail server; the sender gives up quickly and the mail goes once
    the server is back."""
    from tests.conftest import make_child_with_link, open_child_space
    from tests.integration.statements.test_safety import tap_not_safe

    stuck = create_app(
        {
            **app_config,
            "MAIL_BACKEND": "smtp",
            "MAIL_SERVER": "127.0.0.1",
            "MAIL_PORT": black_hole.port,
            "MAIL_TIMEOUT": 1,
        }
    )
    _, token = make_child_with_link(stuck, iro)
    client = stuck.test_client()
    open_child_space(client, token)
    response = tap_not_safe(client)
    assert response.status_code == 303
    assert "0800 1111" in client.get(response.headers["Location"]).get_data(as_text=True)
    assert black_hole.accepted == []  # the request never spoke to the mail server

    with stuck.app_context():
        # The IRO, the participation team (the social worker has no account) and the duty team: each attempt
        # timed out after MAIL_TIMEOUT.
        assert notify.send_pending() == (0, 3)
        messages = db.session.scalars(select(OutboxMessage)).all()
        assert all(m.sent_at is None and m.urgent and "timed out" in m.last_error.lower() for m in messages)
        for message in messages:
            message.next_attempt_at -= timedelta(minutes=1)
        db.session.commit()

    # The server recovers (here: the app is pointed at a working one); the next pass delivers, once each.
    recorder, port = smtp
    recovered = create_app({**app_config, "MAIL_BACKEND": "smtp", "MAIL_SERVER": "127.0.0.1", "MAIL_PORT": port})
    with recovered.app_context():
        assert notify.send_pending() == (3, 0)
        assert notify.send_pending() == (0, 0)
    config = recovered.config
    expected = [iro.email, config["DUTY_TEAM_EMAIL"], config["PARTICIPATION_TEAM_EMAIL"]]
    assert sorted(envelope.rcpt_tos[0] for envelope in recorder.messages) == sorted(expected)


def test_two_senders_at_once_never_send_a_message_twice(mail_app, smtp):
    recorder, _ = smtp
    with mail_app.test_request_context():
        for number in range(40):
            notify.queue(
                f"person{number}@example.org", "secret_locked", iro_name="Ida", sign_in_url="x", urgent=number % 3 == 0
            )
        db.session.commit()
    results = []

    def sender(name: str):
        with mail_app.app_context():
            while True:
                sent, failed = notify.send_pending(limit=5, sender=name)
                results.append((name, sent, failed))
                if sent + failed == 0:
                    return

    threads = [threading.Thread(target=sender, args=(f"worker-{n}",)) for n in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    delivered = [envelope.rcpt_tos[0] for envelope in recorder.messages]
    assert sorted(delivered) == sorted(f"person{n}@example.org" for n in range(40))  # each exactly once
    assert {name for name, sent, _ in results if sent} == {"worker-0", "worker-1"}  # both did some of it
    with mail_app.app_context():
        assert all(m.sent_at and m.claimed_by is None for m in db.session.scalars(select(OutboxMessage)))


def test_the_worker_sends_as_mail_is_queued_and_stops_when_asked(mail_app, smtp):
    from participation.jobs import outbox as worker

    recorder, _ = smtp
    stop = threading.Event()
    with mail_app.app_context():
        thread = threading.Thread(target=lambda: _run_worker(mail_app, worker, stop))
        thread.start()
    queue_one(mail_app, urgent=True)
    for _ in range(100):
        if recorder.messages:
            break
        stop.wait(0.05)
    stop.set()
    thread.join(timeout=10)
    assert not thread.is_alive()
    assert [envelope.rcpt_tos for envelope in recorder.messages] == [["iro@example.org"]]


def _run_worker(app, worker, stop):
    with app.app_context():
        worker.run(stop, poll=0.05)
