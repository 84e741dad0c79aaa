"""The outbox sends through a real SMTP conversation (aiosmtpd on loopback) and retries failures."""

from __future__ import annotations

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
