"""The tally: the figures counted as things happen, so a whole country's year is read in milliseconds.

Every review, feedback response, statement and consultation sent adds one to a count for each thing it is
counted for (its *facts*, `figures.facts`), in its financial year and quarter (from its local date), twice: once
for the whole service by age band (``iro_id`` 0) and once for each IRO it belongs to (``age_band`` "").
`FigureSource` remembers what each row last added, so a change takes exactly that away before adding anew.
"""

from __future__ import annotations

from sqlalchemy import Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from ..extensions import Base

ALL_IROS = 0
ALL_BANDS = ""


class FigureCount(Base):
    """How many rows of a period count for one category of one measure (for everyone, or for one IRO)."""

    __tablename__ = "figure_count"
    __table_args__ = (
        UniqueConstraint("year", "quarter", "iro_id", "age_band", "measure", "category", name="uq_figure_count_key"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    year: Mapped[int] = mapped_column(Integer)  # the financial year, named by the year it starts
    quarter: Mapped[int] = mapped_column(Integer)  # 1 (April–June) to 4 (January–March)
    iro_id: Mapped[int] = mapped_column(Integer)  # ALL_IROS, or the IRO the row belongs to
    age_band: Mapped[str] = mapped_column(String(5))  # the band, or ALL_BANDS on the IROs' rows
    measure: Mapped[str] = mapped_column(String(30))
    category: Mapped[str] = mapped_column(String(80))
    count: Mapped[int] = mapped_column(Integer, default=0)


class FigureSource(Base):
    """What one source row (a review, a response, a statement, a consultation) has added to the counts."""

    __tablename__ = "figure_source"

    kind: Mapped[str] = mapped_column(String(20), primary_key=True)
    source_id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    keys: Mapped[str] = mapped_column(Text)  # JSON: the count keys this row added one to
