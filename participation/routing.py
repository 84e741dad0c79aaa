"""Who receives what a child raises: the adults the child chooses, found on the child's record.

A child can send to their IRO (always), and to the social worker and team manager recorded on their
record. An adult with a staff account of the right role (matched by email) reads it in the app; an adult
without one is reached by the participation team, who pass it on and mark the item so.
"""

from __future__ import annotations

from dataclasses import dataclass

from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select

from .extensions import db
from .models import Child, Role, StaffUser, StatementRecipient

IRO = "iro"
SOCIAL_WORKER = "social_worker"
TEAM_MANAGER = "team_manager"
RECIPIENT_ROLES = (IRO, SOCIAL_WORKER, TEAM_MANAGER)

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
_ACCOUNT_ROLE = {SOCIAL_WORKER: Role.SOCIAL_WORKER, TEAM_MANAGER: Role.TEAM_MANAGER}


@dataclass(frozen=True)
class Adult:
    """One adult a child may send something to, and their account if they have one."""

    role: str
    name: str | None
    email: str | None
    staff: StaffUser | None


def account_for(email: str | None, role: str) -> StaffUser | None:
    """The active staff account of ``role`` with this email, if there is one."""
    if not email:
        return None
    return db.session.scalar(select(StaffUser).where(
        func.lower(StaffUser.email) == email.strip().lower(), StaffUser.role == role, StaffUser.active.is_(True)))


def adults_for(child: Child) -> dict[str, Adult]:
    """The adults this child can choose, by role: the IRO always, the others when their record names them."""
    adults = {IRO: Adult(IRO, child.iro.name, child.iro.email, child.iro if child.iro.active else None)}
    for role, name, email in ((SOCIAL_WORKER, child.social_worker_name, child.social_worker_email),
                              (TEAM_MANAGER, child.team_manager_name, child.team_manager_email)):
        if name or email:
            adults[role] = Adult(role, name, email, account_for(email, _ACCOUNT_ROLE[role]))
    return adults


def recipients_for(child: Child, chosen: list[str] | tuple[str, ...]) -> list[StatementRecipient]:
    """Recipient rows for the roles the child chose (in the usual order), ignoring any they cannot choose.

    Raises ValueError when nobody is left, because something sent to nobody would never be read.
    """
    adults = adults_for(child)
    rows = [
        StatementRecipient(role=role, name=adults[role].name, email=adults[role].email,
                           staff_id=adults[role].staff.id if adults[role].staff else None,
                           via_participation=adults[role].staff is None)
        for role in RECIPIENT_ROLES if role in chosen and role in adults
    ]
    if not rows:
        raise ValueError("a statement needs at least one recipient")
    return rows
