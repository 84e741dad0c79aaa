"""Friendly error pages in the user's language: 400, 403, 404, 413, 429 and 500.

A 500 page shows a short reference that is also written to the log, never a stack trace.
"""

from __future__ import annotations

import logging
import secrets

from flask import Flask, render_template
from flask_babel import lazy_gettext as _l
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException

from .extensions import db

log = logging.getLogger(__name__)

MESSAGES = {
    400: (_l("Something went wrong with that request"),
          _l("The page could not use what was sent. Go back, reload the page and try again.")),
    403: (_l("You cannot open this page"),
          _l("Your account does not give you access to this page. If you think it should, ask your administrator.")),
    404: (_l("Page not found"),
          _l("This page does not exist, or you do not have access to it. Check the address or go back.")),
    413: (_l("That was too much to send at once"),
          _l("What you sent was too large. Try sending less at a time. Nothing you already saved has been lost.")),
    429: (_l("Too many tries"),
          _l("There have been too many tries in a short time. Please wait a few minutes, then try again.")),
    500: (_l("Sorry, something went wrong on our side"),
          _l("It is not your fault. Please try again in a few minutes.")),
}
MESSAGES[405] = MESSAGES[400]  # a form sent to a page that only shows things
CSRF_MESSAGE = _l("This form was open for too long or was sent twice. Go back, reload the page and try again.")


def render_error(code: int, message=None, reference: str | None = None):
    """The error page for an HTTP status code."""
    title, default_message = MESSAGES.get(code, MESSAGES[500])
    return render_template(
        "errors/error.html", code=code, title=title, message=message or default_message, reference=reference,
    ), code


def init_app(app: Flask) -> None:
    """Register the friendly handlers."""

    @app.errorhandler(CSRFError)
    def csrf_error(error):
        return render_error(400, CSRF_MESSAGE)

    @app.errorhandler(HTTPException)
    def http_error(error: HTTPException):
        if error.code in MESSAGES:
            return render_error(error.code)
        return error

    @app.errorhandler(Exception)
    def server_error(error: Exception):
        if isinstance(error, HTTPException):
            return http_error(error)
        db.session.rollback()  # the failed request may have left the transaction unusable
        reference = secrets.token_hex(4).upper()
        log.exception("unhandled error, reference %s", reference)
        return render_error(500, reference=reference)
