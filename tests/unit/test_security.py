import pytest
from flask import Flask

from participation.config import ConfigError, load_config
from participation.security import hash_secret, new_token, token_digest, verify_secret


@pytest.fixture
def app_ctx():
    app = Flask(__name__)
    app.config.update(ARGON2_TIME_COST=1, ARGON2_MEMORY_COST=8 * 1024)
    with app.app_context():
        yield


def test_tokens_are_long_random_and_stored_as_digests():
    first, second = new_token(), new_token()
    assert first != second and len(first) >= 43
    assert len(token_digest(first)) == 64 and first not in token_digest(first)
    assert token_digest(first) == token_digest(first) != token_digest(second)


def test_secrets_hash_with_argon2id_and_verify(app_ctx):
    stored = hash_secret("2468")
    assert stored.startswith("$argon2id$")
    assert verify_secret(stored, "2468")
    assert not verify_secret(stored, "2469")
    assert not verify_secret(None, "2468")
    assert not verify_secret("not a hash", "2468")


def test_production_needs_a_secret_key(monkeypatch, tmp_path):
    monkeypatch.delenv("SECRET_KEY", raising=False)
    monkeypatch.setenv("APP_ENV", "production")
    with pytest.raises(ConfigError):
        load_config(str(tmp_path))


def test_production_defaults_are_safe(monkeypatch, tmp_path):
    monkeypatch.setenv("SECRET_KEY", "x" * 40)
    monkeypatch.setenv("APP_ENV", "production")
    config = load_config(str(tmp_path))
    assert config["SESSION_COOKIE_SECURE"] and config["HSTS"] and config["MAIL_BACKEND"] == "smtp"
    assert config["SESSION_COOKIE_NAME"].startswith("__Host-")


def test_postgres_urls_use_psycopg3(monkeypatch, tmp_path):
    monkeypatch.setenv("APP_ENV", "development")
    monkeypatch.setenv("DATABASE_URL", "postgres://u:p@db/participation")
    assert load_config(str(tmp_path))["SQLALCHEMY_DATABASE_URI"] == "postgresql+psycopg://u:p@db/participation"


def test_unknown_environment_is_refused(monkeypatch, tmp_path):
    monkeypatch.setenv("APP_ENV", "staging")
    with pytest.raises(ConfigError):
        load_config(str(tmp_path))
