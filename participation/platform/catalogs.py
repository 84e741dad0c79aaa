"""Translation catalogs: extract, update, compile, and check that every locale is complete.

Wraps Babel's own command-line interface so the `flask translate` commands and the tests use the
same steps. The template (.pot) carries no creation date, so extracting twice gives the same file.
"""

from __future__ import annotations

import re
import tempfile
from pathlib import Path

from babel.messages.frontend import CommandLineInterface
from babel.messages.pofile import read_po

from .i18n import DEFAULT_LOCALE, LOCALES, TRANSLATIONS_DIR

ROOT = TRANSLATIONS_DIR.parent
POT = TRANSLATIONS_DIR / "messages.pot"
KEYWORDS = ["-k", "_l", "-k", "lazy_gettext", "-k", "lazy_ngettext:1,2"]


def _babel(*args: str) -> None:
    CommandLineInterface().run(["pybabel", "-q", *args])


def extract(target: Path = POT) -> None:
    """Collect every translatable string from the code and templates into the .pot template."""
    _babel(
        "extract",
        "-F",
        str(ROOT / "babel.cfg"),
        *KEYWORDS,
        "--sort-by-file",
        "--no-wrap",
        "--project",
        "participation",
        "--version",
        "1",
        "--copyright-holder",
        "Participation",
        "-o",
        str(target),
        str(ROOT),
    )
    text = target.read_text(encoding="utf-8")
    # Drop the parts that change on every run, so the file only changes when the strings do.
    text = re.sub(r'"POT-Creation-Date: .*\\n"\n', "", text)
    text = re.sub(r"^#: .*\n", lambda m: m.group(0).replace(str(ROOT) + "/", ""), text, flags=re.M)
    target.write_text(text, encoding="utf-8")


def update() -> None:
    """Merge the .pot into every locale's .po (new strings appear untranslated)."""
    for code in LOCALES:
        if code == DEFAULT_LOCALE:
            continue
        po = TRANSLATIONS_DIR / code / "LC_MESSAGES" / "messages.po"
        if po.exists():
            _babel(
                "update",
                "-i",
                str(POT),
                "-d",
                str(TRANSLATIONS_DIR),
                "-l",
                code,
                "--no-fuzzy-matching",
                "--no-wrap",
                "--ignore-obsolete",
            )
        else:
            _babel("init", "-i", str(POT), "-d", str(TRANSLATIONS_DIR), "-l", code, "--no-wrap")


def compile_all() -> None:
    """Compile every .po into the .mo files the app reads."""
    _babel("compile", "-d", str(TRANSLATIONS_DIR))


REVIEW = re.compile(r"^Review: (.*?)(?:\n\s*\n|\Z)", re.M | re.S)


def review_status(code: str) -> str | None:
    """What the catalog's header says about its review ("machine-assisted. …" until a fluent speaker has
    reviewed it, then "reviewed by …"), or None when it says nothing."""
    po = TRANSLATIONS_DIR / code / "LC_MESSAGES" / "messages.po"
    with po.open("rb") as handle:
        header = read_po(handle, locale=code).header_comment
    lines = "\n".join(line.lstrip("#").strip() for line in header.splitlines())
    found = REVIEW.search(lines)
    return " ".join(found.group(1).split()) if found else None


def _msgids(path: Path) -> set:
    with path.open("rb") as handle:
        return {message.id for message in read_po(handle) if message.id}


def problems() -> list[str]:
    """Everything that keeps the catalogs from being complete; an empty list means all is well."""
    found: list[str] = []
    with tempfile.TemporaryDirectory() as scratch:
        fresh = Path(scratch) / "messages.pot"
        extract(fresh)
        stale = _msgids(fresh) ^ _msgids(POT)
        if stale:
            found.append(f"messages.pot is out of date ({len(stale)} strings differ): run `flask translate extract`")
    for code in LOCALES:
        if code == DEFAULT_LOCALE:
            continue
        po = TRANSLATIONS_DIR / code / "LC_MESSAGES" / "messages.po"
        if not po.exists():
            found.append(f"{code}: no catalog")
            continue
        with po.open("rb") as handle:
            catalog = read_po(handle, locale=code)
        missing = _msgids(POT) - {message.id for message in catalog if message.id}
        for msgid in sorted(map(str, missing)):
            found.append(f"{code}: missing {msgid!r}")
        for message in catalog:
            if not message.id:
                continue
            strings = message.string if isinstance(message.string, tuple) else (message.string,)
            if message.fuzzy:
                found.append(f"{code}: fuzzy {message.id!r}")
            elif not all(strings):
                found.append(f"{code}: untranslated {message.id!r}")
        status = review_status(code) or ""
        if not status.startswith(("machine-assisted", "reviewed by")):
            found.append(f'{code}: the header must say "Review: machine-assisted…" or "Review: reviewed by …"')
        # Babel's own checks: placeholders in each translation must match the English.
        for message, errors in catalog.check():
            found += [f"{code}: {error} in {message.id!r}" for error in errors]
    return found
