"""PostgreSQL: a weighted tsvector column over the terms (see migration 0002), ts_rank()."""

from __future__ import annotations

from collections.abc import Sequence

from django.db import connection

from borikan.search.backends.base import (
    BODY_WEIGHT,
    TAGS_WEIGHT,
    TITLE_WEIGHT,
    Match,
    terms_present,
)
from borikan.search.stats import document_count, document_frequencies, inverse_frequency

TABLE = "search_searchdocument"
# ts_rank's weights are listed D, C, B, A; the vector uses A title, B tags, C body.
RANK_WEIGHTS = f"'{{0, {BODY_WEIGHT}, {TAGS_WEIGHT}, {TITLE_WEIGHT}}}'::float4[]"


def tsquery_lexeme(term: str) -> str:
    """A term as a quoted tsquery lexeme: taken literally, never as an operator."""
    return "'" + term.replace("\\", "\\\\").replace("'", "''") + "'"


class PostgresBackend:
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
        rank, rank_params = f"ts_rank({RANK_WEIGHTS}, vector, query)", []
        if not require_all and len(terms) > 1:
            # ts_rank counts a common word as much as a rare one; weigh each term by its
            # rarity (BM25's idf), as SQLite's bm25() does, so "การ" cannot outrank "สิทธิบัตร".
            # Normalisation 32 (rank / (rank + 1)) saturates repeats, like BM25's k1.
            documents = document_count(self, kind)
            counts = document_frequencies(self, kind, terms)
            parts = []
            for term in terms:
                idf = inverse_frequency(documents=documents, frequency=counts.get(term, 0))
                parts.append(
                    f"{idf:.6f} * ts_rank({RANK_WEIGHTS}, vector, CAST(%s AS tsquery), 32)"
                )
                rank_params.append(tsquery_lexeme(term))
            rank = " + ".join(parts)
        sql = (
            f"SELECT object_id, {rank} AS score{columns}"
            f" FROM {TABLE}, CAST(%s AS tsquery) AS query"
            " WHERE kind = %s AND vector @@ query"
            " ORDER BY score DESC, id LIMIT %s OFFSET %s"
        )
        with connection.cursor() as cursor:
            cursor.execute(sql, [*rank_params, query, kind, limit, offset])
            rows = cursor.fetchall()
        return [
            Match(
                object_id=row[0],
                score=float(row[1]),
                terms=terms_present(terms, *row[2:]) if len(row) > 2 else tuple(terms),
            )
            for row in rows
        ]

    def frequencies(self, *, kind: str, terms: Sequence[str]) -> dict[str, int]:
        # One count per term through the GIN index (a bitmap count: no row is ranked).
        found: dict[str, int] = {}
        with connection.cursor() as cursor:
            for term in terms:
                cursor.execute(
                    f"SELECT count(*) FROM {TABLE}"
                    " WHERE kind = %s AND vector @@ CAST(%s AS tsquery)",
                    [kind, tsquery_lexeme(term)],
                )
                found[term] = int(cursor.fetchone()[0])
        return found

    def size(self, *, kind: str) -> int:
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT count(*) FROM {TABLE} WHERE kind = %s", [kind])
            return int(cursor.fetchone()[0])
