"""Pictures are SVG symbols from the shipped set, never emoji: the same on every phone, even one with no emoji
font, and each one a page names exists."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from participation.app import create_app
from participation.consultation import question_sets
from participation.forms.questions import Choice
from participation.people.child_secret import PICTURES
from participation.statements import kinds
from participation.web import symbols

ROOT = Path(__file__).resolve().parents[3]
# Emoji and pictographs (with the variation selector and joiner that build them). Not the check mark U+2713,
# which is an ordinary text character every font has.
EMOJI = re.compile("[\U0001f000-\U0001faff\u2600-\u2712\u2714-\u27bf\u2b00-\u2bff\u23e9-\u23fa\ufe0f\u200d]")


def _sources():
    yield from sorted((ROOT / "templates").rglob("*.html"))
    yield from sorted((ROOT / "participation").rglob("*.py"))
    yield ROOT / "static" / "css" / "app.css"
    yield ROOT / "static" / "js" / "app.js"


@pytest.mark.parametrize("path", list(_sources()), ids=lambda p: str(p.relative_to(ROOT)))
def test_no_template_or_code_uses_an_emoji_as_a_picture(path):
    found = [
        (n, line.strip())
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if EMOJI.search(line)
    ]
    assert found == [], f"emoji in {path.relative_to(ROOT)}: {found}"


def test_every_picture_named_in_the_code_is_in_the_set_and_drawn():
    named = {step.picture for qs in question_sets.QUESTION_SETS.values() for step in qs.steps if step.picture}
    for qs in question_sets.QUESTION_SETS.values():
        for question in qs.questions():
            named |= {choice.picture for choice in question.choices + question.answers if choice.picture}
    named |= set(kinds.KIND_PICTURES.values()) | {p.symbol for p in PICTURES}
    for value in vars(kinds).values():  # the choices on the forms for saying something
        if isinstance(value, tuple) and value and all(isinstance(c, Choice) for c in value):
            named |= {choice.picture for choice in value if choice.picture}
    for template in (ROOT / "templates").rglob("*.html"):
        named |= set(re.findall(r'sym\("([a-z-]+)"', template.read_text(encoding="utf-8")))
    drawn = symbols._drawings()
    assert named - set(symbols.SYMBOLS) == set()
    assert set(symbols.SYMBOLS) - set(drawn) == set(), "run scripts/build_symbols.py"
    assert set(symbols.SYMBOLS) - named == set(), "a symbol nothing uses: remove it and rebuild"


def test_a_page_carries_each_symbol_it_shows_once_and_no_others():
    app = create_app({"TESTING": True, "SECRET_KEY": "x", "SQLALCHEMY_DATABASE_URI": "sqlite://"})
    with app.test_request_context():
        first, again, other = symbols.sym("home"), symbols.sym("home", 32), symbols.sym("speech")
        assert 'href="#sym-home"' in first and 'width="32"' in again
        assert "sym--flip" in other and "sym--flip" not in first  # a speech bubble turns in right-to-left pages
        defs = str(symbols.used_symbols())
    assert defs.count('<symbol id="sym-home"') == 1 and defs.count("<symbol ") == 2
    with pytest.raises(KeyError), app.test_request_context():
        symbols.sym("no-such-picture")


def _builder():
    import importlib.util

    spec = importlib.util.spec_from_file_location("build_symbols", ROOT / "scripts" / "build_symbols.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.mark.parametrize(
    ("source", "built"),
    [
        # Numbers the source separates only by their own dots and signs stay separate once rounded.
        ("s-5.0135,1.8354-8.97.5062", "s-5,1.8-9,.5"),
        ("c-.0352.0156-.0723.0332", "c0,0-.1,0"),
        ("M53.88,21.51a11.4166,11.4166,0,0,0-10.7373.5044", "M53.9,21.5a11.4,11.4,0,0,0-10.7,.5"),
        ("35.046 20.733 35.046 15.272", "35,20.7,35,15.3"),
    ],
)
def test_the_sprite_builder_rounds_numbers_without_running_them_together(source, built):
    assert _builder()._round(source) == built
