"""The app under a live gunicorn with four workers, on the test database, for races decided by the database.

gunicorn starts once per run (with the repository's gunicorn.conf.py) and serves the same database the tests
fill through the `app` fixture, so each test sets its scene in-process and then sends real, simultaneous HTTP
requests. Each test uses addresses of its own: the workers keep per-address limits in memory for the run.
"""

from __future__ import annotations

import itertools
import os
import subprocess
import sys
import threading
import time
import urllib.request
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.conftest import free_port
from tests.live.visitor import Answer, Visitor
from tests.log_leaks import watch_log_file

ROOT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent
WORKERS = 4
_addresses = itertools.count(1)


@dataclass
class LiveServer:
    """The running gunicorn: its address and the file its log goes to."""

    url: str
    log: Path
    env: dict[str, str]

    def visitor(self, cookies: dict[str, str] | None = None) -> Visitor:
        """A new visitor from an address no other visitor of this run has used."""
        number = next(_addresses)
        return Visitor(self.url, f"10.{number // 65536 % 256}.{number // 256 % 256}.{number % 256}", cookies)

    def visitor_as(self, client) -> Visitor:
        """A visitor carrying a Flask test client's session cookie (the session record is in the database)."""
        cookie = client.get_cookie("participation")
        assert cookie is not None, "the test client has no session yet"
        return self.visitor({"participation": cookie.value})


def server_environment(database_url: str, url: str) -> dict[str, str]:
    """The settings of the live app: the test database, the tests' secret key (so a test client's session
    cookie works on it too), one trusted proxy, mail queued and logged."""
    return {
        **os.environ,
        "APP_ENV": "testing",
        "SECRET_KEY": "test-secret-key",
        "DATABASE_URL": database_url,
        "PUBLIC_BASE_URL": url,
        "TRUSTED_PROXIES": "1",
        "MAIL_BACKEND": "log",
        "RATELIMIT_STORAGE_URI": "memory://",
    }


@pytest.fixture(scope="session")
def live_gunicorn(_schema, database_url, static_build, tmp_path_factory) -> LiveServer:
    """gunicorn -w 4 on a free port, started once for the run."""
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    log = tmp_path_factory.mktemp("gunicorn") / "gunicorn.log"
    watch_log_file(log)  # no secret may appear in it (tests/log_leaks.py)
    env = server_environment(database_url, url) | {"STATIC_BUILD_DIR": str(static_build)}
    # No control socket: its default path is shared by every gunicorn of this user.
    command = [
        str(BIN / "gunicorn"),
        f"--workers={WORKERS}",
        f"--bind=127.0.0.1:{port}",
        "--no-control-socket",
        "wsgi:app",
    ]
    with log.open("wb") as output:
        process = subprocess.Popen(
            command,
            cwd=ROOT,
            env=env,
            stdout=output,
            stderr=subprocess.STDOUT,
        )
    try:
        _wait_until_serving(url, process, log)
        yield LiveServer(url, log, env)
    finally:
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()


def _wait_until_serving(url: str, process: subprocess.Popen, log: Path) -> None:
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(f"gunicorn stopped:\n{log.read_text()}")
        try:
            with urllib.request.urlopen(url + "/help", timeout=2):
                return
        except OSError:
            time.sleep(0.1)
    pytest.fail(f"gunicorn did not answer within 30 s:\n{log.read_text()}")


def all_at_once(calls: list[Callable[[], Answer]]) -> list[Answer]:
    """Run every call in its own thread, released together, and return their answers in order."""
    start = threading.Barrier(len(calls))

    def run(call: Callable[[], Answer]) -> Answer:
        start.wait()
        return call()

    with ThreadPoolExecutor(max_workers=len(calls)) as pool:
        return list(pool.map(run, calls))


def statuses(answers: list[Answer]) -> list[int]:
    """The answers' status codes, sorted."""
    return sorted(answer.status for answer in answers)
