"""Demo data: an organisation's staff, eight children aged 2 to 17, and their reviews.

Only for trying the app out; every name and address here is made up.
"""

from __future__ import annotations

from datetime import date, time, timedelta

from sqlalchemy import func, select

from . import accounts, children, reviews
from .extensions import db
from .models import Child, Review, ReviewKind, Role, StaffUser

DEMO_PASSWORD = "demo-password-2026"
STAFF = (
    ("admin@example.org", "Alex Admin", Role.ADMIN, None),
    ("iro.one@example.org", "Priya Shah", Role.IRO, "01234 567 801"),
    ("iro.two@example.org", "Tom Okafor", Role.IRO, "01234 567 802"),
    ("participation@example.org", "Sam Reid", Role.PARTICIPATION, None),
    ("manager@example.org", "Morgan Lee", Role.MANAGER, None),
)
# name, age in years, extra days of age, language, IRO email, reference
CHILDREN = (
    ("Lily", 6, 40, "en", "iro.one@example.org", "DEMO-001"),
    ("Amira", 9, 200, "ar", "iro.one@example.org", "DEMO-002"),
    ("Jay", 15, 10, "en", "iro.one@example.org", "DEMO-003"),
    ("Sami", 16, 150, "ps", "iro.one@example.org", "DEMO-004"),
    ("Noah", 2, 90, "en", "iro.two@example.org", "DEMO-005"),
    ("Hana", 13, 300, "fa", "iro.two@example.org", "DEMO-006"),
    ("Tom", 11, 60, "en", "iro.two@example.org", "DEMO-007"),
    ("Dawit", 17, 100, "ti", "iro.two@example.org", "DEMO-008"),
)


def is_empty() -> bool:
    """True when no staff account exists yet."""
    return not db.session.scalar(select(func.count(StaffUser.id)))


def load(today: date | None = None) -> None:
    """Create the demo organisation's staff, children and reviews."""
    today = today or date.today()
    staff = {}
    for email, name, role, phone in STAFF:
        staff[email] = accounts.create_staff(email, name, role, DEMO_PASSWORD, phone=phone)
    for index, (name, years, days, language, iro_email, reference) in enumerate(CHILDREN):
        # Day 28 at most, so that 29 February never lands in a year without one.
        born = date(today.year - years, today.month, min(today.day, 28)) - timedelta(days=days)
        child = Child(
            preferred_name=name, date_of_birth=born, preferred_language=language, iro_id=staff[iro_email].id,
            social_worker_name="Jordan Blake", social_worker_email="jordan.blake@example.org",
            team_manager_name="Casey Morgan", team_manager_email="casey.morgan@example.org",
            case_reference=reference,
        )
        db.session.add(child)
        db.session.flush()
        # One review some months ago and one coming up, spread so that the weeks ahead are busy.
        past = today - timedelta(days=90 + 11 * index)
        upcoming = today + timedelta(days=3 + 6 * index)
        for day, kind in ((past, ReviewKind.SECOND), (upcoming, ReviewKind.SUBSEQUENT)):
            db.session.add(Review(
                child_id=child.id, scheduled_for=reviews.to_utc(day, time(10 + index % 5, 0)), kind=kind.value,
                created_by_id=staff[iro_email].id,
            ))
    db.session.commit()


def new_link(name: str) -> str | None:
    """A fresh personal link for the demo child called ``name`` (the old one stops working)."""
    child = db.session.scalar(select(Child).where(Child.preferred_name == name))
    return children.issue_link(child) if child else None


def describe_logins() -> list[str]:
    """Lines telling a person how to sign in to the demo."""
    return [f"  {role.value:<14} {email:<28} password: {DEMO_PASSWORD}" for email, _, role, _ in STAFF]
