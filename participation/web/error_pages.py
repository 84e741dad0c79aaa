"""Friendly error pages in the user's language: 400, 403, 404, 409, 413, 429 and 500.

Domain code refuses with `platform.exceptions` (NotFound, NotAllowed, Conflict); these become 404, 403 and 409
pages here. Every error throws the request's unit of work away before the page is drawn. A 500 page shows a
short reference, the request id on every log line of that request, never a stack trace.
"""

from __future__ import annotations

import logging

from flask import Flask, render_template
from flask_babel import lazy_gettext as _l
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException

from ..platform import db as unit_of_work
from ..platform.exceptions import Conflict, NotAllowed, NotFound
from . import request_ids

log = logging.getLogger(__name__)

MESSAGES = {
    400: (
        _l("Something went wrong with that request"),
        _l("The page could not use what was sent. Go back, reload the page and try again."),
    ),
    403: (
        _l("You cannot open this page"),
        _l("Your account does not give you access to this page. If you think it should, ask your administrator."),
    ),
    404: (
        _l("Page not found"),
        _l("This page does not exist, or you do not have access to it. Check the address or go back."),
    ),
    409: (
        _l("This has changed since you opened it"),
        _l("Someone else may have changed it at the same time. Go back, reload the page and try again."),
    ),
    413: (
        _l("That was too much to send at once"),
        _l("What you sent was too large. Try sending less at a time. Nothing you already saved has been lost."),
    ),
    429: (
        _l("Too many tries"),
        _l("There have been too many tries in a short time. Please wait a few minutes, then try again."),
    ),
    500: (
        _l("Sorry, something went wrong on our side"),
        _l("It is not your fault. Please try again in a few minutes."),
    ),
}
MESSAGES[405] = MESSAGES[400]  # a form sent to a page that only shows things
CSRF_MESSAGE = _l("This form was open for too long or was sent twice. Go back, reload the page and try again.")


def render_error(code: int, message=None, reference: str | None = None):
    """The error page for an HTTP status code (whatever the request had changed is rolled back)."""
    unit_of_work.rollback()
    title, default_message = MESSAGES.get(code, MESSAGES[500])
    return render_template(
        "errors/error.html",
        code=code,
        title=title,
        message=message or default_message,
        reference=reference,
    ), code


def init_app(app: Flask) -> None:
    """Register the friendly handlers."""

    @app.errorhandler(CSRFError)
    def csrf_error(error):
        return render_error(400, CSRF_MESSAGE)

    @app.errorhandler(NotFound)
    def not_found(error: NotFound):
        return render_error(404)

    @app.errorhandler(NotAllowed)
    def not_allowed(error: NotAllowed):
        return render_error(403)

    @app.errorhandler(Conflict)
    def conflict(error: Conflict):
        return render_error(409)

    @app.errorhandler(HTTPException)
    def http_error(error: HTTPException):
        if error.code in MESSAGES:
            return render_error(error.code)
        unit_of_work.rollback()
        return error

    @app.errorhandler(Exception)
    def server_error(error: Exception):
        if isinstance(error, HTTPException):
            return http_error(error)
        # The request's id: the same as on every log line of this request, and in its X-Request-ID header.
        reference = request_ids.current() or request_ids.new_id()
        log.exception("unhandled error, reference %s", reference)
        return render_error(500, reference=reference)
