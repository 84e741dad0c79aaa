import pytest

from participation.settings import ConfigError, load


def test_production_needs_a_secret_key(monkeypatch, tmp_path):
    monkeypatch.delenv("SECRET_KEY", raising=False)
    monkeypatch.setenv("APP_ENV", "production")
    with pytest.raises(ConfigError):
        load(str(tmp_path))


def test_production_defaults_are_safe(monkeypatch, tmp_path):
    monkeypatch.setenv("SECRET_KEY", "x" * 40)
    monkeypatch.setenv("APP_ENV", "production")
    config = load(str(tmp_path))
    assert config["SESSION_COOKIE_SECURE"] and config["HSTS"] and config["MAIL_BACKEND"] == "smtp"
    assert config["SESSION_COOKIE_NAME"].startswith("__Host-")


def test_postgres_urls_use_psycopg3(monkeypatch, tmp_path):
    monkeypatch.setenv("APP_ENV", "development")
    monkeypatch.setenv("DATABASE_URL", "postgres://u:p@db/participation")
    assert load(str(tmp_path))["SQLALCHEMY_DATABASE_URI"] == "postgresql+psycopg://u:p@db/participation"


def test_unknown_environment_is_refused(monkeypatch, tmp_path):
    monkeypatch.setenv("APP_ENV", "staging")
    with pytest.raises(ConfigError):
        load(str(tmp_path))
