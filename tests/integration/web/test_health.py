"""/healthz and /readyz: what a load balancer, systemd or monitoring asks before sending people to the app."""

from __future__ import annotations

from datetime import timedelta

from participation import create_app
from participation.extensions import db, limiter
from participation.platform import outbox
from participation.platform.clock import utcnow
from participation.web import health


def queue_reset_email(*, urgent: bool):
    """An email in the outbox, not sent (the content does not matter here)."""
    return outbox.queue(
        "someone@example.org", "password_reset", urgent=urgent, name="Sam", link="https://example.org/r", hours=24
    )


def test_healthz_says_the_process_is_up_without_a_cookie_or_caching(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.get_json() == {"status": "ok"}
    assert response.headers["Cache-Control"] == "no-store"
    assert "Set-Cookie" not in response.headers


def test_readyz_passes_on_a_migrated_database_with_no_mail_waiting(client):
    response = client.get("/readyz")
    assert response.status_code == 200, response.get_json()
    body = response.get_json()
    assert body["status"] == "ready"
    assert body["checks"]["database"] == {"ok": True}
    assert body["checks"]["migrations"]["ok"] is True
    assert body["checks"]["migrations"]["database"] == body["checks"]["migrations"]["code"]
    assert body["checks"]["outbox"]["oldest_urgent_seconds"] == 0
    assert response.headers["Cache-Control"] == "no-store"
    assert "Set-Cookie" not in response.headers


def test_readyz_fails_when_an_urgent_alert_has_waited_too_long(app, client):
    with app.app_context():
        message = queue_reset_email(urgent=True)
        message.created_at = utcnow() - timedelta(seconds=app.config["READY_OUTBOX_MAX_SECONDS"] + 60)
        db.session.commit()
    response = client.get("/readyz")
    assert response.status_code == 503
    checks = response.get_json()["checks"]
    assert checks["outbox"]["ok"] is False and checks["outbox"]["oldest_urgent_seconds"] >= 360
    assert checks["database"]["ok"] and checks["migrations"]["ok"]  # each check says what it found


def test_an_ordinary_email_waiting_does_not_make_the_app_unready(app, client):
    with app.app_context():
        message = queue_reset_email(urgent=False)
        message.created_at = utcnow() - timedelta(hours=5)
        db.session.commit()
    assert client.get("/readyz").status_code == 200


def test_readyz_fails_when_the_database_is_behind_the_code(client, monkeypatch):
    monkeypatch.setattr(health, "_heads", frozenset({"9999"}))
    response = client.get("/readyz")
    assert response.status_code == 503
    migrations = response.get_json()["checks"]["migrations"]
    assert migrations["ok"] is False and migrations["code"] == ["9999"] and migrations["database"] != ["9999"]


def test_readyz_fails_when_the_database_cannot_be_reached(app_config, tmp_path):
    unreachable = create_app({**app_config, "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path}/no/such/folder/db"})
    response = unreachable.test_client().get("/readyz")
    assert response.status_code == 503
    body = response.get_json()
    assert body == {"status": "not ready", "checks": {"database": {"ok": False, "error": "OperationalError"}}}
    # The process itself is still up.
    assert unreachable.test_client().get("/healthz").status_code == 200


def test_health_checks_are_never_rate_limited(app_config, monkeypatch):
    # The one limiter keeps default limits for good once an app sets them: for this test only.
    monkeypatch.setattr(limiter.limit_manager, "_default_limits", [])
    limited = create_app({**app_config, "RATELIMIT_DEFAULT": "3 per minute"})
    client = limited.test_client()
    assert [client.get("/healthz").status_code for _ in range(6)] == [200] * 6
    assert [client.get("/readyz").status_code for _ in range(6)] == [200] * 6
    # The same limit does hold for a page that is not exempt.
    assert 429 in [client.get("/help").status_code for _ in range(6)]
