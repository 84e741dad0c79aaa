"""What the IRO reads of a sent consultation, and what the one-page summary printed for the meeting shows.

The IRO reads everything: the arrangements first, then the answers. The printed summary leaves off what the
child kept "only for my IRO" (their words, and their choices about people, such as who they do not want to
invite), and never shows how the child feels (it may be about the adults in the room). The child's check page
shows them this same summary before they send (`for_meeting` serves both).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ..forms.questions import Question
from .answers import answers_by_key, question_set_of, visible_steps
from .models import Consultation, ConsultationAddition, ConsultationAnswer
from .questions import ARRANGEMENTS, NEVER_PRINTED


@dataclass
class Reading:
    """The questions to show, in order: the arrangements the child saw, then the other questions answered."""

    arrangement_questions: list[Question] = field(default_factory=list)
    answered_questions: list[Question] = field(default_factory=list)
    additions: list[ConsultationAddition] = field(default_factory=list)
    # How many answers (and additions) were left off because the child kept them for the IRO, and which.
    private_count: int = 0
    kept_for_iro: list[Question] = field(default_factory=list)


def for_iro(consultation: Consultation) -> Reading:
    """Everything the child sent, for the IRO to read."""
    answers = answers_by_key(consultation)
    arrangements = [q for step in visible_steps(consultation) for q in step.questions if q.section == ARRANGEMENTS]
    answered = [
        q for q in question_set_of(consultation).questions() if q.section != ARRANGEMENTS and q.is_answered(answers)
    ]
    return Reading(arrangements, answered, list(consultation.additions))


def share_of(question: Question, answers: dict[str, ConsultationAnswer]) -> str | None:
    """Who may see the answer to ``question`` ("iro" or "review"), or None when it is not answered or the
    child does not choose for it."""
    rows = [answers[key] for key in question.stored_keys() if key in answers]
    if not question.has_share or not rows:
        return None
    return "review" if all(row.share == "review" for row in rows) else "iro"


def for_meeting(consultation: Consultation) -> Reading:
    """What the printed summary shows: what the child answered and let be talked about at the review. Left off:
    what they kept for their IRO, questions they did not answer, and how they feel."""
    answers = answers_by_key(consultation)
    everything = for_iro(consultation)

    def private(question: Question) -> bool:
        return share_of(question, answers) == "iro"

    arrangements = [q for q in everything.arrangement_questions if q.is_answered(answers)]
    others = [q for q in everything.answered_questions if q.key not in NEVER_PRINTED]
    hidden = [q for q in arrangements + others if private(q)]
    additions_kept = [a for a in everything.additions if a.share != "review"]
    return Reading(
        arrangement_questions=[q for q in arrangements if not private(q)],
        answered_questions=[q for q in others if not private(q)],
        additions=[a for a in everything.additions if a.share == "review"],
        private_count=len(hidden) + len(additions_kept),
        kept_for_iro=hidden,
    )
