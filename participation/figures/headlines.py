"""The headline figures a Corporate Parenting Board asks for, each as a percentage for this quarter, the year
so far and last year, with its trend over the last eight quarters. Read from the tally: two reads whatever
the size of the council."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from flask_babel import lazy_gettext as _l

from ..feedback.questionnaires import (
    PARENT_CARER,
    POSITIVE,
    PROFESSIONAL,
    QUESTIONNAIRES,
    RESPONDENTS,
    YOUNG_PERSON,
)
from ..platform.clock import financial_quarter_of, financial_year_of, fy_label
from ..reviews import timescales
from ..statements.kinds import PROBLEM, UNSAFE
from . import facts, report
from .disclosure import PUBLISHED, Share, share
from .periods import QUARTER_LABELS, QUARTERS, Filters
from .tables import TOTAL, YEAR, Table
from .tally import Sums, sums
from .took_part import TOOK_PART

# (measure, category) pairs counted into a headline's part and its whole.
Pairs = tuple[tuple[str, str], ...]
CODES_AGED_FOUR_AND_OVER = tuple((facts.CODE, f"PN{n}") for n in range(1, 8))


def _positive(respondent: str) -> tuple[Pairs, Pairs]:
    """Every choice answer of a kind of respondent that has a positive answer, and the positive ones."""
    answered, positive = [], []
    for question in QUESTIONNAIRES[respondent]:
        keys = [choice.key for choice in question.choices or ()]
        if question.is_text or question.key == "agency" or not POSITIVE.intersection(keys):
            continue
        for key in keys:
            pair = (facts.ANSWER, f"{respondent}:{question.key}:{key}")
            answered.append(pair)
            if key in POSITIVE:
                positive.append(pair)
    return tuple(positive), tuple(answered)


POSITIVE_FROM = {
    YOUNG_PERSON: _l("Positive feedback from young people"),
    PARENT_CARER: _l("Positive feedback from parents and carers"),
    PROFESSIONAL: _l("Positive feedback from professionals"),
}


@dataclass(frozen=True)
class Headline:
    """One headline: what it says, the counts that make its part and its whole, and the section detailing it."""

    key: str
    label: object
    part: Pairs
    whole: Pairs
    section: str


HEADLINES = (
    Headline(
        "took-part",
        _l("Children aged 4 and over who took part in their review (PN1–PN6)"),
        tuple((facts.CODE, code) for code in TOOK_PART),
        CODES_AGED_FOUR_AND_OVER,
        "took-part",
    ),
    Headline(
        "returned",
        _l("Consultations returned before the review"),
        ((facts.RETURNED, "returned"),),
        ((facts.RETURNED, "returned"), (facts.RETURNED, "not_returned")),
        "took-part",
    ),
    Headline(
        "chaired",
        _l("Reviews chaired or co-chaired by the young person (aged 4 and over)"),
        ((facts.CHAIRING, "chair"), (facts.CHAIRING, "co_chair")),
        CODES_AGED_FOUR_AND_OVER,
        "took-part",
    ),
    Headline(
        "in-time",
        _l("Reviews held within statutory timescales"),
        ((facts.TIMESCALE, timescales.IN_TIME),),
        ((facts.TIMESCALE, timescales.IN_TIME), (facts.TIMESCALE, timescales.LATE)),
        "took-part",
    ),
    *(
        Headline(
            f"positive-{respondent.replace('_', '-')}",
            POSITIVE_FROM[respondent],
            *_positive(respondent),
            "feedback",
        )
        for respondent in RESPONDENTS
    ),
    Headline(
        "problems-in-time",
        _l("Problems resolved within timescale"),
        ((facts.PROBLEMS, "resolved_in_time"),),
        ((facts.RAISED, PROBLEM),),
        "raised",
    ),
    Headline(
        "urgent-in-time",
        _l("Urgent alerts acknowledged within their hours"),
        ((facts.URGENT, "acknowledged_in_time"),),
        ((facts.RAISED, UNSAFE),),
        "raised",
    ),
)
MEASURES = tuple(sorted({measure for h in HEADLINES for measure, _category in h.part + h.whole}))


@dataclass
class Figure:
    """A headline's values: this quarter, the year so far, last year, and each of the last eight quarters."""

    headline: Headline
    quarter: Share | str
    year_so_far: Share | str
    last_year: Share | str
    trend: list[tuple[str, Share | str]]


def _share(headline: Headline, counts: Sums, quarters, mode: str) -> Share | str:
    part = sum(counts.get((m, c, q), 0) for m, c in headline.part for q in quarters)
    whole = sum(counts.get((m, c, q), 0) for m, c in headline.whole for q in quarters)
    return share(part, whole, mode)


def latest_quarter(year: int, on: date) -> int:
    """The last quarter of ``year`` that has begun by ``on`` (4 for a year that is over)."""
    if financial_year_of(on) > year:
        return 4
    return financial_quarter_of(on) if financial_year_of(on) == year else 1


def _quarter_name(quarter: int, year: int) -> str:
    return f"{QUARTER_LABELS[quarter]} {fy_label(year)}"


def figures(filters: Filters, on: date, mode: str) -> list[Figure]:
    """Every headline for the year of ``filters`` (and its IRO and age band), as seen on day ``on``.

    Exact figures are counted from the tally. Published ones are worked out from the published tables'
    cells, so a headline never tells more than the tables do (a hidden or withheld count leaves it out)."""
    year = Filters(filters.year, iro_id=filters.iro_id, age_band=filters.age_band)
    current = latest_quarter(filters.year, on)
    so_far = tuple(q for q in QUARTERS if q <= current)
    if mode == PUBLISHED:
        this_tables, last_tables = _published_tables(year), _published_tables(year.previous())

        def this(headline: Headline, quarters) -> Share | str:
            return _from_tables(headline, this_tables, YEAR if len(quarters) > 1 else quarters[0])

        def last(headline: Headline, quarters) -> Share | str:
            return _from_tables(headline, last_tables, YEAR if len(quarters) > 1 else quarters[0])

    else:
        this_counts, last_counts = sums(year, MEASURES), sums(year.previous(), MEASURES)

        def this(headline: Headline, quarters) -> Share | str:
            return _share(headline, this_counts, quarters, mode)

        def last(headline: Headline, quarters) -> Share | str:
            return _share(headline, last_counts, quarters, mode)

    shown = []
    for headline in HEADLINES:
        trend = [(_quarter_name(q, filters.year - 1), last(headline, (q,))) for q in QUARTERS]
        trend += [(_quarter_name(q, filters.year), this(headline, (q,))) for q in so_far]
        shown.append(
            Figure(headline, this(headline, (current,)), this(headline, so_far), last(headline, QUARTERS), trend)
        )
    return shown


def _published_tables(filters: Filters) -> dict[str, Table]:
    return {table.key: table for tables in report.all_tables(filters, PUBLISHED).values() for table in tables}


def _added(cells: list) -> int | None:
    """The published counts added up; None when one of them is hidden or withheld."""
    if any(not isinstance(cell, int) or isinstance(cell, bool) for cell in cells):
        return None
    return sum(cells)


def _from_tables(headline: Headline, tables: dict[str, Table], column) -> Share | str:
    """A headline as published: its part and whole added up from the published tables' cells in ``column``."""
    codes = tables["participation-codes"].cells
    aged_four_and_over = [codes[(f"PN{n}", column)] for n in range(1, 8)]
    if headline.key == "took-part":
        part, whole = [codes[(code, column)] for code in TOOK_PART], aged_four_and_over
    elif headline.key == "returned":
        returned = tables["consultations-returned"].cells
        part, whole = [returned[("returned", column)]], [returned[(TOTAL, column)]]
    elif headline.key == "chaired":
        chaired = tables["chairing"].cells
        part, whole = [chaired[("chair", column)], chaired[("co_chair", column)]], aged_four_and_over
    elif headline.key == "in-time":
        timed = tables["timescales"].cells
        part = [timed[(timescales.IN_TIME, column)]]
        whole = [timed[(timescales.IN_TIME, column)], timed[(timescales.LATE, column)]]
    elif headline.key.startswith("positive-"):
        cells = tables[f"feedback-{headline.key.removeprefix('positive-')}"].cells
        asked = {category.split(":")[1] for _measure, category in headline.whole}
        part = [cells[(key, "positive", column)] for key in sorted(asked) if (key, "positive", column) in cells]
        whole = [cells[(key, "answered", column)] for key in sorted(asked) if (key, "answered", column) in cells]
    else:
        problems = tables["problems"].cells
        row, of = ("resolved_in_time", "raised") if headline.key == "problems-in-time" else ("urgent_in_time", "urgent")
        part, whole = [problems[(row, column)]], [problems[(of, column)]]
    part_total, whole_total = _added(part), _added(whole)
    if part_total is None or not whole_total:
        return ""
    return Share(part_total, whole_total)
