"""The pictures children tap and see: SVG symbols from OpenMoji, drawn the same on every phone.

Emoji were the pictures once, but a phone without an emoji font shows empty boxes, and every phone draws them
differently. Each symbol is a ``<symbol>`` in ``symbols.svg`` beside this file, built from OpenMoji (CC BY-SA
4.0, credited on the "About" page) by ``scripts/build_symbols.py``.

A page names a symbol (`sym`), and the page carries just the symbols it used, once each, in a hidden ``<svg>``
at its end (`used_symbols`): no request, and a page of ten tiles costs about 15 kB before compression, where
the whole set would cost 125 kB.
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

from flask import g
from markupsafe import Markup

SPRITE = Path(__file__).with_name("symbols.svg")

# name: OpenMoji code point(s). Names say what the picture shows, not what it means where it is used.
SYMBOLS = {
    # places
    "home": "1F3E0",
    "house-garden": "1F3E1",
    "house-worn": "1F3DA",
    "castle": "1F3F0",
    "school": "1F392",
    "office": "1F3E2",
    "cafe": "2615",
    "laptop": "1F4BB",
    "pin": "1F4CD",
    "globe": "1F30D",
    # people
    "hand-up": "1F64B",
    "office-worker": "1F9D1-200D-1F4BC",
    "health-worker": "1F9D1-200D-2695-FE0F",
    "woman": "1F469",
    "man": "1F468",
    "siblings": "1F46B",
    "family": "1F9D1-200D-1F9D1-200D-1F9D2",
    "friends": "1F9D1-200D-1F91D-200D-1F9D1",
    "hug": "1FAC2",
    "people": "1F465",
    "speaking": "1F5E3",
    "handshake": "1F91D",
    "wave": "1F44B",
    "stop-hand": "270B",
    "thumbs-up": "1F44D",
    "thumbs-down": "1F44E",
    "shrug": "1F937",
    "ok-hand": "1F44C",
    "muscle": "1F4AA",
    # feelings
    "smile": "1F642",
    "happy": "1F60A",
    "grinning": "1F600",
    "calm": "1F60C",
    "worried": "1F61F",
    "crying": "1F622",
    "angry": "1F620",
    "scared": "1F628",
    "sos": "1F198",
    "broken-heart": "1F494",
    "anger-bubble": "1F5EF",
    "moon": "1F319",
    # things
    "timer": "23F1",
    "clock": "1F553",
    "sunrise": "1F305",
    "door": "1F6AA",
    "memo": "1F4DD",
    "letter": "2709",
    "speech": "1F4AC",
    "thought": "1F4AD",
    "clipboard": "1F4CB",
    "page": "1F4C4",
    "calendar": "1F4C5",
    "lock": "1F512",
    "numbers": "1F522",
    "briefcase": "1F4BC",
    "apple": "1F34E",
    "stethoscope": "1FA7A",
    "plus": "2795",
    "star": "2B50",
    "sparkles": "2728",
    "party": "1F389",
    "arrows": "1F504",
    "exclamation": "2757",
    "pound": "1F4B7",
    "check": "2705",
    "speaker": "1F50A",
    "pause": "23F8",
    "stop": "23F9",
    "books": "1F4DA",
    "teddy": "1F9F8",
    "pizza": "1F355",
    "bed": "1F6CC",
    "ferris-wheel": "1F3A1",
    "art": "1F3A8",
    # the pictures a child may choose as their secret
    "cat": "1F431",
    "dog": "1F436",
    "sun": "2600",
    "tree": "1F333",
    "car": "1F697",
    "fish": "1F41F",
    "ball": "1F3C0",
    "flower": "1F33C",
}

# Pictures that point or face one way: mirrored on right-to-left pages, so they face the way the page reads.
FLIPPED_IN_RTL = frozenset(
    {"speaking", "speech", "thought", "wave", "car", "fish", "speaker", "anger-bubble", "muscle"}
)


@cache
def _drawings() -> dict[str, str]:
    """Each symbol's ``<symbol>`` element, by name, read once from the built file."""
    text = SPRITE.read_text(encoding="utf-8")
    return {m.group(1): m.group(0) for m in re.finditer(r'<symbol id="sym-([a-z-]+)".*?</symbol>', text)}


def sym(name: str, size: int = 48, extra_class: str = "") -> Markup:
    """An SVG symbol for ``name``, hidden from screen readers (the words beside it say what it is)."""
    if name not in SYMBOLS:
        raise KeyError(f"no symbol called {name!r}")
    used = g.setdefault("symbols_used", {})
    used[name] = True
    classes = " ".join(filter(None, ["sym", "sym--flip" if name in FLIPPED_IN_RTL else "", extra_class]))
    return Markup(
        f'<svg class="{classes}" width="{size}" height="{size}" aria-hidden="true" focusable="false">'
        f'<use href="#sym-{name}"></use></svg>'
    )


def used_symbols() -> Markup:
    """The drawings of every symbol the page used, once each: put at the very end of the page, after
    everything that names one."""
    used = g.get("symbols_used") or {}
    if not used:
        return Markup("")
    drawings = _drawings()
    body = "".join(drawings[name] for name in used)
    return Markup(f'<svg class="symbol-defs" aria-hidden="true" focusable="false">{body}</svg>')


def init_app(app) -> None:
    """Give templates ``sym("home")`` and ``used_symbols()``."""
    app.jinja_env.globals["sym"] = sym
    app.jinja_env.globals["used_symbols"] = used_symbols
