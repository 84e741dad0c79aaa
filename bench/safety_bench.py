"""How fast help reaches a child who taps "I don't feel safe", and how fast the alert reaches a mailbox.

Runs the real thing on loopback: gunicorn serving the app (2 workers), the `flask worker` mail sender beside
it, on a fresh SQLite database (or $DATABASE_URL), and children who have already chosen their PIN.

1. Tap → help page, with a mail server that accepts connections and never answers (a black hole): the time
   from the tap's POST until the help page (999, Childline, out of hours) has arrived. Target: p99 < 300 ms.
2. Tap → delivered, with a live local SMTP server (aiosmtpd): the time from the tap until the duty team's
   alert has arrived at the mail server. Target: < 5 s.

    .venv/bin/python bench/safety_bench.py                  # 100 taps, then 20 deliveries
    .venv/bin/python bench/safety_bench.py --taps 30 --deliveries 5

Timings are printed, never asserted: tests do not time things.
"""

from __future__ import annotations

import argparse
import http.cookiejar
import os
import re
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
import urllib.request
from pathlib import Path

from aiosmtpd.controller import Controller

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
CSRF = re.compile(r'name="csrf_token" (?:type="hidden" )?value="([^"]+)"')


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class BlackHole:
    """Accepts SMTP connections and never says a word."""

    def __init__(self):
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(100)
        self.port = self.sock.getsockname()[1]
        self.held: list[socket.socket] = []
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self):
        while True:
            try:
                self.held.append(self.sock.accept()[0])
            except OSError:
                return


class Arrivals:
    """An SMTP handler noting when each message for the duty team arrives."""

    def __init__(self):
        self.times: dict[str, float] = {}

    async def handle_DATA(self, server, session, envelope):
        match = re.search(rb"reference (\d+)", envelope.content)
        if match and "duty" in envelope.rcpt_tos[0]:
            self.times.setdefault(match.group(1).decode(), time.perf_counter())
        return "250 OK"


def environment(database: str, smtp_port: int) -> dict[str, str]:
    return {
        **os.environ,
        "APP_ENV": "development",
        "SECRET_KEY": "bench-secret",
        "DATABASE_URL": database,
        "MAIL_BACKEND": "smtp",
        "MAIL_SERVER": "127.0.0.1",
        "MAIL_PORT": str(smtp_port),
        "MAIL_TIMEOUT": "5",
        "ARGON2_TIME_COST": "1",
        "ARGON2_MEMORY_COST": "8192",
        "UNSAFE_REPEAT_MINUTES": "0",
    }


def seed(env: dict[str, str], children: int) -> list[str]:
    """An IRO and ``children`` children with PIN 2468; their link tokens."""
    script = f"""
from datetime import date
from participation import create_app
from participation.extensions import db
from participation.people import child_secret, children, staff
from participation.people.models import Child, Role, SecretKind
from participation.platform.db import transaction
app = create_app()
with app.app_context(), app.test_request_context():
    with transaction():
        iro = staff.create_staff("iro@example.org", "Ida Iro", Role.IRO, "bench password 1")
        links = []
        for n in range({children}):
            child = Child(preferred_name=f"Child {{n}}", date_of_birth=date(2012, 1, 1), iro_id=iro.id,
                          preferred_language="en", case_reference=f"B-{{n}}")
            db.session.add(child)
            db.session.flush()
            child_secret.set_secret(child, SecretKind.PIN, "2468")
            links.append(children.token_from_link(children.issue_link(child, None)))
    print("\\n".join(links))
"""
    subprocess.run(
        [str(BIN / "flask"), "--app", "participation", "db", "upgrade"],
        env=env,
        cwd=ROOT,
        check=True,
        capture_output=True,
    )
    out = subprocess.run(
        [str(BIN / "python"), "-c", script], env=env, cwd=ROOT, check=True, capture_output=True, text=True
    )
    return out.stdout.split()


def start(env: dict[str, str], port: int) -> list[subprocess.Popen]:
    web = subprocess.Popen(
        [str(BIN / "gunicorn"), "-w", "2", "-b", f"127.0.0.1:{port}", "wsgi:app"],
        env=env,
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    worker = subprocess.Popen(
        [str(BIN / "flask"), "--app", "participation", "worker"],
        env=env,
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    for _ in range(100):
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/help", timeout=1)
            break
        except OSError:
            time.sleep(0.1)
    return [web, worker]


def stop(processes: list[subprocess.Popen]) -> None:
    for process in processes:
        process.send_signal(signal.SIGTERM)
    for process in processes:
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()


class Phone:
    """A child's browser: cookies, and the pages it is sent to."""

    def __init__(self, base: str):
        self.base = base
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()))

    def get(self, path: str) -> str:
        return self.opener.open(self.base + path, timeout=30).read().decode()

    def post(self, path: str, data: dict) -> str:
        body = urllib.parse.urlencode(data).encode()
        return self.opener.open(self.base + path, data=body, timeout=30).read().decode()

    def into_space(self, token: str) -> str:
        self.get(f"/c/{token}")
        page = self.get("/me/secret")
        self.post("/me/secret", {"csrf_token": CSRF.search(page).group(1), "pin": "2468"})
        return CSRF.search(self.get("/me/")).group(1)


def tap(phone: Phone, csrf: str) -> tuple[float, str]:
    """Tap "I don't feel safe" (the redirect to the help page is followed): seconds, and the help page."""
    began = time.perf_counter()
    page = phone.post("/me/not-safe", {"csrf_token": csrf})
    return time.perf_counter() - began, page


def report(name: str, seconds: list[float]) -> None:
    ordered = sorted(seconds)
    p99 = ordered[min(len(ordered) - 1, round(0.99 * (len(ordered) - 1)))]
    print(
        f"{name:<48} n={len(ordered):<4} p50 {statistics.median(ordered) * 1000:7.1f} ms   "
        f"p99 {p99 * 1000:7.1f} ms   max {ordered[-1] * 1000:7.1f} ms"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--taps", type=int, default=100)
    parser.add_argument("--deliveries", type=int, default=20)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as scratch:
        database = os.environ.get("DATABASE_URL") or f"sqlite:///{scratch}/bench.sqlite3"

        hole = BlackHole()
        env = environment(database, hole.port)
        tokens = seed(env, args.taps + args.deliveries)
        port = free_port()
        processes = start(env, port)
        try:
            times = []
            for token in tokens[: args.taps]:
                phone = Phone(f"http://127.0.0.1:{port}")
                seconds, page = tap(phone, phone.into_space(token))
                assert "0800 1111" in page
                times.append(seconds)
            report("tap -> help page, mail server not answering", times)
            print(f"  (the black-hole mail server was connected to {len(hole.held)} times, by the worker only)")
        finally:
            stop(processes)

        arrivals = Arrivals()
        controller = Controller(arrivals, hostname="127.0.0.1", port=free_port())
        controller.start()
        env = environment(database, controller.port)
        processes = start(env, port)
        try:
            delays = []
            for token in tokens[args.taps :]:
                phone = Phone(f"http://127.0.0.1:{port}")
                csrf = phone.into_space(token)
                began = time.perf_counter()
                _, page = tap(phone, csrf)
                reference = re.search(r"/me/not-safe/(\d+)", page) or re.search(r'action="/me/not-safe/(\d+)', page)
                wanted = reference.group(1) if reference else None
                while wanted not in arrivals.times and time.perf_counter() - began < 30:
                    time.sleep(0.01)
                delays.append(arrivals.times.get(wanted, time.perf_counter()) - began)
            report("tap -> duty team's alert at the mail server", delays)
        finally:
            stop(processes)
            controller.stop()


if __name__ == "__main__":
    main()
