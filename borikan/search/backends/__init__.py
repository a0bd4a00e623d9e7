"""Search backends, one per database vendor, chosen like Django's own database backends."""

from __future__ import annotations

from django.core.exceptions import ImproperlyConfigured
from django.db import connection

from borikan.search.backends.base import Match, SearchBackend
from borikan.search.backends.postgres import PostgresBackend
from borikan.search.backends.sqlite import SQLiteBackend

__all__ = ["Match", "SearchBackend", "get_backend"]

_BACKENDS: dict[str, SearchBackend] = {
    "sqlite": SQLiteBackend(),
    "postgresql": PostgresBackend(),
}


def get_backend() -> SearchBackend:
    """The backend for the default database."""
    try:
        return _BACKENDS[connection.vendor]
    except KeyError:
        raise ImproperlyConfigured(
            f"Thai search supports SQLite and PostgreSQL, not {connection.vendor}."
        ) from None
