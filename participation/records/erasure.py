"""Erasing a child (the right to erasure: a record made in error, or a child who asks for it).

Everything about the child goes in one unit of work: their record, reviews, consultations with their answers,
agenda and additions, everything they raised with its recipients, notes and outcomes, forms held after their
space closed, feedback links made for their reviews (single-use tokens, never used or no longer needed),
their sessions, and forms staff typed about them after a time-out and have not sent yet.

Kept, because they hold nothing about the child once unlinked:

* the audit trail's rows, without their link to the child: they are the council's record of processing (who
  opened or changed a record, and when), which accountability asks it to keep, and they never held the
  child's words. The erasure itself is recorded too: who, when, why and the record number, never the name;
* feedback responses, which are anonymous by design and were never linked to the child;
* the outbox: its emails never name the child or carry their words (they are deleted by retention);
* the published figures: what the child's rows were counted for is kept under the erasure (`figures.tally.
  set_aside`), so a year's figures read the same before and after.

A child on legal hold is never erased.
"""

from __future__ import annotations

import unicodedata

from sqlalchemy import delete, or_, select, update

from ..consultation.models import Consultation
from ..extensions import db
from ..feedback.models import FeedbackLink
from ..figures import tally
from ..people import legal_hold
from ..people.models import Child, HeldSubmission, KeptStaffForm, StaffUser
from ..platform import audit
from ..platform.db import lock_row
from ..platform.exceptions import Conflict, NotAllowed
from ..platform.models import AuditEvent, AuthSession
from ..reviews.models import Review
from ..statements.models import Statement
from . import permissions

REASON_LIMIT = 150


class OnLegalHold(Conflict):
    """The child is on legal hold: nothing about them may be deleted until it is lifted."""


class NameDoesNotMatch(ValueError):
    """The name typed to confirm is not the child's preferred name."""


def same_name(typed: str, name: str) -> bool:
    """True when ``typed`` is the child's preferred name, whatever the case, spacing or Unicode form."""

    def plain(text: str) -> str:
        return " ".join(unicodedata.normalize("NFC", text).casefold().split())

    return bool(typed.strip()) and plain(typed) == plain(name)


def _on_pages(paths: list[str]):
    """SQL: a kept form was typed on one of ``paths`` or a page under it (an address, with or without a query)."""
    return or_(*(KeptStaffForm.page.like(f"%{path}{ending}") for path in paths for ending in ("", "/%", "?%")))


def erase(child: Child, by: StaffUser, typed_name: str, reason: str) -> AuditEvent:
    """Delete ``child`` and everything about them, recording who did it and why; returns the audit event.

    Raises NotAllowed for anyone but the participation team and administrators, OnLegalHold while the child
    is on hold, and NameDoesNotMatch when ``typed_name`` is not their preferred name."""
    if not permissions.may_erase(by):
        raise NotAllowed("erase a child")
    # Held first, and read again: a hold set by someone else a moment ago is seen.
    lock_row(Child, child.id)
    db.session.refresh(child)
    if legal_hold.is_protected(child):
        raise OnLegalHold(f"child {child.id}")
    if not same_name(typed_name, child.preferred_name):
        raise NameDoesNotMatch(typed_name)
    if not tally.is_built():
        tally.rebuild()  # so that the figures are read from the counts, which keep what the child added

    child_id = child.id
    event = audit.record("child.erased", actor=by, detail=f"record {child_id}: {reason.strip()}"[:200])
    db.session.flush()

    review_ids = list(db.session.scalars(select(Review.id).where(Review.child_id == child_id)))
    consultation_ids = db.session.scalars(select(Consultation.id).where(Consultation.child_id == child_id))
    statements = list(db.session.scalars(select(Statement).where(Statement.child_id == child_id)))
    tally.set_aside(
        [(tally.REVIEW, review_id) for review_id in review_ids]
        + [(tally.CONSULTATION, consultation_id) for consultation_id in consultation_ids]
        + [(tally.STATEMENT, statement.id) for statement in statements],
        under=event.id,
    )

    db.session.execute(update(AuditEvent).where(AuditEvent.child_id == child_id).values(child_id=None))
    db.session.execute(delete(AuthSession).where(AuthSession.child_id == child_id))
    db.session.execute(delete(HeldSubmission).where(HeldSubmission.child_id == child_id))
    if review_ids:
        db.session.execute(delete(FeedbackLink).where(FeedbackLink.review_id.in_(review_ids)))
    pages = [f"/staff/children/{child_id}"]
    pages += [f"/staff/reviews/{review_id}" for review_id in review_ids]
    pages += [f"/staff/statements/{statement.id}" for statement in statements]
    db.session.execute(delete(KeptStaffForm).where(_on_pages(pages)))
    for statement in statements:
        db.session.delete(statement)  # with its recipients, events and additions
    db.session.delete(child)  # with its reviews, and their consultations' answers, agenda and additions
    db.session.flush()
    return event
