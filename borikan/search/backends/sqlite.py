"""SQLite: an FTS5 index over the terms (see migration 0002), ranked with bm25()."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.db import connection

from borikan.search.backends.base import (
    BODY_WEIGHT,
    TAGS_WEIGHT,
    TITLE_WEIGHT,
    Match,
    terms_present,
)
from borikan.search.models import SearchDocument

TABLE = "search_searchdocument"
FTS_TABLE = "search_searchdocument_fts"
VOCAB_TABLE = "search_searchdocument_vocab"
OVERFETCH = 3


def fts_quote(term: str) -> str:
    """A term as an FTS5 string: never an operator (AND, NEAR, ^, *, ...), whatever it holds."""
    return '"' + term.replace('"', '""') + '"'


class SQLiteBackend:
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
        expression = (" AND " if require_all else " OR ").join(map(fts_quote, terms))
        # Only an any-term match needs the stored terms, to tell which ones matched.
        columns = "" if require_all or not with_terms else ", d.title, d.tags, d.body"
        # bm25() is lower for better matches; its arguments weight the columns (kind: none).
        rank = f"bm25({FTS_TABLE}, {TITLE_WEIGHT}, {TAGS_WEIGHT}, {BODY_WEIGHT}, 0.0)"
        sql = (
            f"SELECT d.kind, d.object_id, found.rank{columns} FROM ("
            f"SELECT rowid, {rank} AS rank FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH %s"
            " ORDER BY rank, rowid LIMIT %s"
            f") AS found JOIN {TABLE} AS d ON d.id = found.rowid ORDER BY found.rank, found.rowid"
        )
        # Ranking is the cost, and filtering by kind inside the index doubles it; kinds share
        # few words, so rank every kind's matches, keep a few times the page, and filter. Only
        # when other kinds crowd the page out is the search made again, kind first.
        wanted = offset + limit
        with connection.cursor() as cursor:
            rows: list[tuple[Any, ...]] = []
            # Titles and tags first: when they alone give a full page, the bodies (most of
            # the matches, and of the cost) need not be ranked; a body match ranks below a
            # title match anyway.
            for scope in (f"{{title tags}} : ({expression})", expression):
                cursor.execute(sql, [scope, wanted * OVERFETCH])
                found = cursor.fetchall()
                rows = [row[1:] for row in found if row[0] == kind]
                if len(rows) < wanted and len(found) == wanted * OVERFETCH:
                    scoped = f"kind : {fts_quote(kind)} AND ({scope})"
                    cursor.execute(sql, [scoped, wanted])
                    rows = [row[1:] for row in cursor.fetchall()]
                if len(rows) >= wanted:
                    break
        rows = rows[offset:wanted]
        return [
            Match(
                object_id=row[0],
                score=-row[1],
                terms=terms_present(terms, *row[2:]) if len(row) > 2 else tuple(terms),
            )
            for row in rows
        ]

    def prepare(self, rows: Sequence[SearchDocument]) -> None:
        pass  # the FTS5 triggers do everything, in the database

    def settle(self) -> None:
        pass  # FTS5 merges its segments as it writes

    def save(self, rows: Sequence[SearchDocument]) -> None:
        # INSERT ... ON CONFLICT DO UPDATE; the FTS table follows through its triggers.
        SearchDocument.objects.bulk_create(
            rows,
            batch_size=500,
            update_conflicts=True,
            unique_fields=["kind", "object_id"],
            update_fields=["title", "tags", "body", "updated_at"],
        )

    def frequencies(self, *, kind: str, terms: Sequence[str]) -> dict[str, int]:
        # The vocabulary counts documents of every kind: close enough to tell a common term,
        # and read from the index's own term list (no document is visited).
        if not terms:
            return {}
        marks = ", ".join(["%s"] * len(terms))
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT term, doc FROM {VOCAB_TABLE} WHERE term IN ({marks})", list(terms)
            )
            found = dict(cursor.fetchall())
        return {term: int(found.get(term, 0)) for term in terms}

    def size(self, *, kind: str) -> int:
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT count(*) FROM {TABLE} WHERE kind = %s", [kind])
            return int(cursor.fetchone()[0])

    def rebuild(self) -> None:
        """Rebuild the FTS5 index from the stored terms (after a restore or a remade table)."""
        with connection.cursor() as cursor:
            cursor.execute(f"INSERT INTO {FTS_TABLE} ({FTS_TABLE}) VALUES ('rebuild')")
