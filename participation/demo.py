"""Demo data: an organisation's staff, eight children aged 2 to 17, their reviews (the past ones with
outcomes recorded), two consultations (one sent with an agenda, one half-way through), and things children
raised: a problem sorted, one waiting and late, good news, and a change for a manager without an account.

Only for trying the app out; every name and address here is made up.
"""

from __future__ import annotations

from datetime import date, time, timedelta

from sqlalchemy import delete, func, select

from .consultation import agenda
from .consultation.models import AgendaItem, Consultation, ConsultationAnswer
from .extensions import db
from .feedback import questionnaires as feedback
from .feedback.responses import Answers, store
from .people import children, second_factor
from .people import staff as accounts
from .people.children import age_band_on
from .people.models import Child, Role, StaffUser
from .platform.clock import to_utc, utcnow
from .platform.clock import today as clock_today
from .platform.crypto import encrypt_text
from .platform.models import OutboxMessage
from .reviews import scheduling
from .reviews.models import Review, ReviewKind
from .statements import intake, tracking
from .statements.models import Statement

DEMO_PASSWORD = "demo-password-2026"
STAFF = (
    ("admin@example.org", "Alex Admin", Role.ADMIN, None),
    ("iro.one@example.org", "Priya Shah", Role.IRO, "01234 567 801"),
    ("iro.two@example.org", "Tom Okafor", Role.IRO, "01234 567 802"),
    ("participation@example.org", "Sam Reid", Role.PARTICIPATION, None),
    ("manager@example.org", "Morgan Lee", Role.MANAGER, None),
    ("jordan.blake@example.org", "Jordan Blake", Role.SOCIAL_WORKER, "01234 567 803"),
)
# name, age in years, extra days of age, language, IRO email, reference, how their last review went
# (attendance, participation code, chairing)
CHILDREN = (
    ("Lily", 6, 40, "en", "iro.one@example.org", "DEMO-001", ("all", "PN1", "none")),
    ("Amira", 9, 200, "ar", "iro.one@example.org", "DEMO-002", ("all", "PN2", "none")),
    ("Jay", 15, 10, "en", "iro.one@example.org", "DEMO-003", ("all", "PN1", "co_chair")),
    ("Sami", 16, 150, "ps", "iro.one@example.org", "DEMO-004", ("no", "PN5", "none")),
    ("Noah", 2, 90, "en", "iro.two@example.org", "DEMO-005", ("part", "PN0", "none")),
    ("Hana", 13, 300, "fa", "iro.two@example.org", "DEMO-006", ("no", "PN6", "none")),
    ("Tom", 11, 60, "en", "iro.two@example.org", "DEMO-007", ("part", "PN4", "none")),
    ("Dawit", 17, 100, "ti", "iro.two@example.org", "DEMO-008", ("all", "PN1", "chair")),
)


def is_empty() -> bool:
    """True when no staff account exists yet."""
    return not db.session.scalar(select(func.count(StaffUser.id)))


def load(today: date | None = None) -> None:
    """Create the demo organisation's staff, children and reviews."""
    today = today or clock_today()
    staff = {}
    for email, name, role, phone in STAFF:
        staff[email] = accounts.create_staff(email, name, role, DEMO_PASSWORD, phone=phone)
        # Each demo account has an authenticator app already, so nobody needs a phone to try the demo:
        # `flask staff-code EMAIL` shows its current code (in development only).
        staff[email].totp_secret_encrypted = encrypt_text(second_factor.new_app_secret())
        staff[email].totp_confirmed_at = utcnow()
    for index, (name, years, days, language, iro_email, reference, outcome) in enumerate(CHILDREN):
        # Day 28 at most, so that 29 February never lands in a year without one.
        born = date(today.year - years, today.month, min(today.day, 28)) - timedelta(days=days)
        child = Child(
            preferred_name=name,
            date_of_birth=born,
            preferred_language=language,
            iro_id=staff[iro_email].id,
            social_worker_name="Jordan Blake",
            social_worker_email="jordan.blake@example.org",
            team_manager_name="Casey Morgan",
            team_manager_email="casey.morgan@example.org",
            case_reference=reference,
        )
        db.session.add(child)
        db.session.flush()
        # Their first review soon after coming into care, their second some months ago, and one coming up,
        # spread so that the weeks ahead are busy (each within its statutory timescale).
        past = today - timedelta(days=90 + 11 * index)
        first = past - timedelta(days=85)
        child.looked_after_since = first - timedelta(days=21)
        upcoming = today + timedelta(days=3 + 6 * index)
        attendance, code, chairing = outcome
        db.session.add(
            Review(
                child_id=child.id,
                scheduled_for=to_utc(first, time(11, 0)),
                kind=ReviewKind.INITIAL,
                created_by_id=staff[iro_email].id,
                held_on=first,
                held_venue="office",
                child_attendance=attendance,
                participation_code=code,
                chairing="none",
                consultation_used=False,
                seen_before=True,
                outcome_recorded_at=utcnow(),
                age_band=age_band_on(born, first),
                outcome_recorded_by_id=staff[iro_email].id,
            )
        )
        db.session.add(
            Review(
                child_id=child.id,
                scheduled_for=to_utc(past, time(10 + index % 5, 0)),
                kind=ReviewKind.SECOND,
                created_by_id=staff[iro_email].id,
                held_on=past,
                held_venue=("home", "school", "office")[index % 3],
                child_attendance=attendance,
                participation_code=code,
                chairing=chairing,
                consultation_used=code != "PN0",
                seen_before=index % 2 == 0,
                outcome_recorded_at=utcnow(),
                age_band=age_band_on(born, past),
                outcome_recorded_by_id=staff[iro_email].id,
            )
        )
        db.session.add(
            Review(
                child_id=child.id,
                scheduled_for=to_utc(upcoming, time(10 + index % 5, 0)),
                kind=ReviewKind.SUBSEQUENT,
                created_by_id=staff[iro_email].id,
            )
        )
    db.session.flush()
    _consultations()
    _statements(today)
    _feedback()


# Answers as the child gave them: key -> choice key, or (words, language, who may see them).
SENT_BY_JAY: dict[str, str | tuple[str, str, str]] = {
    "feeling": "4",
    "good_things": ("Got into the football team. Living with Sue is calm.", "en", "review"),
    "worries": ("I don't get to see my little brother much and nobody tells me why.", "en", "iro"),
    "school": "3",
    "attend": "all",
    "venue": "school",
    "time": "after_school",
    "invite.carer": "yes",
    "invite.social_worker": "yes",
    "invite.mum": "part",
    "invite.dad": "no",
    "alone_first": "yes",
    "advocate": "unsure",
    "interpreter": "no",
    "chair": "co_chair",
    "talk_about": ("Seeing my brother every month. Staying at this school.", "en", "review"),
}
STARTED_BY_AMIRA: dict[str, str | tuple[str, str, str]] = {
    "feeling": "5",
    "good_things": ("أحب مدرستي الجديدة ومعلمتي لطيفة", "ar", "iro"),
}


def _consultations() -> None:
    """Jay has sent his answers and an agenda to co-chair; Amira has started hers."""
    for name, set_id, given, sent in (
        ("Jay", "older-2", SENT_BY_JAY, True),
        ("Amira", "younger-2", STARTED_BY_AMIRA, False),
    ):
        child = _child(name)
        review = scheduling.next_review(child)
        assert review is not None  # every demo child has one coming up
        consultation = Consultation(
            review_id=review.id,
            child_id=child.id,
            question_set=set_id,
            submitted_at=utcnow() if sent else None,
            last_sent_at=utcnow() if sent else None,
        )
        db.session.add(consultation)
        for key, answer in given.items():
            row = ConsultationAnswer(consultation=consultation, key=key)
            if isinstance(answer, tuple):
                text, language, share = answer
                row.text, row.text_language, row.share = text, language, share
            else:
                row.value = answer
            db.session.add(row)
        if given.get("chair") == "co_chair":
            suggested = agenda.suggested_for(15)  # Jay
            for position, (key, _label, lead) in enumerate(suggested):
                db.session.add(AgendaItem(consultation=consultation, position=position, suggestion=key, lead=lead))
            db.session.add(
                AgendaItem(
                    consultation=consultation,
                    position=len(suggested),
                    text="Seeing my brother",
                    text_language="en",
                    lead="me",
                )
            )
    db.session.flush()


# name, kind, words, more words, to whom, days ago, what happened (status, outcome for the child)
STATEMENTS = (
    (
        "Tom",
        "problem",
        "My letter from mum never came. Nobody told me why.",
        None,
        ("iro", "social_worker"),
        20,
        ("resolved", "The letter had gone to your old address. Jordan has it and will bring it on Friday."),
    ),
    ("Jay", "problem", "My allowance has not been paid for 3 weeks.", None, ("social_worker",), 9, None),
    ("Lily", "good_news", "I learned to ride my bike!", None, ("iro",), 2, None),
    (
        "Jay",
        "change",
        "I want to see my brother every week, not every month.",
        "We used to live together.",
        ("team_manager", "iro"),
        4,
        None,
    ),
)


def _statements(today: date) -> None:
    worker = db.session.scalars(select(StaffUser).where(StaffUser.role == Role.SOCIAL_WORKER)).one()
    for name, kind, words, more, to, days_ago, outcome in STATEMENTS:
        child = _child(name)
        statement = Statement(
            kind=kind,
            words=words,
            more_words=more,
            words_language="en",
            resolution="informal" if kind == "problem" else None,
        )
        intake.store(statement, child, to, page_locale="en")
        statement.created_at = to_utc(today - timedelta(days=days_ago), time(16, 30))
        if statement.tracked:
            tracking.set_due_dates(statement, statement.created_at)
        if outcome:
            tracking.record_outcome(statement, worker, outcome[0], outcome[1], "Checked with the post room.")
    # The demo's emails are not for sending.
    db.session.flush()
    db.session.execute(delete(OutboxMessage))


def _feedback() -> None:
    """Feedback on the past reviews: each young person aged 4 or more, two parents or carers and two
    professionals per review, with answers that vary so the figures have something to show."""
    agencies = [choice.key for choice in feedback.AGENCIES]
    for index, review in enumerate(
        db.session.scalars(select(Review).where(Review.outcome_recorded_at.is_not(None)).order_by(Review.id))
    ):
        people = [feedback.PARENT_CARER, feedback.PARENT_CARER, feedback.PROFESSIONAL, feedback.PROFESSIONAL]
        if review.age_band != "0-3":
            people.insert(0, feedback.YOUNG_PERSON)
        for number, respondent in enumerate(people):
            values: dict[str, str | None] = {}
            for asked in feedback.QUESTIONNAIRES[respondent]:
                if not asked.is_text:
                    spread = min(3, len(asked.choices))
                    values[asked.key] = asked.choices[-1 - (index + number + len(asked.key)) % spread].key
            if respondent == feedback.PROFESSIONAL:
                values["agency"] = agencies[(index + number) % len(agencies)]
            store(review, Answers(respondent, values), "en")


def _child(name: str) -> Child:
    return db.session.scalars(select(Child).where(Child.preferred_name == name)).one()


def new_link(name: str) -> str | None:
    """A fresh personal link for the demo child called ``name`` (the old one stops working)."""
    child = db.session.scalar(select(Child).where(Child.preferred_name == name))
    return children.issue_link(child, None) if child else None


def describe_logins() -> list[str]:
    """Lines telling a person how to sign in to the demo."""
    return [f"  {role.value:<14} {email:<28} password: {DEMO_PASSWORD}" for email, _, role, _ in STAFF] + [
        "Then the code from the account's authenticator app; for its current code, run:",
        "  APP_ENV=development .venv/bin/flask --app participation staff-code EMAIL",
    ]
