"""Starting the app imports only what serving pages needs; `flask db` still works, bound when it is used."""

from __future__ import annotations

import subprocess
import sys

from alembic.script import ScriptDirectory
from sqlalchemy import func, select, text

from participation import create_app, schema_migrations
from participation.extensions import db
from participation.people.models import StaffUser

# What serving a page never needs: migrations' machinery, the spreadsheet, Word and QR code libraries, and the
# bank holidays (needed only when working days are counted).
NOT_AT_START = ("alembic", "flask_migrate", "openpyxl", "docx", "qrcode", "holidays")


def test_building_the_app_leaves_the_download_and_migration_libraries_unimported(app_config):
    script = (
        "import sys\n"
        "from participation import create_app\n"
        f"create_app({app_config!r})\n"
        f"print(' '.join(name for name in {NOT_AT_START!r} if name in sys.modules))\n"
    )
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True)
    assert done.stdout.strip().splitlines()[-1:] in ([], [""])


def test_flask_db_upgrade_builds_a_fresh_database_from_the_command_line(app_config, tmp_path):
    app = create_app({**app_config, "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'fresh.sqlite3'}"})
    runner = app.test_cli_runner()
    assert "Perform database migrations." in runner.invoke(args=["--help"]).output
    assert "upgrade" in runner.invoke(args=["db", "--help"]).output

    upgraded = runner.invoke(args=["db", "upgrade"])

    assert upgraded.exit_code == 0, upgraded.output
    with app.app_context():
        latest = ScriptDirectory(str(schema_migrations.DIRECTORY)).get_current_head()
        assert db.session.scalar(text("SELECT version_num FROM alembic_version")) == latest
        assert db.session.scalar(select(func.count()).select_from(StaffUser)) == 0
        db.engine.dispose()
