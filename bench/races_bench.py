"""Races, floods and bad input against a live gunicorn with four workers: what got through, what held.

Runs the real thing on loopback, on a fresh SQLite database (or $DATABASE_URL, e.g. under
scripts/with-postgres): gunicorn -w 4 with the repository's gunicorn.conf.py, the app trusting one proxy so
each simulated visitor has an address of its own, and (for the outbox) two `flask worker` processes sending
to a local SMTP server. For each area it prints how many attempts were made, what the rule let through
against its limit, and how many answers were server errors (5xx).

    .venv/bin/python bench/races_bench.py
    scripts/with-postgres .venv/bin/python bench/races_bench.py
    RATELIMIT_STORAGE_URI=redis://127.0.0.1:6379 .venv/bin/python bench/races_bench.py   # shared limiter store

Figures are printed, never asserted: the tests in tests/live/ keep the rules true.
"""

from __future__ import annotations

import io
import os
import re
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from aiosmtpd.controller import Controller  # noqa: E402
from openpyxl import load_workbook  # noqa: E402
from sqlalchemy import func, select  # noqa: E402

from participation import create_app  # noqa: E402
from participation.consultation.models import AgendaItem, ConsultationAddition  # noqa: E402
from participation.extensions import db  # noqa: E402
from participation.feedback.models import FeedbackResponse  # noqa: E402
from participation.people.models import Child, Role  # noqa: E402
from participation.platform import outbox  # noqa: E402
from participation.platform.models import AuditEvent, OutboxMessage  # noqa: E402
from participation.statements.kinds import UNSAFE  # noqa: E402
from participation.statements.models import Statement, StatementAddition  # noqa: E402
from tests.conftest import (  # noqa: E402
    PASSWORD,
    Recorder,
    free_port,
    held_yesterday,
    link_for,
    login,
    make_child,
    make_staff,
    open_child_space,
    post_form,
    schedule_review,
    second_factor_code,
    send_page,
    start,
)
from tests.live.conftest import WORKERS, LiveServer, all_at_once, server_environment  # noqa: E402

BIN = Path(sys.executable).parent
ROWS: list[tuple[str, int, str, int]] = []


def row(area: str, attempts: int, held: str, answers) -> None:
    """One line of the report: the area, the attempts, what the rule let through, and the 5xx answers."""
    failed = sum(1 for answer in answers if answer.status >= 500)
    ROWS.append((area, attempts, held, failed))
    print(f"{area:<70} {attempts:>8}  {held:<44} {failed:>4}", flush=True)


def count(app, model, *where) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(model).where(*where))


def emails(app) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count(OutboxMessage.id)))


def empty(app) -> None:
    with app.app_context():
        for table in reversed(db.metadata.sorted_tables):
            db.session.execute(table.delete())
        db.session.commit()


class Scene:
    """Sets the scene in-process on the same database the live server reads."""

    def __init__(self, app, server: LiveServer):
        self.app, self.server = app, server
        empty(app)
        with app.app_context():
            self.iro = make_staff(Role.IRO, email="iro@example.org", name="Ida Iro")

    def child_session(self, age: int = 12, review: bool = True):
        """A child in their space: (test client, child) — the client's cookie also works on the live server."""
        with self.app.app_context():
            child = make_child(self.iro, age=age)
            token = link_for(db.session.get(Child, child.id))
        if review:
            schedule_review(self.app, child, self.iro)
        client = self.app.test_client()
        open_child_space(client, token)
        return client, child


def pins(app, server) -> None:
    scene = Scene(app, server)
    with app.app_context():
        token = link_for(db.session.get(Child, make_child(scene.iro).id), pin="2468")
    calls = []
    for _ in range(8):
        guesser = server.visitor()
        guesser.get(f"/c/{token}")
        fields = guesser.form("/me/secret")
        calls += [lambda g=guesser, f=fields: g.post("/me/secret", {**f, "pin": "1357"})] * 5
    answers = all_at_once(calls)
    told = sum(1 for answer in answers if re.search(r"You have \d+ more tr", answer.text))
    checked = told + count(app, AuditEvent, AuditEvent.action == "child.secret_locked")
    row("wrong PINs at once, 8 sessions (limit 5)", len(calls), f"{checked} checked, then paused", answers)


def staff_account(app, server) -> None:
    scene = Scene(app, server)
    visitors = [server.visitor() for _ in range(40)]
    forms = [visitor.form("/staff/login") for visitor in visitors]
    answers = all_at_once(
        [
            lambda v=v, f=f: v.post("/staff/login", {**f, "email": scene.iro.email, "password": "wrong"})
            for v, f in zip(visitors, forms, strict=True)
        ]
    )
    owner = server.visitor()
    right = owner.post("/staff/login", {**owner.form("/staff/login"), "email": scene.iro.email, "password": PASSWORD})
    pauses = count(app, AuditEvent, AuditEvent.action == "staff.sign_in_paused")
    row(
        "wrong passwords at once, 40 addresses, one account (limit 10)",
        40,
        f"{pauses} pause; right password then {'refused' if right.status == 401 else 'let in'}",
        answers,
    )


def staff_address(app, server) -> None:
    Scene(app, server)
    visitor = server.visitor()
    fields = [visitor.form("/staff/login") for _ in range(60)]
    answers = all_at_once(
        [
            lambda n=n, f=f: visitor.post("/staff/login", {**f, "email": f"nobody{n}@example.org", "password": "x"})
            for n, f in enumerate(fields)
        ]
    )
    checked = sum(1 for answer in answers if answer.status == 401)
    store = server.env["RATELIMIT_STORAGE_URI"].split(":")[0]
    row(f"wrong sign-ins at once, one address ({store}, limit 10/min)", 60, f"{checked} checked", answers)


def agenda(app, server) -> None:
    scene = Scene(app, server)
    client, _ = scene.child_session(age=15)
    start(client)
    send_page(client, "chair", {"chair": "co_chair"})
    child = server.visitor_as(client)
    fields = child.form("/me/review/agenda")
    answers = all_at_once(
        [
            lambda n=n: child.post(
                "/me/review/agenda/add", {**fields, "form_token": f"bench-agenda-item-{n:04d}", "item": f"Item {n}"}
            )
            for n in range(45)
        ]
    )
    row("agenda items added at once (limit 30)", 45, f"{count(app, AgendaItem)} stored", answers)


def double_taps(app, server) -> None:
    scene = Scene(app, server)
    client, _ = scene.child_session()
    child = server.visitor_as(client)
    data = {**child.form("/me/statements/new/good-news"), "words": "I got into the team", "to": ["iro"]}
    answers = all_at_once([lambda: child.post("/me/statements/new/good-news", data)] * 10)
    row("statement: Send tapped 10 times at once", 10, f"{count(app, Statement)} stored, {emails(app)} email", answers)

    scene = Scene(app, server)
    client, _ = scene.child_session()
    child = server.visitor_as(client)
    csrf = child.form("/me/")["csrf_token"]
    answers = all_at_once([lambda: child.post("/me/not-safe", {"csrf_token": csrf})] * 10)
    alerts = count(app, Statement, Statement.kind == UNSAFE)
    with app.app_context():
        most = max(Counter(db.session.scalars(select(OutboxMessage.recipient))).values())
    row("I don't feel safe tapped 10 times at once", 10, f"{alerts} alert, at most {most} email each", answers)
    help_page = answers[0].location.replace(server.url, "")
    more = {**child.form(help_page), "words": "He is shouting again"}
    answers = all_at_once([lambda: child.post(help_page, more)] * 10)
    row("say more: Send tapped 10 times at once", 10, f"{count(app, StatementAddition)} stored", answers)

    scene = Scene(app, server)
    client, _ = scene.child_session()
    start(client)
    send_page(client, "feeling", {"feeling": "3"})
    child = server.visitor_as(client)
    fields = child.form("/me/review/check")
    answers = all_at_once([lambda: child.post("/me/review/send", fields)] * 10)
    row("consultation: Send tapped 10 times at once", 10, f"{emails(app)} email to the IRO", answers)
    addition = {**child.form("/me/review/add"), "addition": "I want Nan to come", "addition-share": "review"}
    answers = all_at_once([lambda: child.post("/me/review/add", addition)] * 10)
    row("add after sending: tapped 10 times at once", 10, f"{count(app, ConsultationAddition)} stored", answers)

    scene = Scene(app, server)
    client, child_row = scene.child_session(age=9)
    review_id = held_yesterday(app, child_row, scene.iro)
    iro = app.test_client()
    login(iro, scene.iro.email)
    made = post_form(iro, f"/staff/reviews/{review_id}/feedback", {"respondent": "parent_carer", "language": "en"})
    path = re.search(r'value="https?://[^/"]+(/f/[^"]+)"', made.get_data(as_text=True)).group(1)
    tabs = [server.visitor() for _ in range(10)]
    forms = [tab.form(path) for tab in tabs]
    answers = all_at_once(
        [lambda t=t, f=f: t.post(path, {**f, "respect": "5"}) for t, f in zip(tabs, forms, strict=True)]
    )
    row("one feedback link sent from 10 tabs at once", 10, f"{count(app, FeedbackResponse)} stored", answers)


def floods(app, server) -> None:
    scene = Scene(app, server)
    client, _ = scene.child_session()
    child = server.visitor_as(client)
    fields = child.form("/me/statements/new/problem")
    answers = [
        child.post(
            "/me/statements/new/problem",
            {
                **fields,
                "form_token": f"bench-problem-{n:04d}",
                "words": f"Problem {n}",
                "to": ["iro", "social_worker"],
                "resolution": "formal",
            },
        )
        for n in range(300)
    ]
    refused = sum(1 for n, a in enumerate(answers) if a.status == 429 and f"Problem {n}<" in a.text)
    row(
        "formal problems from one child, one after another (limit 20 an hour)",
        300,
        f"{count(app, Statement)} stored, {emails(app)} emails; {refused} refused, words kept",
        answers,
    )

    scene = Scene(app, server)
    client, _ = scene.child_session()
    child = server.visitor_as(client)
    csrf = child.form("/me/")["csrf_token"]
    help_page = child.post("/me/not-safe", {"csrf_token": csrf}).location.replace(server.url, "")
    before = emails(app)
    answers = []
    for n in range(40):
        fields = child.form(help_page)
        answers.append(child.post(help_page, {**fields, "words": f"More {n}"}))
    row(
        "say more 40 times on one alert (limit 30 an hour; mail not yet sent)",
        40,
        f"{count(app, StatementAddition)} kept, {emails(app) - before} 'more' emails",
        answers,
    )


def mail_workers(app, server) -> None:
    Scene(app, server)
    recorder = Recorder()
    controller = Controller(recorder, hostname="127.0.0.1", port=free_port())
    controller.start()
    with app.test_request_context():
        for n in range(300):
            outbox.queue(f"person{n}@example.org", "secret_locked", iro_name="Ida", sign_in_url="x", urgent=n % 3 == 0)
        db.session.commit()
    env = {
        **server.env,
        "MAIL_BACKEND": "smtp",
        "MAIL_SERVER": "127.0.0.1",
        "MAIL_PORT": str(controller.port),
        "WORKER_POLL_SECONDS": "0.05",
    }
    workers = [
        subprocess.Popen([str(BIN / "flask"), "--app", "participation", "worker"], cwd=ROOT, env=env) for _ in range(2)
    ]
    deadline = time.monotonic() + 120
    while count(app, OutboxMessage, OutboxMessage.sent_at.is_(None)) and time.monotonic() < deadline:
        time.sleep(0.2)
    for worker in workers:
        worker.terminate()
        worker.wait(timeout=20)
    controller.stop()
    delivered = Counter(envelope.rcpt_tos[0] for envelope in recorder.messages)
    twice = sum(1 for times in delivered.values() if times > 1)
    row("300 queued emails, two mail workers", 300, f"{sum(delivered.values())} delivered, {twice} twice", [])


def bad_input(app, server) -> None:
    scene = Scene(app, server)
    client, _ = scene.child_session()
    child = server.visitor_as(client)
    typed = ["Before\x00after", "Esc \x1b[31m red, backspace \x08, bell \x07"]
    answers = []
    for words in typed:
        fields = child.form("/me/statements/new/problem")
        data = {**fields, "words": words, "to": ["iro"], "resolution": "informal"}
        answers.append(child.post("/me/statements/new/problem", data))
    with app.app_context():
        stored = set(db.session.scalars(select(Statement.words)))
        participation = make_staff(Role.PARTICIPATION, email="team@example.org")
    exact = len(stored & {"Before\ufffdafter", typed[1]})
    staff = server.visitor()
    staff.post("/staff/login", {**staff.form("/staff/login"), "email": participation.email, "password": PASSWORD})
    code = second_factor_code(app, participation.email)
    staff.post("/staff/login/code", {**staff.form("/staff/login/code"), "code": code})
    download = staff.get("/staff/problems/export.xlsx")
    try:
        load_workbook(io.BytesIO(download.content))
        opens = "opens"
    except Exception:
        opens = "does not open"
    answers.append(download)
    row(
        "NUL and control characters in a child's words",
        len(typed),
        f"{exact} stored exactly; download {download.status}, {opens}",
        answers,
    )
    probes = [
        staff.get("/staff/children/2147483648"),
        staff.get("/staff/children/99999999999999999999"),
        staff.get("/staff/problems?end=9999-12-31"),
        staff.get("/staff/problems/export.xlsx?end=9999-12-31"),
    ]
    fresh = server.visitor()
    probes.append(
        fresh.post(
            "/staff/login?next=/staff/%0d%0aSet-Cookie:%20x=1",
            {**fresh.form("/staff/login"), "email": participation.email, "password": PASSWORD},
        )
    )
    row("ids past 2^31 and 2^64, ?end=9999-12-31, next with CR/LF", 5, " ".join(str(a.status) for a in probes), probes)


def main() -> None:
    with tempfile.TemporaryDirectory() as scratch:
        database = os.environ.get("DATABASE_URL") or f"sqlite:///{scratch}/bench.sqlite3"
        port = free_port()
        env = server_environment(database, f"http://127.0.0.1:{port}")
        env["RATELIMIT_STORAGE_URI"] = os.environ.get("RATELIMIT_STORAGE_URI", "memory://")
        subprocess.run(
            [str(BIN / "flask"), "--app", "participation", "db", "upgrade"],
            env=env,
            cwd=ROOT,
            check=True,
            capture_output=True,
        )
        app = create_app({"APP_ENV": "testing", "SQLALCHEMY_DATABASE_URI": database, "SECRET_KEY": "test-secret-key"})
        log = Path(scratch) / "gunicorn.log"
        with log.open("wb") as output:
            web = subprocess.Popen(
                [str(BIN / "gunicorn"), f"--workers={WORKERS}", f"--bind=127.0.0.1:{port}", "wsgi:app"],
                cwd=ROOT,
                env=env,
                stdout=output,
                stderr=subprocess.STDOUT,
            )
        server = LiveServer(f"http://127.0.0.1:{port}", log, env)
        try:
            for _ in range(100):
                try:
                    server.visitor().get("/help")
                    break
                except OSError:
                    time.sleep(0.1)
            engine = database.split(":")[0]
            print(f"gunicorn -w {WORKERS} on {engine}\n")
            print(f"{'area':<70} {'attempts':>8}  {'held (what the rule let through)':<44} {'5xx':>4}")
            for area in (pins, staff_account, staff_address, agenda, double_taps, floods, mail_workers, bad_input):
                area(app, server)
        finally:
            web.terminate()
            web.wait(timeout=20)


if __name__ == "__main__":
    main()
