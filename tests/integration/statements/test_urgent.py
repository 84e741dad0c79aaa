"""Urgent means urgent: an alert nobody has acknowledged is sent again every hour to the adults told, and
escalated once, when URGENT_ACKNOWLEDGE_HOURS clock hours have passed (nights and weekends included), to the
team manager, the duty team and the participation team. A frozen clock walks through it."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import time_machine
from sqlalchemy import select

from participation.extensions import db
from participation.jobs.reminders import chase_urgent
from participation.platform.models import OutboxMessage
from participation.statements import tracking
from participation.statements.models import Statement
from tests.conftest import login, only_statement, post_form
from tests.integration.statements.test_safety import tap_not_safe


def _next_saturday_night() -> datetime:
    """A Saturday night to come (no working day anywhere near), so that signed cookies stay valid."""
    now = datetime.now(UTC)
    return (now + timedelta(days=(5 - now.weekday()) % 7 + 7)).replace(hour=23, minute=30, second=0, microsecond=0)


RAISED = _next_saturday_night()


def _mail_since(app, first_id: int) -> list[OutboxMessage]:
    with app.app_context():
        return db.session.scalars(
            select(OutboxMessage).where(OutboxMessage.id > first_id).order_by(OutboxMessage.id)
        ).all()


def _last_id(app) -> int:
    with app.app_context():
        return max(db.session.scalars(select(OutboxMessage.id)).all() or [0])


def _chase_at(app, moment: datetime) -> tuple[int, int]:
    with time_machine.travel(moment, tick=False), app.app_context():
        return chase_urgent()


def test_an_alert_nobody_acknowledges_is_sent_every_hour_then_escalated(app, make_child_session, iro):
    with time_machine.travel(RAISED, tick=False):
        client, _, _ = make_child_session(team_manager_name="Tess Manager", team_manager_email="tess@example.org")
        tap_not_safe(client)
    statement = only_statement(app)
    assert statement.acknowledge_due_at == (RAISED + timedelta(hours=4)).replace(tzinfo=None)
    start = _last_id(app)

    assert _chase_at(app, RAISED + timedelta(minutes=59)) == (0, 0)
    assert _chase_at(app, RAISED + timedelta(minutes=61)) == (1, 0)
    again = _mail_since(app, start)
    assert {m.recipient for m in again} == {iro.email, app.config["PARTICIPATION_TEAM_EMAIL"]}
    assert all(m.urgent and "STILL URGENT" in m.subject for m in again)
    # A second run in the same hour (another worker, a timer) sends nothing more.
    assert _chase_at(app, RAISED + timedelta(minutes=62)) == (0, 0)
    assert _chase_at(app, RAISED + timedelta(minutes=122)) == (1, 0)
    assert _chase_at(app, RAISED + timedelta(minutes=183)) == (1, 0)

    start = _last_id(app)
    assert _chase_at(app, RAISED + timedelta(hours=4, minutes=1)) == (0, 1)
    escalated = _mail_since(app, start)
    assert {m.recipient for m in escalated} == {
        "tess@example.org",
        app.config["DUTY_TEAM_EMAIL"],
        app.config["PARTICIPATION_TEAM_EMAIL"],
    }
    assert all("ESCALATED" in m.subject and "Robin" not in m.body for m in escalated)
    assert _chase_at(app, RAISED + timedelta(hours=4, minutes=2)) == (0, 0)  # escalated once only
    with app.app_context():
        assert tracking.is_overdue(
            db.session.get(Statement, statement.id), now=(RAISED + timedelta(hours=5)).replace(tzinfo=None)
        )

    # Still unacknowledged: still sent every hour.
    assert _chase_at(app, RAISED + timedelta(hours=5, minutes=5)) == (1, 0)


def test_acknowledging_stops_the_chasing(app, make_child_session, iro):
    with time_machine.travel(RAISED, tick=False):
        client, _, _ = make_child_session()
        tap_not_safe(client)
    statement_id = only_statement(app).id
    with time_machine.travel(RAISED + timedelta(minutes=20), tick=False):
        iro_client = app.test_client()
        login(iro_client, iro.email)
        post_form(
            iro_client, f"/staff/statements/{statement_id}/acknowledge", form_page=f"/staff/statements/{statement_id}"
        )
    assert _chase_at(app, RAISED + timedelta(hours=2)) == (0, 0)
    assert _chase_at(app, RAISED + timedelta(hours=6)) == (0, 0)


def test_the_worker_command_and_the_daily_timer_both_chase_urgent_alerts(app, make_child_session):
    with time_machine.travel(RAISED, tick=False):
        client, _, _ = make_child_session()
        tap_not_safe(client)
    with time_machine.travel(RAISED + timedelta(hours=4, minutes=5), tick=False):
        result = app.test_cli_runner().invoke(args=["remind-overdue"])
    assert "Urgent alerts sent again 0, escalated 1" in result.output
