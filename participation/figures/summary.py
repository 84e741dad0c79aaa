"""The annual report's summary in plain words, from the headline figures as published: "In 2025–26, 78% of
children aged 4 and over took part in their review …". A figure too small to publish is left out rather than
given as a number."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial

from flask_babel import gettext as _

from ..feedback.questionnaires import RESPONDENT_LABELS, RESPONDENTS
from ..platform.clock import fy_label
from .disclosure import Few, Share
from .headlines import Figure


def sentences(year: int, figures: list[Figure], held: int | Few) -> list[str]:
    """The summary of the year: how many reviews were held (as published), then one sentence per headline
    that can be published, for the whole year (or the year so far)."""
    whole_year = {figure.headline.key: figure.year_so_far for figure in figures}
    said = [_("In %(year)s, %(held)s reviews of children in care were held.", year=fy_label(year), held=str(held))]

    def add(key: str, sentence: Callable[[str], str]) -> None:
        value = whole_year.get(key)
        if isinstance(value, Share):
            said.append(sentence(str(value)))

    add("took-part", lambda p: _("%(percent)s of children aged 4 and over took part in their review.", percent=p))
    add("returned", lambda p: _("%(percent)s of consultations came back before the review.", percent=p))
    add(
        "chaired",
        lambda p: _(
            "%(percent)s of reviews of children aged 4 and over were chaired or co-chaired by the child.", percent=p
        ),
    )
    add("in-time", lambda p: _("%(percent)s of reviews were held within their statutory timescales.", percent=p))
    for respondent in RESPONDENTS:
        add(f"positive-{respondent.replace('_', '-')}", partial(_positive, who=str(RESPONDENT_LABELS[respondent])))
    add(
        "problems-in-time",
        lambda p: _("%(percent)s of the problems children raised were resolved within their timescale.", percent=p),
    )
    add("urgent-in-time", lambda p: _("%(percent)s of urgent alerts were acknowledged within their hours.", percent=p))
    return said


def _positive(percent: str, *, who: str) -> str:
    return _("%(percent)s of the answers from %(who)s were positive.", percent=percent, who=who.lower())
