"""Status moves and routing, on a real database."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from participation.extensions import db
from participation.people import adults
from participation.people.models import Child, Role
from participation.statements import routing, tracking
from participation.statements.models import Statement
from tests.conftest import make_child, make_staff


def test_move_refuses_and_changes_nothing(app):
    with app.app_context():
        statement = Statement(kind="problem", status="resolved")
        with pytest.raises(tracking.TransitionRefused):
            tracking.move(statement, "in_progress", make_staff(Role.IRO))
        assert statement.status == "resolved" and statement.events == []


@pytest.mark.parametrize(
    ("received", "acknowledge_by", "outcome_by"),
    [
        # A Monday: 3 and 10 working days later.
        (datetime(2026, 11, 23, 10), date(2026, 11, 26), date(2026, 12, 7)),
        # A Friday afternoon: the weekend does not count.
        (datetime(2026, 11, 27, 16), date(2026, 12, 2), date(2026, 12, 11)),
        # Christmas Eve: Christmas, Boxing Day (Monday 28th in lieu) and New Year's Day do not count.
        (datetime(2026, 12, 24, 9), date(2026, 12, 31), date(2027, 1, 12)),
        # A Saturday before the May Day bank holiday (4 May 2026).
        (datetime(2026, 5, 2, 12), date(2026, 5, 7), date(2026, 5, 18)),
        # 23:30 UTC on 31 May 2026 is already 1 June in London: counted from Monday 1 June.
        (datetime(2026, 5, 31, 23, 30), date(2026, 6, 4), date(2026, 6, 15)),
    ],
)
def test_due_dates_count_working_days_only(app, received, acknowledge_by, outcome_by):
    with app.app_context():
        statement = Statement(kind="problem")
        tracking.set_due_dates(statement, received)
        assert (statement.acknowledge_by, statement.outcome_by) == (acknowledge_by, outcome_by)


def test_due_dates_follow_the_configured_working_days(app_config):
    from participation import create_app

    custom = create_app({**app_config, "ACKNOWLEDGE_WORKING_DAYS": 1, "OUTCOME_WORKING_DAYS": 5})
    with custom.app_context():
        statement = Statement(kind="problem")
        tracking.set_due_dates(statement, datetime(2026, 11, 27, 10))
        assert (statement.acknowledge_by, statement.outcome_by) == (date(2026, 11, 30), date(2026, 12, 4))


def test_routing_uses_accounts_where_they_exist_and_the_participation_team_otherwise(app):
    with app.app_context():
        iro = make_staff(Role.IRO)
        worker = make_staff(Role.SOCIAL_WORKER, email="Jordan@Example.org")
        # Same email, wrong role: not the social worker's account.
        make_staff(Role.IRO, email="tess@example.org")
        child = db.session.merge(
            make_child(
                iro,
                social_worker_email="jordan@example.org",
                team_manager_name="Tess",
                team_manager_email="tess@example.org",
            )
        )
        found = adults.adults_for(child)
        assert list(found) == ["iro", "social_worker", "team_manager"]
        rows = routing.recipients_for(child, ["team_manager", "social_worker", "iro"])
        assert [(r.role, r.staff_id, r.via_participation) for r in rows] == [
            ("iro", iro.id, False),
            ("social_worker", worker.id, False),
            ("team_manager", None, True),
        ]


def test_routing_never_sends_to_nobody_or_to_someone_not_on_the_record(app):
    with app.app_context():
        iro = make_staff(Role.IRO)
        child: Child = db.session.merge(make_child(iro, social_worker_name=None, social_worker_email=None))
        assert list(adults.adults_for(child)) == ["iro"]
        with pytest.raises(routing.NobodyToTell):
            routing.recipients_for(child, ["social_worker"])
        with pytest.raises(routing.NobodyToTell):
            routing.recipients_for(child, [])
        assert [r.role for r in routing.recipients_for(child, ["social_worker", "iro", "somebody"])] == ["iro"]
