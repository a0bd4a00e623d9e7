"""Random secrets for tokens: shown once, stored as SHA-256."""

from __future__ import annotations

import hashlib
import secrets


def secret_hash(secret: str) -> str:
    # Secrets are 256-bit random strings, so a plain SHA-256 is enough (no stretching needed).
    return hashlib.sha256(secret.encode()).hexdigest()


def secret_new(prefix: str) -> tuple[str, str]:
    """A new secret starting with `prefix`, and its hash to store."""
    secret = prefix + secrets.token_urlsafe(32)
    return secret, secret_hash(secret)
