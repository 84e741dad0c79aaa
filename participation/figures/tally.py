"""Keeping the tally (`figures.models`) as things happen, and reading it.

*As things happen*: every flush notes which source rows changed (reviews and what decides their facts:
consultations, their answers, the child's record; feedback responses; statements and their recipients);
just before the unit of work commits, each noted row is counted again (`figures.facts`) and the difference
from what it added last time is applied to the counts. The source row is locked first, so two requests
changing the same review one after the other each see what the other added. A change made with a Core
``UPDATE`` (`platform.db.update_if`) is noted by `platform.db.note_changed`.

*Reading*: `sums` adds up the kept counts for a period; a combination the tally does not keep (one IRO and
one age band at once) is counted live from the same facts. `rebuild` counts everything afresh (after a bulk
load, or to check the tally: `flask figures check`).

Deleting a source row takes what it added away from the counts, so the retention job (`jobs.retention`)
never deletes one: it empties only columns that count for nothing, and the published figures stay as they were.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterable, Iterator
from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy import delete, event, exists, func, insert, inspect, select
from sqlalchemy.orm import Session, selectinload

from ..consultation.models import Consultation, ConsultationAnswer
from ..extensions import db
from ..feedback.models import FeedbackAnswer, FeedbackResponse
from ..people.models import Child
from ..platform.clock import financial_quarter_of, financial_year_of
from ..platform.db import add_to_counts, lock_row
from ..reviews.models import Review
from ..statements.models import Statement, StatementRecipient
from . import facts
from .models import ALL_BANDS, ALL_IROS, FigureCount, FigureSource
from .periods import Filters

# A key of the counts: (year, quarter, iro_id, age_band, measure, category).
Key = tuple[int, int, int, str, str, str]
REVIEW, RESPONSE, STATEMENT, CONSULTATION = "review", "response", "statement", "consultation"
# The tally is complete once this marker row exists (it is written by `rebuild`, and by the first read of an
# empty database); until then the figures are counted live.
BUILT = ("tally", 0)
# What the rows of an erased child had added, kept under the erasure's audit event: published figures do not
# change when a child is erased, and `rebuild` counts these in (see `set_aside`).
ERASED = "erased"
_NOTED = "figures.noted"


def keys_of(counted: facts.Counted | None) -> list[Key]:
    """The count keys a row adds one to: for everyone by age band, and for each of its IROs."""
    if counted is None:
        return []
    year, quarter = financial_year_of(counted.day), financial_quarter_of(counted.day)
    keys: list[Key] = []
    for measure, category in counted.facts:
        keys.append((year, quarter, ALL_IROS, counted.age_band, measure, category))
        keys += [(year, quarter, iro, ALL_BANDS, measure, category) for iro in counted.iros]
    return keys


# --- noticing changes ---------------------------------------------------------------------------


def _sources_of(row) -> Iterator[tuple[str, int]]:
    """The source rows to count again when ``row`` changed."""
    if isinstance(row, Review):
        yield from _child_reviews(row.child_id)
    elif isinstance(row, Consultation):
        yield CONSULTATION, row.id
        yield REVIEW, row.review_id
    elif isinstance(row, ConsultationAnswer):
        # Only the answers of a consultation whose review is already recorded change a count.
        review_id = db.session.scalar(select(Consultation.review_id).where(Consultation.id == row.consultation_id))
        if review_id and db.session.scalar(select(Review.outcome_recorded_at).where(Review.id == review_id)):
            yield REVIEW, review_id
    elif isinstance(row, Child):
        yield from _child_reviews(row.id)
        for consultation_id in db.session.scalars(select(Consultation.id).where(Consultation.child_id == row.id)):
            yield CONSULTATION, consultation_id
        for statement_id in db.session.scalars(select(Statement.id).where(Statement.child_id == row.id)):
            yield STATEMENT, statement_id
    elif isinstance(row, FeedbackResponse):
        yield RESPONSE, row.id
    elif isinstance(row, FeedbackAnswer):
        yield RESPONSE, row.response_id
    elif isinstance(row, Statement):
        yield STATEMENT, row.id
    elif isinstance(row, StatementRecipient):
        yield STATEMENT, row.statement_id


def _child_reviews(child_id: int | None) -> Iterator[tuple[str, int]]:
    # A review's timescale depends on the child's reviews before it, so all of them are counted again.
    if child_id is not None:
        for review_id in db.session.scalars(select(Review.id).where(Review.child_id == child_id)):
            yield REVIEW, review_id


WATCHED = (
    Review,
    Consultation,
    ConsultationAnswer,
    Child,
    FeedbackResponse,
    FeedbackAnswer,
    Statement,
    StatementRecipient,
)
# Of these, a change to any other column counts for nothing (a child's PIN, a consultation's current page…).
MATTERS = {
    Child: ("date_of_birth", "looked_after_since", "iro_id"),
    Review: (
        "child_id",
        "scheduled_for",
        "held_on",
        "participation_code",
        "chairing",
        "seen_before",
        "outcome_recorded_at",
        "outcome_recorded_by_id",
        "age_band",
    ),
    Consultation: ("submitted_at", "review_id", "child_id"),
}


def _note_flushed(session: Session, _context) -> None:
    # History is still there in after_flush: it says which columns this flush changed.
    noted = session.info.setdefault(_NOTED, set())
    for row in (*session.new, *session.deleted):
        if isinstance(row, WATCHED):
            noted.add((type(row), row.id, row in session.deleted))
    for row in session.dirty:
        if isinstance(row, WATCHED) and _changed_what_counts(row):
            noted.add((type(row), row.id, False))


def _changed_what_counts(row) -> bool:
    columns = MATTERS.get(type(row))
    if columns is None:
        return True
    state = inspect(row)
    return any(state.attrs[name].history.has_changes() for name in columns)


def _before_commit(session: Session) -> None:
    # What is still pending is flushed first: the commit would flush it after this hook, unnoticed.
    if session.new or session.dirty or session.deleted:
        session.flush()
    if not session.info.get(_NOTED) and not session.info.get("changed_rows"):
        return
    noted = session.info.pop(_NOTED, set())
    changed = session.info.pop("changed_rows", set())
    sources: set[tuple[str, int]] = set()
    with session.no_autoflush:
        for model, row_id, deleted in noted:
            row = None if deleted else session.get(model, row_id)
            if row is None:
                sources |= _sources_of_deleted(model, row_id)
            else:
                sources |= set(_sources_of(row))
        for model, row_id in changed:
            if issubclass(model, WATCHED) and (row := session.get(model, row_id)) is not None:
                sources |= set(_sources_of(row))
    for kind, source_id in sorted(sources):
        recount(kind, source_id)
    session.flush()


def _sources_of_deleted(model, row_id: int | None) -> set[tuple[str, int]]:
    kind = {Review: REVIEW, Consultation: CONSULTATION, FeedbackResponse: RESPONSE, Statement: STATEMENT}.get(model)
    return {(kind, row_id)} if kind and row_id is not None else set()


def listen(session) -> None:
    """Keep the tally for every unit of work of ``session`` (the app's scoped session)."""
    if not event.contains(session, "after_flush", _note_flushed):
        event.listen(session, "after_flush", _note_flushed)
        event.listen(session, "before_commit", _before_commit)


# --- counting a row again -------------------------------------------------------------------------


def counted(kind: str, source_id: int) -> facts.Counted | None:
    """What the source row counts for now (None when it counts for nothing or is gone)."""
    if kind == REVIEW:
        review = db.session.get(Review, source_id)
        return facts.review_counted(review) if review else None
    if kind == RESPONSE:
        response = db.session.get(FeedbackResponse, source_id)
        return facts.response_counted(response) if response else None
    if kind == STATEMENT:
        statement = db.session.get(Statement, source_id)
        return facts.statement_counted(statement) if statement else None
    consultation = db.session.get(Consultation, source_id)
    return facts.consultation_counted(consultation) if consultation else None


MODELS: dict[str, Any] = {REVIEW: Review, RESPONSE: FeedbackResponse, STATEMENT: Statement, CONSULTATION: Consultation}


def recount(kind: str, source_id: int) -> None:
    """Count one source row again: take away what it added last time and add what it counts for now."""
    # Held first, so that of two units of work changing the same row, the second sees what the first added.
    lock_row(MODELS[kind], source_id)
    record = db.session.get(FigureSource, (kind, source_id))
    if record is not None:
        db.session.refresh(record)
    old = Counter(tuple(key) for key in json.loads(record.keys)) if record else Counter()
    row = db.session.get(MODELS[kind], source_id)
    if row is not None:
        db.session.expire(row)  # read again after the lock: what is committed now, and this unit's own changes
    new = Counter(keys_of(counted(kind, source_id)))
    change = Counter(new)
    change.subtract(old)
    add_to_counts(FigureCount, sorted((key, n) for key, n in change.items() if n))
    if not new:
        if record is not None:
            db.session.delete(record)
    elif record is None:
        db.session.add(FigureSource(kind=kind, source_id=source_id, keys=json.dumps(sorted(new.elements()))))
    else:
        record.keys = json.dumps(sorted(new.elements()))


def set_aside(sources: Iterable[tuple[str, int]], under: int) -> None:
    """Before rows are erased: keep what each of ``sources`` ((kind, id) pairs) added to the counts, as one
    record under ``under`` (the erasure's audit event id), so the counts stay as published. The rows' own
    records go, so deleting them takes nothing away (`recount` finds nothing they added), and an id used again
    later starts afresh."""
    kept: list = []
    for kind, source_id in sorted(set(sources)):
        record = db.session.get(FigureSource, (kind, source_id))
        if record is not None:
            kept += json.loads(record.keys)
            db.session.delete(record)
    if kept:
        db.session.add(FigureSource(kind=ERASED, source_id=under, keys=json.dumps(sorted(kept))))
    db.session.flush()


def _erased_keys() -> Counter:
    """What erased rows had added (they count still, see `set_aside`)."""
    found: Counter = Counter()
    for keys in db.session.scalars(select(FigureSource.keys).where(FigureSource.kind == ERASED)):
        found.update(tuple(key) for key in json.loads(keys))
    return found


# --- reading --------------------------------------------------------------------------------------

Sums = dict[tuple[str, str, int], int]  # (measure, category, quarter) → count


def is_built() -> bool:
    """True when the tally holds everything (then the figures are read from it)."""
    if db.session.get(FigureSource, BUILT) is not None:
        return True
    if any(db.session.scalar(select(exists().select_from(model))) for model in MODELS.values()):
        return False
    db.session.add(FigureSource(kind=BUILT[0], source_id=BUILT[1], keys="[]"))  # nothing to count yet
    db.session.flush()
    return True


def sums(filters: Filters, measures: Iterable[str]) -> Sums:
    """The counts of the period for ``measures``, by (measure, category, quarter)."""
    measures = tuple(measures)
    if filters.iro_id and filters.age_band or not is_built():
        return live_sums(filters, measures)
    query = (
        select(FigureCount.measure, FigureCount.category, FigureCount.quarter, func.sum(FigureCount.count))
        .where(
            FigureCount.year == filters.year,
            FigureCount.quarter.in_(filters.quarters),
            FigureCount.measure.in_(measures),
            FigureCount.iro_id == (filters.iro_id or ALL_IROS),
        )
        .group_by(FigureCount.measure, FigureCount.category, FigureCount.quarter)
    )
    if filters.age_band and not filters.iro_id:
        query = query.where(FigureCount.age_band == filters.age_band)
    return {(m, c, q): int(n) for m, c, q, n in db.session.execute(query) if n}


def live_sums(filters: Filters, measures: Iterable[str]) -> Sums:
    """The same sums counted from the rows themselves (for one IRO and one age band together, before the
    tally is built, and to check it)."""
    wanted = set(measures)
    totals: Counter = Counter()
    for each in _counted_in(filters):
        if filters.age_band and each.age_band != filters.age_band:
            continue
        if filters.iro_id and filters.iro_id not in each.iros:
            continue
        if financial_year_of(each.day) != filters.year or financial_quarter_of(each.day) not in filters.quarters:
            continue
        for measure, category in each.facts:
            if measure in wanted:
                totals[(measure, category, financial_quarter_of(each.day))] += 1
    return dict(totals)


def _every(kind: str) -> tuple[Any, Any]:
    """The query for every row of a kind that may count, with what its facts need loaded, and its counter."""
    query: Any
    if kind == REVIEW:
        query = select(Review).options(
            selectinload(Review.child).selectinload(Child.reviews),
            selectinload(Review.consultation).selectinload(Consultation.answers),
        )
        return query.where(Review.outcome_recorded_at.is_not(None)), facts.review_counted
    if kind == RESPONSE:
        return select(FeedbackResponse).options(selectinload(FeedbackResponse.answers)), facts.response_counted
    if kind == STATEMENT:
        query = select(Statement).options(selectinload(Statement.recipients), selectinload(Statement.child))
        return query, facts.statement_counted
    query = select(Consultation).options(selectinload(Consultation.review).selectinload(Review.child))
    return query.where(Consultation.submitted_at.is_not(None)), facts.consultation_counted


def _counted_in(filters: Filters) -> Iterator[facts.Counted]:
    """Everything that may count in the period (a little wider: days are checked by the caller)."""
    start, end = filters.start, filters.end
    # Stored times are UTC: a day either side covers every local day of the period.
    wide_start, wide_end = _as_time(start, -1), _as_time(end, 1)
    iro = filters.iro_id
    sent_to_iro = exists().where(StatementRecipient.statement_id == Statement.id, StatementRecipient.staff_id == iro)
    narrowed = {
        REVIEW: [Review.held_on >= start, Review.held_on < end]
        + ([Review.outcome_recorded_by_id == iro] if iro else []),
        RESPONSE: [FeedbackResponse.review_date >= start, FeedbackResponse.review_date < end]
        + ([FeedbackResponse.iro_id == iro] if iro else []),
        STATEMENT: [Statement.created_at >= wide_start, Statement.created_at < wide_end]
        + ([sent_to_iro] if iro else []),
        CONSULTATION: [Consultation.submitted_at >= wide_start, Consultation.submitted_at < wide_end]
        + ([Consultation.child_id.in_(select(Child.id).where(Child.iro_id == iro))] if iro else []),
    }
    for kind, conditions in narrowed.items():
        query, count = _every(kind)
        for row in db.session.scalars(query.where(*conditions)):
            each = count(row)
            if each is not None:
                yield each


def _as_time(day: date, days: int) -> datetime:
    return datetime.combine(day + timedelta(days=days), datetime.min.time())


# --- counting everything afresh -------------------------------------------------------------------


def rebuild(batch: int = 2000) -> int:
    """Count every row afresh into empty counts (in this unit of work); returns how many rows counted."""
    totals: Counter = _erased_keys()
    db.session.execute(delete(FigureCount))
    db.session.execute(delete(FigureSource).where(FigureSource.kind != ERASED))
    sources: list[dict] = []
    rows = 0
    for kind in MODELS:
        query, count = _every(kind)
        for row in db.session.scalars(query.execution_options(yield_per=batch)):
            keys = keys_of(count(row))
            if keys:
                totals.update(keys)
                sources.append({"kind": kind, "source_id": row.id, "keys": json.dumps(sorted(keys))})
                rows += 1
            if len(sources) >= batch:
                db.session.execute(insert(FigureSource), sources)
                sources = []
    if sources:
        db.session.execute(insert(FigureSource), sources)
    add_to_counts(FigureCount, sorted(totals.items()))
    db.session.add(FigureSource(kind=BUILT[0], source_id=BUILT[1], keys="[]"))
    db.session.flush()
    return rows


def differences() -> list[str]:
    """Where the kept counts differ from the rows counted afresh (empty when the tally is right)."""
    kept = {
        (y, q, i, b, m, c): n
        for y, q, i, b, m, c, n in db.session.execute(
            select(
                FigureCount.year,
                FigureCount.quarter,
                FigureCount.iro_id,
                FigureCount.age_band,
                FigureCount.measure,
                FigureCount.category,
                FigureCount.count,
            )
        )
        if n
    }
    fresh: Counter = _erased_keys()
    for kind, model in MODELS.items():
        for source_id in db.session.scalars(select(model.id)):
            fresh.update(keys_of(counted(kind, source_id)))
    found = []
    for key in sorted(set(kept) | set(fresh)):
        if kept.get(key, 0) != fresh.get(key, 0):
            found.append(f"{key}: kept {kept.get(key, 0)}, counted {fresh.get(key, 0)}")
    return found
