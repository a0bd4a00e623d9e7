"""Reads from the search index: Thai (and any other) text queries, best match first.

Results are object ids only; the calling app loads its objects through its own selectors,
which scope them to the acting user's office or agency.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from django.core.cache import cache

from borikan.search.backends import get_backend
from borikan.search.models import Synonym
from borikan.search.services import FUZZY_SUFFIX, SYNONYMS_CACHE_KEY
from borikan.search.stats import document_count, document_frequencies
from borikan.search.text import (
    MAX_QUERY_CHARS,
    MAX_QUERY_TERMS,
    analyse_query,
    cut_clusters,
    dictionary,
    fuzzy_terms,
    normalize,
)

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


# --- Ranked search, for articles: what people type, not what the text says -----------------

SYNONYMS_TTL_SECONDS = 60
# A term in more than this share of a kind's documents (and at least COMMON_MIN of them) says
# little about which one is meant, and costs the most to rank: any-word matches skip it (the
# every-word match keeps it). Counts are cached: they change slowly.
COMMON_SHARE = 0.01
# Trigrams are what finds a misspelt word: they may be twice as common.
COMMON_SHARE_TRIGRAMS = 0.02
COMMON_MIN = 500
# Reciprocal rank fusion: each list adds weight / (RRF_K + rank) to a document's score.
RRF_K = 10
CANDIDATES = 50


@dataclass(frozen=True, slots=True)
class RankedQuery:
    """A query as searched: the words meant (after the synonym list) and said (as typed), their
    syllables, sound-alike trigrams, and the terms worth marking in a snippet."""

    strict: tuple[str, ...]
    meant: tuple[str, ...]
    said: tuple[str, ...]
    syllables: tuple[str, ...]
    fuzzy: tuple[str, ...]
    marks: tuple[str, ...]
    # A Thai piece of the query is no known word: likely misspelt (or a name).
    unknown: bool = False


def synonyms_active() -> tuple[tuple[str, str], ...]:
    """(normalised phrase, replacement) pairs, longest phrase first; cached for a minute."""
    pairs: tuple[tuple[str, str], ...] | None = cache.get(SYNONYMS_CACHE_KEY)
    if pairs is None:
        pairs = tuple(
            sorted(
                Synonym.objects.values_list("normalized", "replacement"),
                key=lambda pair: -len(pair[0]),
            )
        )
        cache.set(SYNONYMS_CACHE_KEY, pairs, SYNONYMS_TTL_SECONDS)
    return pairs


def _has_phrase(text: str, phrase: str) -> bool:
    if phrase.isascii():  # Latin words match whole: "gi" is not in "gift"
        return re.search(rf"(?<![\w]){re.escape(phrase)}(?![\w])", text) is not None
    return phrase in text


def _worth_marking(term: str) -> bool:
    """A known word, or a Latin word or number: not the pieces a misspelt word falls into."""
    return len(term) > 1 and (term in dictionary() or not "\u0e01" <= term[0] <= "\u0e4e")


def _rejoined(words: tuple[str, ...]) -> str:
    """Words as they were written: Thai ones run together (a misspelt word falls into pieces
    that the sound-alike trigrams must see whole), a space around the others."""
    text = ""
    for word in words:
        thai = "\u0e01" <= word[0] <= "\u0e4e"
        text += word if thai and text and "\u0e01" <= text[-1] <= "\u0e4e" else f" {word}"
    return text


def ranked_query(query: str) -> RankedQuery:
    """What search_ranked looks for: the query rewritten by the synonym list, fillers gone."""
    text = cut_clusters(normalize(query), MAX_QUERY_CHARS)
    rewritten = text
    for phrase, replacement in synonyms_active():
        if _has_phrase(rewritten, phrase):
            rewritten = rewritten.replace(phrase, f" {replacement} ")
    said = analyse_query(text, drop_colloquial=True)
    meant = analyse_query(rewritten, drop_colloquial=True) if rewritten != text else said

    def capped(*parts: tuple[str, ...]) -> tuple[str, ...]:
        return tuple(dict.fromkeys(term for part in parts for term in part))[:MAX_QUERY_TERMS]

    return RankedQuery(
        strict=meant.words,
        meant=capped(meant.words, meant.inner),
        said=capped(said.words, said.inner),
        syllables=capped(meant.syllables, said.syllables),
        fuzzy=capped(tuple(fuzzy_terms(_rejoined(said.words)))),
        marks=tuple(
            term
            for term in capped(meant.words, meant.inner, said.words, said.inner)
            if _worth_marking(term)
        ),
        unknown=any(not _worth_marking(word) for word in said.words),
    )


def _common_terms(kind: str, terms: set[str], share: float = 0.0) -> set[str]:
    """Which of terms are too common in kind's documents to be worth an any-word match."""
    backend = get_backend()
    size = document_count(backend, kind)
    threshold = max(COMMON_MIN, (share or COMMON_SHARE) * size)
    if size <= threshold:
        return set()
    counts = document_frequencies(backend, kind, terms)
    return {term for term, count in counts.items() if count > threshold}


def search_ranked(*, kind: str, query: str, limit: int = 10) -> list[SearchHit]:
    """The best objects of kind for a query as people type it, best first.

    Several matches are fused by rank (reciprocal rank fusion): every word meant (after the
    synonym list); any word meant; any word said; any syllable; and the sound-alike trigrams
    of the title and tags (indexed with fuzzy=True). A document found by several of them, high
    in each, comes first. The weights were chosen on tests/data/kb (docs/knowledge.md).
    """
    limit = min(limit, MAX_LIMIT)
    ranked = ranked_query(query)
    if not ranked.said or limit <= 0:
        return []
    backend = get_backend()
    depth = max(limit, CANDIDATES)
    common = _common_terms(kind, {*ranked.meant, *ranked.said, *ranked.syllables})
    if ranked.unknown:
        common |= _common_terms(kind + FUZZY_SUFFIX, set(ranked.fuzzy), COMMON_SHARE_TRIGRAMS)

    def rare(terms: tuple[str, ...]) -> tuple[str, ...]:
        return tuple(term for term in terms if term not in common)

    scores: dict[str, float] = {}

    def fuse(search_kind: str, terms: tuple[str, ...], require_all: bool, weight: float) -> int:
        matches = backend.match(
            kind=search_kind,
            terms=terms,
            require_all=require_all,
            limit=depth,
            offset=0,
            with_terms=False,
        )
        for rank, match in enumerate(matches):
            scores[match.object_id] = scores.get(match.object_id, 0.0) + weight / (RRF_K + rank)
        return len(matches)

    every_word_found = fuse(kind, ranked.strict, True, 1.0) if ranked.strict else 0
    any_word: list[tuple[str, tuple[str, ...], float]] = [
        (kind, rare(ranked.meant), 1.0),
        (kind, rare(ranked.said), 0.5),
    ]
    if every_word_found < depth:
        # Syllables rescue words the dictionary cut differently; with a full page of
        # documents holding every word, there is nothing to rescue.
        any_word.append((kind, rare(ranked.syllables), 0.5))
    if ranked.unknown:
        # Trigrams cost the most and help only with what the dictionary does not know.
        any_word.append((kind + FUZZY_SUFFIX, rare(ranked.fuzzy), 0.3))
    done: set[tuple[str, tuple[str, ...]]] = set()
    for search_kind, terms, weight in any_word:
        # The same match twice (a query with no synonym, or of one-syllable words) is the
        # same evidence: counted once.
        if terms and (search_kind, terms) not in done:
            done.add((search_kind, terms))
            fuse(search_kind, terms, False, weight)
    best = sorted(scores.items(), key=lambda item: -item[1])[:limit]
    return [SearchHit(object_id=oid, score=score, terms=ranked.marks) for oid, score in best]
