"""How many requests a second the app serves under gunicorn, against a bare Flask app on the same server.

Starts two gunicorns with the repository's gunicorn.conf.py and the same workers (three, as in
deploy/systemd/participation-web.service): one serving a one-route `Flask(__name__)` that returns a short
string, one the real app (APP_ENV=production) on a fresh SQLite database (or $DATABASE_URL) holding the demo
organisation. In each of a few rounds it loads the bare route and then each of the app's routes with wrk
(Debian's `wrk` package), and prints, per route, requests a second, wall ms a request (at that concurrency),
the workers' CPU ms a request (read from /proc), and how many times the bare route's cost that is (taken
within a round, so a machine whose speed drifts moves it less). It also times `create_app()` in fresh
interpreters, lists the packages `python -X importtime` blames for the start-up, and counts the SQL statements
each route issues.

The routes: a child's consultation question page (GET), saving that page (POST, with the session's CSRF token)
and an IRO's caseload. The child, their link and PIN, and both sessions are made in-process with the app's
own functions; the staff session row is opened directly (as the sign-in does once every factor is proven).

    .venv/bin/python bench/throughput_bench.py                        # this checkout
    .venv/bin/python bench/throughput_bench.py --root /tmp/bench-base # another checkout of the code
    .venv/bin/python bench/throughput_bench.py --rounds 5 --seconds 10 --connections 8
    scripts/with-postgres .venv/bin/python bench/throughput_bench.py

Figures are printed, never asserted; run it on a quiet machine and compare runs of the same kind.
"""

from __future__ import annotations

import argparse
import http.client
import os
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time as clock
import urllib.error
import urllib.parse
import urllib.request
from collections import defaultdict
from dataclasses import dataclass
from datetime import date, time, timedelta
from pathlib import Path

HERE = Path(__file__).resolve().parents[1]
SECRET = "bench-secret-key-" + "x" * 40
BARE_APP = """\
from flask import Flask

app = Flask(__name__)


@app.route("/")
def hello():
    return "Hello"
"""
CREATE_APP = """\
import time
began = time.perf_counter()
from participation import create_app
create_app()
print(time.perf_counter() - began)
"""


@dataclass
class Route:
    """One thing to load: its name, path, method and (for a POST) body; the cookie of its session."""

    name: str
    path: str
    method: str = "GET"
    body: str = ""
    cookie: str = ""


@dataclass
class Measured:
    """What loading one route gave: requests made, requests a second, workers' CPU ms a request, bad answers."""

    route: Route
    requests: int
    per_second: float
    cpu_ms: float
    bad: int
    status: int


def environment(root: Path, database: str, port: int) -> dict[str, str]:
    """The live app's settings: production, on the bench database, its code taken from ``root``."""
    return {
        **os.environ,
        "PYTHONPATH": str(root),
        "APP_ENV": "production",
        "SECRET_KEY": SECRET,
        "DATABASE_URL": database,
        "PUBLIC_BASE_URL": f"http://127.0.0.1:{port}",
        "MAIL_BACKEND": "log",
        "RATELIMIT_STORAGE_URI": "memory://",
    }


# --- the scene, set in-process ------------------------------------------------------------------


def set_scene(database: str) -> tuple[list[Route], dict]:
    """Fill the database with the demo organisation and a child of ten part-way through a consultation;
    return the routes to load, with their session cookies, and the app's config for counting queries."""
    from flask import session
    from flask_login import login_user
    from flask_wtf.csrf import generate_csrf

    from participation import create_app, demo
    from participation.consultation import answers as consultations
    from participation.extensions import db
    from participation.people import child_secret, children
    from participation.people.models import Child, Role, SecretKind, StaffUser
    from participation.platform.clock import today
    from participation.reviews import scheduling
    from participation.web import sessions

    config = {"APP_ENV": "production", "SQLALCHEMY_DATABASE_URI": database, "SECRET_KEY": SECRET}
    app = create_app(config)
    serializer = app.session_interface.get_signing_serializer(app)  # type: ignore[attr-defined]
    name = app.config["SESSION_COOKIE_NAME"]
    with app.app_context():
        demo.load()
        db.session.commit()
        iro = db.session.scalar(db.select(StaffUser).where(StaffUser.role == Role.IRO).order_by(StaffUser.id))
        born = today() - timedelta(days=10 * 366 + 20)
        child = Child(
            preferred_name="Robin",
            date_of_birth=date(born.year, born.month, min(born.day, 28)),
            preferred_language="en",
            iro_id=iro.id,
            social_worker_name="Jordan Blake",
            social_worker_email="jordan@example.org",
        )
        db.session.add(child)
        db.session.flush()
        child_secret.set_secret(child, SecretKind.PIN, "2468")
        children.issue_link(child, None)
        review = scheduling.schedule(child, today() + timedelta(days=10), time(15, 0), "subsequent", iro)
        consultation = consultations.start(child, review)
        step = next(each for each in consultations.visible_steps(consultation) if each.kind == "questions")
        db.session.commit()
        child_id, iro_id = child.id, iro.id
        fields = [("action", "continue")]
        for question in step.questions:
            if question.is_text:
                fields += [(question.key, "I like football on Saturdays"), (f"{question.key}-share", "iro")]
            elif question.kind in ("faces", "scale"):
                fields.append((question.key, "4"))
            elif question.kind == "choice" and question.choices:
                fields.append((question.key, question.choices[0].key))
    with app.test_request_context("/"):
        sessions.start(child_id=child_id, verified=True)
        csrf = generate_csrf()
        db.session.commit()
        child_cookie = f"{name}={serializer.dumps(dict(session))}"
    with app.test_request_context("/"):
        sessions.start(staff_id=iro_id)
        login_user(db.session.get(StaffUser, iro_id))
        db.session.commit()
        staff_cookie = f"{name}={serializer.dumps(dict(session))}"
    body = "&".join(f"{key}={urllib.parse.quote(value)}" for key, value in [("csrf_token", csrf), *fields])
    page = f"/me/review/q/{step.slug}"
    routes = [
        Route("a child's question page (GET)", page, cookie=child_cookie),
        Route("saving that page (POST)", page, "POST", body, child_cookie),
        Route("an IRO's caseload (GET)", "/staff/caseload", cookie=staff_cookie),
    ]
    return routes, config


def count_queries(config: dict, routes: list[Route]) -> dict[str, tuple[int, int]]:
    """The SQL statements each route issues (in-process, with the test client): (statements, status)."""
    from sqlalchemy import event

    from participation import create_app
    from participation.extensions import db

    app = create_app(config)
    statements: list[str] = []
    with app.app_context():
        engine = db.engine
    event.listen(engine, "before_cursor_execute", lambda *args: statements.append(args[2]))
    counts = {}
    client = app.test_client(use_cookies=False)  # the cookie header is the route's own
    for route in routes:
        headers = {"Cookie": route.cookie}
        for _ in range(2):  # the second request: once the first has warmed whatever is kept between requests
            statements.clear()
            if route.method == "POST":
                answer = client.post(
                    route.path,
                    data=route.body,
                    headers={**headers, "Content-Type": "application/x-www-form-urlencoded"},
                )
            else:
                answer = client.get(route.path, headers=headers)
        counts[route.name] = (len(statements), answer.status_code)
    return counts


# --- gunicorn and wrk ---------------------------------------------------------------------------


def free_port() -> int:
    """A port nothing listens on now (the kernel's choice)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def serve(root: Path, env: dict[str, str], target: str, port: int, workers: int, log: Path) -> subprocess.Popen:
    """gunicorn with ``root``'s gunicorn.conf.py serving ``target``, answering on ``port``."""
    command = [
        str(Path(sys.executable).parent / "gunicorn"),
        "--config",
        str(root / "gunicorn.conf.py"),
        f"--workers={workers}",
        f"--bind=127.0.0.1:{port}",
        target,
    ]
    with log.open("ab") as output:
        server = subprocess.Popen(command, cwd=root, env=env, stdout=output, stderr=subprocess.STDOUT)
    deadline = clock.monotonic() + 60
    while clock.monotonic() < deadline:
        if server.poll() is not None:
            sys.exit(f"gunicorn stopped:\n{log.read_text()}")
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=2):
                break
        except urllib.error.HTTPError:
            break
        except OSError:
            clock.sleep(0.1)
    return server


def workers_cpu_ticks(server: subprocess.Popen) -> int:
    """User and system clock ticks used so far by gunicorn's workers (and the master)."""
    children = Path(f"/proc/{server.pid}/task/{server.pid}/children").read_text().split()
    ticks = 0
    for pid in [str(server.pid), *children]:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except FileNotFoundError:
            continue
        ticks += int(fields[11]) + int(fields[12])
    return ticks


def wrk_script(route: Route, folder: Path) -> Path:
    script = folder / "route.lua"
    lines = [f'wrk.method = "{route.method}"']
    if route.cookie:
        lines.append(f'wrk.headers["Cookie"] = "{route.cookie}"')
    if route.body:
        lines += [
            f'wrk.body = "{route.body}"',
            'wrk.headers["Content-Type"] = "application/x-www-form-urlencoded"',
        ]
    script.write_text("\n".join(lines) + "\n")
    return script


def first_status(port: int, route: Route) -> int:
    """The status of one request to ``route`` (redirects not followed), to show what was measured."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    headers = {"Cookie": route.cookie} if route.cookie else {}
    if route.body:
        headers["Content-Type"] = "application/x-www-form-urlencoded"
    connection.request(route.method, route.path, body=route.body or None, headers=headers)
    status = connection.getresponse().status
    connection.close()
    return status


def load(server: subprocess.Popen, port: int, route: Route, options, folder: Path) -> Measured:
    """Warm the workers on ``route``, then load it for the given seconds and read the workers' CPU."""
    wrk = shutil.which("wrk") or sys.exit("wrk is not installed (apt-get install wrk)")
    status = first_status(port, route)
    script = wrk_script(route, folder)
    url = f"http://127.0.0.1:{port}{route.path}"
    common = [wrk, "--threads=1", f"--connections={options.connections}", f"--script={script}", url]
    subprocess.run([*common[:1], "--duration=2s", *common[1:]], check=True, capture_output=True)
    before = workers_cpu_ticks(server)
    report = subprocess.run(
        [*common[:1], f"--duration={options.seconds}s", *common[1:]], check=True, capture_output=True, text=True
    ).stdout
    used = workers_cpu_ticks(server) - before
    counted = re.search(r"(\d+) requests in", report)
    rate = re.search(r"Requests/sec:\s+([\d.]+)", report)
    if counted is None or rate is None:
        sys.exit(f"wrk printed no figures for {route.name}:\n{report}")
    requests, per_second = int(counted.group(1)), float(rate.group(1))
    bad = re.search(r"Non-2xx or 3xx responses: (\d+)", report)
    cpu_ms = used * 1000 / os.sysconf("SC_CLK_TCK") / max(requests, 1)
    return Measured(route, requests, per_second, cpu_ms, int(bad.group(1)) if bad else 0, status)


# --- start-up -----------------------------------------------------------------------------------


def create_app_times(root: Path, env: dict[str, str], runs: int) -> list[float]:
    """`import participation; create_app()` in fresh interpreters, in ms."""
    times = []
    for _ in range(runs):
        done = subprocess.run(
            [sys.executable, "-c", CREATE_APP], cwd=root, env=env, check=True, capture_output=True, text=True
        )
        times.append(float(done.stdout.split()[-1]) * 1000)
    return times


def import_offenders(root: Path, env: dict[str, str], top: int) -> list[tuple[str, float]]:
    """The top-level packages whose modules take the longest to import in `create_app()` (self time, ms)."""
    done = subprocess.run(
        [sys.executable, "-X", "importtime", "-c", "from participation import create_app; create_app()"],
        cwd=root,
        env=env,
        check=True,
        capture_output=True,
        text=True,
    )
    by_package: dict[str, float] = defaultdict(float)
    for line in done.stderr.splitlines():
        match = re.match(r"import time:\s+(\d+) \|\s+\d+ \|\s+(\S+)", line)
        if match:
            by_package[match.group(2).split(".")[0]] += int(match.group(1)) / 1000
    return sorted(by_package.items(), key=lambda item: -item[1])[:top]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--root", type=Path, default=HERE, help="the checkout whose code is measured")
    parser.add_argument("--seconds", type=int, default=5, help="how long each route is loaded in each round")
    parser.add_argument("--rounds", type=int, default=3, help="rounds of every route, the bare one first")
    parser.add_argument("--connections", type=int, default=6, help="wrk's open connections")
    parser.add_argument("--workers", type=int, default=3, help="gunicorn workers, for both apps")
    parser.add_argument("--startups", type=int, default=5, help="fresh interpreters timing create_app()")
    options = parser.parse_args()
    root = options.root.resolve()
    sys.path.insert(0, str(root))
    with tempfile.TemporaryDirectory() as scratch:
        folder = Path(scratch)
        database = os.environ.get("DATABASE_URL") or f"sqlite:///{folder}/bench.sqlite3"
        bare_port, port = free_port(), free_port()
        env = environment(root, database, port)
        upgrade = [str(Path(sys.executable).parent / "flask"), "--app", "participation", "db", "upgrade"]
        subprocess.run(upgrade, env=env, cwd=root, check=True, capture_output=True)
        routes, config = set_scene(database)
        import participation

        print(f"code from {Path(participation.__file__).parent.parent}, {database.split(':')[0]}")
        print(
            f"gunicorn --workers={options.workers}, wrk --connections={options.connections}, "
            f"{options.rounds} rounds of {options.seconds} s a route"
        )
        (folder / "bare.py").write_text(BARE_APP)
        bare_env = {**env, "PYTHONPATH": f"{folder}{os.pathsep}{root}"}
        # Both servers run throughout, and each round loads the bare route and then every route of the app: a
        # ratio is taken within a round, so the machine's speed drifting between rounds does not move it.
        bare_server = serve(root, bare_env, "bare:app", bare_port, options.workers, folder / "bare.log")
        server = serve(root, env, "wsgi:app", port, options.workers, folder / "app.log")
        bare_route = Route("bare Flask route", "/")
        rounds: list[list[Measured]] = []
        try:
            for _ in range(options.rounds):
                measured = [load(bare_server, bare_port, bare_route, options, folder)]
                measured += [load(server, port, route, options, folder) for route in routes]
                rounds.append(measured)
        finally:
            for running in (bare_server, server):
                running.terminate()
                running.wait(timeout=20)
        queries = count_queries(config, routes)
        startup = create_app_times(root, env, options.startups)
        offenders = import_offenders(root, env, 10)

    print()
    print(
        f"{'route':<32} {'status':>6} {'req/s':>8} {'ms/req':>7} {'CPU ms/req':>11} {'x bare (req/s)':>15}"
        f" {'x bare (CPU)':>13}"
    )
    for index, route in enumerate([bare_route, *routes]):
        mine = [measured[index] for measured in rounds]
        per_second = statistics.median(each.per_second for each in mine)
        cpu_ms = statistics.median(each.cpu_ms for each in mine)
        times = statistics.median(measured[0].per_second / measured[index].per_second for measured in rounds)
        cpu_times = statistics.median(measured[index].cpu_ms / measured[0].cpu_ms for measured in rounds)
        bad = sum(each.bad for each in mine)
        print(
            f"{route.name:<32} {mine[0].status:6d} {per_second:8.0f} {1000 * options.connections / per_second:7.2f}"
            f" {cpu_ms:11.2f} {times:15.1f} {cpu_times:13.1f}" + (f"   {bad} answers not 2xx/3xx!" if bad else "")
        )
    print("(medians of the rounds; a ratio is taken within each round)")
    print()
    for name, (count, status) in queries.items():
        print(f"{name:<32} {count:3d} SQL statements a request (status {status})")
    print()
    print(
        f"create_app() in a fresh interpreter: median {statistics.median(startup):.0f} ms "
        f"(min {min(startup):.0f}, max {max(startup):.0f}, {len(startup)} runs)"
    )
    print("import time by top-level package (self time, ms):")
    for package, took in offenders:
        print(f"  {package:<24} {took:7.1f}")


if __name__ == "__main__":
    main()
