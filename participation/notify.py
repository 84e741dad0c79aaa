"""The mail outbox and its senders. Nothing else in the app sends mail.

A message is written to the outbox in the same transaction as the change it reports, then sent by
`send_pending` (the ``flask send-outbox`` command, run by a timer) or straight away with `send_now`.
A failed delivery is retried with a growing pause, up to ``MAIL_MAX_ATTEMPTS``.
Emails never carry a child's words: only that something is waiting, and where to sign in.
`undelivered` lists what has failed so far, for the participation team to see.
"""

from __future__ import annotations

import logging
import smtplib
from datetime import timedelta
from email.message import EmailMessage
from email.utils import make_msgid

from flask import current_app, render_template
from flask_babel import force_locale
from sqlalchemy import or_, select

from .extensions import db
from .models import OutboxMessage, utcnow

log = logging.getLogger(__name__)
SCRUBBED = "[removed after sending]"


def queue(recipient: str, template: str, *, locale: str = "en", urgent: bool = False,
          scrub_after_send: bool = False, **context) -> OutboxMessage:
    """Render ``emails/<template>.txt`` in ``locale`` and add it to the outbox (not committed).

    The template's first line is the subject; the rest is the body.
    """
    with force_locale(locale):
        text = render_template(f"emails/{template}.txt", org_name=current_app.config["ORG_NAME"], **context)
    subject, _, body = text.strip().partition("\n")
    message = OutboxMessage(
        recipient=recipient, subject=subject.strip()[:200], body=body.strip() + "\n",
        urgent=urgent, scrub_after_send=scrub_after_send, next_attempt_at=utcnow(),
    )
    db.session.add(message)
    return message


def send_now(message: OutboxMessage) -> bool:
    """Try to deliver one message at once (it stays queued for retry if this fails)."""
    db.session.flush()
    delivered = _attempt(message)
    db.session.commit()
    return delivered


def deliver_urgent(messages: list[OutboxMessage]) -> None:
    """Try the urgent ones among ``messages`` (already committed) at once; a failure stays queued, and
    `send_pending` retries it every minute until it is delivered."""
    for message in messages:
        if message.urgent and message.sent_at is None:
            _attempt(message)
            db.session.commit()


def send_pending(limit: int = 100) -> tuple[int, int]:
    """Deliver queued messages that are due, urgent first. Returns (sent, failed).

    Ordinary messages give up after ``MAIL_MAX_ATTEMPTS``; urgent ones are retried until delivered."""
    now = utcnow()
    due = db.session.scalars(
        select(OutboxMessage)
        .where(
            OutboxMessage.sent_at.is_(None),
            OutboxMessage.next_attempt_at <= now,
            or_(OutboxMessage.urgent.is_(True),
                OutboxMessage.attempts < current_app.config["MAIL_MAX_ATTEMPTS"]),
        )
        .order_by(OutboxMessage.urgent.desc(), OutboxMessage.created_at)
        .limit(limit)
    ).all()
    sent = failed = 0
    for message in due:
        if _attempt(message):
            sent += 1
        else:
            failed += 1
        db.session.commit()
    return sent, failed


def _attempt(message: OutboxMessage) -> bool:
    message.attempts += 1
    try:
        _deliver(message)
    except (OSError, smtplib.SMTPException) as error:
        message.last_error = f"{type(error).__name__}: {error}"[:300]
        # Back off 1, 2, 4 … minutes, at most an hour; urgent messages retry every minute.
        pause = 1 if message.urgent else min(2 ** (message.attempts - 1), 60)
        message.next_attempt_at = utcnow() + timedelta(minutes=pause)
        log.warning("mail to outbox message %s failed: %s", message.id, message.last_error)
        return False
    message.sent_at = utcnow()
    message.last_error = None
    if message.scrub_after_send:
        message.recipient = SCRUBBED
        message.body = SCRUBBED
    return True


def _deliver(message: OutboxMessage) -> None:
    config = current_app.config
    backend = config["MAIL_BACKEND"]
    if backend == "log":
        log.info("mail (not sent, MAIL_BACKEND=log) to %s: %s", message.recipient, message.subject)
        return
    if backend != "smtp":
        raise smtplib.SMTPException(f"unknown MAIL_BACKEND {backend!r}")
    email = EmailMessage()
    email["From"] = config["MAIL_FROM"]
    email["To"] = message.recipient
    email["Subject"] = message.subject
    email["Message-ID"] = make_msgid(domain=config["MAIL_FROM"].rpartition("@")[2] or None)
    if message.urgent:
        email["Importance"] = "high"
    email.set_content(message.body)
    with smtplib.SMTP(config["MAIL_SERVER"], config["MAIL_PORT"], timeout=10) as smtp:
        if config["MAIL_USE_TLS"]:
            smtp.starttls()
        if config["MAIL_USERNAME"]:
            smtp.login(config["MAIL_USERNAME"], config["MAIL_PASSWORD"] or "")
        smtp.send_message(email)


def undelivered(limit: int = 50) -> list[OutboxMessage]:
    """Messages that have failed at least once and are not delivered yet, urgent first."""
    return db.session.scalars(
        select(OutboxMessage)
        .where(OutboxMessage.sent_at.is_(None), OutboxMessage.attempts > 0)
        .order_by(OutboxMessage.urgent.desc(), OutboxMessage.created_at)
        .limit(limit)
    ).all()
