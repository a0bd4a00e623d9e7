"""How many documents of a kind there are, and how many hold a term: cached, they move slowly.

The ranked search uses them to skip terms too common to rank by, and PostgreSQL to weight
terms by rarity (its ts_rank has no inverse document frequency; SQLite's bm25 has).
"""

from __future__ import annotations

import hashlib
import math
from collections.abc import Iterable
from typing import TYPE_CHECKING

from django.core.cache import cache

if TYPE_CHECKING:
    from borikan.search.backends.base import SearchBackend

FREQUENCY_TTL_SECONDS = 3_600
SIZE_TTL_SECONDS = 300


def document_count(backend: SearchBackend, kind: str) -> int:
    key = f"search:size:{kind}"
    size = cache.get(key)
    if size is None:
        size = backend.size(kind=kind)
        cache.set(key, size, SIZE_TTL_SECONDS)
    return int(size)


def document_frequencies(backend: SearchBackend, kind: str, terms: Iterable[str]) -> dict[str, int]:
    keys = {term: f"search:df:{kind}:{hashlib.sha1(term.encode()).hexdigest()}" for term in terms}
    cached = cache.get_many(list(keys.values()))
    counts = {term: int(cached[key]) for term, key in keys.items() if key in cached}
    missing = [term for term in keys if term not in counts]
    if missing:
        fresh = backend.frequencies(kind=kind, terms=missing)
        cache.set_many({keys[t]: n for t, n in fresh.items()}, FREQUENCY_TTL_SECONDS)
        counts.update(fresh)
    return counts


def inverse_frequency(*, documents: int, frequency: int) -> float:
    """BM25's idf: near 0 for a term in every document, large for a rare one."""
    return math.log(1 + (documents - frequency + 0.5) / (frequency + 0.5))
