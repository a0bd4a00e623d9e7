"""Who can rebuild their part of the index: apps register in AppConfig.ready()."""

from __future__ import annotations

from collections.abc import Callable

# reindex(workers, progress) -> how many objects were indexed; progress(done) as it goes.
Reindexer = Callable[[int, Callable[[int], None] | None], int]

_reindexers: dict[str, Reindexer] = {}


def register_reindexer(kind: str, reindex: Reindexer) -> None:
    _reindexers[kind] = reindex


def reindexers() -> dict[str, Reindexer]:
    return dict(_reindexers)
