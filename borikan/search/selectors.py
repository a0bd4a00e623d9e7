"""Reads from the search index: Thai (and any other) text queries, best match first.

Results are object ids only; the calling app loads its objects through its own selectors,
which scope them to the acting user's office or agency.
"""

from __future__ import annotations

from dataclasses import dataclass

from borikan.search.backends import get_backend
from borikan.search.text import analyse_query

MAX_LIMIT = 1_000


@dataclass(frozen=True, slots=True)
class SearchHit:
    """One matching object: its id, a score (higher is better) and the query terms it matched."""

    object_id: str
    score: float
    terms: tuple[str, ...]


def search_query(*, kind: str, query: str, limit: int = 20, offset: int = 0) -> list[SearchHit]:
    """Objects of kind matching query, best first; [] for a query with nothing to search."""
    analysed = analyse_query(query)
    limit, offset = min(limit, MAX_LIMIT), max(offset, 0)
    if not analysed.words or limit <= 0:
        return []
    any_terms = tuple(dict.fromkeys(analysed.words + analysed.syllables))
    # Strictest first, loosening only when a stage finds nothing: every word; else every
    # syllable (the dictionary may cut the query's words differently from the document's,
    # e.g. ตากลม as one word in the query, ตาก + ลม in the text); else any term at all.
    stages = [(analysed.words, True)]
    if analysed.syllables != analysed.words:
        stages.append((analysed.syllables, True))
    if len(any_terms) > 1:
        stages.append((any_terms, False))
    backend = get_backend()
    for terms, require_all in stages:
        matches = backend.match(
            kind=kind, terms=terms, require_all=require_all, limit=limit, offset=offset
        )
        # A page past the end of a stage's results is empty, not a reason to loosen.
        if matches or (
            offset
            and backend.match(kind=kind, terms=terms, require_all=require_all, limit=1, offset=0)
        ):
            return [SearchHit(object_id=m.object_id, score=m.score, terms=m.terms) for m in matches]
    return []


def search_ids(*, kind: str, query: str, limit: int = 20) -> list[str]:
    """The ids of the best-matching objects of kind, best first."""
    return [hit.object_id for hit in search_query(kind=kind, query=query, limit=limit)]
