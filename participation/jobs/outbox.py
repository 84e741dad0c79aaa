"""Delivering the mail outbox: one pass for a timer (`send_due`), or the long-running worker (`run`) that
sends urgent mail within seconds, chases urgent alerts nobody has acknowledged and starts the daily retention
run."""

from __future__ import annotations

import logging
import threading
import time

from flask import current_app

from ..platform import db as unit_of_work
from ..platform import outbox
from .reminders import chase_urgent
from .retention import run_if_due as retention_if_due

log = logging.getLogger(__name__)
# How often the worker chases urgent alerts nobody has acknowledged.
CHASE_EVERY_SECONDS = 60.0
# How often the worker asks whether the daily retention run is due (it runs once a day, whoever asks).
RETENTION_CHECK_SECONDS = 3600.0


def send_due(limit: int = 100) -> tuple[int, int]:
    """Deliver the queued messages that are due. Returns (sent, failed)."""
    return outbox.send_pending(limit)


def run(stop: threading.Event, *, poll: float | None = None, chase_every: float = CHASE_EVERY_SECONDS) -> None:
    """Until ``stop`` is set: every ``poll`` seconds (``WORKER_POLL_SECONDS``) send what is due, urgent first;
    every ``chase_every`` seconds re-send or escalate urgent alerts nobody has acknowledged. An error in one
    pass is logged and the next pass goes on: the worker never stops by itself."""
    poll = current_app.config["WORKER_POLL_SECONDS"] if poll is None else poll
    sender = outbox.sender_name()
    last_chase = last_retention = float("-inf")
    retaining = threading.Thread()  # not started: nothing running yet
    log.info("outbox worker %s started", sender)
    while not stop.is_set():
        try:
            outbox.send_pending(limit=50, sender=sender)
            if time.monotonic() - last_chase >= chase_every:
                last_chase = time.monotonic()
                chase_urgent()
            if time.monotonic() - last_retention >= RETENTION_CHECK_SECONDS and not retaining.is_alive():
                last_retention = time.monotonic()
                retaining = _retention_beside(current_app._get_current_object())  # type: ignore[attr-defined]
        except Exception:  # a database or template error must not end the worker
            log.exception("outbox worker pass failed")
            unit_of_work.rollback()
        stop.wait(poll)
    log.info("outbox worker %s stopped", sender)


def _retention_beside(app) -> threading.Thread:
    """Start the daily retention run (when due) in its own thread, so a long run never holds up urgent mail."""

    def work() -> None:
        with app.app_context():
            try:
                retention_if_due("worker")
            except Exception:  # logged; the worker asks again in an hour
                log.exception("retention run failed")
                unit_of_work.rollback()

    thread = threading.Thread(target=work, name="retention", daemon=True)
    thread.start()
    return thread
