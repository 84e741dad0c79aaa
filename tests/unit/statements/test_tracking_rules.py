"""Rules for what children raise: status moves, due dates in working days, overdue, and routing."""

from __future__ import annotations

from datetime import date

import pytest

from participation.statements import tracking
from participation.statements.models import Statement


@pytest.mark.parametrize(
    ("current", "wanted"),
    [
        ("new", "acknowledged"),
        ("acknowledged", "in_progress"),
        ("acknowledged", "resolved"),
        ("acknowledged", "closed"),
        ("in_progress", "resolved"),
        ("in_progress", "closed"),
    ],
)
def test_allowed_moves(current, wanted):
    assert tracking.can_move(current, wanted)


@pytest.mark.parametrize(
    ("current", "wanted"),
    [
        ("new", "resolved"),
        ("new", "in_progress"),
        ("new", "new"),
        ("acknowledged", "new"),
        ("in_progress", "acknowledged"),
        ("resolved", "in_progress"),
        ("resolved", "closed"),
        ("closed", "new"),
        ("closed", "resolved"),
        ("new", "made-up"),
    ],
)
def test_refused_moves(current, wanted):
    assert not tracking.can_move(current, wanted)


def test_overdue_is_about_the_stage_the_item_is_at():
    statement = Statement(
        kind="problem", tracked=True, status="new", acknowledge_by=date(2026, 11, 26), outcome_by=date(2026, 12, 7)
    )
    assert not tracking.is_overdue(statement, date(2026, 11, 26))  # due today is not late
    assert tracking.is_overdue(statement, date(2026, 11, 27))
    statement.status = "acknowledged"
    assert not tracking.is_overdue(statement, date(2026, 11, 27))
    assert tracking.is_overdue(statement, date(2026, 12, 8))
    statement.status = "resolved"
    assert not tracking.is_overdue(statement, date(2027, 1, 1))
    assert not tracking.is_overdue(Statement(kind="good_news", tracked=False, status="new"), date(2030, 1, 1))
