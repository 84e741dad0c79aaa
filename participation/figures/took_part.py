"""How children took part in their reviews: participation codes, chairing, seen before the review, reviews
held within their timescales, consultations returned and when they came, the venues children chose and
whether they wanted to attend. Every table is read from the tally (`figures.tally.sums`)."""

from __future__ import annotations

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from ..consultation.questions import ATTEND, VENUES
from ..reviews import timescales
from ..reviews.outcomes import CHAIRING, PARTICIPATION_CODES
from . import facts
from .periods import Filters
from .tables import Table, by_category, pivot
from .tally import Sums

# Attended the review (PN1–PN4); took part in it, in the room or another way (PN1–PN6).
ATTENDED = ("PN1", "PN2", "PN3", "PN4")
TOOK_PART = ("PN1", "PN2", "PN3", "PN4", "PN5", "PN6")
MEASURES = (
    facts.HELD,
    facts.CODE,
    facts.CHAIRING,
    facts.SEEN,
    facts.TIMESCALE,
    facts.RETURNED,
    facts.RECEIVED,
    facts.VENUE,
    facts.ATTEND,
)
RECEIVED_LABELS = {
    facts.FIVE_PLUS: _l("5 or more working days before"),
    facts.ONE_TO_FOUR: _l("1 to 4 working days before"),
    facts.SAME_DAY: _l("On the day"),
    facts.AFTER: _l("After the review"),
    facts.NONE: _l("Not received"),
}
TIMESCALE_LABELS = {
    timescales.IN_TIME: _l("Within timescale"),
    timescales.LATE: _l("Late"),
    timescales.UNKNOWN: _l("Not known (no date of coming into care recorded)"),
}


def participation_codes(filters: Filters, sums: Sums, mode: str) -> Table:
    """Reviews by participation code (PN0–PN7)."""
    return pivot(
        "participation-codes",
        _l("How children took part (participation codes)"),
        PARTICIPATION_CODES,
        by_category(sums, facts.CODE),
        filters,
        mode,
        first=str(_("Code")),
        total_label=_("All reviews held"),
    )


def chairing(filters: Filters, sums: Sums, mode: str) -> Table:
    """Reviews chaired or co-chaired by the young person."""
    return pivot(
        "chairing",
        _l("Reviews chaired by the young person"),
        CHAIRING,
        by_category(sums, facts.CHAIRING),
        filters,
        mode,
        first=str(_("Chaired")),
    )


def seen_before(filters: Filters, sums: Sums, mode: str) -> Table:
    """Children seen by their IRO before the review."""
    return pivot(
        "seen-before",
        _l("Children seen by their IRO before the review"),
        {"yes": _l("Seen before the review"), "no": _l("Not seen before the review")},
        by_category(sums, facts.SEEN),
        filters,
        mode,
        first=str(_("Seen")),
    )


def held_in_time(filters: Filters, sums: Sums, mode: str) -> Table:
    """Reviews held within their statutory timescale."""
    table = pivot(
        "timescales",
        _l("Reviews held within statutory timescales"),
        TIMESCALE_LABELS,
        by_category(sums, facts.TIMESCALE),
        filters,
        mode,
        first=str(_("Held")),
    )
    table.note = str(
        _(
            "The first review is due within 20 working days of the child coming into care, the second within 3 "
            "months of the first, then one at least every 6 months, each counted from the review held before it."
        )
    )
    return table


def consultations_returned(filters: Filters, sums: Sums, mode: str) -> Table:
    """Consultations sent before the review, of the reviews of children aged 4 or more."""
    return pivot(
        "consultations-returned",
        _l("Consultations returned before the review (children aged 4 and over)"),
        {"returned": _l("Returned before the review"), "not_returned": _l("Not returned")},
        by_category(sums, facts.RETURNED),
        filters,
        mode,
        first=str(_("Consultation")),
    )


def consultations_received(filters: Filters, sums: Sums, mode: str) -> Table:
    """When the consultations of children aged 4 or more came, in working days before the review."""
    return pivot(
        "consultations-received",
        _l("When consultations were received (children aged 4 and over)"),
        RECEIVED_LABELS,
        by_category(sums, facts.RECEIVED),
        filters,
        mode,
        first=str(_("Received")),
    )


def venues_chosen(filters: Filters, sums: Sums, mode: str) -> Table:
    """Where children asked for their review to be held."""
    return pivot(
        "venues",
        _l("Venues children chose"),
        {c.key: c.label for c in VENUES},
        by_category(sums, facts.VENUE),
        filters,
        mode,
        first=str(_("Venue")),
    )


def attendance_wishes(filters: Filters, sums: Sums, mode: str) -> Table:
    """Whether children wanted to attend their review."""
    return pivot(
        "attendance-wishes",
        _l("Whether children wanted to attend"),
        {c.key: c.label for c in ATTEND},
        by_category(sums, facts.ATTEND),
        filters,
        mode,
        first=str(_("Wanted to attend")),
    )
