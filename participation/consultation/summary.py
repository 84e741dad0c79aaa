"""What the IRO reads of a sent consultation, and what the one-page summary printed for the meeting shows.

The IRO reads everything: the arrangements first, then the answers. The printed summary leaves off words the
child kept "only for my IRO", and never shows how the child feels (it may be about the adults in the room).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ..forms.questions import Question
from .answers import answers_by_key, question_set_of, visible_steps
from .models import Consultation, ConsultationAddition
from .questions import ARRANGEMENTS, NEVER_PRINTED


@dataclass
class Reading:
    """The questions to show, in order: the arrangements the child saw, then the other questions answered."""

    arrangement_questions: list[Question] = field(default_factory=list)
    answered_questions: list[Question] = field(default_factory=list)
    additions: list[ConsultationAddition] = field(default_factory=list)
    # How many answers in words (and additions) were left off because the child kept them for the IRO.
    private_count: int = 0


def for_iro(consultation: Consultation) -> Reading:
    """Everything the child sent, for the IRO to read."""
    answers = answers_by_key(consultation)
    arrangements = [q for step in visible_steps(consultation) for q in step.questions if q.section == ARRANGEMENTS]
    answered = [q for q in question_set_of(consultation).questions() if q.section != ARRANGEMENTS and q.key in answers]
    return Reading(arrangements, answered, list(consultation.additions))


def for_meeting(consultation: Consultation) -> Reading:
    """What the printed summary shows: words the child kept for the IRO left off, feelings never printed."""
    answers = answers_by_key(consultation)
    everything = for_iro(consultation)

    def private(question: Question) -> bool:
        return question.is_text and question.key in answers and answers[question.key].share != "review"

    answered = [q for q in everything.answered_questions if q.key not in NEVER_PRINTED]
    hidden = [q for q in everything.arrangement_questions + answered if private(q)]
    kept_for_iro = [a for a in everything.additions if a.share != "review"]
    return Reading(
        arrangement_questions=[q for q in everything.arrangement_questions if not private(q)],
        answered_questions=[q for q in answered if not private(q)],
        additions=[a for a in everything.additions if a.share == "review"],
        private_count=len(hidden) + len(kept_for_iro),
    )
