"""Sending a consultation to the IRO, adding to it afterwards, and the IRO reading it.

The IRO can read a consultation only once the child has sent it; after that the child can add to it until the
review starts. The IRO is told by email that something is waiting, never what it says or who it is from.
Sending twice (a double tap, or two tabs) sends once: the database decides which tap was first.
"""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import func, or_, select
from sqlalchemy.orm import selectinload

from .. import settings
from ..extensions import db
from ..forms.reader import SHARE_CHOICES
from ..people.models import Child, StaffUser
from ..platform import audit, outbox
from ..platform.clock import utcnow
from ..platform.db import insert_unless_exists, lock_row, update_if
from ..platform.exceptions import TooMuch
from ..platform.i18n import written_language
from ..platform.urls import absolute_url
from ..reviews.models import Review
from ..reviews.scheduling import review_day
from .models import Consultation, ConsultationAddition


def submit(consultation: Consultation) -> bool:
    """Send the consultation to the IRO. True the first time; a second tap changes nothing."""
    now = utcnow()
    if not update_if(
        consultation, Consultation.submitted_at.is_(None), submitted_at=now, last_sent_at=now, current_step=None
    ):
        return False
    _tell_iro(consultation, "consultation_sent")
    return True


def add_after_sending(consultation: Consultation, text: str, share: str, form_token: str, *, page_locale: str) -> bool:
    """Add something after sending. The form's one-time token makes a double tap add it once. Raises
    `platform.exceptions.TooMuch` past ``CHILD_ADDITIONS_PER_HOUR`` in an hour (decided with the consultation's
    row held, so parallel sends are counted one after another)."""
    if any(addition.form_token == form_token for addition in consultation.additions):
        return False
    lock_row(Consultation, consultation.id)
    recent = db.session.scalar(
        select(func.count(ConsultationAddition.id)).where(
            ConsultationAddition.consultation_id == consultation.id,
            ConsultationAddition.created_at >= utcnow() - timedelta(hours=1),
        )
    )
    if (recent or 0) >= settings.get("CHILD_ADDITIONS_PER_HOUR"):
        already = db.session.scalar(
            select(ConsultationAddition.id).where(
                ConsultationAddition.consultation_id == consultation.id, ConsultationAddition.form_token == form_token
            )
        )
        if already is not None:
            return False  # a double tap whose first tap was the last one allowed
        raise TooMuch()
    added = insert_unless_exists(
        ConsultationAddition,
        {
            "consultation_id": consultation.id,
            "text": text,
            "share": share if share in SHARE_CHOICES else "iro",
            "text_language": written_language(text, page_locale, consultation.review.child.preferred_language),
            "form_token": form_token,
            "created_at": utcnow(),
        },
        unique=("consultation_id", "form_token"),
    )
    if added is None:
        return False
    db.session.expire(consultation, ["additions"])
    consultation.last_sent_at = utcnow()
    _tell_iro(consultation, "consultation_added")
    return True


def _tell_iro(consultation: Consultation, template: str) -> None:
    # The email never names the child or quotes them: only that something is waiting.
    iro = consultation.review.child.iro
    outbox.queue(
        iro.email,
        template,
        iro_name=iro.name,
        review_date=review_day(consultation.review),
        sign_in_url=absolute_url("staff.caseload"),
    )


def mark_read(consultation: Consultation, reader: StaffUser) -> None:
    """The IRO has opened everything sent so far (written to the audit trail)."""
    consultation.iro_read_at = utcnow()
    audit.record(
        "consultation.read", actor=reader, child=consultation.review.child, detail=f"review {consultation.review_id}"
    )


def has_unread(consultation: Consultation) -> bool:
    """True when the child has sent something the IRO has not opened yet."""
    return consultation.last_sent_at is not None and (
        consultation.iro_read_at is None or consultation.iro_read_at < consultation.last_sent_at
    )


def waiting_for_iro(iro_id: int, limit: int = 50) -> list[Consultation]:
    """Consultations sent (or added to) that the IRO has not read since, newest first."""
    return list(
        db.session.scalars(
            select(Consultation)
            .join(Review)
            .join(Child)
            .where(
                Child.iro_id == iro_id,
                Consultation.last_sent_at.is_not(None),
                or_(Consultation.iro_read_at.is_(None), Consultation.iro_read_at < Consultation.last_sent_at),
            )
            .options(selectinload(Consultation.review).selectinload(Review.child))
            .order_by(Consultation.last_sent_at.desc())
            .limit(limit)
        )
    )
