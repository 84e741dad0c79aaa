"""Who receives what a child raises: the adults the child chooses among those around them (`people.adults`).

An adult with a staff account reads it in the app; one without is reached by the participation team, who pass
it on and mark the item so.
"""

from __future__ import annotations

from collections.abc import Iterable

from flask_babel import lazy_gettext as _l

from ..people.adults import IRO, ROLES, SOCIAL_WORKER, TEAM_MANAGER, Adult, adults_for
from ..people.models import Child
from .models import StatementRecipient

RECIPIENT_ROLES = ROLES

# As the child reads them ("Who should know?").
CHILD_LABELS = {
    IRO: _l("My IRO"),
    SOCIAL_WORKER: _l("My social worker"),
    TEAM_MANAGER: _l("My social worker's manager"),
}
# As staff read them, and as a child reads who has acted ("Your social worker has read this").
STAFF_LABELS = {IRO: _l("IRO"), SOCIAL_WORKER: _l("Social worker"), TEAM_MANAGER: _l("Team manager")}
YOUR_LABELS = {
    IRO: _l("Your IRO"),
    SOCIAL_WORKER: _l("Your social worker"),
    TEAM_MANAGER: _l("Your social worker's manager"),
}


class NobodyToTell(ValueError):
    """Something would be sent to nobody, and so never read."""


def _recipient(adult: Adult) -> StatementRecipient:
    return StatementRecipient(
        role=adult.role,
        name=adult.name,
        email=adult.email,
        staff_id=adult.staff.id if adult.staff else None,
        via_participation=adult.staff is None,
    )


def recipients_for(child: Child, chosen: Iterable[str]) -> list[StatementRecipient]:
    """Recipient rows for the roles the child chose (in the usual order), ignoring any they cannot choose.

    Raises NobodyToTell when nobody is left.
    """
    chosen = set(chosen)
    adults = adults_for(child)
    rows = [_recipient(adults[role]) for role in RECIPIENT_ROLES if role in chosen and role in adults]
    if not rows:
        raise NobodyToTell("a statement needs at least one recipient")
    return rows
