import pytest
from flask import Flask

from participation.platform.crypto import (
    hash_secret,
    new_token,
    token_digest,
    verify_secret,
)


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
