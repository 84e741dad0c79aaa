"""The agenda a child builds to chair or co-chair their review.

A child starts from a suggested agenda, adds their own items, removes and reorders them with buttons
(no dragging), and says who leads each item. Suggested items are stored as keys, so the IRO reads them
in their own language; the child's own items are kept exactly as typed.
"""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from .database import commit_once
from .extensions import db
from .i18n import written_language
from .models import AgendaItem, Consultation

ITEM_LIMIT = 300
MAX_ITEMS = 30
LEADS = ("me", "iro")
LEAD_LABELS = {"me": _l("Me"), "iro": _l("My IRO")}

# The suggested agenda, in order, with who usually leads each part.
SUGGESTED = (
    ("welcome", _l("Welcome and who's here"), "me"),
    ("good_news", _l("Good news"), "me"),
    ("home", _l("Home"), "iro"),
    ("school", _l("School, college or work"), "iro"),
    ("health", _l("Health"), "iro"),
    ("family_time", _l("Family time"), "iro"),
    ("worries", _l("Worries"), "iro"),
    ("next_steps", _l("What happens next"), "iro"),
    ("next_review", _l("Date of the next review"), "me"),
)
SUGGESTED_LABELS = {key: label for key, label, _lead in SUGGESTED}


def label_of(item: AgendaItem):
    """What an item says: the suggested item's words in the reader's language, or the child's own words."""
    if item.suggestion:
        return SUGGESTED_LABELS.get(item.suggestion, item.suggestion)
    return item.text


def use_suggested(consultation: Consultation) -> None:
    """Fill an empty agenda with the suggested items (does nothing if the child already has items)."""
    if consultation.agenda_items:
        return
    for position, (key, _label, lead) in enumerate(SUGGESTED):
        db.session.add(AgendaItem(consultation=consultation, position=position, suggestion=key, lead=lead,
                                  form_token=f"suggested:{key}"))
    commit_once()


def add_own(consultation: Consultation, text: str, lead: str, form_token: str, *, page_locale: str) -> bool:
    """Add the child's own item at the end. The form's one-time token makes a double tap add it once."""
    if len(consultation.agenda_items) >= MAX_ITEMS:
        return False
    if db.session.scalar(select(AgendaItem.id).where(AgendaItem.consultation_id == consultation.id,
                                                     AgendaItem.form_token == form_token)):
        return False
    last = max((item.position for item in consultation.agenda_items), default=-1)
    db.session.add(AgendaItem(
        consultation=consultation, position=last + 1, text=text, lead=lead if lead in LEADS else "me",
        text_language=written_language(text, page_locale, consultation.review.child.preferred_language),
        form_token=form_token,
    ))
    return commit_once()


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
        commit_once()


def remove(consultation: Consultation, item: AgendaItem) -> None:
    """Take an item off the agenda."""
    consultation.agenda_items.remove(item)  # delete-orphan removes the row
    for position, each in enumerate(sorted(consultation.agenda_items, key=lambda i: i.position)):
        each.position = position
    commit_once()


def set_lead(item: AgendaItem, lead: str) -> None:
    """Say who leads an item: the child or their IRO."""
    if lead in LEADS:
        item.lead = lead
        commit_once()
