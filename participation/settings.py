"""Settings, read from environment variables with production-safe defaults.

`APP_ENV` chooses the profile: ``production`` (the default), ``development`` or ``testing``.
Production refuses to start without a ``SECRET_KEY``; the other profiles make one up.
`load` builds the app's config once at start; `get` is how code below the web layer reads one setting.
"""

from __future__ import annotations

import os
import secrets
from datetime import timedelta
from pathlib import Path
from typing import Any

from flask import current_app

ENVIRONMENTS = ("production", "development", "testing")


class ConfigError(RuntimeError):
    """Raised when the settings would make the app unsafe or unable to run."""


def _env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def _env_int(name: str, default: int) -> int:
    value = os.environ.get(name)
    return int(value) if value not in (None, "") else default


def load(instance_path: str, overrides: dict | None = None) -> dict:
    """Build the Flask config mapping for the profile named by ``APP_ENV`` (or ``overrides``)."""
    overrides = dict(overrides or {})
    env = overrides.get("APP_ENV") or os.environ.get("APP_ENV", "production")
    if env not in ENVIRONMENTS:
        raise ConfigError(f"APP_ENV must be one of {', '.join(ENVIRONMENTS)}, not {env!r}")
    production = env == "production"
    testing = env == "testing"

    secret_key = os.environ.get("SECRET_KEY") or overrides.get("SECRET_KEY")
    if not secret_key:
        if production:
            raise ConfigError("SECRET_KEY must be set in production (a long random string).")
        secret_key = secrets.token_hex(32)

    default_db = "sqlite:///" + str(Path(instance_path) / "participation.sqlite3")
    config = {
        "APP_ENV": env,
        "TESTING": testing,
        "SECRET_KEY": secret_key,
        "SQLALCHEMY_DATABASE_URI": _normalise_db_url(os.environ.get("DATABASE_URL", default_db)),
        "SQLALCHEMY_ENGINE_OPTIONS": {"pool_pre_ping": True},
        # Sessions: the cookie only carries a random session id; the record lives in the database
        # so that logging out or quick exit really ends it.
        "SESSION_COOKIE_NAME": "__Host-participation" if production else "participation",
        "SESSION_COOKIE_SECURE": production,
        "SESSION_COOKIE_HTTPONLY": True,
        "SESSION_COOKIE_SAMESITE": "Lax",
        "PERMANENT_SESSION_LIFETIME": timedelta(hours=12),
        # Set the cookie only when the session changes. Refreshing it on every response let a late
        # response (e.g. the browser's favicon request for the previous page) overwrite a newer cookie
        # and lose its CSRF token; idle time-outs are kept on the server (`AuthSession`) anyway.
        "SESSION_REFRESH_EACH_REQUEST": False,
        "REMEMBER_COOKIE_DURATION": timedelta(seconds=0),
        "STAFF_IDLE_TIMEOUT": timedelta(minutes=_env_int("STAFF_IDLE_MINUTES", 30)),
        "CHILD_IDLE_TIMEOUT": timedelta(minutes=_env_int("CHILD_IDLE_MINUTES", 20)),
        # A page of answers sent this long after the child's space closed by itself is still saved.
        "CHILD_RESCUE_WINDOW": timedelta(hours=_env_int("CHILD_RESCUE_HOURS", 12)),
        "MAX_CONTENT_LENGTH": _env_int("MAX_CONTENT_LENGTH", 256 * 1024),
        "WTF_CSRF_TIME_LIMIT": None,  # the token lives as long as the session, which is bounded anyway
        # The strict check needs a Referer header, which our no-referrer policy never sends; the
        # CSRF token plus SameSite cookies protect the forms.
        "WTF_CSRF_SSL_STRICT": False,
        # How many proxies in front of the app set X-Forwarded-For/-Proto (0: trust none). Rate limits
        # count per client address, so behind a proxy this must be set.
        "TRUSTED_PROXIES": _env_int("TRUSTED_PROXIES", 0),
        # Organisation details shown to children and used for alerts.
        "ORG_NAME": os.environ.get("ORG_NAME", "Demo Borough Council"),
        # The council's name in other languages, where it has one: ORG_NAME_AR, ORG_NAME_PS, ORG_NAME_FA_AF …
        "ORG_NAMES": {
            name.removeprefix("ORG_NAME_").lower().replace("_af", "_AF"): value
            for name, value in os.environ.items()
            if name.startswith("ORG_NAME_") and value
        },
        # The language staff work in; a child's words in any other language are marked "needs translating".
        "WORKING_LANGUAGE": os.environ.get("WORKING_LANGUAGE", "en"),
        "DUTY_TEAM_EMAIL": os.environ.get("DUTY_TEAM_EMAIL", "duty-team@example.org"),
        "COMPLAINTS_EMAIL": os.environ.get("COMPLAINTS_EMAIL", "complaints@example.org"),
        "OUT_OF_HOURS_PHONE": os.environ.get("OUT_OF_HOURS_PHONE", "0300 123 4567"),
        "QUICK_EXIT_URL": os.environ.get("QUICK_EXIT_URL", "https://www.bbc.co.uk/weather"),
        "PUBLIC_BASE_URL": os.environ.get("PUBLIC_BASE_URL", "http://127.0.0.1:5000"),
        # Mail: "smtp" sends through MAIL_SERVER; "log" writes messages to the log (development).
        "MAIL_BACKEND": os.environ.get("MAIL_BACKEND", "smtp" if production else "log"),
        "MAIL_SERVER": os.environ.get("MAIL_SERVER", "localhost"),
        "MAIL_PORT": _env_int("MAIL_PORT", 25),
        "MAIL_USERNAME": os.environ.get("MAIL_USERNAME"),
        "MAIL_PASSWORD": os.environ.get("MAIL_PASSWORD"),
        "MAIL_USE_TLS": _env_bool("MAIL_USE_TLS", False),
        "MAIL_FROM": os.environ.get("MAIL_FROM", "participation@example.org"),
        "MAIL_MAX_ATTEMPTS": _env_int("MAIL_MAX_ATTEMPTS", 10),
        # A mail server that does not answer is given up on quickly, and the message tried again later.
        "MAIL_TIMEOUT": _env_int("MAIL_TIMEOUT", 5),
        # How often the worker looks for mail to send (urgent mail goes within this, plus the sending).
        "WORKER_POLL_SECONDS": float(os.environ.get("WORKER_POLL_SECONDS") or 1),
        # Guessing limits.
        "RATELIMIT_STORAGE_URI": os.environ.get("RATELIMIT_STORAGE_URI", "memory://"),
        "RATELIMIT_HEADERS_ENABLED": False,
        "LOGIN_RATE_LIMIT": os.environ.get("LOGIN_RATE_LIMIT", "10 per minute;50 per hour"),
        "CHILD_SECRET_MAX_TRIES": _env_int("CHILD_SECRET_MAX_TRIES", 5),
        # Wrong passwords for one staff account, across every worker, before signing in to it pauses.
        "STAFF_SIGN_IN_MAX_TRIES": _env_int("STAFF_SIGN_IN_MAX_TRIES", 10),
        "STAFF_SIGN_IN_PAUSE": timedelta(minutes=_env_int("STAFF_SIGN_IN_PAUSE_MINUTES", 15)),
        "CHILD_SECRET_PAUSE": timedelta(minutes=_env_int("CHILD_SECRET_PAUSE_MINUTES", 15)),
        "PASSWORD_RESET_LIFETIME": timedelta(hours=_env_int("PASSWORD_RESET_HOURS", 24)),
        # Argon2id cost; production uses the library's RFC 9106 defaults.
        "ARGON2_TIME_COST": _env_int("ARGON2_TIME_COST", 1 if testing else 3),
        "ARGON2_MEMORY_COST": _env_int("ARGON2_MEMORY_COST", 8 * 1024 if testing else 64 * 1024),
        "HSTS": production,
        # What children raise: a problem is acknowledged within ACK working days and has an outcome within
        # OUTCOME working days; a late one is reminded, then escalated ESCALATE working days after that.
        "ACKNOWLEDGE_WORKING_DAYS": _env_int("ACKNOWLEDGE_WORKING_DAYS", 3),
        "OUTCOME_WORKING_DAYS": _env_int("OUTCOME_WORKING_DAYS", 10),
        "ESCALATE_WORKING_DAYS": _env_int("ESCALATE_WORKING_DAYS", 2),
        # The participation team's shared mailbox: items for adults without an account, escalations.
        "PARTICIPATION_TEAM_EMAIL": os.environ.get("PARTICIPATION_TEAM_EMAIL", "participation-team@example.org"),
        # Fair use of one child's space (generous for a child, tight for a script).
        "CHILD_STATEMENTS_PER_HOUR": _env_int("CHILD_STATEMENTS_PER_HOUR", 20),
        "CHILD_STATEMENTS_PER_DAY": _env_int("CHILD_STATEMENTS_PER_DAY", 50),
        "CHILD_ADDITIONS_PER_HOUR": _env_int("CHILD_ADDITIONS_PER_HOUR", 30),
        # Another "I don't feel safe" within this many minutes joins the open alert instead of a new one.
        "UNSAFE_REPEAT_MINUTES": _env_int("UNSAFE_REPEAT_MINUTES", 30),
        # An urgent alert must be acknowledged within this many clock hours; until it is, it is sent again
        # every URGENT_RESEND_MINUTES, and escalated once when the hours have passed.
        "URGENT_ACKNOWLEDGE_HOURS": _env_int("URGENT_ACKNOWLEDGE_HOURS", 4),
        "URGENT_RESEND_MINUTES": _env_int("URGENT_RESEND_MINUTES", 60),
        # Feedback after a review: how long it stays open (and links work), and the figures' small numbers:
        # in any breakdown, counts from 1 to SMALL_NUMBERS-1 show as "fewer than SMALL_NUMBERS".
        "FEEDBACK_DAYS": _env_int("FEEDBACK_DAYS", 28),
        "SMALL_NUMBERS": _env_int("SMALL_NUMBERS", 5),
        # An IRO sees figures from feedback on their own reviews only from this many responses.
        "IRO_FEEDBACK_MINIMUM": _env_int("IRO_FEEDBACK_MINIMUM", 5),
        "UPCOMING_WORKING_DAYS": _env_int("UPCOMING_WORKING_DAYS", 20),
        "TIMEZONE": os.environ.get("TIMEZONE", "Europe/London"),
        "BABEL_DEFAULT_TIMEZONE": os.environ.get("TIMEZONE", "Europe/London"),
    }
    config.update(overrides)
    if "SQLALCHEMY_DATABASE_URI" in overrides:
        config["SQLALCHEMY_DATABASE_URI"] = _normalise_db_url(overrides["SQLALCHEMY_DATABASE_URI"])
    return config


def get(name: str) -> Any:
    """One setting of the running app (domain code reads settings here, never from Flask directly)."""
    return current_app.config[name]


def _normalise_db_url(url: str) -> str:
    """Use the psycopg 3 driver for PostgreSQL URLs written the usual way."""
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix) :]
    return url


def shared_limits_warning(workers: int, storage_uri: str) -> str | None:
    """What to warn about when several web workers would each keep their own rate-limit counters (the
    default ``memory://`` store lives inside one process): each limit would be that many times looser."""
    if workers <= 1 or not storage_uri.startswith("memory://"):
        return None
    return (
        f"{workers} web workers share RATELIMIT_STORAGE_URI=memory://, so each keeps its own counters and every "
        f"per-address limit is {workers} times looser. Set RATELIMIT_STORAGE_URI to redis://… or memcached://… "
        "(the per-account sign-in and PIN limits are kept in the database and hold regardless)."
    )
