"""A request id for every request, and one access line per request.

The id comes from ``X-Request-ID`` only when the app sits behind a proxy it trusts (``TRUSTED_PROXIES``, the
proxy sets the header: deploy/nginx/proxy.conf) and the value looks like an id; otherwise it is made here.
It is on every log line written during the request (`platform.logs.REQUEST_ID`), sent back in the
``X-Request-ID`` header, and shown on the 500 page as its reference.

The access line names the URL *rule* (``/c/<token>``), never the path, which can hold a child's link token.
It is written by a WSGI middleware around everything else, so static files served before Flask is reached
get one too.
"""

from __future__ import annotations

import logging
import re
import secrets
import time
from collections.abc import Callable, Iterable

from flask import Flask, request

from ..platform.logs import REQUEST_ID

log = logging.getLogger("participation.access")
HEADER = "X-Request-ID"
# What a proxy's id may look like: hex digits and hyphens (nginx's $request_id, a UUID), nothing else.
ACCEPTED = re.compile(r"[0-9A-Fa-f][0-9A-Fa-f-]{7,63}")
ENVIRON_ID = "participation.request_id"
ENVIRON_RULE = "participation.rule"
STATIC_RULE = "/static/<path:filename>"


def current() -> str | None:
    """The id of the request being handled, or None outside a request."""
    return REQUEST_ID.get()


def new_id() -> str:
    """A fresh request id: 16 hex digits."""
    return secrets.token_hex(8)


def from_proxy(value: str | None) -> str | None:
    """``value`` when it looks like a request id a proxy made, else None."""
    if value and ACCEPTED.fullmatch(value):
        return value
    return None


class RequestIds:
    """WSGI middleware: give the request its id, send the id back, and write the access line."""

    def __init__(self, app: Callable, *, trust_header: bool, static_prefix: str = "/static/"):
        self.app = app
        self.trust_header = trust_header
        self.static_prefix = static_prefix

    def __call__(self, environ: dict, start_response: Callable) -> Iterable[bytes]:
        request_id = (from_proxy(environ.get("HTTP_X_REQUEST_ID")) if self.trust_header else None) or new_id()
        environ[ENVIRON_ID] = request_id
        token = REQUEST_ID.set(request_id)
        started = time.perf_counter()
        status = [0]

        def start(status_line: str, headers: list, exc_info=None):
            status[0] = int(status_line.split(" ", 1)[0])
            headers = [(name, value) for name, value in headers if name.lower() != HEADER.lower()]
            headers.append((HEADER, request_id))
            return start_response(status_line, headers, exc_info)

        try:
            return self.app(environ, start)
        finally:
            rule = environ.get(ENVIRON_RULE)
            if rule is None and environ.get("PATH_INFO", "").startswith(self.static_prefix) and status[0] < 400:
                rule = STATIC_RULE  # served by WhiteNoise before Flask was reached
            log.info(
                "%s %s %s",
                environ.get("REQUEST_METHOD"),
                rule or "(no route)",
                status[0],
                extra={
                    "method": environ.get("REQUEST_METHOD"),
                    "rule": rule,
                    "status": status[0],
                    "duration_ms": round((time.perf_counter() - started) * 1000, 1),
                },
            )
            REQUEST_ID.reset(token)


def _note_rule() -> None:
    request.environ[ENVIRON_RULE] = request.url_rule.rule if request.url_rule is not None else None


def init_app(app: Flask) -> None:
    """Wrap the app (call after any other WSGI middleware, so the line covers them) and note each request's
    URL rule for its access line (before any other hook, so a hook that refuses the request still has it)."""
    app.before_request_funcs.setdefault(None, []).insert(0, _note_rule)
    app.wsgi_app = RequestIds(  # type: ignore[method-assign]
        app.wsgi_app, trust_header=bool(app.config["TRUSTED_PROXIES"])
    )
