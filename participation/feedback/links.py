"""Single-use links that ask one parent, carer or professional for feedback on one held review.

Only a hash of each link's token is kept. A link works once, until ``FEEDBACK_DAYS`` after it was made; the
IRO who made it is written to the audit trail, and the address it was emailed to is never kept.
"""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from .. import settings
from ..extensions import db
from ..people.models import StaffUser
from ..platform import audit, outbox
from ..platform.clock import utcnow
from ..platform.crypto import new_token, token_digest
from ..platform.db import update_if
from ..platform.urls import absolute_url
from ..reviews.models import Review
from .models import FeedbackLink
from .questionnaires import LINK_LABELS
from .responses import Answers, store

OPEN = "open"
USED = "used"
EXPIRED = "expired"
UNKNOWN = "unknown"


def issue_link(review: Review, respondent: str, by: StaffUser) -> str:
    """A new single-use link for one respondent; returns its address (only the token's hash is kept)."""
    if respondent not in LINK_LABELS:
        raise ValueError(f"no feedback link for {respondent!r}")
    token = new_token()
    db.session.add(
        FeedbackLink(
            review_id=review.id,
            respondent=respondent,
            token_hash=token_digest(token),
            created_by_id=by.id,
            expires_at=utcnow() + timedelta(days=settings.get("FEEDBACK_DAYS")),
        )
    )
    audit.record("review.feedback_link", actor=by, child=review.child, detail=f"review {review.id}: {respondent}")
    return absolute_url("respond.feedback_form", token=token)


def email_link(link: str, review: Review, to: str, locale: str, by: StaffUser) -> None:
    """Email a link just made, in the reader's language, at once; the address is not kept once sent."""
    outbox.queue(
        to,
        "feedback_invite",
        locale=locale,
        scrub_after_send=True,
        link=link,
        review_date=review.held_on,
        iro_name=by.name,
    )


def link_for(token: str) -> FeedbackLink | None:
    """The link with this token, whatever its state (None if there is no such link)."""
    if not token or len(token) > 100:
        return None
    return db.session.scalar(select(FeedbackLink).where(FeedbackLink.token_hash == token_digest(token)))


def link_state(link: FeedbackLink | None) -> str:
    """``open``, ``used``, ``expired`` or ``unknown``."""
    if link is None:
        return UNKNOWN
    if link.used_at is not None:
        return USED
    if link.expires_at <= utcnow():
        return EXPIRED
    return OPEN


def submit_from_link(link: FeedbackLink, answers: Answers, page_locale: str) -> bool:
    """Store the answers and use the link up, in one step: of two taps, only the first counts."""
    now = utcnow()
    if not update_if(link, FeedbackLink.used_at.is_(None), FeedbackLink.expires_at > now, used_at=now):
        return False
    store(link.review, answers, page_locale)
    return True


def links_for(review: Review) -> list[FeedbackLink]:
    """The links made for a review, newest first."""
    return list(
        db.session.scalars(
            select(FeedbackLink).where(FeedbackLink.review_id == review.id).order_by(FeedbackLink.created_at.desc())
        )
    )
