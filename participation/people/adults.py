"""The adults around a child who may be sent what the child raises: their IRO (always), and the social worker
and team manager their record names. An adult with an active staff account of the right role (matched by
email) reads it in the app; one without is reached through the participation team."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, select

from ..extensions import db
from .models import Child, Role, StaffUser

IRO = "iro"
SOCIAL_WORKER = "social_worker"
TEAM_MANAGER = "team_manager"
ROLES = (IRO, SOCIAL_WORKER, TEAM_MANAGER)
_ACCOUNT_ROLE = {SOCIAL_WORKER: Role.SOCIAL_WORKER, TEAM_MANAGER: Role.TEAM_MANAGER}


@dataclass(frozen=True)
class Adult:
    """One adult a child may send something to, and their account if they have one."""

    role: str
    name: str | None
    email: str | None
    phone: str | None
    staff: StaffUser | None


def account_for(email: str | None, role: str) -> StaffUser | None:
    """The active staff account of ``role`` with this email, if there is one."""
    if not email:
        return None
    return db.session.scalar(
        select(StaffUser).where(
            func.lower(StaffUser.email) == email.strip().lower(), StaffUser.role == role, StaffUser.active.is_(True)
        )
    )


def adults_for(child: Child) -> dict[str, Adult]:
    """The adults this child can choose, by role: the IRO always, the others when their record names them."""
    iro = child.iro
    adults = {IRO: Adult(IRO, iro.name, iro.email, iro.phone, iro if iro.active else None)}
    for role, name, email in (
        (SOCIAL_WORKER, child.social_worker_name, child.social_worker_email),
        (TEAM_MANAGER, child.team_manager_name, child.team_manager_email),
    ):
        if name or email:
            staff = account_for(email, _ACCOUNT_ROLE[role])
            adults[role] = Adult(role, name, email, staff.phone if staff else None, staff)
    return adults
