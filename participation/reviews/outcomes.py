"""What the IRO records after a review: how the child took part (the national PN codes), whether they
chaired it, whether their consultation was used, and whether the IRO saw them first.

These are the figures councils report each year; they are stored as keys and counted by the database.
"""

from __future__ import annotations

from datetime import date

from flask_babel import lazy_gettext as _l

from ..people.children import age_band_on, age_on
from ..people.models import StaffUser
from ..platform import audit
from ..platform.clock import utcnow
from .models import Review

# The national codes for how a looked-after child took part in their review (CLA return).
PARTICIPATION_CODES = {
    "PN0": _l("PN0: child aged under 4 at the time of the review"),
    "PN1": _l("PN1: attended and spoke for themselves"),
    "PN2": _l("PN2: attended, and an advocate (or the IRO) spoke for them"),
    "PN3": _l("PN3: attended and gave their views without words or with symbols"),
    "PN4": _l("PN4: attended but did not contribute"),
    "PN5": _l("PN5: did not attend, and briefed an advocate to speak for them"),
    "PN6": _l("PN6: did not attend, and gave their views another way (written, phone, app…)"),
    "PN7": _l("PN7: did not attend, and their views were not given"),
}
ATTENDED_CODES = ("PN1", "PN2", "PN3", "PN4")
ABSENT_CODES = ("PN5", "PN6", "PN7")
ATTENDANCE = {
    "all": _l("Yes, for all of it"),
    "part": _l("Yes, for part of it"),
    "no": _l("No"),
}
CHAIRING = {
    "none": _l("No, the IRO chaired"),
    "co_chair": _l("Co-chaired with the IRO"),
    "chair": _l("Chaired it themselves"),
}


def under_four_at(review: Review, held_on: date) -> bool:
    """True when the child was under 4 on the day the review was held (their code must be PN0)."""
    return age_on(review.child.date_of_birth, held_on) < 4


def consultation_sent(review: Review) -> bool:
    """True when the child sent their consultation for this review: only then can it have been used."""
    return review.consultation is not None and review.consultation.submitted_at is not None


def problems(
    review: Review,
    held_on: date | None,
    attendance: str | None,
    code: str | None,
    chairing: str | None,
    consultation_used: bool = False,
) -> dict[str, str]:
    """Why these answers cannot all be true, by field name (empty when they fit together)."""
    found: dict[str, str] = {}
    if consultation_used and not consultation_sent(review):
        found["consultation_used"] = str(
            _l("No consultation was sent for this review, so it cannot have been used: choose No")
        )
    if held_on is None or code is None:
        return found
    if under_four_at(review, held_on):
        if code != "PN0":
            found["participation_code"] = str(_l("The child was under 4 on that day, so the code is PN0"))
        return found
    if code == "PN0":
        found["participation_code"] = str(_l("PN0 is only for children under 4; this child was older"))
    elif attendance in ("all", "part") and code not in ATTENDED_CODES:
        found["participation_code"] = str(_l("The child attended, so choose a code from PN1 to PN4"))
    elif attendance == "no" and code not in ABSENT_CODES:
        found["participation_code"] = str(_l("The child did not attend, so choose a code from PN5 to PN7"))
    if attendance == "no" and chairing in ("co_chair", "chair"):
        found["chairing"] = str(_l("A child who did not attend cannot have chaired the review"))
    return found


def record(
    review: Review,
    by: StaffUser,
    *,
    held_on: date,
    venue: str,
    attendance: str,
    code: str,
    chairing: str,
    consultation_used: bool,
    seen_before: bool,
) -> None:
    """Save (or correct) the outcome of a review."""
    review.held_on = held_on
    review.held_venue = venue
    review.child_attendance = attendance
    review.participation_code = code
    review.chairing = chairing
    review.consultation_used = consultation_used
    review.seen_before = seen_before
    review.age_band = age_band_on(review.child.date_of_birth, held_on)
    review.outcome_recorded_at = utcnow()
    review.outcome_recorded_by_id = by.id
    audit.record("review.outcome_recorded", actor=by, child=review.child, detail=f"review {review.id}")
