"""Logs an operator can use and a child's secrets never in them: JSON lines, one access line per request naming
the URL rule (not the path, which can hold a link's token), and a request id on every line of a request."""

from __future__ import annotations

import json
import logging
import os
import subprocess
import sys

import pytest

from participation import create_app
from participation.extensions import db
from participation.platform import outbox
from participation.platform.logs import JsonFormatter
from participation.settings import ROOT
from tests.conftest import make_child_with_link


def access_lines(caplog) -> list[logging.LogRecord]:
    return [record for record in caplog.records if record.name == "participation.access"]


def test_a_childs_link_is_logged_by_its_rule_never_its_token(app, client, iro, caplog):
    _, token = make_child_with_link(app, iro)
    caplog.set_level(logging.INFO)
    response = client.get(f"/c/{token}")
    assert response.status_code == 303
    [line] = access_lines(caplog)
    assert (line.method, line.rule, line.status) == ("GET", "/c/<token>", 303)
    assert line.duration_ms >= 0
    formatted = [JsonFormatter().format(record) for record in caplog.records]
    assert not any(token in text for text in formatted)
    assert json.loads(formatted[-1])["request_id"] == response.headers["X-Request-ID"]


def test_a_line_is_json_with_the_fields_an_operator_needs():
    record = logging.LogRecord("participation.jobs", logging.WARNING, __file__, 1, "sent %s of %s", (2, 3), None)
    line = JsonFormatter().format(record)
    assert "\n" not in line
    fields = json.loads(line)
    assert fields["level"] == "WARNING" and fields["logger"] == "participation.jobs"
    assert fields["message"] == "sent 2 of 3" and fields["request_id"] is None
    assert fields["time"].endswith("+00:00")


def test_an_unknown_address_and_a_static_file_get_an_access_line_too(client, caplog):
    caplog.set_level(logging.INFO)
    client.get("/no/such/page/with-a-secret-in-it")
    css = client.get("/static/css/app.css")
    assert css.status_code == 200
    lines = access_lines(caplog)
    assert [(line.rule, line.status) for line in lines] == [(None, 404), ("/static/<path:filename>", 200)]
    assert "with-a-secret-in-it" not in caplog.text


def test_every_line_of_a_request_carries_its_id(app, client, caplog, monkeypatch):
    from participation.web.child import space

    def explode(*args, **kwargs):
        logging.getLogger("participation.test").warning("about to fail")
        raise RuntimeError("broken")

    monkeypatch.setattr(space.children, "child_for_token", explode)
    caplog.set_level(logging.INFO)
    response = client.get("/c/whatever")
    assert response.status_code == 500
    request_id = response.headers["X-Request-ID"]
    ids = {json.loads(JsonFormatter().format(record))["request_id"] for record in caplog.records}
    assert ids == {request_id}
    assert len(caplog.records) == 3  # our warning, the error with its traceback, the access line
    assert f"give this reference: {request_id}" in response.get_data(as_text=True)


@pytest.mark.parametrize(
    ("trusted", "sent", "kept"),
    [
        (0, "0123456789abcdef0123456789abcdef", False),  # no proxy trusted: anyone could send one
        (1, "0123456789abcdef0123456789abcdef", True),  # nginx's $request_id
        (1, "3f2b8c1e-7a4d-4e9b-9c2f-1d5e6a7b8c9d", True),  # a UUID
        (1, "short", False),
        (1, "0123456789abcdef injected", False),
        (1, "not-hex-but-long-enough", False),
        (1, "a" * 65, False),
    ],
)
def test_a_request_id_is_taken_from_a_trusted_proxy_only_when_it_looks_like_one(app_config, trusted, sent, kept):
    proxied = create_app({**app_config, "TRUSTED_PROXIES": trusted})
    response = proxied.test_client().get("/healthz", headers={"X-Request-ID": sent})
    returned = response.headers.get_all("X-Request-ID")
    assert len(returned) == 1
    assert (returned[0] == sent) is kept
    if not kept:
        assert len(returned[0]) == 16 and int(returned[0], 16) >= 0


def test_the_mail_log_backend_writes_the_subject_only(app, caplog):
    with app.app_context():
        link = "http://localhost/c/Zq3kV0w2hX_yP-8mN4aB7cD1eF5gH9iJ0kL2mN4oP6q"
        outbox.queue("child@example.org", "child_link", link=link, name="Sam", iro_name="Alex", scrub_after_send=True)
        db.session.commit()
        caplog.set_level(logging.INFO)
        assert outbox.send_pending() == (1, 0)
    [line] = [record.getMessage() for record in caplog.records if "MAIL_BACKEND=log" in record.getMessage()]
    assert line == "mail not sent (MAIL_BACKEND=log): Your link to your own space"
    assert "child@example.org" not in caplog.text and "Zq3kV0w2hX" not in caplog.text


def test_the_worker_and_commands_log_json(app, database_url, static_build):
    with app.app_context():
        outbox.queue("someone@example.org", "password_reset", name="Sam", link="http://localhost/r/x", hours=24)
        db.session.commit()
    env = {
        **os.environ,
        "APP_ENV": "testing",
        "SECRET_KEY": "test-secret-key",
        "DATABASE_URL": database_url,
        "MAIL_BACKEND": "log",
        "STATIC_BUILD_DIR": str(static_build),
    }
    flask = [sys.executable, "-m", "flask", "--app", "participation", "send-outbox"]
    run = subprocess.run(flask, cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)
    assert run.returncode == 0, run.stderr
    assert run.stdout.strip() == "Sent 1, failed 0."
    lines = [json.loads(line) for line in run.stderr.splitlines()]  # every line is JSON
    assert [line["message"] for line in lines if line["logger"] == "participation.platform.outbox"] == [
        "mail not sent (MAIL_BACKEND=log): Choose your password"
    ]
