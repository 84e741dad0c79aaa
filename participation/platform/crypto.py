"""Tokens and hashing: random tokens for links and sessions (stored as SHA-256 digests), Argon2id for
low-entropy secrets (staff passwords, children's PINs and picture sequences), and encryption for the few
secrets that must be read back (staff authenticator-app secrets), with a key derived from ``SECRET_KEY``."""

from __future__ import annotations

import base64
import hashlib
import secrets

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from cryptography.fernet import Fernet, InvalidToken
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from .. import settings

_HASHERS: dict[tuple[int, int], PasswordHasher] = {}


def new_token() -> str:
    """A long random URL-safe token (256 bits) for links and sessions."""
    return secrets.token_urlsafe(32)


def token_digest(token: str) -> str:
    """The SHA-256 digest under which a high-entropy token is stored and looked up."""
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def _hasher() -> PasswordHasher:
    cost = (settings.get("ARGON2_TIME_COST"), settings.get("ARGON2_MEMORY_COST"))
    if cost not in _HASHERS:
        _HASHERS[cost] = PasswordHasher(time_cost=cost[0], memory_cost=cost[1], parallelism=1)
    return _HASHERS[cost]


def hash_secret(secret: str) -> str:
    """Hash a low-entropy secret (staff password, child PIN or picture sequence) with Argon2id."""
    return _hasher().hash(secret)


def verify_secret(stored_hash: str | None, secret: str) -> bool:
    """True when ``secret`` matches ``stored_hash``; never raises on a wrong or malformed hash."""
    if not stored_hash:
        return False
    try:
        return _hasher().verify(stored_hash, secret)
    except (VerificationError, InvalidHashError):
        return False


def _fernet() -> Fernet:
    """Fernet (AES-128-CBC with HMAC-SHA256) under a key derived from ``SECRET_KEY`` for this purpose only, so
    the signing key of cookies is never used as an encryption key itself."""
    secret_key = str(settings.get("SECRET_KEY")).encode("utf-8")
    key = HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=b"participation stored secrets v1").derive(
        secret_key
    )
    return Fernet(base64.urlsafe_b64encode(key))


def encrypt_text(text: str) -> str:
    """Encrypt a secret that must be read back later (it is also authenticated: a changed one will not open)."""
    return _fernet().encrypt(text.encode("utf-8")).decode("ascii")


def decrypt_text(token: str | None, max_age_seconds: int | None = None) -> str | None:
    """The text ``encrypt_text`` made, or None when it was changed, made under another key, or is older than
    ``max_age_seconds``."""
    if not token:
        return None
    try:
        return _fernet().decrypt(token.encode("ascii"), ttl=max_age_seconds).decode("utf-8")
    except (InvalidToken, UnicodeError, ValueError):
        return None
