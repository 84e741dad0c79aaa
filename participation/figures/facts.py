"""What each row is counted for in the figures: its local reporting day, the IROs it belongs to, its age band
and its facts (measure, category), as a pure function of the row as it is now.

The tally (`figures.tally`) adds these up as things happen; a live count (for a filter the tally does not
keep, and to check the tally) adds up the very same facts, so the two always agree. Reporting days are the
council's local days (`platform.clock.local_day`): something raised at 00:30 on 1 July in summer time is in
July, and so in the second quarter.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from ..consultation.models import Consultation
from ..feedback.models import FeedbackResponse
from ..feedback.questionnaires import PROFESSIONAL
from ..people.children import UNDER_FOUR, age_band_on
from ..platform.clock import local_day
from ..platform.working_days import working_days_between
from ..reviews import timescales
from ..reviews.models import Review
from ..statements import tracking
from ..statements.kinds import PROBLEM, UNSAFE
from ..statements.models import Statement

# The measures, each a family of categories counted together.
HELD = "held"  # every review held: category "all"
CODE = "code"  # PN0–PN7
CHAIRING = "chairing"  # none, co_chair, chair
SEEN = "seen"  # yes, no: seen by the IRO before the review
TIMESCALE = "timescale"  # in_time, late, unknown
RETURNED = "returned"  # returned, not_returned: consultations of children aged 4+ sent before the review
RECEIVED = "received"  # five_plus, one_to_four, same_day, after, none: when the consultation came
VENUE = "venue"  # what the child chose
ATTEND = "attend"
RESPONSES = "responses"  # by respondent
ANSWER = "answer"  # "respondent:question:value"
AGENCY = "agency"
RAISED = "raised"  # by kind, and "meeting" for consultations sent
PROBLEMS = "problems"  # resolved_in_time
OPEN_PROBLEM = "open_problem"  # a problem still open, by the last day it is on time (ISO date), or "none"
URGENT = "urgent"  # acknowledged_in_time, acknowledged_late

# When a consultation arrived before the review, as councils report pre-meeting reports.
FIVE_PLUS, ONE_TO_FOUR, SAME_DAY, AFTER, NONE = "five_plus", "one_to_four", "same_day", "after", "none"
MEETING = "meeting"


@dataclass(frozen=True)
class Counted:
    """Where a row is counted (its local day, the IROs it belongs to, its age band) and what for."""

    day: date
    iros: tuple[int, ...]
    age_band: str
    facts: tuple[tuple[str, str], ...]


def received(consultation: Consultation | None, held_on: date) -> str:
    """When the consultation arrived, counted in working days before the day of the review."""
    if consultation is None or consultation.submitted_at is None:
        return NONE
    sent_on = local_day(consultation.submitted_at)
    if sent_on > held_on:
        return AFTER
    if sent_on == held_on:
        return SAME_DAY
    return FIVE_PLUS if working_days_between(sent_on, held_on) >= 5 else ONE_TO_FOUR


def review_counted(review: Review) -> Counted | None:
    """A held review (once its outcome is recorded): how the child took part, chairing, seen before,
    timescale, and for children aged 4 and over their consultation: returned, when, and what they chose."""
    if review.outcome_recorded_at is None or review.held_on is None:
        return None
    facts = [
        (HELD, "all"),
        (CODE, review.participation_code or "none"),
        (CHAIRING, review.chairing or "none"),
        (TIMESCALE, timescales.timeliness(review)),
    ]
    if review.seen_before is not None:
        facts.append((SEEN, "yes" if review.seen_before else "no"))
    band = review.age_band or ""
    consultation = review.consultation
    sent_at = consultation.submitted_at if consultation is not None else None
    if band != UNDER_FOUR:
        returned = sent_at is not None and sent_at <= review.scheduled_for
        facts.append((RETURNED, "returned" if returned else "not_returned"))
        facts.append((RECEIVED, received(consultation, review.held_on)))
    if consultation is not None and sent_at is not None:
        facts += [
            (answer.key, answer.value)
            for answer in consultation.answers
            if answer.key in (VENUE, ATTEND) and answer.value
        ]
    iros = (review.outcome_recorded_by_id,) if review.outcome_recorded_by_id else ()
    return Counted(review.held_on, iros, band, tuple(facts))


def response_counted(response: FeedbackResponse) -> Counted:
    """A feedback response: who gave it, each answer chosen, and a professional's agency."""
    facts = [(RESPONSES, response.respondent)]
    facts += [
        (ANSWER, f"{response.respondent}:{answer.question}:{answer.value}")
        for answer in response.answers
        if answer.value is not None
    ]
    if response.respondent == PROFESSIONAL:
        facts.append((AGENCY, response.agency or "none"))
    iros = (response.iro_id,) if response.iro_id else ()
    return Counted(response.review_date, iros, response.age_band or "", tuple(facts))


def statement_counted(statement: Statement) -> Counted:
    """Something a child raised: its kind; a problem resolved within its timescale; an urgent alert
    acknowledged in time or late. Counted for every member of staff it was sent to."""
    day = local_day(statement.created_at)
    facts = [(RAISED, statement.kind)]
    if (
        statement.kind == PROBLEM
        and statement.status == tracking.RESOLVED
        and statement.outcome_recorded_at is not None
        and statement.outcome_by is not None
        and local_day(statement.outcome_recorded_at) <= statement.outcome_by
    ):
        facts.append((PROBLEMS, "resolved_in_time"))
    if statement.kind == PROBLEM and statement.status in tracking.OPEN:
        facts.append((OPEN_PROBLEM, _on_time_until(statement)))
    if statement.kind == UNSAFE and statement.acknowledged_at is not None:
        in_time = statement.acknowledge_due_at is None or statement.acknowledged_at <= statement.acknowledge_due_at
        facts.append((URGENT, "acknowledged_in_time" if in_time else "acknowledged_late"))
    iros = tuple(sorted({r.staff_id for r in statement.recipients if r.staff_id}))
    return Counted(day, iros, age_band_on(statement.child.date_of_birth, day), tuple(facts))


def _on_time_until(statement: Statement) -> str:
    """The last day an open problem is on time (`statements.tracking.is_overdue` the day after), as an ISO
    date that sorts as text; "none" when it has no due date."""
    due = [statement.outcome_by]
    if statement.status == tracking.NEW:
        due.append(statement.acknowledge_by)
    known = [day for day in due if day is not None]
    return min(known).isoformat() if known else "none"


def consultation_counted(consultation: Consultation) -> Counted | None:
    """A consultation sent: counted with what children raised, as preparation for a meeting, for the
    child's IRO, on the day it was sent."""
    if consultation.submitted_at is None:
        return None
    day = local_day(consultation.submitted_at)
    child = consultation.review.child
    return Counted(day, (child.iro_id,), age_band_on(child.date_of_birth, day), ((RAISED, MEETING),))
