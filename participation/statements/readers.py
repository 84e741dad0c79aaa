"""Who may read a child's words: the one rule, used both to decide on the server who opens a statement and to
tell the child, before they send it, who will read it. The promise is the permission.

A statement's words are read by the adults it was sent to, as they are now on the child's record (the child's
current IRO, social worker and team manager: when a child moves to another IRO, the new IRO reads what the
child sent "my IRO", and the old one no longer does); by the participation team when they pass it on to an
adult without an account, or when it is a problem (they track every problem to an outcome). The duty team is
told a child needs help, and the complaints team is told of a formal complaint, but neither reads the words in
the app. Nobody else reads them: not carers, not parents, not managers or administrators.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from babel.lists import format_list
from flask_babel import get_locale
from flask_babel import gettext as _
from sqlalchemy import and_, func, or_, select

from ..people.adults import IRO, ROLES, SOCIAL_WORKER, TEAM_MANAGER, Adult
from ..people.models import Child, Role, StaffUser
from ..platform.i18n import cldr_locale
from .kinds import PROBLEM, UNSAFE
from .models import Statement, StatementRecipient

PARTICIPATION_TEAM = "participation_team"
DUTY_TEAM = "duty_team"
COMPLAINTS_TEAM = "complaints_team"
# The staff role that stands for each adult a child can send to.
STAFF_ROLE = {IRO: Role.IRO, SOCIAL_WORKER: Role.SOCIAL_WORKER, TEAM_MANAGER: Role.TEAM_MANAGER}


@dataclass(frozen=True)
class Reader:
    """Someone told of a statement: an adult the child chose (by role), or a team; and whether they can open
    the child's words."""

    audience: str
    reads_words: bool
    name: str | None = None


def readers(kind: str, routed: Iterable[str], without_account: Iterable[str], *, formal: bool = False) -> list[Reader]:
    """Everyone told of a statement of ``kind`` sent to the adults ``routed`` (by role), some of whom have no
    account (``without_account``), in the order the child reads them."""
    routed = [role for role in ROLES if role in set(routed)]
    found = [Reader(role, True) for role in routed]
    if kind == PROBLEM or set(without_account) & set(routed):
        found.append(Reader(PARTICIPATION_TEAM, True))
    if kind == UNSAFE:
        found.append(Reader(DUTY_TEAM, False))
    if formal:
        found.append(Reader(COMPLAINTS_TEAM, False))
    return found


def routed_for(kind: str, chosen: Iterable[str], adults: dict[str, Adult]) -> list[str]:
    """The adults a statement goes to: those the child chose, or for "I don't feel safe" every adult on the
    record (their IRO, social worker and team manager all need to know at once)."""
    wanted = set(ROLES) if kind == UNSAFE else set(chosen)
    return [role for role in ROLES if role in wanted and role in adults]


def readers_for_choice(
    kind: str, chosen: Iterable[str], adults: dict[str, Adult], *, formal: bool = False
) -> list[Reader]:
    """Who will be told, before sending: from the child's choice and the adults on their record."""
    routed = routed_for(kind, chosen, adults)
    named = [
        Reader(reader.audience, reader.reads_words, adults[reader.audience].name if reader.audience in adults else None)
        for reader in readers(kind, routed, [role for role in routed if adults[role].staff is None], formal=formal)
    ]
    return named


def readers_of(statement: Statement) -> list[Reader]:
    """Who was told of a statement already sent (the adults by the names on record when it was sent)."""
    named = {r.role: r.name for r in statement.recipients}
    found = readers(
        statement.kind,
        list(named),
        [r.role for r in statement.recipients if r.via_participation],
        formal=statement.resolution == "formal",
    )
    return [Reader(reader.audience, reader.reads_words, named.get(reader.audience)) for reader in found]


def name_of(reader: Reader) -> str:
    """Who a reader is, as the child knows them, to use inside a sentence: "your IRO (Ida)"."""
    labels = {
        IRO: _("your IRO"),
        SOCIAL_WORKER: _("your social worker"),
        TEAM_MANAGER: _("your social worker's manager"),
        PARTICIPATION_TEAM: _("the participation team"),
        DUTY_TEAM: _("the council's duty team"),
        COMPLAINTS_TEAM: _("the council's complaints team"),
    }
    label = labels[reader.audience]
    return _("%(who)s (%(name)s)", who=label, name=reader.name) if reader.name else label


def names(found: list[Reader]) -> str:
    """Everyone in ``found``, as one list in the page's language: "your IRO (Ida) and the duty team"."""
    return format_list([name_of(reader) for reader in found], locale=cldr_locale(str(get_locale())))


def promise(found: list[Reader]) -> list[str]:
    """What the child is told, in plain sentences, about who will read what they send."""
    sentences = []
    words = [reader for reader in found if reader.reads_words]
    if words:
        sentences.append(_("It can be read by %(people)s.", people=names(words)))
    audiences = {reader.audience for reader in found}
    if PARTICIPATION_TEAM in audiences:
        sentences.append(
            _(
                "The participation team makes sure it reaches the right people, and checks that every "
                "problem gets sorted."
            )
        )
    if DUTY_TEAM in audiences:
        sentences.append(
            _("The council's duty team is told that you need help straight away. They are not shown what you write.")
        )
    if COMPLAINTS_TEAM in audiences:
        sentences.append(
            _(
                "The council's complaints team is told about your complaint and will contact you. They "
                "are not shown what you write here."
            )
        )
    sentences.append(_("Nobody else can read it: not your carers and not your parents."))
    return sentences


# --- the permission -----------------------------------------------------------------------------


def _holds_role_now(statement: Statement, role: str, staff: StaffUser) -> bool:
    """True when ``staff`` is, today, the adult in ``role`` on the child's record."""
    child = statement.child
    if role == IRO:
        return staff.role == Role.IRO and child.iro_id == staff.id
    email = child.social_worker_email if role == SOCIAL_WORKER else child.team_manager_email
    return staff.role == STAFF_ROLE[role] and email is not None and email.strip().lower() == staff.email.lower()


def role_of(statement: Statement, staff: StaffUser) -> str | None:
    """The adult ``staff`` is to this statement (its recipient role) if it was sent to the one they are now."""
    return next((r.role for r in statement.recipients if _holds_role_now(statement, r.role, staff)), None)


def may_read_words(statement: Statement, staff: StaffUser) -> bool:
    """The rule: may ``staff`` open this statement's words? (Exactly those named by `readers_of`.)"""
    if staff.role == Role.PARTICIPATION:
        return any(reader.audience == PARTICIPATION_TEAM for reader in readers_of(statement))
    return role_of(statement, staff) is not None


def may_open(statement: Statement, staff: StaffUser) -> bool:
    """May ``staff`` open the statement at all: its recipients, or the participation team, who track every
    statement (and pass some on) but see the words only where `may_read_words` says so."""
    return staff.role == Role.PARTICIPATION or role_of(statement, staff) is not None


def sent_to_sql(staff: StaffUser):
    """SQL: the statements sent to the adult ``staff`` is now on a child's record (the same rule as
    `role_of`, for lists and counts)."""
    routed = select(StatementRecipient.statement_id).where(StatementRecipient.role == recipient_role(staff))
    if staff.role == Role.IRO:
        children = select(Child.id).where(Child.iro_id == staff.id)
    elif staff.role in (Role.SOCIAL_WORKER, Role.TEAM_MANAGER):
        column = Child.social_worker_email if staff.role == Role.SOCIAL_WORKER else Child.team_manager_email
        children = select(Child.id).where(func.lower(func.trim(column)) == staff.email.lower())
    else:
        return Statement.id.is_(None)
    return and_(Statement.child_id.in_(children), Statement.id.in_(routed))


def visible_to(staff: StaffUser):
    """SQL: the statements ``staff`` may open (participation officers: all of them)."""
    if staff.role == Role.PARTICIPATION:
        return or_(Statement.id.is_not(None))
    return sent_to_sql(staff)


def recipient_role(staff: StaffUser) -> str | None:
    """The recipient role a member of staff can hold: "iro" for an IRO, and so on (None for other roles)."""
    return next((role for role, staff_role in STAFF_ROLE.items() if staff.role == staff_role), None)
