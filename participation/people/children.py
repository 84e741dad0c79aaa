"""Children in care: the one rule for a child's age on a day and the bands derived from it, the personal link
that opens a child's space, and which children a member of staff may open.
"""

from __future__ import annotations

from datetime import date

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from ..extensions import db
from ..platform import audit, auth_sessions
from ..platform.clock import utcnow
from ..platform.crypto import new_token, token_digest
from ..platform.exceptions import NotFound
from ..platform.urls import absolute_url
from .models import Child, StaffUser

# Age bands for the consultation and the figures: none under 4, then the two versions of the consultation.
UNDER_FOUR = "0-3"
YOUNGER_BAND = "4-11"
OLDER_BAND = "12-17"
AGE_BANDS = {
    UNDER_FOUR: _l("Under 4"),
    YOUNGER_BAND: _l("4 to 11"),
    OLDER_BAND: _l("12 to 17"),
}
ADULT_AGE = 18
# The older band starts here: young people, spoken to as young adults (and the only ones asked to email).
OLDER_BAND_FROM = 12
# Children up to this age may choose a sequence of pictures instead of a PIN.
PICTURES_MAX_AGE = 11


def age_on(date_of_birth: date, day: date) -> int:
    """Age in whole years on a given day (a birthday counts from the day itself; someone born on 29 February
    has their birthday on 1 March in other years)."""
    before_birthday = (day.month, day.day) < (date_of_birth.month, date_of_birth.day)
    return day.year - date_of_birth.year - int(before_birthday)


def age_band_on(date_of_birth: date, day: date) -> str:
    """The child's age band on ``day``: under 4, 4 to 11 or 12 to 17 (an 18-year-old's last review counts
    with 12 to 17: reviews end at 18)."""
    age = age_on(date_of_birth, day)
    return UNDER_FOUR if age < 4 else (YOUNGER_BAND if age < OLDER_BAND_FROM else OLDER_BAND)


def is_child_on(date_of_birth: date, day: date) -> bool:
    """True while the person is under 18 (and born by then)."""
    return day >= date_of_birth and age_on(date_of_birth, day) < ADULT_AGE


# The app's consultation is for 4 to 17: a younger child is added for their reviews only (their code is PN0).
CONSULTATION_FROM_AGE = 4


def date_of_birth_problem(date_of_birth: date, today: date) -> str | None:
    """Why this cannot be the date of birth of a child in care today (born by today and under 18), or None.

    Every way of adding or changing a child checks this, so a typing slip cannot spoil the figures."""
    if date_of_birth > today:
        return str(_l("A child in care is 0 to 17 years old. This date of birth is in the future: check the year"))
    if age_on(date_of_birth, today) >= ADULT_AGE:
        return str(
            _l("A child in care is 0 to 17 years old. With this date of birth they are 18 or over: check the year")
        )
    return None


def too_young_for_consultation(date_of_birth: date, today: date) -> bool:
    """True for a child under 4 today: they cannot do a consultation, so adding one is confirmed first."""
    return age_on(date_of_birth, today) < CONSULTATION_FROM_AGE


def under_four_needs_confirming(date_of_birth: date, today: date, saved: date | None = None) -> bool:
    """True when a date of birth just typed (new, or changed from ``saved``) makes the child under 4: the
    person entering it confirms first, as a child that young is usually a slip of the year."""
    return date_of_birth != saved and too_young_for_consultation(date_of_birth, today)


def may_use_pictures(child: Child, today: date) -> bool:
    """Younger children (up to 11) may use a picture sequence instead of a PIN."""
    return age_on(child.date_of_birth, today) <= PICTURES_MAX_AGE


# --- who may open a child's record --------------------------------------------------------------


def allocated_to(child_id: int, staff: StaffUser) -> Child:
    """The child if ``staff`` is their allocated IRO. Raises NotFound otherwise, as if it did not exist."""
    child = db.session.get(Child, child_id)
    if child is None or child.iro_id != staff.id:
        raise NotFound(f"child {child_id}")
    return child


# --- the personal link --------------------------------------------------------------------------


def issue_link(child: Child, by: StaffUser | None) -> str:
    """Give the child a new personal link and return it. The old link stops working at once, and whoever
    holds it is signed out."""
    token = new_token()
    child.link_token_hash = token_digest(token)
    child.link_issued_at = utcnow()
    auth_sessions.end_all_for_child(child.id, "new_link")
    audit.record("child.link_issued", actor=by, child=child)
    return link_url(token)


def link_url(token: str) -> str:
    """The full address of a child's personal link."""
    return absolute_url("child.open_link", token=token)


def token_from_link(link: str) -> str:
    """The token at the end of a personal link (as shown to the IRO)."""
    return link.rstrip("/").rsplit("/", 1)[-1]


def child_for_token(token: str) -> Child | None:
    """The child whose current personal link carries ``token``, if any."""
    if not token or len(token) > 100:
        return None
    return db.session.scalar(select(Child).where(Child.link_token_hash == token_digest(token)))


def link_matches(child: Child, link: str) -> bool:
    """True when ``link`` is the child's current personal link."""
    return child_for_token(token_from_link(link)) is child
