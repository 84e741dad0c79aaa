"""The one place where text someone typed is cleaned before it is kept.

Text is kept exactly as typed, except: line endings are made ``\\n``, spaces around the whole are trimmed, and
characters no database can hold (NUL) become U+FFFD, the replacement character, so nothing else is lost.
"""

from __future__ import annotations

REPLACEMENT = "\ufffd"


def clean(raw: str | None) -> str:
    """The text as it will be stored ("" for nothing)."""
    if not raw:
        return ""
    return raw.replace("\r\n", "\n").replace("\r", "\n").replace("\x00", REPLACEMENT).strip()
