"""Delivering the mail outbox: what is due, urgent first, each message in its own transaction."""

from __future__ import annotations

from ..platform import outbox


def send_due(limit: int = 100) -> tuple[int, int]:
    """Deliver the queued messages that are due. Returns (sent, failed)."""
    return outbox.send_pending(limit)
