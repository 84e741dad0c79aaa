"""Commands, demo data, and migrations that match the models on this database."""

from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import func, select

from participation.extensions import db
from participation.figures import tally
from participation.figures.models import FigureSource
from participation.people.models import Child, StaffUser
from participation.platform.models import OutboxMessage
from participation.reviews.models import Review
from participation.statements.models import Statement
from tests.conftest import login


def test_migrations_build_exactly_the_models(app):
    with app.app_context(), db.engine.connect() as connection:
        differences = compare_metadata(MigrationContext.configure(connection), db.metadata)
    assert differences == []


def test_create_user_command(app, runner):
    result = runner.invoke(
        args=[
            "create-user",
            "--email",
            "New@Example.org",
            "--name",
            "New Person",
            "--role",
            "participation",
            "--password",
            "a long enough password",
        ]
    )
    assert result.exit_code == 0, result.output
    assert login(app.test_client(), "new@example.org", "a long enough password").status_code == 302


def test_create_user_refuses_short_passwords_and_unknown_roles(runner):
    result = runner.invoke(
        args=["create-user", "--email", "a@example.org", "--name", "A", "--role", "iro", "--password", "short"]
    )
    assert result.exit_code != 0 and "at least 12" in result.output
    result = runner.invoke(
        args=[
            "create-user",
            "--email",
            "a@example.org",
            "--name",
            "A",
            "--role",
            "king",
            "--password",
            "long enough password",
        ]
    )
    assert result.exit_code != 0


def test_demo_data_loads_once_with_children_of_every_age_and_prints_a_way_in(app, runner):
    result = runner.invoke(args=["demo-data", "--if-empty"])
    assert result.exit_code == 0 and "demo-password" in result.output
    with app.app_context():
        assert db.session.scalar(select(func.count(StaffUser.id))) == 6
        assert db.session.scalar(select(func.count(Child.id))) == 8
        assert db.session.scalar(select(func.count(Review.id))) == 24  # a first, a second and one coming up
        # The demo's figures are counted into the tally as the data goes in, and agree with a fresh count.
        assert tally.differences() == []
        assert db.session.scalar(select(func.count(FigureSource.kind))) > 16
        # Things children raised, one of them sorted, and no demo email waiting to go out.
        assert db.session.scalar(select(func.count(Statement.id))) == 4
        assert db.session.scalar(select(func.count(Statement.id)).where(Statement.status == "resolved")) == 1
        assert db.session.scalar(select(func.count(OutboxMessage.id))) == 0
        languages = set(db.session.scalars(select(Child.preferred_language)))
        assert {"en", "ar"} <= languages and len(languages) >= 4
    again = runner.invoke(args=["demo-data", "--if-empty"])
    assert again.exit_code == 0 and "not loaded again" in again.output
    with app.app_context():
        assert db.session.scalar(select(func.count(Child.id))) == 8
    link = runner.invoke(args=["demo-link", "Lily"]).output.split("link: ")[1].strip()
    response = app.test_client().get(link.replace("http://localhost", ""))
    assert response.status_code == 303


def test_an_sqlite_database_with_rows_upgrades_to_the_latest_migration(app_config, tmp_path):
    """Someone who ran the app before pulls new code and runs it again: SQLite rebuilds a table to alter it, and
    the rows pointing at it must neither stop the upgrade nor be left pointing at nothing."""
    import flask_migrate
    from sqlalchemy import text

    from participation import create_app

    app = create_app(app_config | {"SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'old.sqlite3'}"})
    with app.app_context():
        flask_migrate.upgrade(revision="0005")
        with db.engine.begin() as connection:
            connection.execute(
                text(
                    "INSERT INTO staff_user (id, email, name, role, password_hash, active, must_change_password,"
                    " created_at) VALUES (1, 'iro@example.org', 'Ida', 'iro', 'x', 1, 0, '2026-01-01')"
                )
            )
            connection.execute(
                text(
                    "INSERT INTO child (id, preferred_name, date_of_birth, preferred_language, iro_id,"
                    " secret_failures, created_at, updated_at) VALUES (1, 'Robin', '2015-01-01', 'en', 1, 0,"
                    " '2026-01-01', '2026-01-01')"
                )
            )
        flask_migrate.upgrade()
        with db.engine.connect() as connection:
            assert connection.execute(text("SELECT iro_id FROM child")).scalar() == 1
            assert connection.execute(text("PRAGMA foreign_key_check")).fetchall() == []
            assert connection.execute(text("PRAGMA foreign_keys")).scalar() == 1  # on again for the app
        db.engine.dispose()
