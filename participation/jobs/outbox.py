"""Delivering the mail outbox: one pass for a timer (`send_due`), or the long-running worker (`run`) that
sends urgent mail within seconds and chases urgent alerts nobody has acknowledged."""

from __future__ import annotations

import logging
import threading
import time

from flask import current_app

from ..platform import db as unit_of_work
from ..platform import outbox
from .reminders import chase_urgent

log = logging.getLogger(__name__)
# How often the worker chases urgent alerts nobody has acknowledged.
CHASE_EVERY_SECONDS = 60.0


def send_due(limit: int = 100) -> tuple[int, int]:
    """Deliver the queued messages that are due. Returns (sent, failed)."""
    return outbox.send_pending(limit)


def run(stop: threading.Event, *, poll: float | None = None, chase_every: float = CHASE_EVERY_SECONDS) -> None:
    """Until ``stop`` is set: every ``poll`` seconds (``WORKER_POLL_SECONDS``) send what is due, urgent first;
    every ``chase_every`` seconds re-send or escalate urgent alerts nobody has acknowledged. An error in one
    pass is logged and the next pass goes on: the worker never stops by itself."""
    poll = current_app.config["WORKER_POLL_SECONDS"] if poll is None else poll
    sender = outbox.sender_name()
    last_chase = float("-inf")
    log.info("outbox worker %s started", sender)
    while not stop.is_set():
        try:
            outbox.send_pending(limit=50, sender=sender)
            if time.monotonic() - last_chase >= chase_every:
                last_chase = time.monotonic()
                chase_urgent()
        except Exception:  # a database or template error must not end the worker
            log.exception("outbox worker pass failed")
            unit_of_work.rollback()
        stop.wait(poll)
    log.info("outbox worker %s stopped", sender)
