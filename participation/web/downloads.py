"""Files staff download about a child: a PDF drawn from an HTML template (WeasyPrint) or JSON, sent as an
attachment that is never cached (`web.headers` adds ``Cache-Control: no-store`` to every such response).

The PDF fetches nothing: its CSS is inline in the template, its fonts are the system's, and any other address
(an image, a stylesheet, a web font) is refused, so drawing one never reaches the network or the disk.
"""

from __future__ import annotations

import logging
import re
from datetime import date

from flask import Response
from markupsafe import Markup

# WeasyPrint tells every step of every PDF at INFO; the app's logs need only its warnings (a refused address).
logging.getLogger("weasyprint.progress").setLevel(logging.WARNING)

PDF = "application/pdf"
JSON = "application/json"
# What a file name may hold: a case reference is typed by staff and may contain anything.
_UNSAFE = re.compile(r"[^A-Za-z0-9-]+")


def _refusing_fetcher():
    from weasyprint.urls import URLFetcher

    class RefuseEverything(URLFetcher):
        """Fetches nothing at all (the template carries its own CSS)."""

        def fetch(self, url, headers=None):
            raise ValueError(f"a PDF fetches nothing: {url[:80]}")

    return RefuseEverything()


def css_string(text: str) -> Markup:
    """``text`` as a quoted CSS string, for the page's margins (a name may hold quotes or a ``<``). Everything
    but letters, digits and a few harmless signs is written as a CSS escape, so the result is safe to put
    into the page's stylesheet as it is (hence `Markup`: the template must not escape it again)."""
    escaped = "".join(ch if ch.isalnum() or ch in " .,:;-_()/'@·" else f"\\{ord(ch):x} " for ch in str(text))
    return Markup(f'"{escaped}"')


def css_content(sentence: str, **counters: str) -> Markup:
    """A CSS ``content`` value for a whole translated sentence with counters in it: ``"Page %(page)s of
    %(pages)s"`` becomes ``"Page " counter(page) " of " counter(pages) ""``."""
    parts = re.split(r"%\((\w+)\)s", str(sentence))
    out = []
    for index, part in enumerate(parts):
        out.append(css_string(part) if index % 2 == 0 else f"counter({counters[part]})")
    return Markup(" ".join(out))  # each part escaped by `css_string`, each counter a name of ours


def pdf_from(html: str) -> bytes:
    """The PDF of an HTML page (A4 and the rest are set by the page's own CSS)."""
    # Imported here: WeasyPrint is heavy to import, and only these downloads need it.
    from weasyprint import HTML

    return HTML(string=html, url_fetcher=_refusing_fetcher()).write_pdf()


def file_name(what: str, reference: str, on: date, extension: str) -> str:
    """A file name that says what it is without naming the child: ``subject-access-AB123-2026-12-02.pdf``."""
    safe = _UNSAFE.sub("-", reference).strip("-") or "record"
    return f"{what}-{safe}-{on.isoformat()}.{extension}"


def attachment(body: bytes | str, mimetype: str, name: str) -> Response:
    """A download of ``body`` called ``name``."""
    response = Response(body, mimetype=mimetype)
    response.headers["Content-Disposition"] = f'attachment; filename="{name}"'
    return response
