"""The subtraction attacks: can someone holding the published tables work out a count shown as "fewer than 5"?

An attacker (`Attacker`) reads published tables as intervals of exact values: "fewer than 5" is 1 to 4, 0 is
exactly 0, and a published number r (rounded to the nearest 5 on its own, halves up) is r-2 to r+2, but never
below 5 (a count under 5 is not rounded but hidden): 5 means 5 to 7, 10 means 8 to 12. It then uses every sum it
knows: each pivot row's quarters add up to its year, each column's categories add up to its total row, and
between filters of the same page, everyone's count is IRO A's plus IRO B's, and the three age bands' together.
For each sum, each cell lies between the total's lowest value less the others' highest and the total's highest
less the others' lowest; this is repeated until nothing changes, so what one sum teaches is used by the others.
A hidden count is protected while at least two values stay possible.

The old scheme printed every count of 5 or more exactly and only hid counts from 1 to 4 (totals too, except the
whole year's total for everyone). Read the same way, its tables give the hidden counts away: each attack is run
on both, to show that it can succeed.

The fixture (financial year 2025-26; every review recorded by its IRO, no consultations, no feedback):

    quarter (held on)   code  IRO  age band  reviews
    Q1 (2025-05-15)     PN1   A    4-11      2
                        PN1   B    12-17     8
                        PN2   A    12-17     2
    Q2 (2025-08-15)     PN1   B    4-11      3
                        PN6   A    12-17     3
    Q3 (2025-11-15)     PN1   A    12-17     5
                        PN0   B    0-3       1
    Q4 (2026-02-15)     PN1   A    4-11      2
                        PN1   B    12-17     7

Counted by hand, exact (Q1, Q2, Q3, Q4, year), and as published:

    everyone  PN0   0  0  1  0 |  1     0   0   <5  0 | <5
              PN1  10  3  5  9 | 27    10  <5   5  10 | 25
              PN2   2  0  0  0 |  2    <5   0   0   0 | <5
              PN6   0  3  0  0 |  3     0  <5   0   0 | <5
              all  12  6  6  9 | 33    10   5   5  10 | 35
    IRO A     all   4  3  5  2 | 14    <5  <5   5  <5 | 15   (PN1 2, 0, 5, 2 | 9; PN2 2 in Q1; PN6 3 in Q2)
    IRO B     all   8  3  1  7 | 19    10  <5  <5   5 | 20   (PN1 8, 3, 0, 7 | 18; PN0 1 in Q3)
    0-3       all   0  0  1  0 |  1     0   0  <5   0 | <5   (PN0)
    4-11      all   2  3  0  2 |  7    <5  <5   0  <5 |  5   (PN1)
    12-17     all  10  3  5  7 | 25    10  <5   5   5 | 25   (PN1 8, 0, 5, 7 | 20; PN2 2 in Q1; PN6 3 in Q2)

What the old scheme gave away:

* within one table: in Q3, 6 reviews of which 5 were PN1, so PN0 was 1 (the example in the issue);
* between IROs: in Q1, 10 PN1 for everyone and 8 for IRO B, so 2 for IRO A (whose own table hides them);
* between age bands: in Q4, 9 PN1 for everyone and 7 aged 12-17, so 2 aged 4-11 (whose own table hides them).

As published, each of these is only known to within several values: Q3's PN0 is 1 or 2 (a total of 5 means 5
to 7, and PN1's 5 means at least 5).
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date

import pytest

from participation.extensions import db
from participation.figures import report
from participation.figures.disclosure import EXACT, PUBLISHED, Few, Share, Withheld
from participation.figures.periods import QUARTER_LABELS, QUARTERS, Filters
from participation.figures.tables import Table
from participation.people.models import Role
from tests.conftest import make_staff
from tests.integration.figures.test_statistics import FY, _review, world  # noqa: F401  (world: a fixture)

LIMIT = 5  # the small-number limit (SMALL_NUMBERS): counts from 1 to 4 are hidden
Q1, Q2, Q3, Q4 = (date(2025, 5, 15), date(2025, 8, 15), date(2025, 11, 15), date(2026, 2, 15))
BANDS = ("0-3", "4-11", "12-17")
PN0 = "PN0: child aged under 4 at the time of the review"
PN1 = "PN1: attended and spoke for themselves"
ALL_REVIEWS = "All reviews held"

# A cell the attacker reasons about: (population, table key, row label, column header). A quarter's own table
# names its one column as the whole year's table names that quarter, so both read the same cell.
Cell = tuple[str, str, str, str]


# --- the attacker ------------------------------------------------------------------------------------


@dataclass
class Attacker:
    """Someone holding published tables, who knows how they were rounded and which cells add up to which."""

    bounds: dict[Cell, tuple[int, int]] = field(default_factory=dict)
    sums: list[tuple[Cell, tuple[Cell, ...]]] = field(default_factory=list)
    hidden: set[Cell] = field(default_factory=set)

    def learn(self, cell: Cell, low: int, high: int) -> None:
        """Narrow what ``cell`` may be (two tables showing the same cell both count)."""
        old_low, old_high = self.bounds.get(cell, (0, 10**9))
        self.bounds[cell] = (max(old_low, low), min(old_high, high))

    def read(self, population: str, table: Table, *, rounded: bool) -> None:
        """Read a pivot table: each cell as the exact values it may stand for, and its rows' and columns' sums.
        ``rounded``: numbers were rounded to the nearest 5 (else they are exact)."""
        counts = table.headers[1:-1]  # the quarters (in a whole year's table), then the period; "%" is last
        for row in table.rows:
            for header, value in zip(counts, row[1:-1], strict=True):
                cell = (population, table.key, str(row[0]), header)
                if isinstance(value, Few):
                    self.hidden.add(cell)
                    self.learn(cell, 1, value.limit - 1)
                elif isinstance(value, Withheld):  # a count that could have been published: at least 5
                    self.learn(cell, LIMIT, 10**9)
                elif value == 0 or not rounded:
                    self.learn(cell, value, value)
                else:
                    self.learn(cell, max(LIMIT, value - 2), value + 2)
        total_row, categories = str(table.rows[-1][0]), [str(row[0]) for row in table.rows[:-1]]
        for header in counts:
            self.add_sum(
                (population, table.key, total_row, header),
                [(population, table.key, label, header) for label in categories],
            )
        if len(counts) > 1:  # a whole year's table: each row's quarters add up to its year
            for label in [*categories, total_row]:
                self.add_sum(
                    (population, table.key, label, counts[-1]),
                    [(population, table.key, label, header) for header in counts[:-1]],
                )

    def add_sum(self, total: Cell, parts: list[Cell]) -> None:
        """``total`` is the sum of ``parts``."""
        self.sums.append((total, tuple(parts)))

    def work_out(self) -> dict[Cell, tuple[int, int]]:
        """Narrow every cell by every sum, again and again until nothing changes."""
        bounds = dict(self.bounds)
        changed = True
        while changed:
            changed = False
            for total, parts in self.sums:
                low, high = bounds[total]
                lows, highs = [bounds[p][0] for p in parts], [bounds[p][1] for p in parts]
                narrowed = {total: (max(low, sum(lows)), min(high, sum(highs)))}
                for part, part_low, part_high in zip(parts, lows, highs, strict=True):
                    others_low, others_high = sum(lows) - part_low, sum(highs) - part_high
                    narrowed[part] = (max(part_low, low - others_high), min(part_high, high - others_low))
                for cell, (new_low, new_high) in narrowed.items():
                    assert new_low <= new_high, f"the published figures contradict each other at {cell}"
                    if (new_low, new_high) != bounds[cell]:
                        bounds[cell] = (new_low, new_high)
                        changed = True
        return bounds

    def given_away(self) -> dict[Cell, int]:
        """The hidden cells the attacker can pin down to a single value, with that value."""
        bounds = self.work_out()
        return {cell: bounds[cell][0] for cell in sorted(self.hidden) if bounds[cell][0] == bounds[cell][1]}

    def possible(self, cell: Cell) -> range:
        """The values ``cell`` may still have."""
        low, high = self.work_out()[cell]
        return range(low, high + 1)


def is_pivot(table: Table) -> bool:
    """A table of categories by period with a total row (the tables the sums above hold for)."""
    periods = {"Year", *(str(label) for label in QUARTER_LABELS.values())}
    return table.headers[-1] == "%" and table.headers[-2] in periods


def pivots(filters: Filters, mode: str) -> list[Table]:
    """Every pivot table of the report for ``filters`` in ``mode``."""
    return [t for tables in report.all_tables(filters, mode).values() for t in tables if is_pivot(t)]


def as_old_scheme(table: Table, filters: Filters) -> Table:
    """The exact table as the old scheme printed it: counts from 1 to 4 hidden, every other count exact, and
    the whole year's total for everyone shown however small."""
    rows = []
    for index, row in enumerate(table.rows):
        cells = list(row)
        for column in range(1, len(cells) - 1):
            grand_total = index == len(table.rows) - 1 and column == len(cells) - 2 and filters.whole_year
            if 0 < cells[column] < LIMIT and not grand_total:
                cells[column] = Few(LIMIT)
        rows.append(cells)
    return replace(table, rows=rows)


def attacker_reading(populations: dict[str, list[Filters]], *, old: bool) -> Attacker:
    """An attacker holding every pivot table for each population's filters, as published (or the old way)."""
    attacker = Attacker()
    for population, each in populations.items():
        for filters in each:
            for table in pivots(filters, EXACT if old else PUBLISHED):
                attacker.read(population, as_old_scheme(table, filters) if old else table, rounded=not old)
    return attacker


def add_population_sums(attacker: Attacker, whole: str, parts: list[str]) -> None:
    """Everyone's count in each cell is the sum of the parts' counts (each review has one IRO, one age band)."""
    for population, key, row, header in [c for c in list(attacker.bounds) if c[0] == whole]:
        attacker.add_sum((population, key, row, header), [(part, key, row, header) for part in parts])


def leaks(attacker: Attacker) -> list[str]:
    """What is wrong: each hidden count the attacker can pin down, with its value."""
    return [f"{cell} is {value}" for cell, value in attacker.given_away().items()]


# --- the fixture ---------------------------------------------------------------------------------------


@pytest.fixture
def year(app):
    """The year counted by hand in the module's docstring: {"a": IRO A's id, "b": IRO B's id}."""
    with app.app_context():
        a = db.session.merge(make_staff(Role.IRO, email="a@example.org", name="Ann"))
        b = db.session.merge(make_staff(Role.IRO, email="b@example.org", name="Ben"))
        for iro, held, code, band, how_many in (
            (a, Q1, "PN1", "4-11", 2),
            (b, Q1, "PN1", "12-17", 8),
            (a, Q1, "PN2", "12-17", 2),
            (b, Q2, "PN1", "4-11", 3),
            (a, Q2, "PN6", "12-17", 3),
            (a, Q3, "PN1", "12-17", 5),
            (b, Q3, "PN0", "0-3", 1),
            (a, Q4, "PN1", "4-11", 2),
            (b, Q4, "PN1", "12-17", 7),
        ):
            for _ in range(how_many):
                _review(iro, held, code, "none", True, band)
        db.session.commit()
        return {"a": a.id, "b": b.id}


def whole_year_and_quarters(**filters) -> list[Filters]:
    return [Filters(FY, **filters), *(Filters(FY, quarter=q, **filters) for q in QUARTERS)]


# --- the attacker itself ---------------------------------------------------------------------------------


def test_the_attacker_reads_published_numbers_as_the_values_they_may_stand_for(app):
    """A rounded 5 is 5 to 7, a 10 is 8 to 12, "fewer than 5" 1 to 4, and 0 exactly 0; a sum narrows them."""
    table = Table("t", "T", ["Code", "Year", "%"], rows=[["x", 5, ""], ["y", Few(LIMIT), ""], ["Total", 5, ""]])
    attacker = Attacker()
    attacker.read("all", table, rounded=True)
    assert attacker.bounds[("all", "t", "x", "Year")] == (5, 7)
    assert attacker.bounds[("all", "t", "y", "Year")] == (1, 4)
    # x + y is 5 to 7, and x is at least 5: y is 1 or 2. Two values: still protected.
    assert attacker.possible(("all", "t", "y", "Year")) == range(1, 3)
    assert leaks(attacker) == []
    exact = Attacker()
    exact.read("all", replace(table, rows=[["x", 5, ""], ["y", Few(LIMIT), ""], ["Total", 6, ""]]), rounded=False)
    assert exact.given_away() == {("all", "t", "y", "Year"): 1}


# --- within one table, and the whole year against its quarters ----------------------------------------------


def test_a_hidden_count_cannot_be_subtracted_from_its_total_or_its_quarters(app, year):
    """The issue's example: in Q3, PN1 5 of 6 reviews. The old scheme's total gave PN0 = 1 away; as published
    (total 5, PN1 5) PN0 is 1 or 2, and nothing else hidden in the year's tables or its quarters' can be pinned."""
    with app.test_request_context():
        old = attacker_reading({"all": whole_year_and_quarters()}, old=True)
        assert old.given_away()[("all", "participation-codes", PN0, str(QUARTER_LABELS[3]))] == 1

        published = attacker_reading({"all": whole_year_and_quarters()}, old=False)
        assert published.possible(("all", "participation-codes", PN0, str(QUARTER_LABELS[3]))) == range(1, 3)
        assert leaks(published) == []


def test_each_quarters_table_shows_the_same_figures_as_the_whole_years_columns(app, year):
    """Were a quarter's own table rounded differently from the year's column, the two together would narrow
    the count: they must be the same cells, shown the same way."""
    with app.test_request_context():
        whole_year = {t.key: t for t in pivots(Filters(FY), PUBLISHED)}
        for quarter in QUARTERS:
            for table in pivots(Filters(FY, quarter=quarter), PUBLISHED):
                column = whole_year[table.key].headers.index(str(QUARTER_LABELS[quarter]))
                assert [row[1] for row in table.rows] == [row[column] for row in whole_year[table.key].rows], (
                    table.key,
                    quarter,
                )


# --- between filters -----------------------------------------------------------------------------------------


def test_everyone_less_one_iro_does_not_give_the_other_iros_hidden_counts_away(app, year):
    """In Q1, 10 PN1 for everyone and 8 for Ben gave Ann's 2 away under the old scheme (her own table hides them,
    and her quarter's total of 4 too). As published, 10 and 10 leave Ann's count anywhere from 1 to 3."""
    with app.test_request_context():
        populations = {
            "all": whole_year_and_quarters(),
            "A": whole_year_and_quarters(iro_id=year["a"]),
            "B": whole_year_and_quarters(iro_id=year["b"]),
        }
        ann_q1 = ("A", "participation-codes", PN1, str(QUARTER_LABELS[1]))

        ann_alone = attacker_reading({"A": populations["A"]}, old=True)
        assert ann_q1 not in ann_alone.given_away()  # her own table keeps it
        old = attacker_reading(populations, old=True)
        add_population_sums(old, "all", ["A", "B"])
        assert old.given_away()[ann_q1] == 2

        published = attacker_reading(populations, old=False)
        add_population_sums(published, "all", ["A", "B"])
        assert len(published.possible(ann_q1)) >= 2
        assert leaks(published) == []


def test_all_ages_less_two_age_bands_does_not_give_the_third_bands_hidden_counts_away(app, year):
    """In Q4, 9 PN1 for all ages and 7 aged 12-17 gave away the 2 aged 4-11 under the old scheme. As published,
    10 and 5 leave it anywhere from 1 to 4 (no more than 12 less 5, and hidden)."""
    with app.test_request_context():
        populations = {"all": whole_year_and_quarters()} | {
            band: whole_year_and_quarters(age_band=band) for band in BANDS
        }
        younger_q4 = ("4-11", "participation-codes", PN1, str(QUARTER_LABELS[4]))

        band_alone = attacker_reading({"4-11": populations["4-11"]}, old=True)
        assert younger_q4 not in band_alone.given_away()
        old = attacker_reading(populations, old=True)
        add_population_sums(old, "all", list(BANDS))
        assert old.given_away()[younger_q4] == 2

        published = attacker_reading(populations, old=False)
        add_population_sums(published, "all", list(BANDS))
        assert published.possible(younger_q4) == range(1, 5)
        assert leaks(published) == []


def test_every_filter_of_the_page_together(app, year):
    """The year, its quarters, both IROs and the three age bands, all at once: still nothing hidden given away."""
    with app.test_request_context():
        populations = {"all": whole_year_and_quarters()}
        populations |= {name: whole_year_and_quarters(iro_id=year[name.lower()]) for name in ("A", "B")}
        populations |= {band: whole_year_and_quarters(age_band=band) for band in BANDS}
        published = attacker_reading(populations, old=False)
        add_population_sums(published, "all", ["A", "B"])
        add_population_sums(published, "all", list(BANDS))
        assert len(published.hidden) > 20  # the attack had plenty to work on
        assert leaks(published) == []


@pytest.fixture
def five_one_one(app):
    """One quarter (Q3) of 7 reviews: 5 PN1, 1 PN0 and 1 PN2, all IRO A's."""
    with app.app_context():
        iro = db.session.merge(make_staff(Role.IRO, email="a@example.org", name="Ann"))
        for code, band, how_many in (("PN1", "12-17", 5), ("PN0", "0-3", 1), ("PN2", "4-11", 1)):
            for _ in range(how_many):
                _review(iro, Q3, code, "none", True, band)
        db.session.commit()


@pytest.mark.parametrize("fixture", ["five_one_one", "world"])
def test_two_hidden_counts_beside_a_five_are_not_given_away_by_a_total_of_five(app, request, fixture):
    """Q3 of `five_one_one`: 7 reviews (shown as 5), 5 of them PN1 (shown as 5), 1 PN0 and 1 PN2 (hidden). Each
    hidden count is at least 1 and PN1 at least 5, so a total of at most 7 leaves room for exactly 1 and 1.
    The statistics tests' `world` has the same shape: consultations returned before the review are 1, 0, 5 and 1
    by quarter, published as "fewer than 5", 0, 5, "fewer than 5" and 5 for the year, which pins both to 1."""
    request.getfixturevalue(fixture)
    with app.test_request_context():
        published = attacker_reading({"all": whole_year_and_quarters()}, old=False)
        assert leaks(published) == []


# --- what a published table may hold ------------------------------------------------------------------------


def every_published_table(iro_ids: dict[str, int]):
    """Every table of the report, as published, for the year, each quarter, each IRO and each age band."""
    filters = [*whole_year_and_quarters()]
    filters += [Filters(FY, iro_id=iro) for iro in iro_ids.values()]
    filters += [Filters(FY, age_band=band) for band in BANDS]
    filters += [Filters(FY, iro_id=iro_ids["b"], age_band="12-17")]  # counted live, not from the tally
    for each in filters:
        for tables in report.all_tables(each, PUBLISHED).values():
            for table in tables:
                yield each, table


@pytest.mark.parametrize("fixture", ["year", "world"])
def test_published_numbers_are_zero_or_multiples_of_five_and_hidden_counts_have_no_percentage(app, request, fixture):
    """No published cell holds a count that is not 0 or a multiple of 5; beside every "fewer than 5" the
    percentage is left out; and every percentage is worked out from counts as published. Checked on this
    module's year and on the statistics tests' year (which has feedback and what children raised too)."""
    iro_ids = request.getfixturevalue(fixture)
    seen_few = seen_share = 0
    with app.test_request_context():
        for filters, table in every_published_table(iro_ids):
            for row in table.rows:
                for column, cell in enumerate(row):
                    where = (filters, table.key, row[0], table.headers[column])
                    if isinstance(cell, int) and not isinstance(cell, bool):
                        assert cell == 0 or (cell % LIMIT == 0 and cell >= LIMIT), where
                    if isinstance(cell, Share):
                        seen_share += 1
                        assert cell.part % LIMIT == 0 and cell.whole % LIMIT == 0, where
                    if "%" in table.headers[column] and column > 0 and isinstance(row[column - 1], Few):
                        seen_few += 1
                        assert cell == "", where
                if table.key.startswith("feedback-") and table.key != "feedback-responses":
                    answered, positive, percent = row[1:4]
                    if isinstance(answered, Few) or isinstance(positive, Few):
                        seen_few += 1
                        assert percent == "", (filters, table.key, row[0])
    assert seen_few > 10 and seen_share > 10  # the checks had something to check


def test_the_same_cells_in_exact_view_are_the_counts_themselves(app, year):
    """Inside the app (exact view) the hand-counted numbers show as they are: Q3 is 5 PN1 and 1 PN0 of 6."""
    with app.test_request_context():
        codes = next(t for t in pivots(Filters(FY), EXACT) if t.key == "participation-codes")
        rows = {str(row[0]): row[1:-1] for row in codes.rows}
        assert rows[PN1] == [10, 3, 5, 9, 27]
        assert rows[PN0] == [0, 0, 1, 0, 1]
        assert rows[ALL_REVIEWS] == [12, 6, 6, 9, 33]
        published = next(t for t in pivots(Filters(FY), PUBLISHED) if t.key == "participation-codes")
        shown = {str(row[0]): [str(cell) for cell in row[1:-1]] for row in published.rows}
        assert shown[PN1] == ["10", "fewer than 5", "5", "10", "25"]
        assert shown[PN0] == ["0", "0", "fewer than 5", "0", "fewer than 5"]
        assert shown[ALL_REVIEWS] == ["10", "5", "5", "10", "35"]
