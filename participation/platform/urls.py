"""Absolute addresses for emails and links, built from the configured public address."""

from __future__ import annotations

from flask import current_app, has_request_context, url_for


def absolute_url(endpoint: str, **values) -> str:
    """The full public address of a page, usable in emails and from commands (outside a request)."""
    base = current_app.config["PUBLIC_BASE_URL"].rstrip("/")
    if has_request_context():
        return base + url_for(endpoint, **values)
    with current_app.test_request_context():
        return base + url_for(endpoint, **values)


def in_language(address: str, code: str | None) -> str:
    """The address opening in language ``code`` (``?lang=``), so a link sent in Pashto opens in Pashto; as it
    is for English or no language."""
    if not code or code == "en":
        return address
    return f"{address}{'&' if '?' in address else '?'}lang={code}"
