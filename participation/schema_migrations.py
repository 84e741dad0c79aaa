"""The schema's migrations (Flask-Migrate): `flask db …` on the command line, `flask_migrate.upgrade()` in tests
and benches. Flask-Migrate is bound to the app only when one of them uses it: importing it pulls in alembic's
command machinery, a good part of every start, which serving a page never needs."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click
from flask import Flask

from .extensions import db

DIRECTORY = Path(__file__).with_name("migrations")


def bind(app: Flask) -> Any:
    """Bind Flask-Migrate to ``app``; returns its settings, which it keeps in ``app.extensions["migrate"]``."""
    from flask_migrate import Migrate

    # Batch mode lets later migrations alter tables on SQLite too.
    Migrate(app, db, directory=str(DIRECTORY), render_as_batch=True)
    return app.extensions["migrate"]


class _NotYetBound:
    """Holds ``app.extensions["migrate"]`` until Flask-Migrate is first asked for it, then binds it (which puts
    Flask-Migrate's own settings there) and answers from those."""

    def __init__(self, app: Flask):
        self._app = app

    def __getattr__(self, name: str) -> Any:
        return getattr(bind(self._app), name)


class _Commands(click.Group):
    """`flask db`: Flask-Migrate's command group, imported once the command line reaches it."""

    def __init__(self, app: Flask):
        super().__init__("db", help="Perform database migrations.")
        self._app = app

    def make_context(self, info_name, args, parent=None, **extra) -> click.Context:
        bind(self._app)
        from flask_migrate.cli import db as commands

        return commands.make_context(info_name, args, parent=parent, **extra)


def init_app(app: Flask) -> None:
    """Offer `flask db` and `flask_migrate`'s functions without importing Flask-Migrate yet."""
    app.extensions["migrate"] = _NotYetBound(app)
    app.cli.add_command(_Commands(app))
