"""Health checks for the proxy, systemd and monitoring: ``/healthz`` (the process answers) and ``/readyz``
(the app can do its work: the database answers, its schema is the code's, and urgent mail is not stuck).

Both are public and carry no personal data; they touch no session, so they set no cookie, and no rate limit
counts them. ``/readyz`` answers 200 when every check passes, else 503 with each check's result.
"""

from __future__ import annotations

from pathlib import Path

from flask import Blueprint, current_app, jsonify
from sqlalchemy import text

from ..extensions import db, limiter
from ..platform import db as unit_of_work
from ..platform import outbox
from ..platform.clock import utcnow
from .access import public

bp = Blueprint("health", __name__)
MIGRATIONS = Path(__file__).resolve().parent.parent / "migrations"
_heads: frozenset[str] | None = None


def migration_heads() -> frozenset[str]:
    """The revisions the code's migrations end at (read once, on the first check: alembic is not loaded
    when the app starts)."""
    global _heads
    if _heads is None:
        from alembic.config import Config
        from alembic.script import ScriptDirectory

        config = Config()
        config.set_main_option("script_location", str(MIGRATIONS))
        _heads = frozenset(ScriptDirectory.from_config(config).get_heads())
    return _heads


def _answer(body: dict, status: int):
    response = jsonify(body)
    response.status_code = status
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.get("/healthz")
@limiter.exempt
@public
def healthz():
    """The process is up (nothing else is looked at)."""
    return _answer({"status": "ok"}, 200)


@bp.get("/readyz")
@limiter.exempt
@public
def readyz():
    """The database answers, its schema is the code's, and no urgent message has waited too long."""
    checks: dict[str, dict] = {}
    try:
        db.session.execute(text("SELECT 1"))
        checks["database"] = {"ok": True}
    except Exception as error:  # whatever the driver raises, the answer is "not ready", not a 500
        unit_of_work.rollback()
        checks["database"] = {"ok": False, "error": type(error).__name__}
    if checks["database"]["ok"]:
        checks["migrations"] = _migrations()
        checks["outbox"] = _outbox()
    ready = all(check["ok"] for check in checks.values())
    return _answer({"status": "ready" if ready else "not ready", "checks": checks}, 200 if ready else 503)


def _migrations() -> dict:
    try:
        current = frozenset(db.session.scalars(text("SELECT version_num FROM alembic_version")))
    except Exception as error:  # no alembic_version table: never migrated
        unit_of_work.rollback()
        return {"ok": False, "error": type(error).__name__}
    expected = migration_heads()
    return {"ok": current == expected, "database": sorted(current), "code": sorted(expected)}


def _outbox() -> dict:
    limit = current_app.config["READY_OUTBOX_MAX_SECONDS"]
    oldest = outbox.oldest_urgent_waiting()
    waited = max(0, int((utcnow() - oldest).total_seconds())) if oldest else 0
    return {"ok": waited < limit, "oldest_urgent_seconds": waited, "max_seconds": limit}
