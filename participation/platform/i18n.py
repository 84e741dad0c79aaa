"""Languages: the one list of locales the app is translated into, their names and text direction, and the
language a child's words are written in. Choosing the language of a page is the web layer's (`web.languages`).

`LOCALES` are the languages the pages are translated into; each must have a compiled catalog or the
app refuses to start. `LANGUAGES` is the longer list a child may speak or write in (for records,
interpreters and free text); their names come from the Unicode CLDR data that Babel ships.
"""

from __future__ import annotations

import logging
import unicodedata
from functools import lru_cache
from pathlib import Path

from babel import Locale
from flask_babel import get_locale

from .. import settings

log = logging.getLogger(__name__)

# The pages' languages. Add one here only with a complete catalog (see README, "Adding a language").
LOCALES: tuple[str, ...] = ("en", "ar", "ps", "fa_AF", "fa", "ckb", "ti", "am", "ur", "uk", "vi", "sq", "pl", "ro")
DEFAULT_LOCALE = "en"
# The languages the staff pages are translated into; elsewhere a staff page is in English.
STAFF_LOCALES: tuple[str, ...] = ("en", "ar")

# Languages a child may speak or write in: the pages' languages first, then those most often
# spoken by children in care in England, unaccompanied asylum-seeking children among them.
LANGUAGES: tuple[str, ...] = LOCALES + ("ku", "so", "bn", "pa", "tr", "fr", "pt", "es")

TRANSLATIONS_DIR = Path(__file__).resolve().parents[2] / "translations"


class MissingCatalogError(RuntimeError):
    """A listed locale has no compiled catalog: the app would show untranslated pages."""


def check_catalogs(directory: Path = TRANSLATIONS_DIR) -> None:
    """Refuse to start when a listed locale (other than the source language) has no compiled family catalog (or
    staff catalog, for the staff pages' languages), and warn when one is older than its source. Catalogs are
    compiled when the app is installed (`make install`), never by the running app: several workers would race
    to write them, and a production image is read-only."""
    missing = []
    for code in LOCALES:
        if code == DEFAULT_LOCALE:
            continue
        folder = directory / code / "LC_MESSAGES"
        for domain in ("family", "staff") if code in STAFF_LOCALES else ("family",):
            source, compiled = folder / f"{domain}.po", folder / f"{domain}.mo"
            if not source.is_file() or not compiled.is_file():
                missing.append(f"{code} ({domain})")
            elif compiled.stat().st_mtime < source.stat().st_mtime:
                log.warning("the compiled %s catalog for %s is older than its source: run `make install`", domain, code)
    if missing:
        raise MissingCatalogError(
            f"No compiled catalog for {', '.join(missing)} in {directory}: run `make install` (or `flask translate "
            "compile`)."
        )


# Arabic-Indic and Persian digits, which many Arabic, Pashto and Farsi phone keyboards type.
_DIGITS = str.maketrans("٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹", "01234567890123456789")


def western_digits(text: str | None) -> str | None:
    """The same text with Arabic-Indic and Persian digits written as 0-9 (for PINs and numbers)."""
    return text.translate(_DIGITS) if text else text


# Writing systems of the languages children here most often write in; anything else is taken as Latin.
SCRIPTS = {
    "ar": "ARABIC",
    "fa": "ARABIC",
    "fa_AF": "ARABIC",
    "ps": "ARABIC",
    "ur": "ARABIC",
    "ckb": "ARABIC",  # Kurdish Sorani; Kurmanji ("ku") is written in Latin letters
    "ti": "ETHIOPIC",
    "am": "ETHIOPIC",
    "bn": "BENGALI",
    "pa": "GURMUKHI",
    "zh": "CJK",
    "uk": "CYRILLIC",
    "ru": "CYRILLIC",
    "ta": "TAMIL",
}
UNKNOWN_LANGUAGE = "und"


def _script_of(text: str) -> str | None:
    """The writing system most of the letters in ``text`` use (by their Unicode names), or None."""
    counts: dict[str, int] = {}
    for char in text:
        if char.isalpha():
            script = unicodedata.name(char, "UNKNOWN").split(" ")[0]
            counts[script] = counts.get(script, 0) + 1
    return max(counts, key=lambda script: counts[script]) if counts else None


def written_language(text: str, page_locale: str, preferred: str | None) -> str:
    """The language a child most likely wrote ``text`` in, from its writing system.

    The page's language if the script fits it, else the child's own language if that fits, else
    English for Latin letters, else "und" (unknown), so staff always know when words need translating.
    """
    script = _script_of(text)
    if script is None:
        return page_locale
    for code in (page_locale, preferred):
        if code and _script_of_language(code) == script:
            return code
    return "en" if script == "LATIN" else UNKNOWN_LANGUAGE


def _script_of_language(code: str) -> str:
    """The writing system a language is written in ("fa_AF" and "fa-AF" as "fa_AF", then as "fa")."""
    code = code.replace("-", "_")
    return SCRIPTS.get(code) or SCRIPTS.get(code.split("_")[0], "LATIN")


def cldr_locale(code: str) -> str:
    """The CLDR locale whose formats (dates, numbers, lists) a page in ``code`` uses: English pages are British."""
    return "en_GB" if code == "en" else code


def page_language() -> str:
    """The language of the page being drawn, as listed in `LOCALES` ("en", "ar" …)."""
    current = str(get_locale())
    return DEFAULT_LOCALE if current == "en_GB" else current


def org_name(code: str | None = None) -> str:
    """The council's name in a language (``ORG_NAME_<CODE>``), else its own name; the page's language by default."""
    names = settings.get("ORG_NAMES") or {}
    return names.get(code or page_language()) or settings.get("ORG_NAME")


def html_lang(code: str) -> str:
    """The ``lang`` attribute for a page in ``code`` (BCP 47: "en-GB", "ar")."""
    return cldr_locale(code).replace("_", "-")


def needs_translating(language: str | None) -> bool:
    """True when words were written in a language other than the council's working language."""
    return language != settings.get("WORKING_LANGUAGE")


@lru_cache(maxsize=256)
def native_name(code: str) -> str:
    """The language's name in that language, as a speaker would look for it (e.g. "العربية", "دری")."""
    return NATIVE_NAMES.get(code) or Locale.parse(code).get_display_name(code) or code


# CLDR names Dari "Persian (Afghanistan)"; its speakers call it Dari.
NATIVE_NAMES = {"fa_AF": "دری"}
ENGLISH_NAMES = {"fa_AF": "Dari"}


def display_name(code: str) -> str:
    """The language's name in the current page language (e.g. "Pashto" for an English page)."""
    return _display_name(str(get_locale()), code)


# Names never change while the app runs: each is looked up in the CLDR data once per page language.
@lru_cache(maxsize=1024)
def _display_name(page_locale: str, code: str) -> str:
    current = Locale.parse(page_locale)
    if code in ENGLISH_NAMES and current.language == "en":
        return ENGLISH_NAMES[code]
    # The CLDR list first: Locale.parse("und") would guess "English (United States)".
    name = current.languages.get(code)
    if name:
        return name
    try:
        return Locale.parse(code).get_display_name(current) or code
    except (ValueError, TypeError):
        return code


@lru_cache(maxsize=256)
def direction(code: str) -> str:
    """``rtl`` or ``ltr`` for a locale code."""
    return Locale.parse(code).text_direction


def child_locale(child) -> str | None:
    """The page language a child uses: their own last choice, else the language on their record."""
    for code in (child.page_language, child.preferred_language):
        if code in LOCALES:
            return code
    return None
