"""Pages that show a problem say so first, as GOV.UK does: the page title starts with "Error:" whenever the page
holds an error summary, so a screen-reader user hears it before anything else. Done once, after any view has
drawn its page, instead of in each of the many forms."""

from __future__ import annotations

from flask import Flask, Response
from flask_babel import gettext as _

SUMMARY = b'class="error-summary"'


def mark_error_title(response: Response) -> Response:
    """Start the title of an HTML page that shows an error summary with "Error:"."""
    if response.mimetype != "text/html" or response.direct_passthrough or response.is_streamed:
        return response
    body = response.get_data()
    if SUMMARY in body and b"<title>" in body:
        prefix = f"<title>{_('Error:')} ".encode()
        response.set_data(body.replace(b"<title>", prefix, 1))
    return response


def init_app(app: Flask) -> None:
    """Prefix the title of every page with an error summary."""
    app.after_request(mark_error_title)
