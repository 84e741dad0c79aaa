"""Logs as JSON, one object per line: time, level, logger, message, and the request id of the request the line
was written during (see `web.request_ids`), so every line of one request can be found together.

`setup` sends the root logger's records to standard error in this form (the web server, the worker and the
CLI all call it through `create_app`); `gunicorn_config` makes gunicorn's own lines the same and turns its
access log off, since that prints raw paths, and a child's link holds its token in the path. The app writes
its own access line instead, with the URL rule (``/c/<token>``), never the path.

What goes in a log line is the writer's business: never a child's words, a token, a PIN or a password
(tests/log_leaks.py checks the logs of the whole test run for every secret the run created).
"""

from __future__ import annotations

import json
import logging
import sys
from collections.abc import Callable
from contextvars import ContextVar
from datetime import UTC, datetime
from typing import Any

# The id of the request being handled in this thread, or None outside a request (worker, CLI).
REQUEST_ID: ContextVar[str | None] = ContextVar("request_id", default=None)
# Fields a line may carry besides the message, given as `extra=` (the access line's).
EXTRA_FIELDS = ("method", "rule", "status", "duration_ms")
# Libraries whose info lines would repeat the access line with the raw path (werkzeug's development server).
QUIETER = {"werkzeug": logging.WARNING}


class JsonFormatter(logging.Formatter):
    """One JSON object per record, on one line."""

    def format(self, record: logging.LogRecord) -> str:
        line: dict[str, Any] = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
            "request_id": getattr(record, "request_id", None) or REQUEST_ID.get(),
        }
        for field in EXTRA_FIELDS:
            if hasattr(record, field):
                line[field] = getattr(record, field)
        if record.exc_info:
            line["exception"] = self.formatException(record.exc_info)
        elif record.exc_text:
            line["exception"] = record.exc_text
        return json.dumps(line, ensure_ascii=False, default=str)


def _stamp_request_id(make_record: Callable[..., logging.LogRecord]) -> Callable[..., logging.LogRecord]:
    """Wrap a log record factory so each record keeps the request id of when it was written (a handler may
    format it later, outside the request)."""

    def make(*args, **kwargs) -> logging.LogRecord:
        record = make_record(*args, **kwargs)
        record.request_id = REQUEST_ID.get()
        return record

    make.stamps_request_id = True  # type: ignore[attr-defined]
    return make


def setup(level: str = "INFO") -> None:
    """Send every record at ``level`` and above to standard error as JSON. Calling it again changes nothing
    but the level (gunicorn may have set up the same handler already, see `gunicorn_config`)."""
    factory = logging.getLogRecordFactory()
    if not getattr(factory, "stamps_request_id", False):
        logging.setLogRecordFactory(_stamp_request_id(factory))
    root = logging.getLogger()
    root.setLevel(level.upper())
    for name, quieter in QUIETER.items():
        logging.getLogger(name).setLevel(quieter)
    if any(isinstance(handler.formatter, JsonFormatter) for handler in root.handlers):
        return
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(JsonFormatter())
    root.addHandler(handler)


def gunicorn_config(level: str = "INFO") -> dict:
    """gunicorn's ``logconfig_dict``: its own lines as JSON on standard error, and no access log of its own."""
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "formatters": {"json": {"()": JsonFormatter}},
        "handlers": {"json": {"class": "logging.StreamHandler", "formatter": "json", "stream": "ext://sys.stderr"}},
        "root": {"level": level.upper(), "handlers": ["json"]},
        "loggers": {
            "gunicorn.error": {"level": level.upper(), "handlers": [], "propagate": True},
            # gunicorn's access line prints the raw path; the app writes its own (see web.request_ids).
            "gunicorn.access": {"level": "CRITICAL", "handlers": [], "propagate": False},
        },
    }
