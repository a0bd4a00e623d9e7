"""PostgreSQL: weighted tsvector columns over the terms (migrations 0002 and 0007), ts_rank()."""

from __future__ import annotations

import logging
from collections.abc import Iterator, Sequence
from contextlib import contextmanager, nullcontext
from itertools import combinations, pairwise
from typing import TYPE_CHECKING, Any

from django.db import DatabaseError, connection, transaction

from borikan.search.backends.base import (
    BODY_WEIGHT,
    TAGS_WEIGHT,
    TITLE_WEIGHT,
    Match,
    terms_present,
)
from borikan.search.stats import document_count, document_frequencies, inverse_frequency

if TYPE_CHECKING:
    from borikan.search.models import SearchDocument

logger = logging.getLogger(__name__)

TABLE = "search_searchdocument"
# The GIN indexes (migrations 0002 and 0007).
GIN_INDEXES = ("search_searchdocument_head", "search_searchdocument_vector")
# ts_rank's weights are listed D, C, B, A; the vector uses A title, B tags, C body.
RANK_WEIGHTS = f"'{{0, {BODY_WEIGHT}, {TAGS_WEIGHT}, {TITLE_WEIGHT}}}'::float4[]"
# A tsvector position stops here (PostgreSQL's MAXENTRYPOS - 1).
MAX_POSITION = 16_383
SAVE_BATCH = 500
# A GIN match's kind, checked on the rows it found: `kind || ''` keeps the planner off the kind
# index (most rows are of one kind; reading that index to intersect it with the GIN one took
# 12-20 ms at 100,000 articles, longer than the search).
OF_KIND = "kind || '' = %s"
# A row's vector, read (fetched, decompressed) once into a copy of its own.
COPY = "setweight({}, 'A', '{{}}'::text[])"
# An any-term match expected to find more documents than this (the sum of its terms' document
# counts) first looks for documents holding two of the terms (see _pairs).
PAIRS_ABOVE = 2_000
ALL_PAIRS_UP_TO = 6


def tsquery_lexeme(term: str) -> str:
    """A term as a quoted tsquery lexeme: taken literally, never as an operator."""
    return "'" + term.replace("\\", "\\\\").replace("'", "''") + "'"


def tsvector_entries(columns: Sequence[tuple[str, str]], offset: int = 0) -> tuple[list[str], int]:
    """Space-joined terms of each (terms, weight) column as tsvector entries `'term':position
    weight`, and the last position: what search_terms_tsvector(terms, weight) of each, joined
    with ||, gives in SQL (migration 0002). Positions count from 1 in each column, capped at
    MAX_POSITION, and each column starts past the highest position before it (`offset`, for
    the first)."""
    entries: list[str] = []
    for terms, weight in columns:
        if not terms:
            continue
        parts = terms.split(" ")
        if "'" in terms or "\\" in terms:
            parts = [tsquery_lexeme(term)[1:-1] if term else "" for term in parts]
        # The re-index builds some 2,000 entries an article: one f-string each, no call.
        if offset + len(parts) <= MAX_POSITION:
            entries += [f"'{term}':{n}{weight}" for n, term in enumerate(parts, offset + 1) if term]
        else:
            entries += [
                f"'{term}':{min(n, MAX_POSITION)}{weight}"
                for n, term in enumerate(parts, offset + 1)
                if term
            ]
        # The next column starts past this one's last term (trailing empty pieces hold none).
        while parts and not parts[-1]:
            parts.pop()
        offset = min(offset + len(parts), MAX_POSITION)
    return entries, offset


def _rank(vector: str, terms: Sequence[str], weights: list[float] | None) -> tuple[str, list[str]]:
    """The score of a row: ts_rank of the query, or with weights, the weighted sum of each
    term's own rank (normalisation 32, rank / (rank + 1), saturates repeats like BM25's k1)."""
    if weights is None:
        return f"ts_rank({RANK_WEIGHTS}, {vector}, query)", []
    parts = [
        f"{weight:.6f} * ts_rank({RANK_WEIGHTS}, {vector}, CAST(%s AS tsquery), 32)"
        for weight in weights
    ]
    return " + ".join(parts), [tsquery_lexeme(term) for term in terms]


def _pairs(terms: Sequence[str]) -> str:
    """A tsquery for documents holding two of terms: any two of a few, or two neighbours of
    many (the sound-alike trigrams of a misspelt word, which overlap in order)."""
    lexemes = [tsquery_lexeme(term) for term in terms]
    if len(lexemes) <= ALL_PAIRS_UP_TO:
        pairs = list(combinations(lexemes, 2))
    else:
        pairs = list(pairwise(lexemes))
    return " | ".join(f"({a} & {b})" for a, b in pairs)


# A save of this many rows or more (a re-index's batch, an import) merges the GIN pending list
# in bigger steps (see _bulk_settings).
BULK_ROWS = 200
BULK_SETTINGS = {"work_mem": "64MB", "gin_pending_list_limit": "16MB"}


@contextmanager
def _bulk_settings() -> Iterator[None]:
    """BULK_SETTINGS for the statements inside, in a transaction (a savepoint in the caller's).

    A GIN index gathers new entries in a pending list and merges it into the index proper when
    it passes gin_pending_list_limit (4 MB): each merge rewrites the posting list of every
    lexeme it holds, and sorted them in work_mem (4 MB), several rounds a merge. Each of the
    body's few thousand words is in a few hundred articles: a 100,000-article re-index spent
    half of the database's time there. Four times the list, merged in one round, cost a third
    less (0.73 instead of 1.11 ms of the database's time an article, at 30,000). The head
    index keeps its own 4 MB limit (migration 0009): every search reads its pending list.
    """
    with transaction.atomic(), connection.cursor() as cursor:
        names = list(BULK_SETTINGS)
        cursor.execute(
            "SELECT " + ", ".join(["current_setting(%s)"] * len(names)),
            names,
        )
        before = dict(zip(names, cursor.fetchone(), strict=True))
        cursor.execute(
            "SELECT " + ", ".join(["set_config(%s, %s, true)"] * len(names)),
            [part for name in names for part in (name, BULK_SETTINGS[name])],
        )
        yield
        # As they were, for the rest of the caller's transaction.
        cursor.execute(
            "SELECT " + ", ".join(["set_config(%s, %s, true)"] * len(names)),
            [part for name in names for part in (name, before[name])],
        )


# Where prepare() leaves a row's vectors: (its terms, head, vector).
PREPARED = "_search_vectors"


def _vectors(row: SearchDocument) -> tuple[str, str]:
    """The row's head and whole vector as tsvector text: as prepare() left them, if its terms
    are still the ones they were built from, else built now."""
    terms = (row.title, row.tags, row.body)
    prepared = row.__dict__.get(PREPARED)
    if prepared is not None and prepared[0] == terms:
        return prepared[1], prepared[2]
    head, last = tsvector_entries([(row.title, "A"), (row.tags, "B")])
    body, _last = tsvector_entries([(row.body, "C")], offset=last)
    return " ".join(head), " ".join(head + body)


class PostgresBackend:
    def prepare(self, rows: Sequence[SearchDocument]) -> None:
        # Building the vectors' text is a tenth of a millisecond a row: done where the text
        # is segmented (the re-index's worker processes), not in the one process that writes.
        for row in rows:
            row.__dict__.pop(PREPARED, None)
            row.__dict__[PREPARED] = ((row.title, row.tags, row.body), *_vectors(row))

    def match(
        self,
        *,
        kind: str,
        terms: Sequence[str],
        require_all: bool,
        limit: int,
        offset: int,
        with_terms: bool = True,
    ) -> list[Match]:
        # Cast from text, not to_tsquery(): the terms are already analysed, and the parser
        # would cut Thai words differently from how the vector was built.
        query = (" & " if require_all else " | ").join(map(tsquery_lexeme, terms))
        columns = "" if require_all or not with_terms else ", title, tags, body"
        weights: list[float] | None = None
        counts: dict[str, int] = {}
        if not require_all and len(terms) > 1:
            # ts_rank counts a common word as much as a rare one; weigh each term by its
            # rarity (BM25's idf), as SQLite's bm25() does, so "การ" cannot outrank "สิทธิบัตร".
            documents = document_count(self, kind)
            counts = document_frequencies(self, kind, terms)
            weights = [
                inverse_frequency(documents=documents, frequency=counts.get(term, 0))
                for term in terms
            ]
        # Titles and tags first (their own small vector, migration 0007): when they alone
        # give a full page, the bodies (most of the matches, and of the cost: ts_rank reads a
        # row's whole vector) are not read; a body match ranks below a title match anyway.
        # Else every match is ranked on the whole vector. As SQLite's backend does.
        tiers = [("head", query), ("vector", query)]
        if weights is not None and len(terms) > 2 and sum(counts.values()) > PAIRS_ABOVE:
            # Many documents hold one of the terms, and ranking each is the cost: documents
            # holding two of them come first, and rank first anyway, so when they fill the
            # page the rest is not read.
            pairs = _pairs(terms)
            tiers = [("head", pairs), ("head", query), ("vector", pairs), ("vector", query)]
        rows: list[tuple[Any, ...]] = []
        with connection.cursor() as cursor:
            for vector, matching in tiers:
                if weights is None:
                    rank, rank_params = _rank(vector, terms, weights)
                    cursor.execute(
                        f"SELECT object_id, {rank} AS score{columns}"
                        f" FROM {TABLE}, CAST(%s AS tsquery) AS query"
                        f" WHERE {vector} @@ query AND {OF_KIND}"
                        " ORDER BY score DESC, id LIMIT %s OFFSET %s",
                        [*rank_params, matching, kind, limit, offset],
                    )
                else:
                    # One ts_rank per term: each would fetch (and decompress) a stored vector
                    # anew, and a whole vector is several TOAST chunks. Copied once per row,
                    # in the subquery, the ranks read the copy. setweight() of no lexemes is
                    # the vector unchanged, a plain copy; `|| ''` rebuilt it entry by entry
                    # (a third of a 2,000-row ranking's time).
                    rank, rank_params = _rank("found.copy", terms, weights)
                    cursor.execute(
                        f"SELECT object_id, {rank} AS score{columns}"
                        f" FROM (SELECT id, object_id, {COPY.format(vector)} AS copy{columns}"
                        f" FROM {TABLE}, CAST(%s AS tsquery) AS query"
                        f" WHERE {vector} @@ query AND {OF_KIND} OFFSET 0) AS found"
                        " ORDER BY score DESC, id LIMIT %s OFFSET %s",
                        [*rank_params, matching, kind, limit, offset],
                    )
                rows = cursor.fetchall()
                if len(rows) >= limit:
                    break
        return [
            Match(
                object_id=row[0],
                score=float(row[1]),
                terms=terms_present(terms, *row[2:]) if len(row) > 2 else tuple(terms),
            )
            for row in rows
        ]

    def save(self, rows: Sequence[SearchDocument]) -> None:
        # With both vectors ready-made (the trigger of migration 0007 would build them in SQL,
        # at a cost of half a millisecond a row to the database, the scarcer of the two).
        # A row whose terms did not change keeps its very values, so PostgreSQL updates it in
        # place (HOT: no index entry, no TOAST written); only `updated_at` moves.
        changed = (
            f"({TABLE}.title, {TABLE}.tags, {TABLE}.body)"
            " IS DISTINCT FROM (EXCLUDED.title, EXCLUDED.tags, EXCLUDED.body)"
        )
        kept = ", ".join(
            f"{column} = CASE WHEN {changed} THEN EXCLUDED.{column} ELSE {TABLE}.{column} END"
            for column in ("title", "tags", "body", "head", "vector")
        )
        with _bulk_settings() if len(rows) >= BULK_ROWS else nullcontext():
            for start in range(0, len(rows), SAVE_BATCH):
                batch = rows[start : start + SAVE_BATCH]
                params: list[Any] = []
                for row in batch:
                    params += [row.kind, row.object_id, row.title, row.tags, row.body]
                    params += [row.updated_at, *_vectors(row)]
                values = ", ".join(
                    ["(%s, %s, %s, %s, %s, %s, CAST(%s AS tsvector), CAST(%s AS tsvector))"]
                    * len(batch)
                )
                with connection.cursor() as cursor:
                    cursor.execute(
                        f"INSERT INTO {TABLE}"
                        " (kind, object_id, title, tags, body, updated_at, head, vector)"
                        f" VALUES {values} ON CONFLICT (kind, object_id) DO UPDATE SET"
                        f" updated_at = EXCLUDED.updated_at, {kept}",
                        params,
                    )

    def settle(self) -> None:
        # A GIN index takes new rows into a "pending list" (fastupdate), merged into the index
        # proper once it passes gin_pending_list_limit (4 MB) or at a vacuum, and every search
        # reads that list whole: after a re-index, the last few thousand rows' entries stayed
        # there (489 pages of the head index at 100,000 articles, 3 ms on each head query,
        # every query of each search). Merged now, by the one who wrote them.
        try:
            with transaction.atomic(), connection.cursor() as cursor:
                for index in GIN_INDEXES:
                    cursor.execute("SELECT gin_clean_pending_list(%s::regclass)", [index])
        except DatabaseError as error:  # a role that does not own the index: vacuum will
            logger.warning("search index pending lists not merged: %s", error)

    def frequencies(self, *, kind: str, terms: Sequence[str]) -> dict[str, int]:
        # One count per term through the GIN index (a bitmap count: no row is ranked).
        found: dict[str, int] = {}
        with connection.cursor() as cursor:
            for term in terms:
                cursor.execute(
                    f"SELECT count(*) FROM {TABLE}"
                    f" WHERE vector @@ CAST(%s AS tsquery) AND {OF_KIND}",
                    [tsquery_lexeme(term), kind],
                )
                found[term] = int(cursor.fetchone()[0])
        return found

    def size(self, *, kind: str) -> int:
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT count(*) FROM {TABLE} WHERE kind = %s", [kind])
            return int(cursor.fetchone()[0])
