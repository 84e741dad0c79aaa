"""Build ``participation/web/symbols.svg``, every picture children see, from OpenMoji's colour SVGs.

Run it after adding a name to `participation.web.symbols.SYMBOLS`:

    npm pack openmoji@17.0.0 && tar xzf openmoji-17.0.0.tgz
    python scripts/build_symbols.py package/color/svg

OpenMoji is CC BY-SA 4.0 (https://openmoji.org): the sprite is shared under the same licence, and the "About"
page credits it. Each picture loses its ids, empty groups and repeated defaults, and its numbers are rounded
to one decimal place (a 72-unit grid shown at 24–64 px), which halves the sprite.
"""

from __future__ import annotations

import re
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from participation.web.symbols import SYMBOLS

NS = "{http://www.w3.org/2000/svg}"
OUT = Path(__file__).resolve().parents[1] / "participation" / "web" / "symbols.svg"
DROP = {"id", "stroke-miterlimit"}
# Set once on each <symbol> and inherited, so left off the shapes inside.
INHERITED = {"stroke-linecap": "round", "stroke-linejoin": "round", "stroke-width": "2"}
# SVG's own defaults, and what OpenMoji's outline group ("line") gives its shapes instead.
PAINT_DEFAULTS = {"fill": "#000", "stroke": "none"}
LINE_PAINT = {"fill": "none", "stroke": "#000"}
SYMBOL_ATTRS = 'stroke-linecap="round" stroke-linejoin="round" stroke-width="2"'
NUMBER = re.compile(r"-?\d*\.\d+|-?\d+")  # an attribute that is a single number
COLOURS = {"#000000": "#000", "#FFFFFF": "#fff", "#ffffff": "#fff", "none": "none"}


TOKEN = re.compile(r"[a-zA-Z]|[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?")


def _number(value: float) -> str:
    """A number to one decimal place, as short as SVG allows ("0.5" as ".5", "2.0" as "2")."""
    out = f"{round(value, 1):.1f}".rstrip("0").rstrip(".")
    if out in ("-0", ""):
        return "0"
    return out.replace("0.", ".", 1) if out.startswith(("0.", "-0.")) else out


def _round(text: str) -> str:
    """Path data or a list of points with its numbers rounded. Each number is read as a token first and
    written with a comma before it unless a minus sign or a command letter already separates it: in the
    source, "-8.97.5062" is two numbers, and rounding must not make "-9.5" of them."""
    out: list[str] = []
    previous_was_number = False
    for token in TOKEN.findall(text):
        if token.isalpha():
            out.append(token)
            previous_was_number = False
            continue
        number = _number(float(token))
        if previous_was_number and not number.startswith("-"):
            out.append(",")
        out.append(number)
        previous_was_number = True
    return "".join(out)


def _paint(value: str) -> str:
    return COLOURS.get(value, value.lower())


def _element(node: ET.Element, drawn: dict[str, str], given: dict[str, str]) -> str:
    """One element and its children, compact. ``drawn`` is the fill and stroke the element inherits in
    OpenMoji's file; ``given`` is what it inherits here, so each is written only where the two differ."""
    tag = node.tag.replace(NS, "")
    drawn = {key: _paint(node.attrib.get(key, value)) for key, value in drawn.items()}
    if tag == "g":
        # A group writes only the paint set on it; OpenMoji's outlines ("line") get "no fill, black stroke"
        # once here instead of on every shape.
        wanted = LINE_PAINT if node.attrib.get("id") == "line" else {k: drawn[k] for k in node.attrib if k in drawn}
        paint = {key: value for key, value in wanted.items() if given[key] != value}
    else:
        paint = {key: value for key, value in drawn.items() if value != given[key]}
    children = "".join(_element(child, drawn, {**given, **paint}) for child in node)
    if tag == "g" and not children:
        return ""
    attrs = [f'{key}="{value}"' for key, value in paint.items()]
    for name, value in node.attrib.items():
        if name in DROP or name in PAINT_DEFAULTS or INHERITED.get(name) == value:
            continue
        if name in ("d", "points") or NUMBER.fullmatch(value):
            value = _round(value)
        attrs.append(f'{name}="{value}"')
    opening = " ".join([tag, *attrs])
    if tag == "g" and not attrs:
        return children
    return f"<{opening}>{children}</{tag}>" if children else f"<{opening}/>"


def build(source: Path) -> str:
    """The sprite's text: one ``<symbol>`` per name, in a hidden ``<svg>``."""
    parts = ['<svg xmlns="http://www.w3.org/2000/svg">']
    parts.append("<!-- OpenMoji, https://openmoji.org, CC BY-SA 4.0. Built by scripts/build_symbols.py. -->")
    for name, code in SYMBOLS.items():
        root = ET.parse(source / f"{code}.svg").getroot()
        body = "".join(_element(child, PAINT_DEFAULTS, PAINT_DEFAULTS) for child in root)
        parts.append(f'<symbol id="sym-{name}" viewBox="0 0 72 72" {SYMBOL_ATTRS}>{body}</symbol>')
    parts.append("</svg>")
    return "\n".join(parts) + "\n"


if __name__ == "__main__":
    OUT.write_text(build(Path(sys.argv[1])), encoding="utf-8")
    print(f"{OUT}: {OUT.stat().st_size} bytes, {len(SYMBOLS)} symbols")
