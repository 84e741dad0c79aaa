"""Fair use: how much one child's space can send in a while. Generous for a child, tight for a script: at
most ``CHILD_STATEMENTS_PER_HOUR`` statements an hour and ``CHILD_STATEMENTS_PER_DAY`` a day, and
``CHILD_ADDITIONS_PER_HOUR`` things added to what they sent. "I don't feel safe" is never refused (a tap soon
after another joins the open alert instead).

Past the limit, `platform.exceptions.TooMuch` is raised and nothing is stored. Decided with the child's row
held (`platform.db.lock_row`), so that requests sent in parallel are counted one after another and cannot all
pass together.
"""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import func, select

from .. import settings
from ..extensions import db
from ..people.models import Child
from ..platform.clock import utcnow
from ..platform.db import lock_row
from .kinds import UNSAFE
from .models import Statement, StatementAddition


def may_send(child: Child) -> bool:
    """True while the child has not sent more statements than fair use allows this hour and today."""
    lock_row(Child, child.id)
    now = utcnow()
    hour, day = db.session.execute(
        select(
            func.count(Statement.id).filter(Statement.created_at >= now - timedelta(hours=1)),
            func.count(Statement.id),
        ).where(
            Statement.child_id == child.id, Statement.kind != UNSAFE, Statement.created_at >= now - timedelta(days=1)
        )
    ).one()
    return hour < settings.get("CHILD_STATEMENTS_PER_HOUR") and day < settings.get("CHILD_STATEMENTS_PER_DAY")


def may_add(child: Child) -> bool:
    """True while the child has not added more to what they sent than fair use allows this hour."""
    lock_row(Child, child.id)
    added = db.session.scalar(
        select(func.count(StatementAddition.id))
        .join(Statement, Statement.id == StatementAddition.statement_id)
        .where(Statement.child_id == child.id, StatementAddition.created_at >= utcnow() - timedelta(hours=1))
    )
    return (added or 0) < settings.get("CHILD_ADDITIONS_PER_HOUR")
