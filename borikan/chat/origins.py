"""Which websites may embed the chat widget: CHAT_ALLOWED_ORIGINS, plus Borikan's own hosts."""

from __future__ import annotations

from urllib.parse import urlsplit

from django.conf import settings
from django.http.request import validate_host


def _normalized(origin: str) -> str:
    parts = urlsplit(origin.strip().lower())
    if parts.scheme not in ("http", "https") or not parts.hostname:
        return ""
    port = parts.port
    default = 443 if parts.scheme == "https" else 80
    netloc = parts.hostname if port in (None, default) else f"{parts.hostname}:{port}"
    if ":" in (parts.hostname or "") and not netloc.startswith("["):  # IPv6
        netloc = f"[{parts.hostname}]" + (f":{port}" if port not in (None, default) else "")
    return f"{parts.scheme}://{netloc}"


def origin_allowed(origin: str | None) -> bool:
    """True for an origin in CHAT_ALLOWED_ORIGINS or one of ALLOWED_HOSTS (Borikan's own pages)."""
    if not origin:
        return False
    normalized = _normalized(origin)
    if not normalized:
        return False
    allowed = {_normalized(o) for o in settings.CHAT_ALLOWED_ORIGINS}
    if "*" in settings.CHAT_ALLOWED_ORIGINS or normalized in allowed:
        return True
    host = urlsplit(normalized).hostname or ""
    return validate_host(host, settings.ALLOWED_HOSTS)
