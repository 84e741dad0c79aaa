"""The database: engine settings for SQLite and PostgreSQL, and one unit of work per request.

Domain code adds and changes rows and at most flushes; it never commits. A request commits once, after its
view has returned (whatever the status it chose, so that a refusal can still count a wrong PIN), and rolls
back when the view raised or the response is a server error. Jobs and commands wrap their work in
`transaction()`.

A double tap is decided by the database: `insert_unless_exists` inserts a row unless one with the same
values of a unique constraint is there already, with ``INSERT … ON CONFLICT DO NOTHING`` on both databases.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any, cast

from flask import Flask, Response
from sqlalchemy import CursorResult, Executable, UniqueConstraint, event, update
from sqlalchemy.dialects import postgresql, sqlite

from ..extensions import db


def _configure_sqlite(dbapi_connection, _record) -> None:
    # WAL lets readers and a writer work at once; the busy timeout makes a second writer wait
    # instead of failing with "database is locked" when several workers serve requests.
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA busy_timeout=15000")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()


def is_sqlite() -> bool:
    """True when the app runs on SQLite (a few statements are written differently there)."""
    return db.engine.dialect.name == "sqlite"


def init_app(app: Flask) -> None:
    """Bind SQLAlchemy to the app (SQLite tuned for concurrent workers) and commit once per request."""
    if app.config["SQLALCHEMY_DATABASE_URI"].startswith("sqlite"):
        options = dict(app.config["SQLALCHEMY_ENGINE_OPTIONS"])
        options.setdefault("connect_args", {"timeout": 15})
        app.config["SQLALCHEMY_ENGINE_OPTIONS"] = options
    db.init_app(app)
    if app.config["SQLALCHEMY_DATABASE_URI"].startswith("sqlite"):
        with app.app_context():
            event.listen(db.engine, "connect", _configure_sqlite)
    app.after_request(commit_request)


def commit_request(response: Response) -> Response:
    """The end of a request's unit of work: commit what the view did, or roll it back on a server error.

    Error handlers roll back before they render, so after an exception there is nothing left to commit.
    """
    if response.status_code >= 500:
        rollback()
    else:
        commit()
    return response


def commit() -> None:
    """Commit the unit of work."""
    db.session.commit()


def rollback() -> None:
    """Throw the unit of work away."""
    db.session.rollback()


@contextmanager
def transaction() -> Iterator[None]:
    """A unit of work outside a request (a command or a job): committed at the end, rolled back on error."""
    try:
        yield
    except BaseException:
        rollback()
        raise
    commit()


def insert_unless_exists(model: Any, values: dict[str, Any], unique: tuple[str, ...]) -> int | None:
    """Insert a row of ``model`` unless one with the same ``unique`` columns exists (a double tap racing
    this one). Returns the new row's id, or None when the database says it was there already."""
    dialect = postgresql if db.engine.dialect.name == "postgresql" else sqlite
    statement = (
        dialect.insert(model).values(**values).on_conflict_do_nothing(index_elements=list(unique)).returning(model.id)
    )
    return db.session.execute(statement).scalar_one_or_none()


def rows_changed(statement: Executable) -> int:
    """Run an UPDATE or DELETE in the unit of work; how many rows it changed (0: the condition did not hold,
    so another request got there first)."""
    return cast(CursorResult, db.session.execute(statement)).rowcount


def update_if(row: Any, *conditions: Any, **values: Any) -> bool:
    """Change ``row`` in the database only while ``conditions`` still hold there (a conditional UPDATE), so
    of two requests racing to do the same thing, one does it. True for the one that did. The changed
    attributes are read again from the database next time they are used."""
    model = type(row)
    statement = (
        update(model)
        .where(model.id == row.id, *conditions)
        .values(**values)
        .execution_options(synchronize_session=False)
    )
    changed = rows_changed(statement)
    db.session.expire(row, list(values))
    if changed:
        note_changed(model, row.id)
    return bool(changed)


def note_changed(model: Any, row_id: int) -> None:
    """Say that a row was changed without the ORM seeing it (a Core UPDATE), for what keeps count of rows
    before the unit of work commits (`figures.tally`)."""
    db.session.info.setdefault("changed_rows", set()).add((model, row_id))


def add_to_counts(model: Any, changes: list[tuple[tuple, int]]) -> None:
    """Add each change to the ``count`` of ``model``'s row with that key (inserting it at the change when
    there is none yet), decided by the database (``INSERT … ON CONFLICT … DO UPDATE``), so that units of work
    adding to the same counts at once never lose one. ``changes`` are (key, change), the key in the order of
    the model's unique columns; sorted keys keep every unit of work taking the rows' locks in one order."""
    if not changes:
        return
    constraint = next(c for c in model.__table__.constraints if isinstance(c, UniqueConstraint))
    columns = [column.name for column in constraint.columns]
    dialect = postgresql if db.engine.dialect.name == "postgresql" else sqlite
    statement = dialect.insert(model)
    statement = statement.on_conflict_do_update(
        index_elements=columns, set_={"count": model.count + statement.excluded["count"]}
    )
    rows = [dict(zip(columns, key, strict=True), count=change) for key, change in changes]
    # One statement for every row (executemany): compiled once, whatever the number of rows.
    db.session.connection().execute(statement, rows)


def lock_row(model: Any, row_id: int) -> bool:
    """Hold ``model``'s row ``row_id`` for the rest of the unit of work, so that a rule counted over its
    children (e.g. at most 30 agenda items) is decided by one request at a time. A no-op UPDATE takes the
    row's lock on PostgreSQL and the write lock on SQLite; False when there is no such row."""
    statement = update(model).where(model.id == row_id).values(id=model.id)
    return bool(rows_changed(statement.execution_options(synchronize_session=False)))
