"""Tokens and hashing: random tokens for links and sessions (stored as SHA-256 digests) and Argon2id for
low-entropy secrets (staff passwords, children's PINs and picture sequences)."""

from __future__ import annotations

import hashlib
import secrets

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

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
