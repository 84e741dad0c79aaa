"""A pytest plugin: no secret the test run creates may appear in any log line the run produces.

For the whole run it keeps every log record the app writes (a root handler writing the app's own JSON lines to
a file, so the e2e server's lines are in it too) and reads the live gunicorn's log (registered with
`watch_log_file`). It records each secret as it is made:

- every token (`participation.platform.crypto.new_token`: child links, sessions, feedback links, resets);
- every PIN, picture sequence and password hashed or checked (the app's Argon2 hasher), and the tests' PASSWORD;
- children's words, as they are stored (statements and their additions, consultation answers, additions and
  agenda items).

At the end of the run it fails the run, naming the kind of secret and the log line (both masked), if any
secret appears in any line. Registered from tests/conftest.py; tests/unit/test_log_leaks.py shows it can fail.
"""

from __future__ import annotations

import json
import logging
import re
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

import pytest

# Shorter than this, a "secret" would match by chance (a wrong password "x" typed in a test).
MIN_LENGTH = 4
# Children's words shorter than this are single common words ("yes", "school") that log lines may hold anyway.
MIN_WORDS_LENGTH = 8
WORD_COLUMNS = {
    "Statement": ("words", "more_words", "source_words"),
    "StatementAddition": ("words",),
    "ConsultationAnswer": ("text",),
    "ConsultationAddition": ("text",),
    "AgendaItem": ("text",),
}


@dataclass
class Watch:
    """What the run has made that must never be logged, and where the logs are."""

    folder: Path
    secrets: dict[str, str] = field(default_factory=dict)  # secret → kind
    files: list[Path] = field(default_factory=list)
    leaks: list[tuple[str, str, str]] = field(default_factory=list)  # (kind, file, masked line)

    def add(self, secret: object, kind: str, minimum: int = MIN_LENGTH) -> None:
        """Remember ``secret`` (when it is long enough to be told apart from ordinary text)."""
        if isinstance(secret, str) and len(secret.strip()) >= minimum:
            self.secrets.setdefault(secret.strip(), kind)


_watch: Watch | None = None


def watch_log_file(path: Path) -> None:
    """Read ``path`` (another process's log, e.g. the live gunicorn's) for secrets at the end of the run."""
    if _watch is not None:
        _watch.files.append(Path(path))


def remember(secret: str, kind: str) -> None:
    """Record a secret the app could not be seen making (e.g. one a test planted)."""
    if _watch is not None:
        _watch.add(secret, kind)


def mask(text: str) -> str:
    """``text`` with only its first and last two characters showing."""
    return text[:2] + "…" + text[-2:] if len(text) > 6 else "…"


def searchable(line: str) -> str:
    """The parts of a log line a secret could be in: a JSON line's message and exception (not its time,
    request id or numbers), any other line whole."""
    try:
        record = json.loads(line)
    except ValueError:
        return line
    if not isinstance(record, dict):
        return line
    return "\n".join(str(record.get(name) or "") for name in ("message", "exception", "rule"))


WORD = re.compile(r"[0-9A-Za-z_-]+")


def find_leaks(secrets: dict[str, str], lines: list[str]) -> list[tuple[str, str, str]]:
    """Each (kind, secret, line) where a secret appears in a line. A secret of letters, digits, ``-`` and
    ``_`` (a token, a PIN) is found as a whole word, so a PIN "2468" is not found inside "124689"; any other
    (a child's sentence, a password with spaces) anywhere in the line."""
    words = {secret for secret in secrets if WORD.fullmatch(secret)}
    phrases = [secret for secret in secrets if secret not in words]
    found = []
    for line in lines:
        text = searchable(line)
        hit = next((word for word in WORD.findall(text) if word in words), None)
        if hit is None:
            hit = next((phrase for phrase in phrases if phrase in text), None)
        if hit is not None:
            found.append((secrets[hit], hit, line))
    return found


def masked_line(line: str, secret: str) -> str:
    """The line with the secret masked, cut to a readable length."""
    return line.replace(secret, mask(secret))[:300]


class _RecordingHasher:
    """The app's Argon2 hasher, noting each secret it hashes or checks."""

    def __init__(self, hasher, watch: Watch):
        self._hasher, self._watch = hasher, watch

    def hash(self, secret, *args, **kwargs):
        self._watch.add(secret, "PIN, pictures or password")
        return self._hasher.hash(secret, *args, **kwargs)

    def verify(self, stored, secret, *args, **kwargs):
        self._watch.add(secret, "PIN, pictures or password")
        return self._hasher.verify(stored, secret, *args, **kwargs)

    def __getattr__(self, name):
        return getattr(self._hasher, name)


class _RecordingSecrets:
    """The `secrets` module as `participation.platform.crypto` sees it: tokens it makes are noted."""

    def __init__(self, module, watch: Watch):
        self._module, self._watch = module, watch

    def token_urlsafe(self, *args, **kwargs):
        token = self._module.token_urlsafe(*args, **kwargs)
        self._watch.add(token, "token")
        return token

    def __getattr__(self, name):
        return getattr(self._module, name)


def _record_secrets(watch: Watch) -> None:
    # Patched where the functions look them up when called (module globals), so every caller is covered,
    # however it imported new_token or hash_secret.
    from sqlalchemy import event

    from participation.consultation import models as consultation
    from participation.platform import crypto
    from participation.statements import models as statements
    from tests.conftest import PASSWORD

    crypto.secrets = _RecordingSecrets(crypto.secrets, watch)  # type: ignore[assignment]
    make_hasher = crypto._hasher
    crypto._hasher = lambda: _RecordingHasher(make_hasher(), watch)  # type: ignore[assignment,return-value]
    watch.add(PASSWORD, "password")

    def note_words(mapper, connection, target) -> None:
        for column in WORD_COLUMNS[type(target).__name__]:
            watch.add(getattr(target, column, None), "a child's words", MIN_WORDS_LENGTH)

    for module in (statements, consultation):
        for name in WORD_COLUMNS:
            model = getattr(module, name, None)
            if model is not None:
                event.listen(model, "before_insert", note_words)
                event.listen(model, "before_update", note_words)


def pytest_configure(config: pytest.Config) -> None:
    global _watch
    from participation.platform.logs import JsonFormatter

    _watch = Watch(Path(tempfile.mkdtemp(prefix="log-leaks-")))
    handler = logging.FileHandler(_watch.folder / "app.log", encoding="utf-8")
    handler.setFormatter(JsonFormatter())
    handler.setLevel(logging.DEBUG)
    root = logging.getLogger()
    root.addHandler(handler)
    if root.level > logging.INFO or root.level == logging.NOTSET:
        root.setLevel(logging.INFO)
    _watch.files.insert(0, _watch.folder / "app.log")
    config.stash[_handler_key] = handler
    _record_secrets(_watch)


_handler_key = pytest.StashKey[logging.Handler]()


@pytest.hookimpl(tryfirst=True)
def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    if _watch is None:
        return
    session.config.stash[_handler_key].flush()
    for path in _watch.files:
        if not path.exists():
            continue
        lines = path.read_text(encoding="utf-8", errors="replace").splitlines()
        for kind, secret, line in find_leaks(_watch.secrets, lines):
            _watch.leaks.append((kind, path.name, masked_line(line, secret)))
    if _watch.leaks:
        session.exitstatus = pytest.ExitCode.TESTS_FAILED


def pytest_terminal_summary(terminalreporter) -> None:
    if _watch is None:
        return
    if not _watch.leaks:
        terminalreporter.write_line(
            f"log leaks: none ({len(_watch.secrets)} secrets checked in {len(_watch.files)} log files)"
        )
        return
    terminalreporter.section("secrets in the logs", red=True, bold=True)
    for kind, name, line in _watch.leaks:
        terminalreporter.write_line(f"{kind} in {name}: {line}")
    terminalreporter.write_line(f"{len(_watch.leaks)} log lines hold a secret; the run fails.", red=True)
