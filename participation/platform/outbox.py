"""The mail outbox. Nothing else in the app sends mail.

A message is added to the outbox in the same unit of work as the change it reports (`queue`), so it exists
exactly when the change does. Delivery happens outside that unit of work: `send_pending` (the jobs run it)
delivers what is due, urgent first, and an urgent message is also tried as soon as its unit of work commits.
A failed delivery is retried with a growing pause, up to ``MAIL_MAX_ATTEMPTS`` (urgent ones never give up).
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

from ..extensions import db
from . import db as unit_of_work
from .clock import utcnow
from .models import OutboxMessage

log = logging.getLogger(__name__)
SCRUBBED = "[removed after sending]"


def queue(
    recipient: str,
    template: str,
    *,
    locale: str = "en",
    urgent: bool = False,
    scrub_after_send: bool = False,
    immediately: bool = False,
    **context,
) -> OutboxMessage:
    """Render ``emails/<template>.txt`` in ``locale`` and add it to the outbox in this unit of work.

    The template's first line is the subject; the rest is the body. An urgent message (or one asked for
    ``immediately``, such as a link someone is waiting for) is tried as soon as the unit of work commits.
    """
    with force_locale(locale):
        text = render_template(f"emails/{template}.txt", org_name=current_app.config["ORG_NAME"], **context)
    subject, _, body = text.strip().partition("\n")
    message = OutboxMessage(
        recipient=recipient,
        subject=subject.strip()[:200],
        body=body.strip() + "\n",
        urgent=urgent,
        scrub_after_send=scrub_after_send,
        next_attempt_at=utcnow(),
    )
    db.session.add(message)
    db.session.flush()
    if urgent or immediately:
        unit_of_work.after_commit(lambda: deliver_now(message.id))
    return message


def deliver_now(message_id: int) -> bool:
    """Try to deliver one committed message at once, in its own unit of work (it stays queued for a retry
    if this fails)."""
    with unit_of_work.transaction():
        message = db.session.get(OutboxMessage, message_id)
        return message is not None and message.sent_at is None and _attempt(message)


def send_pending(limit: int = 100) -> tuple[int, int]:
    """Deliver queued messages that are due, urgent first, each in its own unit of work. Returns
    (sent, failed). Ordinary messages give up after ``MAIL_MAX_ATTEMPTS``; urgent ones never do."""
    now = utcnow()
    due = db.session.scalars(
        select(OutboxMessage.id)
        .where(
            OutboxMessage.sent_at.is_(None),
            OutboxMessage.next_attempt_at <= now,
            or_(OutboxMessage.urgent.is_(True), OutboxMessage.attempts < current_app.config["MAIL_MAX_ATTEMPTS"]),
        )
        .order_by(OutboxMessage.urgent.desc(), OutboxMessage.created_at)
        .limit(limit)
    ).all()
    sent = failed = 0
    for message_id in due:
        if deliver_now(message_id):
            sent += 1
        else:
            failed += 1
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
    return list(
        db.session.scalars(
            select(OutboxMessage)
            .where(OutboxMessage.sent_at.is_(None), OutboxMessage.attempts > 0)
            .order_by(OutboxMessage.urgent.desc(), OutboxMessage.created_at)
            .limit(limit)
        )
    )
