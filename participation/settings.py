"""Settings, read from environment variables with production-safe defaults.

`APP_ENV` chooses the profile: ``production`` (the default), ``development`` or ``testing``.
Production refuses to start without a ``SECRET_KEY``; development keeps one it made in the instance folder,
testing makes one up.
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
# The checkout the app runs from.
ROOT = Path(__file__).resolve().parent.parent
# The retention periods' defaults, in days (README's "Retention" section gives the reasons).
RETENTION_DEFAULT_DAYS = {
    # Children's words: two years after the review, or after a statement was closed, covers the next
    # reviews, the year's annual report (written after March) and a complaint about the year.
    "consultation_words": 730,
    "statement_words": 730,
    # A child's record a year after they left care: the council's case record is the record kept to their
    # 75th birthday; this app is a conduit, and a young person who comes back into care within a year finds
    # their space as they left it.
    "child_record": 365,
    # Feedback comments: two annual reports' worth.
    "feedback_comments": 730,
    # Single-use links, sessions and sent mail are only needed to answer "did it work?" questions.
    "feedback_links": 30,
    "outbox_messages": 90,
    "sessions": 90,
    "password_reset_tokens": 30,
    "held_forms": 30,
    # The audit trail: seven years, the six-year limitation period for a claim plus a year to bring it.
    "audit_events": 2557,
}


class ConfigError(RuntimeError):
    """Raised when the settings would make the app unsafe or unable to run."""


def _development_key(instance_path: str) -> str:
    """In development without a SECRET_KEY: one made once and kept in the instance folder, so every command
    (`flask demo-data`, the server, `flask staff-code`) encrypts and reads the demo's authenticator-app secrets
    with the same key, and signed-in sessions survive a restart."""
    path = Path(instance_path) / "development-secret-key"
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        try:
            with os.fdopen(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600), "w") as file:
                file.write(secrets.token_hex(32))
        except FileExistsError:
            pass  # another command made it at the same moment
    return path.read_text().strip()


def _env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def _env_words(name: str, default: str) -> tuple[str, ...]:
    """A list setting, its values separated by commas or spaces."""
    return tuple(os.environ.get(name, default).replace(",", " ").split())


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
        secret_key = _development_key(instance_path) if env == "development" else secrets.token_hex(32)

    default_db = "sqlite:///" + str(Path(instance_path) / "participation.sqlite3")
    config = {
        "APP_ENV": env,
        "TESTING": testing,
        "SECRET_KEY": secret_key,
        "SQLALCHEMY_DATABASE_URI": _normalise_db_url(os.environ.get("DATABASE_URL", default_db)),
        # hide_parameters: a database error (which is logged) never quotes the values sent, which can be a
        # child's words.
        "SQLALCHEMY_ENGINE_OPTIONS": {"pool_pre_ping": True, "hide_parameters": True},
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
        # Operations: the log level (logs are JSON lines on standard error), where `scripts/build-static` puts
        # the hashed and compressed static files, and how long an urgent email may wait unsent before
        # /readyz says the app is not ready.
        "LOG_LEVEL": os.environ.get("LOG_LEVEL", "INFO"),
        "STATIC_BUILD_DIR": os.environ.get("STATIC_BUILD_DIR") or str(ROOT / "build" / "static"),
        "READY_OUTBOX_MAX_SECONDS": _env_int("READY_OUTBOX_MAX_SECONDS", 300),
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
        # A sliding window: with fixed windows, 10 tries just before a minute turns and 10 just after all get
        # through in two seconds (and a test of the limit failed whenever its tries straddled the minute).
        "RATELIMIT_STRATEGY": "sliding-window-counter",
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
        # How long each kind of record is kept, in days, before the retention job deletes or anonymises it
        # (`platform.retention` says what each counts from and what is done): RETENTION_<KIND>_DAYS.
        "RETENTION_DAYS": {
            kind: _env_int(f"RETENTION_{kind.upper()}_DAYS", days) for kind, days in RETENTION_DEFAULT_DAYS.items()
        },
        "TIMEZONE": os.environ.get("TIMEZONE", "Europe/London"),
        "BABEL_DEFAULT_TIMEZONE": os.environ.get("TIMEZONE", "Europe/London"),
        # Single sign-on with the council's identity provider (OpenID Connect), off unless OIDC_ISSUER is set
        # (see README "Single sign-on"). Staff are matched by an email the provider says is verified, or by
        # the email claim itself where OIDC_TRUST_EMAIL_CLAIM says the council controls every address in it.
        "OIDC_ISSUER": os.environ.get("OIDC_ISSUER", "").strip(),
        "OIDC_CLIENT_ID": os.environ.get("OIDC_CLIENT_ID", "").strip(),
        "OIDC_CLIENT_SECRET": os.environ.get("OIDC_CLIENT_SECRET", ""),
        # The button reads "Sign in with <name>", e.g. "Sign in with Microsoft" (unset: "with your organisation").
        "OIDC_PROVIDER_NAME": os.environ.get("OIDC_PROVIDER_NAME", "").strip(),
        "OIDC_TRUST_EMAIL_CLAIM": _env_bool("OIDC_TRUST_EMAIL_CLAIM", False),
        # The provider's multi-factor sign-in counts as the second factor only when its ID token says so: an
        # `amr` value or the `acr` value from these lists.
        "OIDC_REQUIRE_MFA": _env_bool("OIDC_REQUIRE_MFA", True),
        "OIDC_MFA_AMR": _env_words("OIDC_MFA_AMR", "mfa ngcmfa"),
        "OIDC_MFA_ACR": _env_words("OIDC_MFA_ACR", ""),
    }
    config.update(overrides)
    if "SQLALCHEMY_DATABASE_URI" in overrides:
        config["SQLALCHEMY_DATABASE_URI"] = _normalise_db_url(overrides["SQLALCHEMY_DATABASE_URI"])
    oidc = [config[name] for name in ("OIDC_ISSUER", "OIDC_CLIENT_ID", "OIDC_CLIENT_SECRET")]
    if any(oidc) and not all(oidc):
        raise ConfigError("Single sign-on needs all of OIDC_ISSUER, OIDC_CLIENT_ID and OIDC_CLIENT_SECRET.")
    retention: dict[str, int] = config["RETENTION_DAYS"]  # type: ignore[assignment]
    negative = sorted(kind for kind, days in retention.items() if days < 0)
    if negative:
        raise ConfigError(f"RETENTION_{negative[0].upper()}_DAYS must be 0 or more days.")
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
