"""How children took part in their reviews: participation codes, chairing, seen before the review,
consultations returned, the venues they chose and whether they wanted to attend."""

from __future__ import annotations

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import and_, func, select

from ..consultation.models import Consultation, ConsultationAnswer
from ..consultation.questions import ATTEND, VENUES
from ..extensions import db
from ..people.children import UNDER_FOUR
from ..reviews.models import Review
from ..reviews.outcomes import CHAIRING, PARTICIPATION_CODES
from .periods import Filters, quarter_of
from .tables import Table, grouped, pivot

ATTENDED = ("PN1", "PN2", "PN3", "PN4")


def held(filters: Filters):
    """Conditions for the reviews held (and recorded) in the period."""
    conditions = [
        Review.outcome_recorded_at.is_not(None),
        Review.held_on >= filters.start,
        Review.held_on < filters.end,
    ]
    if filters.iro_id:
        conditions.append(Review.outcome_recorded_by_id == filters.iro_id)
    if filters.age_band:
        conditions.append(Review.age_band == filters.age_band)
    return and_(*conditions)


def _by_review_column(column, filters: Filters) -> dict:
    quarter = quarter_of(Review.held_on)
    return grouped(select(column, quarter, func.count(Review.id)).where(held(filters)).group_by(column, quarter))


def participation_codes(filters: Filters) -> Table:
    """Reviews by participation code (PN0–PN7)."""
    return pivot(
        "participation-codes",
        _l("How children took part (participation codes)"),
        PARTICIPATION_CODES,
        _by_review_column(Review.participation_code, filters),
        filters,
        first=str(_("Code")),
        total_label=_("All reviews held"),
    )


def chairing(filters: Filters) -> Table:
    """Reviews chaired or co-chaired by the young person."""
    return pivot(
        "chairing",
        _l("Reviews chaired by the young person"),
        CHAIRING,
        _by_review_column(Review.chairing, filters),
        filters,
        first=str(_("Chaired")),
    )


def seen_before(filters: Filters) -> Table:
    """Children seen by their IRO before the review."""
    counts = {
        ("yes" if seen else "no", q): n
        for (seen, q), n in _by_review_column(Review.seen_before, filters).items()
        if seen is not None
    }
    return pivot(
        "seen-before",
        _l("Children seen by their IRO before the review"),
        {"yes": _l("Seen before the review"), "no": _l("Not seen before the review")},
        counts,
        filters,
        first=str(_("Seen")),
    )


def consultations_returned(filters: Filters) -> Table:
    """Consultations sent before the review, of the reviews of children aged 4 or more."""
    counts = {}
    for q, _held_count, sent, not_sent in returned_rows(filters):
        counts[("returned", q)] = sent
        counts[("not_returned", q)] = not_sent
    return pivot(
        "consultations-returned",
        _l("Consultations returned before the review (children aged 4 and over)"),
        {"returned": _l("Returned before the review"), "not_returned": _l("Not returned")},
        counts,
        filters,
        first=str(_("Consultation")),
    )


def returned_rows(filters: Filters):
    """(quarter, reviews of children aged 4+, consultations sent before the review, not sent) per quarter."""
    quarter = quarter_of(Review.held_on)
    returned = func.count(Consultation.id).filter(
        Consultation.submitted_at.is_not(None), Consultation.submitted_at <= Review.scheduled_for
    )
    for q, reviews, sent in db.session.execute(
        select(quarter, func.count(Review.id), returned)
        .outerjoin(Consultation, Consultation.review_id == Review.id)
        .where(held(filters), Review.age_band != UNDER_FOUR)
        .group_by(quarter)
    ):
        yield q, reviews, sent, reviews - sent


def _consultation_choices(key: str, filters: Filters) -> dict:
    quarter = quarter_of(Review.held_on)
    return grouped(
        select(ConsultationAnswer.value, quarter, func.count(ConsultationAnswer.id))
        .join(Consultation, Consultation.id == ConsultationAnswer.consultation_id)
        .join(Review, Review.id == Consultation.review_id)
        .where(held(filters), ConsultationAnswer.key == key, Consultation.submitted_at.is_not(None))
        .group_by(ConsultationAnswer.value, quarter)
    )


def venues_chosen(filters: Filters) -> Table:
    """Where children asked for their review to be held."""
    return pivot(
        "venues",
        _l("Venues children chose"),
        {c.key: c.label for c in VENUES},
        _consultation_choices("venue", filters),
        filters,
        first=str(_("Venue")),
    )


def attendance_wishes(filters: Filters) -> Table:
    """Whether children wanted to attend their review."""
    return pivot(
        "attendance-wishes",
        _l("Whether children wanted to attend"),
        {c.key: c.label for c in ATTEND},
        _consultation_choices("attend", filters),
        filters,
        first=str(_("Wanted to attend")),
    )
