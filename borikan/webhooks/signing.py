"""The signature of a webhook call, for senders and receivers alike.

Headers: `X-Borikan-Timestamp` (Unix seconds) and `X-Borikan-Signature: sha256=<hex>`, the
HMAC-SHA256 with the webhook's secret of `<timestamp>.` followed by the raw body. A receiver
recomputes it, compares in constant time, and refuses old timestamps (replays)."""

from __future__ import annotations

import hashlib
import hmac
import time

TIMESTAMP_HEADER = "X-Borikan-Timestamp"
SIGNATURE_HEADER = "X-Borikan-Signature"
TOLERANCE_SECONDS = 300


def signature(*, secret: str, timestamp: int, body: bytes) -> str:
    digest = hmac.new(secret.encode(), f"{timestamp}.".encode() + body, hashlib.sha256)
    return "sha256=" + digest.hexdigest()


def signature_valid(
    *,
    secret: str,
    timestamp: str,
    body: bytes,
    signed: str,
    now: float | None = None,
    tolerance: int = TOLERANCE_SECONDS,
) -> bool:
    """True when `signed` is the signature of this body at this timestamp, and the timestamp is
    within `tolerance` seconds of now."""
    try:
        moment = int(timestamp)
    except (TypeError, ValueError):
        return False
    if abs((now if now is not None else time.time()) - moment) > tolerance:
        return False
    return hmac.compare_digest(signature(secret=secret, timestamp=moment, body=body), signed)
