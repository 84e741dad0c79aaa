"""The audit trail: a record every time staff open or change a child's record.

Events name the action and the record, never what a child said.
"""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_login import current_user

from .extensions import db
from .models import AuditEvent, Child

# What each action means, as shown to admins on the audit page.
ACTIONS = {
    "child.viewed": _l("Opened a child's record"),
    "child.created": _l("Added a child"),
    "child.updated": _l("Changed a child's details"),
    "child.link_issued": _l("Made a new personal link"),
    "child.link_emailed": _l("Emailed a personal link"),
    "child.secret_reset": _l("Reset a child's PIN or pictures"),
    "child.secret_locked": _l("Too many wrong PIN or picture tries"),
    "review.scheduled": _l("Scheduled a review"),
    "review.updated": _l("Changed a review"),
    "review.cancelled": _l("Cancelled a review"),
    "review.outcome_recorded": _l("Recorded how a review went"),
    "review.feedback_link": _l("Made a feedback link for a review"),
    "statistics.exported": _l("Downloaded figures"),
    "consultation.read": _l("Read a child's consultation"),
    "consultation.printed": _l("Opened a child's consultation summary for printing"),
    "statement.read": _l("Opened something a child sent"),
    "statement.acknowledged": _l("Acknowledged something a child sent"),
    "statement.updated": _l("Updated something a child sent"),
    "statement.outcome_recorded": _l("Recorded the outcome of something a child sent"),
    "statement.passed_on": _l("Passed on something a child sent"),
    "problems.exported": _l("Downloaded the problem log"),
    "staff.created": _l("Created a staff account"),
    "staff.updated": _l("Changed a staff account"),
    "staff.password_reset_issued": _l("Reset a password"),
    "staff.login": _l("Signed in"),
    "staff.logout": _l("Signed out"),
}


def record(action: str, child: Child | None = None, detail: str | None = None, actor=None) -> AuditEvent:
    """Write an audit event now, committed straight away so it survives whatever happens next."""
    if action not in ACTIONS:
        raise ValueError(f"unknown audit action {action!r}")
    if actor is None and current_user and current_user.is_authenticated:
        actor = current_user
    event = AuditEvent(
        action=action,
        actor_id=actor.id if actor is not None else None,
        child_id=child.id if child is not None else None,
        detail=detail[:200] if detail else None,
    )
    db.session.add(event)
    db.session.commit()
    return event


def action_labels() -> dict:
    """Translated descriptions of every audit action."""
    return dict(ACTIONS)
