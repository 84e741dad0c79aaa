"""Database set-up: the engine's connection settings for SQLite and PostgreSQL, and committing a write
that a double tap may have made already."""

from __future__ import annotations

from flask import Flask
from sqlalchemy import event
from sqlalchemy.exc import IntegrityError

from .extensions import db


def commit_once() -> bool:
    """Commit; if a unique key says the same thing was just stored (a double tap racing this one), roll
    back and return False, so it is stored once rather than failing or stored twice."""
    try:
        db.session.commit()
    except IntegrityError:
        db.session.rollback()
        return False
    return True


def _configure_sqlite(dbapi_connection, _record) -> None:
    # WAL lets readers and a writer work at once; the busy timeout makes a second writer wait
    # instead of failing with "database is locked" when several workers serve requests.
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA busy_timeout=15000")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()


def init_database(app: Flask) -> None:
    """Bind SQLAlchemy to the app, with SQLite tuned for concurrent workers."""
    if app.config["SQLALCHEMY_DATABASE_URI"].startswith("sqlite"):
        options = dict(app.config["SQLALCHEMY_ENGINE_OPTIONS"])
        options.setdefault("connect_args", {"timeout": 15})
        app.config["SQLALCHEMY_ENGINE_OPTIONS"] = options
    db.init_app(app)
    if app.config["SQLALCHEMY_DATABASE_URI"].startswith("sqlite"):
        with app.app_context():
            event.listen(db.engine, "connect", _configure_sqlite)

