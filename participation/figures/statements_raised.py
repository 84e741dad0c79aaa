"""What children raised through the app, in figures: statements by type and quarter, and problems resolved in
time, open and overdue, with the urgent alerts."""

from __future__ import annotations

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import and_, exists, func, select

from ..consultation.models import Consultation
from ..extensions import db
from ..platform.clock import start_of_day, today
from ..reviews.models import Review
from ..statements import tracking
from ..statements.kinds import CHANGE, GOOD_NEWS, PROBLEM, UNSAFE, WORKER_VISIT
from ..statements.models import Statement, StatementRecipient
from .disclosure import percent, shown
from .periods import Filters, quarter_of
from .tables import Table, grouped, pivot


def raised_in(filters: Filters):
    """SQL: the statements raised in the period (and sent to the IRO, if one is chosen)."""
    conditions = [Statement.created_at >= start_of_day(filters.start), Statement.created_at < start_of_day(filters.end)]
    if filters.iro_id:
        conditions.append(
            exists().where(
                StatementRecipient.statement_id == Statement.id, StatementRecipient.staff_id == filters.iro_id
            )
        )
    return and_(*conditions)


STATEMENT_TYPES = {
    GOOD_NEWS: _l("Share good news"),
    CHANGE: _l("Something I want to change"),
    WORKER_VISIT: _l("Worker visiting"),
    "meeting": _l("Preparation for a meeting (consultations sent)"),
    PROBLEM: _l("Problem"),
    UNSAFE: _l("Not feeling safe (urgent)"),
}


def statement_types(filters: Filters) -> Table:
    """What children raised, by type and quarter (consultations sent count as preparation for a meeting)."""
    quarter = quarter_of(Statement.created_at)
    counts = grouped(
        select(Statement.kind, quarter, func.count(Statement.id))
        .where(raised_in(filters))
        .group_by(Statement.kind, quarter)
    )
    sent_quarter = quarter_of(Consultation.submitted_at)
    meeting = select(sent_quarter, func.count(Consultation.id)).where(
        Consultation.submitted_at >= start_of_day(filters.start), Consultation.submitted_at < start_of_day(filters.end)
    )
    if filters.iro_id:
        meeting = meeting.join(Review, Review.id == Consultation.review_id).where(
            Review.child.has(iro_id=filters.iro_id)
        )
    for q, n in db.session.execute(meeting.group_by(sent_quarter)):
        counts[("meeting", q)] = n
    return pivot("raised", _l("What children raised"), STATEMENT_TYPES, counts, filters, first=str(_("Type")))


def problems_summary(filters: Filters) -> Table:
    """Problems resolved within timescale, problems open and overdue now, and urgent alerts."""
    on_time = and_(
        Statement.status == tracking.RESOLVED, func.date(Statement.outcome_recorded_at) <= Statement.outcome_by
    )
    row = db.session.execute(
        select(
            func.count(Statement.id).filter(Statement.kind == PROBLEM),
            func.count(Statement.id).filter(Statement.kind == PROBLEM, on_time),
            func.count(Statement.id).filter(Statement.kind == PROBLEM, Statement.status.in_(tracking.OPEN)),
            func.count(Statement.id).filter(Statement.kind == PROBLEM, tracking.overdue_clause(today())),
            func.count(Statement.id).filter(Statement.kind == UNSAFE),
        ).where(raised_in(filters))
    ).one()
    raised, resolved_in_time, still_open, overdue, urgent = row
    whole = filters.whole_year
    table = Table("problems", str(_("Problems and urgent alerts")), [str(_("Measure")), str(_("Count")), "%"])
    table.rows = [
        [str(_("Problems raised")), shown(raised, total=whole), ""],
        [str(_("Resolved within timescale")), shown(resolved_in_time), percent(resolved_in_time, raised)],
        [str(_("Still open")), shown(still_open), percent(still_open, raised)],
        [str(_("Overdue now")), shown(overdue), percent(overdue, raised)],
        [str(_("Urgent alerts (not feeling safe)")), shown(urgent, total=whole), ""],
    ]
    table.chart = [(r[0], r[1] if isinstance(r[1], int) else None, str(r[1])) for r in table.rows]
    return table
