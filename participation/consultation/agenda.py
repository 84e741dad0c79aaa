"""The agenda a child builds to chair or co-chair their review.

A child starts from a suggested agenda, adds their own items, removes and reorders them with buttons
(no dragging), and says who leads each item. Suggested items are stored as keys, so the IRO reads them
in their own language; the child's own items are kept exactly as typed.
"""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select

from ..extensions import db
from ..platform.db import insert_unless_exists, lock_row
from ..platform.i18n import written_language
from .models import AgendaItem, Consultation

ITEM_LIMIT = 300
MAX_ITEMS = 30
# What became of an item the child added (`add_own`).
ADDED, ALREADY_ADDED, FULL = "added", "already_added", "full"
LEADS = ("me", "iro")
LEAD_LABELS = {"me": _l("Me"), "iro": _l("My IRO")}

# Every item that may be suggested, in order, with who usually leads it and the ages it suits: a child under
# 12 has "School", not "School, college or work"; a 16- or 17-year-old also plans for leaving care.
# Items are stored by key, so a key keeps its meaning: add a new key rather than change what one says.
SUGGESTED = (
    ("welcome", _l("Welcome and who's here"), "me", range(0, 18)),
    ("good_news", _l("Good news"), "me", range(0, 18)),
    ("home", _l("Home"), "iro", range(0, 18)),
    ("school_only", _l("School"), "iro", range(0, 12)),
    ("school", _l("School, college or work"), "iro", range(12, 18)),
    ("health", _l("Health"), "iro", range(0, 18)),
    ("family_time", _l("Family time"), "iro", range(0, 18)),
    ("leaving_care", _l("Plans for leaving care"), "iro", range(16, 18)),
    ("worries", _l("Worries"), "iro", range(0, 18)),
    ("next_steps", _l("What happens next"), "iro", range(0, 18)),
    ("next_review", _l("Date of the next review"), "me", range(0, 18)),
)
SUGGESTED_LABELS = {key: label for key, label, _lead, _ages in SUGGESTED}


def suggested_for(age: int) -> list[tuple[str, object, str]]:
    """The suggested agenda for a child of ``age`` on the review date: (key, label, who leads)."""
    return [(key, label, lead) for key, label, lead, ages in SUGGESTED if age in ages]


def label_of(item: AgendaItem):
    """What an item says: the suggested item's words in the reader's language, or the child's own words."""
    if item.suggestion:
        return SUGGESTED_LABELS.get(item.suggestion, item.suggestion)
    return item.text


def use_suggested(consultation: Consultation, age: int) -> None:
    """Fill an empty agenda with the items suggested for a child of ``age`` (does nothing if the child already
    has items)."""
    if consultation.agenda_items:
        return
    for position, (key, _label, lead) in enumerate(suggested_for(age)):
        insert_unless_exists(
            AgendaItem,
            {
                "consultation_id": consultation.id,
                "position": position,
                "suggestion": key,
                "lead": lead,
                "form_token": f"suggested:{key}",
            },
            unique=("consultation_id", "form_token"),
        )
    db.session.expire(consultation, ["agenda_items"])


def add_own(consultation: Consultation, text: str, lead: str, form_token: str, *, page_locale: str) -> str:
    """Add the child's own item at the end: `ADDED`, `ALREADY_ADDED` when this form was sent already (a double
    tap adds it once) or `FULL`. Decided by the database: the consultation's row is held while counting."""
    lock_row(Consultation, consultation.id)
    db.session.expire(consultation, ["agenda_items"])
    already = db.session.scalar(
        select(AgendaItem.id).where(AgendaItem.consultation_id == consultation.id, AgendaItem.form_token == form_token)
    )
    if already is not None:
        return ALREADY_ADDED
    count, last = db.session.execute(
        select(func.count(AgendaItem.id), func.max(AgendaItem.position)).where(
            AgendaItem.consultation_id == consultation.id
        )
    ).one()
    if count >= MAX_ITEMS:
        return FULL
    added = insert_unless_exists(
        AgendaItem,
        {
            "consultation_id": consultation.id,
            "position": (last if last is not None else -1) + 1,
            "text": text,
            "lead": lead if lead in LEADS else "me",
            "form_token": form_token,
            "text_language": written_language(text, page_locale, consultation.review.child.preferred_language),
        },
        unique=("consultation_id", "form_token"),
    )
    return ADDED if added is not None else ALREADY_ADDED


def item_of(consultation: Consultation, item_id: int) -> AgendaItem | None:
    """One of this consultation's items (never another child's)."""
    return next((item for item in consultation.agenda_items if item.id == item_id), None)


def move(consultation: Consultation, item: AgendaItem, offset: int) -> None:
    """Move an item up (-1) or down (+1) by swapping it with its neighbour."""
    items = sorted(consultation.agenda_items, key=lambda i: i.position)
    index = items.index(item)
    other = index + offset
    if 0 <= other < len(items):
        items[index], items[other] = items[other], items[index]
        for position, each in enumerate(items):
            each.position = position


def remove(consultation: Consultation, item: AgendaItem) -> None:
    """Take an item off the agenda."""
    consultation.agenda_items.remove(item)  # delete-orphan removes the row
    for position, each in enumerate(sorted(consultation.agenda_items, key=lambda i: i.position)):
        each.position = position


def set_lead(item: AgendaItem, lead: str) -> None:
    """Say who leads an item: the child or their IRO."""
    if lead in LEADS:
        item.lead = lead
