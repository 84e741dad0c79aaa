"""Translation catalogs, split by audience: extract, update, compile, and check that every language is complete.

Two catalogs per language (Babel "domains"), chosen by where a string is used:

* ``family``: everything a child, a parent or carer, or a professional giving feedback reads — the child's and
  respondents' pages, the questions and choices, error pages, the emails they receive. It must be complete in
  every language the pages are offered in (`i18n.LOCALES`): a language is offered only when it is.
* ``staff``: the staff pages. Complete in English and Arabic (`i18n.STAFF_LOCALES`); in any other language a
  staff page falls back to English.

A string used in both is a family string. The app reads both catalogs at once (Flask-Babel merges them), so
code and templates call ``_()`` as usual. Wraps Babel's own command-line interface so the `flask translate`
commands and the tests use the same steps. The templates (.pot) carry no creation date, so extracting twice
gives the same files.
"""

from __future__ import annotations

import io
import json
import re
import tempfile
from datetime import UTC, datetime
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.frontend import CommandLineInterface
from babel.messages.pofile import read_po, write_po

from .i18n import DEFAULT_LOCALE, LOCALES, STAFF_LOCALES, TRANSLATIONS_DIR

ROOT = TRANSLATIONS_DIR.parent
FAMILY, STAFF = "family", "staff"
DOMAINS = (FAMILY, STAFF)
KEYWORDS = ["-k", "_l", "-k", "lazy_gettext", "-k", "lazy_ngettext:1,2"]
# Where family-facing strings live (a string found anywhere here is a family string).
FAMILY_PATHS = (
    "templates/base.html",
    "templates/macros.html",
    "templates/index.html",
    "templates/child/",
    "templates/respond/",
    "templates/errors/",
    "templates/emails/child_link.txt",
    "templates/emails/feedback_invite.txt",
    "participation/web/child/",
    "participation/web/respond/",
    "participation/web/error_pages.py",
    "participation/web/languages.py",
    "participation/web/error_titles.py",
    "participation/consultation/",
    "participation/forms/",
    "participation/feedback/questionnaires.py",
    "participation/feedback/responses.py",
    "participation/statements/kinds.py",
    "participation/statements/readers.py",
    "participation/statements/routing.py",
    "participation/statements/intake.py",
    "participation/people/adults.py",
    "participation/people/child_secret.py",
)
REVIEW = re.compile(r"^Review: (.*?)(?:\n\s*\n|\Z)", re.M | re.S)


def pot(domain: str) -> Path:
    """The template of a domain's catalogs."""
    return TRANSLATIONS_DIR / f"{domain}.pot"


def po(code: str, domain: str) -> Path:
    """A language's catalog for a domain."""
    return TRANSLATIONS_DIR / code / "LC_MESSAGES" / f"{domain}.po"


def domains_of(code: str) -> tuple[str, ...]:
    """The catalogs a language must have: the family one always, the staff one where staff pages are offered."""
    return DOMAINS if code in STAFF_LOCALES else (FAMILY,)


def _babel(*args: str) -> None:
    CommandLineInterface().run(["pybabel", "-q", *args])


def is_family(locations) -> bool:
    """True when a string is used anywhere a child or family reads."""
    return any(path.startswith(FAMILY_PATHS) for path, _line in locations)


def extract(folder: Path = TRANSLATIONS_DIR) -> None:
    """Collect every translatable string from the code and templates, and split them into family.pot and
    staff.pot by where they are used."""
    with tempfile.TemporaryDirectory() as scratch:
        everything = Path(scratch) / "everything.pot"
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
            str(everything),
            str(ROOT),
        )
        text = everything.read_text(encoding="utf-8")
        text = text.replace(str(ROOT) + "/", "")
        with everything.open("w", encoding="utf-8") as handle:
            handle.write(text)
        with everything.open("rb") as handle:
            catalog = read_po(handle)
    split = {
        domain: Catalog(project="participation", version="1", copyright_holder="Participation") for domain in DOMAINS
    }
    for message in catalog:
        if not message.id:
            continue
        target = split[FAMILY if is_family(message.locations) else STAFF]
        target[message.id] = message
    for domain, part in split.items():
        path = folder / f"{domain}.pot"
        with path.open("wb") as handle:
            write_po(handle, part, width=0, sort_by_file=True)
        # Drop the part that changes on every run, so the file only changes when the strings do.
        text = re.sub(r'"POT-Creation-Date: .*\\n"\n', "", path.read_text(encoding="utf-8"))
        path.write_text(text, encoding="utf-8")


def update() -> None:
    """Merge the templates into every language's catalogs (new strings appear untranslated)."""
    for code in LOCALES:
        if code == DEFAULT_LOCALE:
            continue
        for domain in domains_of(code):
            if po(code, domain).exists():
                _babel(
                    "update",
                    "-i",
                    str(pot(domain)),
                    "-d",
                    str(TRANSLATIONS_DIR),
                    "-D",
                    domain,
                    "-l",
                    code,
                    "--no-fuzzy-matching",
                    "--no-wrap",
                    "--ignore-obsolete",
                )
            else:
                _babel(
                    "init", "-i", str(pot(domain)), "-d", str(TRANSLATIONS_DIR), "-D", domain, "-l", code, "--no-wrap"
                )


def compile_all() -> None:
    """Compile every catalog into the .mo files the app reads."""
    for domain in DOMAINS:
        _babel("compile", "-d", str(TRANSLATIONS_DIR), "-D", domain)


def review_status(code: str) -> str | None:
    """What the language's family catalog says about its review ("machine-assisted. …" until a fluent
    speaker has reviewed it, then "reviewed by …"), or None when it says nothing."""
    with po(code, FAMILY).open("rb") as handle:
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
        extract(Path(scratch))
        for domain in DOMAINS:
            stale = _msgids(Path(scratch) / f"{domain}.pot") ^ _msgids(pot(domain))
            if stale:
                found.append(
                    f"{domain}.pot is out of date ({len(stale)} strings differ): run `flask translate extract`"
                )
    for code in LOCALES:
        if code == DEFAULT_LOCALE:
            continue
        for domain in domains_of(code):
            found += _catalog_problems(code, domain)
        if po(code, FAMILY).exists():
            status = review_status(code) or ""
            if not status.startswith(("machine-assisted", "reviewed by")):
                found.append(f'{code}: the header must say "Review: machine-assisted…" or "Review: reviewed by …"')
            found += glossary_problems(code)
    return found


GLOSSARY_TERMS = TRANSLATIONS_DIR / "glossary-terms.json"


def glossary(code: str) -> dict[str, str]:
    """A language's glossary: for each term of `GLOSSARY_TERMS`, the text its translations must contain."""
    path = TRANSLATIONS_DIR / code / "glossary.json"
    return json.loads(path.read_text(encoding="utf-8")) if path.exists() else {}


def glossary_problems(code: str) -> list[str]:
    """Each family entry whose English uses a glossary term but whose translation does not use the language's
    word for it (a term translated two ways confuses a child: "IRO" must be one person everywhere)."""
    terms = json.loads(GLOSSARY_TERMS.read_text(encoding="utf-8"))["terms"]
    words = glossary(code)
    if not words:
        return [f"{code}: no glossary (translations/{code}/glossary.json)"]
    found = [f"{code}: the glossary has no word for {term!r}" for term in terms if term not in words]
    with po(code, FAMILY).open("rb") as handle:
        catalog = read_po(handle, locale=code)
    for message in catalog:
        if not message.id or message.fuzzy:
            continue
        english = " ".join(message.id) if isinstance(message.id, tuple) else str(message.id)
        strings = [str(s) for s in (message.string if isinstance(message.string, tuple) else (message.string,)) if s]
        for term, about in terms.items():
            word = words.get(term)
            if not word or not strings or not re.search(about["pattern"], english):
                continue
            if not all(word.casefold() in text.casefold() for text in strings):
                found.append(f"{code}: {term!r} is not {word!r} in {english[:70]!r}")
    return found


def _catalog_problems(code: str, domain: str) -> list[str]:
    path = po(code, domain)
    if not path.exists():
        return [f"{code}: no {domain} catalog"]
    with path.open("rb") as handle:
        catalog = read_po(handle, locale=code)
    found = [
        f"{code}: missing {msgid!r} ({domain})" for msgid in sorted(map(str, _msgids(pot(domain)) - _msgids(path)))
    ]
    for message in catalog:
        if not message.id:
            continue
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        if message.fuzzy:
            found.append(f"{code}: fuzzy {message.id!r} ({domain})")
        elif not all(strings):
            found.append(f"{code}: untranslated {message.id!r} ({domain})")
    # Babel's own checks: placeholders in each translation must match the English.
    for message, errors in catalog.check():
        found += [f"{code}: {error} in {message.id!r} ({domain})" for error in errors]
    return found


# --- a spreadsheet for a human translator ------------------------------------------------------------------

SHEET_HEADERS = ("English", "English plural", "Plural form", "Translation", "Where it is used", "Note")


def export_xlsx(code: str, domain: str = FAMILY) -> bytes:
    """A language's catalog as a spreadsheet a translator or interpreting service can review and send back:
    the English, the current translation, where it is used and any note, one row per plural form."""
    from openpyxl import Workbook  # only this command needs it
    from openpyxl.styles import Alignment, Font

    with po(code, domain).open("rb") as handle:
        catalog = read_po(handle, locale=code)
    book = Workbook()
    sheet = book.active
    sheet.title = f"{code} {domain}"
    sheet.append(list(SHEET_HEADERS))
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for message in catalog:
        if not message.id:
            continue
        where = ", ".join(sorted({path for path, _line in message.locations}))
        note = " ".join(message.auto_comments + message.user_comments)
        if isinstance(message.id, tuple):
            forms = message.string if isinstance(message.string, tuple) else (message.string,)
            for index, form in enumerate(forms):
                sheet.append([message.id[0], message.id[1], index, form or "", where, note])
        else:
            sheet.append([message.id, "", "", message.string or "", where, note])
    for column, width in zip("ABCDEF", (60, 40, 8, 60, 40, 30), strict=True):
        sheet.column_dimensions[column].width = width
        for cell in sheet[column]:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    sheet.freeze_panes = "A2"
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def import_xlsx(code: str, data: bytes, domain: str = FAMILY, reviewed_by: str | None = None) -> int:
    """Take a translator's spreadsheet back into a language's catalog (rows matched by their English and plural
    form); returns how many translations changed. With ``reviewed_by``, the catalog says it was reviewed by them
    today."""
    from openpyxl import load_workbook  # only this command needs it

    sheet = load_workbook(io.BytesIO(data), read_only=True).active
    rows = sheet.iter_rows(min_row=2, values_only=True)
    given = {
        (str(english), str(plural or ""), "" if form in (None, "") else int(form)): (text or "")
        for english, plural, form, text, *_rest in rows
        if english
    }
    path = po(code, domain)
    with path.open("rb") as handle:
        catalog = read_po(handle, locale=code)
    changed = 0
    for message in catalog:
        if not message.id:
            continue
        before = message.string
        if isinstance(message.id, tuple):
            forms = [str(form or "") for form in (before if isinstance(before, tuple) else (before,))]
            for index in range(len(forms)):
                new = given.get((message.id[0], message.id[1], index))
                if new is not None:
                    forms[index] = new
            message.string = tuple(forms)
        else:
            new = given.get((str(message.id), "", ""))
            if new is not None:
                message.string = new
        if message.string != before:
            changed += 1
            message.flags.discard("fuzzy")  # a person has looked at it
    if reviewed_by:
        today = datetime.now(UTC).date().isoformat()
        plain = REVIEW.sub(f"Review: reviewed by {reviewed_by}, {today}\n\n", _plain(catalog.header_comment))
        catalog.header_comment = plain
        catalog.header_comment = "\n".join(f"# {line}".rstrip() for line in catalog.header_comment.splitlines())
    with path.open("wb") as handle:
        write_po(handle, catalog, width=0)
    return changed


def _plain(header: str) -> str:
    return "\n".join(line.lstrip("#").strip() for line in header.splitlines())


# --- what a council has in each language ---------------------------------------------------------------------


def coverage(code: str) -> dict:
    """How far a language's catalogs go: translated and total entries of each, whether its pages are offered
    to children, and what its header says about review."""
    shown: dict = {"code": code, "offered": code in LOCALES, "review": None}
    for domain in DOMAINS:
        path = po(code, domain)
        if not path.exists():
            shown[domain] = None
            continue
        with path.open("rb") as handle:
            catalog = read_po(handle, locale=code)
        entries = [m for m in catalog if m.id]
        done = [m for m in entries if not m.fuzzy and all(m.string if isinstance(m.string, tuple) else (m.string,))]
        shown[domain] = (len(done), len(entries))
    if po(code, FAMILY).exists():
        shown["review"] = review_status(code)
    return shown


def languages_with_catalogs() -> list[str]:
    """Every language with a catalog in the repository, the offered ones first."""
    found = sorted(p.name for p in TRANSLATIONS_DIR.iterdir() if (p / "LC_MESSAGES" / f"{FAMILY}.po").exists())
    return [code for code in LOCALES if code in found] + [code for code in found if code not in LOCALES]
