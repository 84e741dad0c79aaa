"""The mail outbox. Nothing else in the app sends mail, and no request ever waits for a mail server.

A message is added to the outbox in the same unit of work as the change it reports (`queue`), so it exists
exactly when the change does. Senders (the `flask worker` process, `flask send-outbox` from a timer, several
of either at once) claim due messages first (`claim_due`), then deliver each outside any transaction with a
short timeout (`deliver`): a message is never sent twice by two senders. A failed delivery is retried with a
growing pause, up to ``MAIL_MAX_ATTEMPTS`` (urgent ones never give up). Emails never carry a child's words:
only that something is waiting, and where to sign in. `undelivered` lists what has failed so far.
"""

from __future__ import annotations

import logging
import os
import smtplib
import socket
import threading
from datetime import datetime, timedelta
from email.message import EmailMessage
from email.utils import make_msgid

from flask import current_app, render_template
from flask_babel import force_locale
from sqlalchemy import func, or_, select, update

from ..extensions import db
from . import db as unit_of_work
from .clock import utcnow
from .i18n import cldr_locale, org_name
from .models import OutboxMessage

log = logging.getLogger(__name__)
SCRUBBED = "[removed after sending]"
# How long a sender's claim on a message lasts before another sender may try it (longer than any attempt).
CLAIM_FOR = timedelta(minutes=2)


def queue(
    recipient: str,
    template: str,
    *,
    locale: str = "en",
    urgent: bool = False,
    scrub_after_send: bool = False,
    coalesce: bool = False,
    **context,
) -> OutboxMessage:
    """Render ``emails/<template>.txt`` in ``locale`` and add it to the outbox in this unit of work.

    The template's first line is the subject; the rest is the body. Nothing is sent here: the sender
    (`flask worker`, or `flask send-outbox` from a timer) delivers it once the unit of work has committed,
    urgent messages first, so no request ever waits on a mail server. With ``coalesce``, the same message to
    the same person still waiting to be sent is not queued a second time (that one is returned).
    """
    with force_locale(cldr_locale(locale)):
        text = render_template(f"emails/{template}.txt", org_name=org_name(locale), **context)
    subject, _, body = text.strip().partition("\n")
    subject, body = subject.strip()[:200], body.strip() + "\n"
    if coalesce:
        waiting = db.session.scalar(
            select(OutboxMessage)
            .where(
                OutboxMessage.recipient == recipient,
                OutboxMessage.subject == subject,
                OutboxMessage.body == body,
                OutboxMessage.sent_at.is_(None),
            )
            .limit(1)
        )
        if waiting is not None:
            return waiting
    message = OutboxMessage(
        recipient=recipient,
        subject=subject,
        body=body,
        urgent=urgent,
        scrub_after_send=scrub_after_send,
        next_attempt_at=utcnow(),
    )
    db.session.add(message)
    db.session.flush()
    return message


def sender_name() -> str:
    """Who is sending, as written on the messages it claims: host, process and thread."""
    return f"{socket.gethostname()}:{os.getpid()}:{threading.get_ident()}"[-40:]


def claim_due(sender: str, limit: int = 100) -> list[int]:
    """Claim up to ``limit`` messages that are due, urgent first, for ``sender``: their ids.

    One statement decided by the database, so that two senders never claim the same message: on PostgreSQL
    the rows are picked ``FOR UPDATE SKIP LOCKED``; SQLite runs one writing statement at a time. A claim
    lasts ``CLAIM_FOR``; a sender that dies leaves its messages to be claimed again after that.
    """
    now = utcnow()
    due = (
        select(OutboxMessage.id)
        .where(
            OutboxMessage.sent_at.is_(None),
            OutboxMessage.next_attempt_at <= now,
            or_(OutboxMessage.urgent.is_(True), OutboxMessage.attempts < current_app.config["MAIL_MAX_ATTEMPTS"]),
            or_(OutboxMessage.claimed_until.is_(None), OutboxMessage.claimed_until < now),
        )
        .order_by(OutboxMessage.urgent.desc(), OutboxMessage.created_at, OutboxMessage.id)
        .limit(limit)
    )
    if not unit_of_work.is_sqlite():
        due = due.with_for_update(skip_locked=True)
    with unit_of_work.transaction():
        claimed = db.session.scalars(
            update(OutboxMessage)
            .where(OutboxMessage.id.in_(due.scalar_subquery()))
            .values(claimed_by=sender, claimed_until=now + CLAIM_FOR)
            .returning(OutboxMessage.id)
            .execution_options(synchronize_session=False)
        ).all()
    return sorted(claimed)


def deliver(message_id: int, sender: str) -> bool:
    """Try to deliver one message ``sender`` has claimed, outside any transaction (so that a slow mail
    server holds no lock), then record what happened. True when it was delivered."""
    with unit_of_work.transaction():
        message = db.session.get(OutboxMessage, message_id)
        if message is None or message.sent_at is not None or message.claimed_by != sender:
            return False
        email = _email(message)
        urgent, attempts = message.urgent, message.attempts + 1
        db.session.expunge(message)
    try:
        _send(email)
    except (OSError, smtplib.SMTPException) as error:
        # Back off 1, 2, 4 … minutes, at most an hour; urgent messages are tried again every minute.
        pause = 1 if urgent else min(2 ** (attempts - 1), 60)
        failed = {
            "last_error": f"{type(error).__name__}: {error}"[:300],
            "next_attempt_at": utcnow() + timedelta(minutes=pause),
        }
        log.warning("mail to outbox message %s failed: %s", message_id, failed["last_error"])
        _record(message_id, sender, attempts, failed)
        return False
    _record(message_id, sender, attempts, {"sent_at": utcnow(), "last_error": None})
    return True


def _record(message_id: int, sender: str, attempts: int, values: dict) -> None:
    with unit_of_work.transaction():
        db.session.execute(
            update(OutboxMessage)
            .where(OutboxMessage.id == message_id, OutboxMessage.claimed_by == sender)
            .values(attempts=attempts, claimed_by=None, claimed_until=None, **values)
            .execution_options(synchronize_session=False)
        )
        if "sent_at" in values:
            db.session.execute(
                update(OutboxMessage)
                .where(OutboxMessage.id == message_id, OutboxMessage.scrub_after_send.is_(True))
                .values(recipient=SCRUBBED, body=SCRUBBED)
                .execution_options(synchronize_session=False)
            )


def send_pending(limit: int = 100, sender: str | None = None) -> tuple[int, int]:
    """Claim and deliver the messages that are due, urgent first. Returns (sent, failed).

    Ordinary messages give up after ``MAIL_MAX_ATTEMPTS``; urgent ones never do."""
    sender = sender or sender_name()
    sent = failed = 0
    for message_id in claim_due(sender, limit):
        if deliver(message_id, sender):
            sent += 1
        else:
            failed += 1
    return sent, failed


def _email(message: OutboxMessage) -> EmailMessage:
    config = current_app.config
    email = EmailMessage()
    email["From"] = config["MAIL_FROM"]
    email["To"] = message.recipient
    email["Subject"] = message.subject
    email["Message-ID"] = make_msgid(domain=config["MAIL_FROM"].rpartition("@")[2] or None)
    if message.urgent:
        email["Importance"] = "high"
    email.set_content(message.body)
    return email


def _send(email: EmailMessage) -> None:
    config = current_app.config
    backend = config["MAIL_BACKEND"]
    if backend == "log":
        # The subject only: the recipient is personal data, and a body can hold a child's link (its token).
        log.info("mail not sent (MAIL_BACKEND=log): %s", email["Subject"])
        return
    if backend != "smtp":
        raise smtplib.SMTPException(f"unknown MAIL_BACKEND {backend!r}")
    with smtplib.SMTP(config["MAIL_SERVER"], config["MAIL_PORT"], timeout=config["MAIL_TIMEOUT"]) as smtp:
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


def oldest_urgent_waiting() -> datetime | None:
    """When the oldest urgent message still not delivered was queued, or None when none is waiting (the
    readiness check: an urgent alert waiting long means mail is stuck)."""
    return db.session.scalar(
        select(func.min(OutboxMessage.created_at)).where(
            OutboxMessage.sent_at.is_(None), OutboxMessage.urgent.is_(True)
        )
    )
