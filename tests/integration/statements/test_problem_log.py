"""The problem log: overdue items highlighted, reminders that escalate exactly once, and downloads that
open in a spreadsheet with the same rows and no formulas."""

from __future__ import annotations

import csv
import io
from datetime import date, timedelta

import pytest
from openpyxl import load_workbook
from sqlalchemy import select

from participation.extensions import db
from participation.people.models import Role
from participation.platform.clock import today
from participation.platform.models import OutboxMessage
from participation.platform.working_days import is_working_day
from participation.statements import tracking
from participation.statements.models import Statement
from tests.conftest import login, make_staff, send_statement

EVIL = '=HYPERLINK("http://evil.example","click")'


@pytest.fixture
def team(app):
    with app.app_context():
        make_staff(Role.PARTICIPATION, email="pat@example.org", name="Pat Participation")
    client = app.test_client()
    login(client, "pat@example.org")
    return client


def raise_problem(client, words: str = "My allowance was not paid", **extra):
    return send_statement(client, "problem", {"words": words, "to": ["iro"], "resolution": "informal", **extra})


def make_late(app, working_days_ago: int = 12) -> None:
    """Pretend every statement arrived ``working_days_ago`` working days before today."""
    with app.app_context():
        day = today()
        while working_days_ago:
            day -= timedelta(days=1)
            working_days_ago -= is_working_day(day)
        for statement in db.session.scalars(select(Statement)):
            statement.created_at = statement.created_at.replace(year=day.year, month=day.month, day=day.day)
            tracking.set_due_dates(statement, statement.created_at)
        db.session.commit()


def remind(app) -> str:
    return app.test_cli_runner().invoke(args=["remind-overdue"]).output


def escalations(app) -> list[str]:
    with app.app_context():
        return db.session.scalars(select(OutboxMessage.recipient).where(OutboxMessage.subject.like("Escalated%"))).all()


def test_the_reminder_command_reminds_once_then_escalates_exactly_once(app, make_child_session, team):
    client, _, _ = make_child_session(team_manager_name="Tess", team_manager_email="tess@example.org")
    raise_problem(client)
    assert "Reminded 0, escalated 0" in remind(app)  # nothing is late yet
    make_late(app, working_days_ago=4)  # acknowledgement (3 working days) is late

    assert "Reminded 1, escalated 0" in remind(app)
    assert "Reminded 0, escalated 0" in remind(app)
    with app.app_context():
        reminders = db.session.scalars(select(OutboxMessage).where(OutboxMessage.subject.like("Reminder%"))).all()
        assert [m.recipient for m in reminders] == ["iro.a@example.org"]
        assert "allowance" not in reminders[0].body
        # Two working days after the reminder, still not acknowledged: escalate.
        statement = db.session.scalar(select(Statement))
        statement.acknowledge_reminded_at -= timedelta(days=5)
        db.session.commit()

    assert "Reminded 0, escalated 1" in remind(app)
    assert "Reminded 0, escalated 0" in remind(app)
    assert sorted(escalations(app)) == sorted(["tess@example.org", app.config["PARTICIPATION_TEAM_EMAIL"]])
    page = team.get("/staff/problems").get_data(as_text=True)
    assert "Overdue" in page and "row--overdue" in page


def test_an_acknowledged_item_is_reminded_again_only_when_its_outcome_is_late(app, make_child_session, iro):
    client, _, _ = make_child_session()
    raise_problem(client)
    with app.app_context():
        statement = db.session.scalar(select(Statement))
        tracking.acknowledge(statement, db.session.merge(iro))
        db.session.commit()
    make_late(app, working_days_ago=5)
    assert "Reminded 0, escalated 0" in remind(app)  # acknowledged in time; the outcome is not due yet
    make_late(app, working_days_ago=11)
    assert "Reminded 1, escalated 0" in remind(app)
    with app.app_context():
        [reminder] = db.session.scalars(select(OutboxMessage).where(OutboxMessage.subject.like("Reminder%"))).all()
        assert "waiting for an outcome" in reminder.subject


def test_the_log_downloads_as_csv_and_xlsx_with_the_same_rows_and_no_formulas(app, make_child_session, team):
    client, _, _ = make_child_session(case_reference="CR-77")
    raise_problem(client, words=EVIL)
    raise_problem(client, words="Contact with dad was missed, nobody said why", topic="family_time")
    send_statement(client, "good-news", {"words": "Not a problem", "to": ["iro"]})
    with app.app_context():
        day = today().isoformat()

    response = team.get(f"/staff/problems/export.csv?start={day}&end={day}")
    assert response.status_code == 200 and "attachment" in response.headers["Content-Disposition"]
    rows = list(csv.reader(io.StringIO(response.get_data(as_text=True).lstrip("\ufeff"))))
    header, *body = rows
    words_at = header.index("The problem in the child's words")
    assert len(body) == 2  # good news is not a problem
    assert sorted(row[words_at] for row in body) == sorted(["'" + EVIL, "Contact with dad was missed, nobody said why"])
    assert {row[header.index("Case reference")] for row in body} == {"CR-77"}
    assert {row[header.index("Sent to")] for row in body} == {"IRO"}

    response = team.get(f"/staff/problems/export.xlsx?start={day}&end={day}")
    sheet = load_workbook(io.BytesIO(response.data)).active
    values = [[cell.value for cell in row] for row in sheet.iter_rows()]
    assert [str(v) for v in values[0]] == header
    assert sorted(row[words_at] for row in values[1:]) == sorted(row[words_at] for row in body)
    assert all(cell.data_type != "f" for row in sheet.iter_rows() for cell in row)

    # Outside the dates, nothing.
    old = (date.fromisoformat(day) - timedelta(days=30)).isoformat()
    response = team.get(f"/staff/problems/export.csv?start={old}&end={old}")
    assert len(list(csv.reader(io.StringIO(response.get_data(as_text=True).lstrip("\ufeff"))))) == 1


def test_only_the_participation_team_opens_the_log(app, iro, make_child_session):
    client = app.test_client()
    login(client, iro.email)
    assert client.get("/staff/problems").status_code == 403
    assert client.get("/staff/problems/export.csv").status_code == 403
