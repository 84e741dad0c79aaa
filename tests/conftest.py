"""Shared fixtures: an app on a real database (SQLite by default, PostgreSQL when DATABASE_URL says so).

The schema is built once per run by the real migrations, and one app is built per run (building one costs
~50 ms, mostly compiling routes); each test starts from empty tables and fresh rate limits. A test that needs
other settings builds its own app with `create_app({**app_config, ...})`.
"""

from __future__ import annotations

import os
import re
import socket
from datetime import date, time, timedelta

import flask_migrate
import pytest
from aiosmtpd.controller import Controller
from sqlalchemy import select, text

from participation import create_app
from participation.extensions import db, limiter
from participation.people.models import Child, Role, SecretKind, StaffUser
from participation.platform.clock import today
from participation.platform.models import OutboxMessage
from participation.reviews import scheduling
from participation.statements.models import Statement

# For the whole run: no secret the run creates may appear in any log line (see tests/log_leaks.py).
pytest_plugins = ["tests.log_leaks"]
PASSWORD = "correct horse battery"
# The authenticator-app secret of every account `make_staff` makes (a test computes its codes with pyotp).
TEST_APP_SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"
RECOVERY_CODES: dict[str, list[str]] = {}
CSRF_RE = re.compile(r'name="csrf_token" type="hidden" value="([^"]+)"|name="csrf_token" value="([^"]+)"')


@pytest.fixture(scope="session")
def database_url(tmp_path_factory) -> str:
    """The test database: $DATABASE_URL (PostgreSQL in CI) or a fresh SQLite file."""
    return os.environ.get("DATABASE_URL") or f"sqlite:///{tmp_path_factory.mktemp('db') / 'test.sqlite3'}"


@pytest.fixture(scope="session")
def static_build(tmp_path_factory):
    """The static files built as in production (hashed names, brotli and gzip), from static/ as it is now."""
    from participation.settings import ROOT
    from participation.web.static_files import build

    folder = tmp_path_factory.mktemp("static-build")
    build(ROOT / "static", folder)
    return folder


@pytest.fixture(scope="session")
def app_config(database_url, static_build) -> dict:
    """Settings for every test app."""
    return {
        "APP_ENV": "testing",
        "SQLALCHEMY_DATABASE_URI": database_url,
        "PUBLIC_BASE_URL": "http://localhost",
        "MAIL_BACKEND": "log",
        "SECRET_KEY": "test-secret-key",
        "STATIC_BUILD_DIR": str(static_build),
    }


@pytest.fixture(scope="session")
def _schema(app_config):
    """Build the schema once with the real migrations, starting from an empty database."""
    app = create_app(app_config)
    with app.app_context():
        db.drop_all()
        with db.engine.begin() as connection:
            connection.execute(text("DROP TABLE IF EXISTS alembic_version"))
        flask_migrate.upgrade()
        db.engine.dispose()
    return True


def empty_tables() -> None:
    """Delete every row, children before parents; the figures' tally of an empty database is complete (as a new
    installation's is), so figures are read from it."""
    from participation.figures import tally

    for table in reversed(db.metadata.sorted_tables):
        db.session.execute(table.delete())
    db.session.commit()
    assert tally.is_built()
    db.session.commit()


@pytest.fixture(scope="session")
def shared_app(_schema, app_config):
    """The one app of this run (for the settings of `app_config`)."""
    return create_app(app_config)


@pytest.fixture
def app(shared_app):
    """The app over empty tables, with rate limits reset."""
    app = shared_app
    with app.app_context():
        empty_tables()
    limiter.reset()
    yield app
    with app.app_context():
        db.session.remove()


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def runner(app):
    return app.test_cli_runner()


# --- factories ----------------------------------------------------------------------------------
# Factories run inside an app context and return detached objects whose columns stay readable.
# Tests never keep an app context open around requests: a request would share its `g` and session.


def detach(obj):
    """Load every column, then detach the object from the session."""
    db.session.refresh(obj)
    db.session.expunge(obj)
    return obj


def make_staff(
    role: str = Role.IRO, email: str | None = None, name: str | None = None, *, second_factor: bool = True, **kwargs
) -> StaffUser:
    """A member of staff with the test password and, unless ``second_factor`` is False (an account that sets
    one up at its first sign-in), an authenticator app on the test secret and ten recovery codes (kept in
    ``RECOVERY_CODES`` by email)."""
    from participation.people import second_factor as factors
    from participation.people import staff
    from participation.platform.clock import utcnow
    from participation.platform.crypto import encrypt_text
    from tests import log_leaks

    count = db.session.query(StaffUser).count()
    user = staff.create_staff(
        email or f"{role}{count}@example.org", name or f"{role.title()} {count}", role, PASSWORD, **kwargs
    )
    if second_factor:
        user.totp_secret_encrypted = encrypt_text(TEST_APP_SECRET)
        user.totp_confirmed_at = utcnow()
        RECOVERY_CODES[user.email] = factors.new_recovery_codes(user)
        for secret, kind in [
            (TEST_APP_SECRET, "app secret"),
            *((code, "recovery code") for code in RECOVERY_CODES[user.email]),
        ]:
            log_leaks.remember(secret, kind)  # never to be seen in a log line
    db.session.commit()
    return detach(user)


def make_child(iro: StaffUser, age: int = 10, **kwargs) -> Child:
    """A child on ``iro``'s caseload, ``age`` years old (and a few weeks)."""
    today = date.today()
    values = {
        "preferred_name": "Robin",
        "date_of_birth": date(today.year - age, today.month, min(today.day, 28)) - timedelta(days=20),
        "preferred_language": "en",
        "iro_id": iro.id,
        "social_worker_name": "Jordan Blake",
        "social_worker_email": "jordan@example.org",
    }
    values.update(kwargs)
    child = Child(**values)
    db.session.add(child)
    db.session.commit()
    return detach(child)


# --- client helpers -----------------------------------------------------------------------------


def csrf_from(html: str) -> str:
    """The CSRF token in a rendered form."""
    match = CSRF_RE.search(html)
    assert match, "no CSRF token on the page"
    return match.group(1) or match.group(2)


def post_form(client, url: str, data: dict | None = None, *, form_page: str | None = None, **kwargs):
    """Post a form the way a browser would: fetch the page for its CSRF token, then send."""
    payload = dict(data or {})
    if client.application.config.get("WTF_CSRF_ENABLED", True):
        page = client.get(form_page or url, headers=kwargs.get("headers"))
        payload["csrf_token"] = csrf_from(page.get_data(as_text=True))
    return client.post(url, data=payload, **kwargs)


def login(client, email: str, password: str = PASSWORD, *, url: str = "/staff/login", **kwargs):
    """Sign a member of staff in, as they would: the password (at ``url``, the sign-in page with any query),
    then a code from their authenticator app. Returns the last response: the redirect into the site, or the
    page that stopped them (a wrong password, or setting up a second factor for an account with none)."""
    response = post_form(client, url, {"email": email, "password": password}, **kwargs)
    location = response.headers.get("Location", "")
    if response.status_code != 302 or "/staff/login/code" not in location:
        return response
    return post_form(client, location, {"code": second_factor_code(client.application, email)}, **kwargs)


def second_factor_code(app, email: str) -> str:
    """A code the second step takes for ``email``: their app's code for a 30-second step not used yet (now, or
    the next one, as a phone a few seconds ahead would show), else one of their unused recovery codes (a test
    signing the same person in three times within one step)."""
    from participation.people import second_factor as factors
    from participation.people import staff

    with app.app_context():
        user = staff.find_by_email(email)
        secret = factors.app_secret(user)
        last = user.totp_last_step
    now = factors.current_step()
    for step in (now, now + 1):
        if secret and (last is None or step > last):
            return factors.code_at_step(secret, step)
    return RECOVERY_CODES[email].pop()


def open_child_space(client, token: str, pin: str = "2468"):
    """Open a child's link and choose a PIN (first visit), ending inside their space."""
    client.get(f"/c/{token}")
    return post_form(client, "/me/secret/pin", {"pin": pin, "confirm": pin})


@pytest.fixture
def iro(app):
    with app.app_context():
        return make_staff(Role.IRO, email="iro.a@example.org", name="Ida Iro", phone="01234 567 890")


@pytest.fixture
def other_iro(app):
    with app.app_context():
        return make_staff(Role.IRO, email="iro.b@example.org", name="Otto Other")


@pytest.fixture
def iro_client(app, iro):
    """A client signed in as the IRO ``iro``."""
    client = app.test_client()
    response = login(client, iro.email)
    assert response.status_code == 302
    return client


def make_child_with_link(app, iro: StaffUser, **kwargs) -> tuple[Child, str]:
    """A child on ``iro``'s caseload with a fresh personal link: (child, token)."""
    from participation.people import children

    with app.app_context():
        child = make_child(iro, **kwargs)
        link = children.issue_link(db.session.merge(child), None)
        db.session.commit()
    return child, children.token_from_link(link)


def idle_all_sessions(app, minutes: int) -> None:
    """Make every open session look as if it had not been used for ``minutes``."""
    from participation.platform.models import AuthSession

    with app.app_context():
        for row in db.session.scalars(select(AuthSession)):
            row.last_seen_at -= timedelta(minutes=minutes)
        db.session.commit()


def link_for(child: Child, pin: str | None = None) -> str:
    """Inside an app context: give ``child`` a fresh personal link (and the PIN ``pin`` already chosen),
    committed; returns the link's token."""
    from participation.people import child_secret, children

    if pin:
        child_secret.set_secret(child, SecretKind.PIN, pin)
    token = children.token_from_link(children.issue_link(child, None))
    db.session.commit()
    return token


@pytest.fixture
def child_with_link(app, iro):
    """A child on ``iro``'s caseload with a fresh personal link: (child, token)."""
    return make_child_with_link(app, iro)


def deliver_mail(app) -> tuple[int, int]:
    """One pass of the mail sender, as the worker (or a timer) makes: (sent, failed)."""
    from participation.platform import outbox

    with app.app_context():
        return outbox.send_pending()


# --- statements ---------------------------------------------------------------------------------


def send_statement(client, slug: str, data: dict, *, token: str | None = None):
    """Fill in one of the forms for a statement and press Send (optionally with a form token kept from an
    earlier page, as a double tap would)."""
    page = client.get(f"/me/statements/new/{slug}")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    form_token = token or re.search(r'name="form_token" value="([^"]+)"', html).group(1)
    return client.post(
        f"/me/statements/new/{slug}", data={"csrf_token": csrf_from(html), "form_token": form_token, **data}
    )


def queued_mail(app) -> list[OutboxMessage]:
    with app.app_context():
        return db.session.scalars(select(OutboxMessage).order_by(OutboxMessage.id)).all()


def only_statement(app) -> Statement:
    with app.app_context():
        statement = db.session.scalar(select(Statement))
        statement.recipients, statement.events  # noqa: B018  (load before the session closes)
        return statement


def staff_client(app, email: str):
    client = app.test_client()
    assert login(client, email).status_code == 302
    return client


# --- a child's consultation ---------------------------------------------------------------------


def schedule_review(app, child, iro, days: int = 10):
    """A review ``days`` ahead at 15:00 (local); returns its id."""
    with app.app_context():
        review = scheduling.schedule(
            db.session.get(Child, child.id),
            today() + timedelta(days=days),
            time(15, 0),
            "subsequent",
            db.session.get(StaffUser, iro.id),
        )
        db.session.commit()
        return review.id


def record_held_yesterday(review, iro) -> None:
    """Inside an app context: the IRO records ``review`` as held yesterday (PN1, at home, all of it)."""
    from participation.reviews import outcomes

    outcomes.record(
        review,
        db.session.merge(iro),
        held_on=today() - timedelta(days=1),
        venue="home",
        attendance="all",
        code="PN1",
        chairing="none",
        consultation_used=True,
        seen_before=True,
    )


def held_yesterday(app, child, iro) -> int:
    """The child's (one) review, moved back and recorded as held yesterday by ``iro``; its id."""
    from participation.reviews.models import Review

    with app.app_context():
        review = db.session.scalar(select(Review).where(Review.child_id == child.id))
        review.scheduled_for -= timedelta(days=11)
        record_held_yesterday(review, iro)
        db.session.commit()
        return review.id


@pytest.fixture
def make_child_session(app, iro):
    """A child of a given age with a review in 10 days, signed into their space: (client, child, token)."""

    def make(age: int = 8, **kwargs):
        child, token = make_child_with_link(app, iro, age=age, **kwargs)
        schedule_review(app, child, iro)
        client = app.test_client()
        open_child_space(client, token)
        return client, child, token

    return make


def start(client):
    """Press Start on the getting-ready page; returns where it leads."""
    response = post_form(client, "/me/review")
    assert response.status_code == 303
    return response.headers["Location"]


def send_page(client, slug: str, data: dict, query: str = ""):
    """Fill in and send one page of questions the way the browser would."""
    url = f"/me/review/q/{slug}{query}"
    page = client.get(url)
    assert page.status_code == 200, url
    return client.post(url, data={"csrf_token": csrf_from(page.get_data(as_text=True)), "action": "continue", **data})


# --- a real SMTP server on loopback -------------------------------------------------------------


class Recorder:
    """An SMTP handler that keeps what it receives, or refuses while ``refuse`` is set."""

    def __init__(self):
        self.messages = []
        self.refuse = False

    async def handle_DATA(self, server, session, envelope):
        if self.refuse:
            return "451 Please try again later"
        self.messages.append(envelope)
        return "250 OK"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def smtp():
    recorder = Recorder()
    controller = Controller(recorder, hostname="127.0.0.1", port=free_port())
    controller.start()
    yield recorder, controller.port
    controller.stop()
