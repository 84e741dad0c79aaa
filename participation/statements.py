"""What a child raises from their space at any time: good news, a change, a worker's visit, a problem.

Each kind has a short form (`FORMS`), read by `read_form` into a `Draft` with kind messages for anything
wrong; `send` stores it once (a double tap is stored once) with its recipients and queues the emails.
Emails never carry the child's words or name: only that something is waiting, and where to sign in.
"Not feeling safe" lives in `safety`, which uses the same storage.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from flask import current_app
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from . import notify, routing, tracking
from .extensions import db
from .i18n import written_language
from .models import Child, OutboxMessage, StaffUser, Statement, StatementEvent, StatementRecipient, utcnow
from .questions import FACES, MOOD_HINT, MOODS, TEXT_LIMIT, UNSAFE_MOODS, YES_NO_UNSURE, Choice, Question
from .urls import absolute_url

GOOD_NEWS = "good_news"
CHANGE = "change"
WORKER_VISIT = "worker_visit"
PROBLEM = "problem"
UNSAFE = "unsafe"
KINDS = (GOOD_NEWS, CHANGE, WORKER_VISIT, PROBLEM, UNSAFE)
# Kinds tracked to an outcome with due dates (the problem log).
TRACKED = (PROBLEM, UNSAFE)

# What the child reads on the buttons and in "my messages".
CHILD_KIND_LABELS = {
    GOOD_NEWS: _l("Good news"),
    CHANGE: _l("Something I want to change"),
    WORKER_VISIT: _l("A visit from my worker"),
    PROBLEM: _l("A problem"),
    UNSAFE: _l("I don't feel safe"),
}
KIND_LABELS = {
    GOOD_NEWS: _l("Good news"),
    CHANGE: _l("Wants a change"),
    WORKER_VISIT: _l("Worker visit"),
    PROBLEM: _l("Problem"),
    UNSAFE: _l("Does not feel safe"),
}
KIND_PICTURES = {GOOD_NEWS: "🎉", CHANGE: "🔄", WORKER_VISIT: "💼", PROBLEM: "❗", UNSAFE: "🆘"}

TOPICS = (
    Choice("home", _l("Where I live"), "🏠"),
    Choice("school", _l("School or college"), "🏫"),
    Choice("family_time", _l("Family time"), "👨‍👩‍👧"),
    Choice("money", _l("Money or allowance"), "💷"),
    Choice("worker", _l("My worker"), "💼"),
    Choice("health", _l("Health"), "🩺"),
    Choice("other", _l("Something else"), "💬"),
)
RESOLUTIONS = (
    Choice("informal", _l("Sort it out informally"), "🤝"),
    Choice("formal", _l("Make a formal complaint"), "📄"),
)
RESOLUTION_LABELS = {"informal": _l("Informal"), "formal": _l("Formal complaint")}


@dataclass(frozen=True)
class Field:
    """One thing a form asks: ``words`` / ``more_words`` (text), a choice, or ``to`` (who should know)."""

    name: str
    label: object
    hint: object = None
    required: object = None  # the kind message shown when it is left empty, or None when optional
    question: Question | None = None  # the choices, for a choice field

    @property
    def is_text(self) -> bool:
        return self.name in ("words", "more_words")


def _choice(name: str, label, choices, hint=None, required=None, kind: str = "choice") -> Field:
    return Field(name, label, hint, required, Question(name, kind, label, hint, tuple(choices)))


TO_FIELD = Field("to", _l("Who should know?"), _l("Choose at least one."),
                 _l("Choose at least one person to send this to"))
FORMS: dict[str, tuple[Field, ...]] = {
    GOOD_NEWS: (
        Field("words", _l("What is your good news?"), _l("Something you did, something that happened, "
                                                          "something you are proud of."),
              _l("Tell us your good news")),
        TO_FIELD,
    ),
    CHANGE: (
        Field("words", _l("What do you want to change?"), required=_l("Tell us what you want to change")),
        Field("more_words", _l("Why? (if you want to say)")),
        TO_FIELD,
    ),
    WORKER_VISIT: (
        _choice("rating", _l("How did the visit go?"), FACES, kind="faces"),
        Field("words", _l("What did you talk about?")),
        _choice("time_alone", _l("Did you get time on your own with your worker?"), YES_NO_UNSURE),
        Field("more_words", _l("What could be better next time?")),
        _choice("mood", _l("How are you feeling?"), MOODS, MOOD_HINT),
        TO_FIELD,
    ),
    PROBLEM: (
        Field("words", _l("What's wrong?"), _l("Say it in your own words. You can write as much as you like."),
              _l("Tell us what the problem is")),
        _choice("topic", _l("What is it about? (if you want to say)"), TOPICS),
        TO_FIELD,
        _choice("resolution", _l("How would you like it sorted out?"), RESOLUTIONS,
                _l("Informally means the adults you chose try to sort it out with you quickly. A formal "
                   "complaint is written down and looked at by the council's complaints team, who must "
                   "reply to you. You can start informally and make a complaint later."),
                _l("Choose how you would like it sorted out")),
        _choice("wants_advocate", _l("Would you like an advocate to help you?"), YES_NO_UNSURE,
                _l("An advocate is someone on your side who helps you say what you think. They do not work "
                   "for your carers or your social worker.")),
    ),
}
# Something about the visit must be said before it is sent.
VISIT_NEEDS_ONE_OF = ("rating", "words", "more_words")


@dataclass
class Draft:
    """What the child sent on a form, kept exactly so it can be shown again after an error."""

    kind: str
    values: dict[str, str | None] = field(default_factory=dict)
    to: list[str] = field(default_factory=list)
    errors: dict[str, str] = field(default_factory=dict)

    @property
    def is_empty(self) -> bool:
        """Nothing typed or chosen (who to tell aside)."""
        return not any(self.values.values())

    @property
    def is_unsafe(self) -> bool:
        """The child said they are scared or do not feel safe."""
        return self.values.get("mood") in UNSAFE_MOODS


def read_form(kind: str, form, available: dict) -> Draft:
    """Read a submitted form for ``kind``: each field, checked, with a kind message for what is wrong."""
    draft = Draft(kind)
    for each in FORMS[kind]:
        if each.name == "to":
            draft.to = [role for role in form.getlist("to") if role in available]
            if not draft.to:
                draft.errors["to"] = str(each.required)
            continue
        raw = (form.get(each.name) or "").replace("\r\n", "\n").strip()
        if each.question is not None and raw and raw not in {c.key for c in each.question.choices}:
            draft.errors[each.name] = _("Please choose one of the answers.")
            raw = ""
        draft.values[each.name] = raw or None
        if each.is_text and len(raw) > TEXT_LIMIT:
            draft.errors[each.name] = _("That is a lot to say, thank you! Please keep this box under "
                                        "%(limit)d characters.", limit=TEXT_LIMIT)
        elif not raw and each.required:
            draft.errors[each.name] = str(each.required)
    if kind == WORKER_VISIT and not any(draft.values.get(name) for name in VISIT_NEEDS_ONE_OF):
        draft.errors["rating"] = _("Tell us something about the visit: choose a face or write something")
    return draft


def with_defaults(draft: Draft, available: dict) -> Draft:
    """The draft with safe choices filled in where the child had not chosen yet: used to keep what a child
    typed when their space closed before they pressed Send (their IRO, and informally)."""
    if not draft.to:
        draft.to = [routing.IRO]
    if draft.kind == PROBLEM and not draft.values.get("resolution"):
        draft.values["resolution"] = "informal"
    draft.errors = {}
    return draft


def find_by_token(child: Child, form_token: str) -> Statement | None:
    """The statement a form with this one-time token already sent, if any."""
    return db.session.scalar(select(Statement).where(Statement.child_id == child.id,
                                                     Statement.form_token == form_token))


def send(child: Child, draft: Draft, form_token: str, *, page_locale: str) -> Statement:
    """Store what the child sent, route it, and queue the emails. A second tap of the same form returns the
    statement the first one stored."""
    existing = find_by_token(child, form_token)
    if existing is not None:
        return existing
    values = draft.values
    statement = Statement(
        child_id=child.id, kind=draft.kind, form_token=form_token,
        words=values.get("words"), more_words=values.get("more_words"),
        topic=values.get("topic"), rating=values.get("rating"), time_alone=values.get("time_alone"),
        mood=values.get("mood"),
        resolution=values.get("resolution"), wants_advocate=values.get("wants_advocate"),
    )
    try:
        messages = store(statement, child, draft.to, page_locale=page_locale)
        db.session.commit()
    except IntegrityError:
        # The other tap stored it first.
        db.session.rollback()
        return find_by_token(child, form_token)
    notify.deliver_urgent(messages)
    return statement


def store(statement: Statement, child: Child, to, *, page_locale: str) -> list[OutboxMessage]:
    """Add a new statement with its recipients, due dates and emails to the session (not committed).
    Returns the emails queued."""
    statement.child = child
    statement.created_at = utcnow()
    statement.tracked = statement.kind in TRACKED
    statement.urgent = statement.urgent or statement.kind == UNSAFE
    statement.words_language = language_of(statement, child, page_locale)
    if statement.tracked:
        tracking.set_due_dates(statement, statement.created_at)
    statement.recipients = routing.recipients_for(child, to)
    statement.events.append(StatementEvent(action="sent"))
    db.session.add(statement)
    db.session.flush()
    return _tell_recipients(statement)


def language_of(statement: Statement, child: Child, page_locale: str) -> str | None:
    """The language the child's words are written in (both boxes together), or None without words."""
    text = "\n".join(filter(None, (statement.words, statement.more_words)))
    return written_language(text, page_locale, child.preferred_language) if text else None


def _tell_recipients(statement: Statement) -> list[OutboxMessage]:
    config = current_app.config
    queued = []
    template = "statement_urgent" if statement.urgent else "statement_new"
    link = absolute_url("staff.statement", statement_id=statement.id)
    for recipient in statement.recipients:
        staff = recipient.staff
        if staff is not None:
            queued.append(notify.queue(staff.email, template, urgent=statement.urgent, name=staff.name, link=link,
                         kind=KIND_LABELS[statement.kind], reference=statement.id))
    to_pass_on = [str(routing.STAFF_LABELS[r.role]) for r in statement.recipients if r.via_participation]
    if to_pass_on:
        queued.append(notify.queue(
            config["PARTICIPATION_TEAM_EMAIL"], "statement_pass_on", urgent=statement.urgent,
            roles=", ".join(to_pass_on), kind=KIND_LABELS[statement.kind], reference=statement.id, link=link,
            case_reference=statement.child.case_reference))
    if statement.kind == PROBLEM and statement.resolution == "formal":
        queued.append(notify.queue(config["COMPLAINTS_EMAIL"], "formal_complaint", reference=statement.id,
                                   link=link, case_reference=statement.child.case_reference))
    return queued


# --- reading ------------------------------------------------------------------------------------

def for_child(child: Child) -> list[Statement]:
    """Everything this child has sent, newest first."""
    return db.session.scalars(
        select(Statement).where(Statement.child_id == child.id).order_by(Statement.created_at.desc(),
                                                                         Statement.id.desc())
    ).all()


def count_for_child(child: Child) -> int:
    """How many things this child has sent."""
    return db.session.scalar(select(func.count(Statement.id)).where(Statement.child_id == child.id))


def child_status(statement: Statement) -> str:
    """Where it has got to, in plain words for the child."""
    if statement.status == tracking.RESOLVED:
        return _("Sorted")
    if statement.status == tracking.CLOSED:
        return _("Finished")
    who = _acted_by(statement)
    if statement.status == tracking.IN_PROGRESS:
        return _("%(who)s is working on this", who=who)
    if statement.status == tracking.ACKNOWLEDGED:
        return _("%(who)s has read this", who=who)
    readers = [r for r in statement.recipients if r.read_at is not None]
    if readers:
        return _("%(who)s has read this", who=routing.YOUR_LABELS[readers[0].role])
    return _("Sent. Not read yet")


def _acted_by(statement: Statement) -> str:
    """Who acknowledged it, as the child knows them: "Your social worker", or the participation team."""
    actor_id = statement.acknowledged_by_id
    for recipient in statement.recipients:
        if recipient.staff_id is not None and recipient.staff_id == actor_id:
            return str(routing.YOUR_LABELS[recipient.role])
    return _("The participation team")


def unread_for(user: StaffUser) -> tuple[int, int]:
    """How many items sent to ``user`` they have not opened yet, and how many of those are urgent."""
    row = db.session.execute(
        select(func.count(Statement.id), func.count(Statement.id).filter(Statement.urgent.is_(True)))
        .join(StatementRecipient, StatementRecipient.statement_id == Statement.id)
        .where(StatementRecipient.staff_id == user.id, StatementRecipient.read_at.is_(None))
    ).one()
    return row[0], row[1]


def recipient_for(statement: Statement, user: StaffUser) -> StatementRecipient | None:
    """The recipient row that is ``user``, if they were sent this."""
    return next((r for r in statement.recipients if r.staff_id == user.id), None)
