"""The retention policy: how long each kind of record is kept, the event its period counts from, and whether
it is then deleted or anonymised.

The periods are settings (``RETENTION_<KIND>_DAYS``, defaults and reasons in `settings`); the job that acts on
them is `jobs.retention`, which stands above every room whose rows it removes. A record is due on the day its
period has run from its event: a period of 30 days counted from 1 March is due on 31 March.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from flask_babel import lazy_gettext as _l

from .. import settings

DELETE = "delete"
ANONYMISE = "anonymise"
ACTION_LABELS = {DELETE: _l("Deleted"), ANONYMISE: _l("Anonymised")}


@dataclass(frozen=True)
class Kind:
    """One kind of record under the policy."""

    key: str
    label: object  # a lazy string
    counted_from: object
    action: str
    what_is_done: object
    # A legal hold on the child stops it (every kind that belongs to one child).
    about_a_child: bool
    # Its event is a day (a review held, leaving care), not a moment.
    counted_in_days: bool = False


KINDS: tuple[Kind, ...] = (
    Kind(
        "consultation_words",
        _l("Children's consultations and agendas"),
        _l("the day the review was held"),
        ANONYMISE,
        _l(
            "The child's words in their answers, their agenda and what they added are removed; the choices "
            "(stored as keys) stay for the figures."
        ),
        about_a_child=True,
        counted_in_days=True,
    ),
    Kind(
        "statement_words",
        _l("What children raised, and notes on it"),
        _l("the day it was closed (or sent, for things that are not tracked)"),
        ANONYMISE,
        _l(
            "The child's words, what they added, the outcome written for them and staff notes are removed and "
            "the item is marked \u201cremoved under the retention policy\u201d; its kind, dates and status stay "
            "for the problem log and the figures."
        ),
        about_a_child=True,
    ),
    Kind(
        "child_record",
        _l("Everything about a child who left care"),
        _l("the day the child left care"),
        ANONYMISE,
        _l(
            "Name (replaced by the record number), case reference, social worker and team manager, personal "
            "link and PIN are removed, with all "
            "the child's words, held forms and sessions; date of birth, IRO and reviews stay for the figures and "
            "the national return."
        ),
        about_a_child=True,
        counted_in_days=True,
    ),
    Kind(
        "feedback_comments",
        _l("Comments in feedback responses"),
        _l("the day of the review the feedback is about"),
        ANONYMISE,
        _l("Comments are removed; the answers chosen (already anonymous) stay for the figures."),
        about_a_child=False,
        counted_in_days=True,
    ),
    Kind(
        "feedback_links",
        _l("Feedback links"),
        _l("the day the link expired"),
        DELETE,
        _l("The link is deleted."),
        about_a_child=True,
    ),
    Kind(
        "outbox_messages",
        _l("Emails"),
        _l("the day it was sent (or given up on, for an ordinary email that could not be delivered)"),
        DELETE,
        _l("The email is deleted. An urgent email not yet delivered is never deleted."),
        about_a_child=False,
    ),
    Kind(
        "sessions",
        _l("Signed-in sessions"),
        _l("the day the session ended (or was last used)"),
        DELETE,
        _l("The session record is deleted."),
        about_a_child=True,
    ),
    Kind(
        "password_reset_tokens",
        _l("Password reset links"),
        _l("the day the link expired"),
        DELETE,
        _l("The link is deleted."),
        about_a_child=False,
    ),
    Kind(
        "held_forms",
        _l("Forms held after a child's space closed"),
        _l("the day the form was held"),
        DELETE,
        _l("The held form is deleted."),
        about_a_child=True,
    ),
    Kind(
        "audit_events",
        _l("Audit trail"),
        _l("the day it was recorded"),
        DELETE,
        _l("The audit event is deleted."),
        about_a_child=True,
    ),
)
BY_KEY = {kind.key: kind for kind in KINDS}


def period_days(kind: Kind) -> int:
    """How many days records of this kind are kept after their event (``RETENTION_<KIND>_DAYS``)."""
    return int(settings.get("RETENTION_DAYS")[kind.key])


def keep_after_day(days: int, today: date) -> date:
    """The last event day still kept today: a day-counted record whose event is on or before it is due."""
    return today - timedelta(days=days)


def keep_after_moment(days: int, now: datetime) -> datetime:
    """The last event moment still kept now: a record whose event is at or before it is due."""
    return now - timedelta(days=days)
