"""The audit trail: a record every time staff open or change a child's record.

Events name the action and the record, never what a child said. An event joins the unit of work of what it
records: if the change is rolled back, so is its record, and a record is never committed half-way through.
"""

from __future__ import annotations

from typing import Protocol

from flask_babel import lazy_gettext as _l

from ..extensions import db
from .models import AuditEvent


class _HasId(Protocol):
    id: int


# What each action means, as shown to admins on the audit page.
ACTIONS = {
    "child.viewed": _l("Opened a child's record"),
    "child.created": _l("Added a child"),
    "child.updated": _l("Changed a child's details"),
    "child.reallocated": _l("Moved a child to another IRO"),
    "child.link_issued": _l("Made a new personal link"),
    "child.link_emailed": _l("Emailed a personal link"),
    "child.secret_reset": _l("Reset a child's PIN or pictures"),
    "child.secret_locked": _l("Too many wrong PIN or picture tries"),
    "child.subject_access_exported": _l("Downloaded everything held about a child (subject access)"),
    "child.erased": _l("Erased a child and everything about them"),
    "child.legal_hold_set": _l("Put a legal hold on a child's records"),
    "child.legal_hold_lifted": _l("Lifted the legal hold on a child's records"),
    "review.scheduled": _l("Scheduled a review"),
    "review.updated": _l("Changed a review"),
    "review.cancelled": _l("Cancelled a review"),
    "review.outcome_recorded": _l("Recorded how a review went"),
    "review.feedback_link": _l("Made a feedback link for a review"),
    "statistics.exported": _l("Downloaded figures"),
    "statistics.national_return_exported": _l("Downloaded the national return (SSDA903 reviews)"),
    "consultation.read": _l("Read a child's consultation"),
    "consultation.printed": _l("Opened a child's consultation summary for printing"),
    "consultation.exported": _l("Downloaded a child's consultation for their case file"),
    "statement.read": _l("Opened something a child sent"),
    "statement.viewed": _l("Opened something a child sent, without its words"),
    "statement.acknowledged": _l("Acknowledged something a child sent"),
    "statement.updated": _l("Updated something a child sent"),
    "statement.outcome_recorded": _l("Recorded the outcome of something a child sent"),
    "statement.passed_on": _l("Passed on something a child sent"),
    "statement.exported": _l("Downloaded something a child sent for their case file"),
    "problems.exported": _l("Downloaded the problem log"),
    "staff.created": _l("Created a staff account"),
    "staff.updated": _l("Changed a staff account"),
    "staff.password_reset_issued": _l("Reset a password"),
    "staff.login": _l("Signed in"),
    "staff.sign_in_paused": _l("Signing in paused after too many wrong passwords"),
    "staff.logout": _l("Signed out"),
    "staff.passkey_added": _l("Added a passkey"),
    "staff.passkey_removed": _l("Removed a passkey"),
    "staff.app_added": _l("Set up an authenticator app"),
    "staff.app_removed": _l("Removed an authenticator app"),
    "staff.recovery_codes_made": _l("Made new recovery codes"),
    "staff.second_factor_reset": _l("Reset someone's two-factor sign-in"),
    "staff.sso_refused": _l("Single sign-on refused"),
}


def record(action: str, *, actor: _HasId | None, child: _HasId | None = None, detail: str | None = None) -> AuditEvent:
    """Add an audit event to the current unit of work. ``actor`` is the member of staff who did it, or None
    for something the system or a child did."""
    if action not in ACTIONS:
        raise ValueError(f"unknown audit action {action!r}")
    if child is not None and child.id is None:
        db.session.flush()  # a child added in this unit of work gets its id
    event = AuditEvent(
        action=action,
        actor_id=actor.id if actor is not None else None,
        child_id=child.id if child is not None else None,
        detail=detail[:200] if detail else None,
    )
    db.session.add(event)
    return event


def action_labels() -> dict:
    """Translated descriptions of every audit action."""
    return dict(ACTIONS)
