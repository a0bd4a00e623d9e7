"""Database-specific parts of the index: FTS5 on SQLite, a tsvector column on PostgreSQL."""

from __future__ import annotations

import sqlite3

import pytest
from django.db import connection

from borikan.search.backends import get_backend
from borikan.search.backends.sqlite import SQLiteBackend, fts_quote
from borikan.search.models import SearchDocument
from borikan.search.selectors import search_ids
from borikan.search.services import search_index
from borikan.search.text import index_terms

THAI_TOKENIZER = "unicode61 categories 'L* N* Co M*' remove_diacritics 0"

only_sqlite = pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite FTS5")
only_postgres = pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL")


def test_default_fts5_tokenizer_confuses_rice_and_news_ours_does_not():
    # Why the tokenizer option: unicode61 alone drops the tone mark, rice (ข้าว) = news (ข่าว).
    db = sqlite3.connect(":memory:")
    for name, tokenizer in [("plain", "unicode61"), ("thai", THAI_TOKENIZER)]:
        db.execute(f'CREATE VIRTUAL TABLE {name} USING fts5(body, tokenize="{tokenizer}")')
        db.execute(f"INSERT INTO {name} (body) VALUES (?)", [index_terms("ข้าวหอมมะลิ")])
    query = fts_quote("ข่าว")
    assert db.execute("SELECT count(*) FROM plain WHERE plain MATCH ?", [query]).fetchone()[0]
    assert not db.execute("SELECT count(*) FROM thai WHERE thai MATCH ?", [query]).fetchone()[0]
    assert db.execute(
        "SELECT count(*) FROM thai WHERE thai MATCH ?", [fts_quote("ข้าว")]
    ).fetchone()[0]


@pytest.mark.django_db
def test_rice_and_news_in_the_real_index():
    search_index(kind="article", object_id="rice", title="ข้าว")
    search_index(kind="article", object_id="news", title="ข่าว")
    assert search_ids(kind="article", query="ข้าว") == ["rice"]
    assert search_ids(kind="article", query="ข่าว") == ["news"]


@pytest.mark.django_db
@pytest.mark.parametrize(
    "term", ['a"b', "'", "''", "\\", "a'b\\c", "NEAR", "AND", "*", "^", "-", ":", "(", "ข้าว"]
)
def test_backend_quotes_any_term(term):
    # The text module never hands over such terms; the backends must be safe anyway.
    search_index(kind="article", object_id=1, title="ข้าว")
    backend = get_backend()
    for require_all in (True, False):
        matches = backend.match(
            kind="article", terms=[term, "ข้าว"], require_all=require_all, limit=5, offset=0
        )
        assert [m.object_id for m in matches] == ([] if require_all and term != "ข้าว" else ["1"])


@only_sqlite
@pytest.mark.django_db
def test_sqlite_fts_table_and_triggers_exist_after_all_migrations():
    with connection.cursor() as cursor:
        cursor.execute("SELECT type, name FROM sqlite_master WHERE name LIKE 'search_%%fts%%'")
        names = {row[1] for row in cursor.fetchall()}
    assert {
        "search_searchdocument_fts",
        "search_searchdocument_fts_insert",
        "search_searchdocument_fts_update",
        "search_searchdocument_fts_delete",
    } <= names


@only_sqlite
@pytest.mark.django_db
def test_sqlite_index_follows_any_write_to_the_table():
    search_index(kind="case", object_id=1, title="ปุ๋ยปลอม")
    search_index(kind="case", object_id=2, title="ปุ๋ยปลอม")
    # Writes that bypass the services (bulk ORM calls) are caught by the triggers too.
    SearchDocument.objects.filter(object_id="1").update(title=index_terms("แก๊สหุงต้ม"))
    SearchDocument.objects.filter(object_id="2").delete()
    assert search_ids(kind="case", query="ปุ๋ยปลอม") == []
    assert search_ids(kind="case", query="แก๊สหุงต้ม") == ["1"]
    with connection.cursor() as cursor:
        # rank 1: also compare the index with the content table.
        cursor.execute(
            "INSERT INTO search_searchdocument_fts (search_searchdocument_fts, rank)"
            " VALUES ('integrity-check', 1)"
        )


@only_sqlite
@pytest.mark.django_db
def test_sqlite_rebuild():
    search_index(kind="case", object_id=1, title="ปุ๋ยปลอม")
    SQLiteBackend().rebuild()
    assert search_ids(kind="case", query="ปุ๋ยปลอม") == ["1"]


@only_postgres
@pytest.mark.django_db
def test_postgres_vector_is_built_from_terms_with_weights():
    search_index(kind="case", object_id=1, title="ข้าว", tags="ข่าว", body="๕๐ บาท")
    with connection.cursor() as cursor:
        cursor.execute("SELECT vector::text FROM search_searchdocument")
        [vector] = cursor.fetchone()
    assert set(vector.split()) == {"'ข้าว':1A", "'ข่าว':2B", "'50':3C", "'บาท':4C"}


@only_postgres
@pytest.mark.django_db
def test_postgres_terms_function_takes_terms_literally():
    with connection.cursor() as cursor:
        cursor.execute("SELECT search_terms_tsvector(%s, 'A')::text", ["it's a\\b  ข้าว ''"])
        [vector] = cursor.fetchone()
        cursor.execute(
            "SELECT indexdef FROM pg_indexes WHERE indexname = 'search_searchdocument_vector'"
        )
        [indexdef] = cursor.fetchone()
    # Positions count the empty term between the two spaces; gaps do not matter.
    assert vector == "'''''':5A 'a\\\\b':2A 'it''s':1A 'ข้าว':4A"
    assert "USING gin (vector)" in indexdef


def _sql_vectors(title: str, tags: str, body: str) -> tuple[str, str]:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT (search_terms_tsvector(%s, 'A') || search_terms_tsvector(%s, 'B'))::text,"
            " (search_terms_tsvector(%s, 'A') || search_terms_tsvector(%s, 'B')"
            " || search_terms_tsvector(%s, 'C'))::text",
            [title, tags, title, tags, body],
        )
        return cursor.fetchone()


@only_postgres
@pytest.mark.django_db
@pytest.mark.parametrize(
    ("title", "tags", "body"),
    [
        ("ข้าว หอม ข้าว", "ข่าว", "ข้าว ๕๐ บาท ข้าว"),
        ("", "", ""),
        ("", "ป้าย", "ข้าว"),
        ("it's a\\b", "", "''"),
        ("ข้าว", "", " ".join(["ข้าว", "ภาษี"] * 9_000)),  # past the last position, 16383
    ],
)
def test_postgres_vectors_written_by_the_service_equal_what_sql_builds(title, tags, body):
    # The service builds both vectors in Python (cheaper than in the database): they must be
    # the very vectors the SQL function gives, weights and positions included.
    terms = [index_terms(text) if "'" not in text and "\\" not in text else text
             for text in (title, tags, body)]  # fmt: skip
    get_backend().save(
        [SearchDocument(kind="case", object_id="1", title=terms[0], tags=terms[1], body=terms[2])]
    )
    with connection.cursor() as cursor:
        cursor.execute("SELECT head::text, vector::text FROM search_searchdocument")
        assert cursor.fetchone() == _sql_vectors(*terms)


@only_postgres
@pytest.mark.django_db
def test_postgres_index_follows_any_write_to_the_table():
    search_index(kind="case", object_id=1, title="ปุ๋ยปลอม", body="ร้านค้า")
    search_index(kind="case", object_id=2, title="ปุ๋ยปลอม")
    # Writes that bypass the service (bulk ORM calls) get their vectors from the trigger.
    SearchDocument.objects.filter(object_id="1").update(title=index_terms("แก๊สหุงต้ม"))
    SearchDocument.objects.create(kind="case", object_id="3", title=index_terms("ปุ๋ยปลอม"))
    assert search_ids(kind="case", query="ปุ๋ยปลอม") == ["2", "3"]
    assert search_ids(kind="case", query="แก๊สหุงต้ม") == ["1"]
    assert search_ids(kind="case", query="ร้านค้า") == ["1"]
    row = SearchDocument.objects.get(object_id="1")
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT head::text, vector::text FROM search_searchdocument WHERE id = %s", [row.pk]
        )
        assert cursor.fetchone() == _sql_vectors(row.title, row.tags, row.body)


@pytest.mark.django_db
def test_titles_first_then_bodies_when_titles_do_not_fill_the_page():
    # Both backends read the bodies only when titles and tags give less than a page.
    for i in range(3):
        search_index(kind="case", object_id=f"t{i}", title="ปุ๋ยปลอม")
        search_index(kind="case", object_id=f"b{i}", title="ร้านค้า", body="ปุ๋ยปลอม ปุ๋ยปลอม")
    backend = get_backend()
    for require_all in (True, False):
        page = backend.match(
            kind="case", terms=["ปุ๋ย", "ปลอม"], require_all=require_all, limit=3, offset=0
        )
        assert {m.object_id for m in page} == {"t0", "t1", "t2"}
        wide = backend.match(
            kind="case", terms=["ปุ๋ย", "ปลอม"], require_all=require_all, limit=6, offset=0
        )
        assert {m.object_id for m in wide[:3]} == {"t0", "t1", "t2"}
        assert {m.object_id for m in wide[3:]} == {"b0", "b1", "b2"}


@only_postgres
@pytest.mark.django_db
def test_postgres_reindexing_unchanged_text_keeps_the_row_and_moves_its_time():
    # A re-index of unchanged text leaves the terms and vectors as they are (updated in place),
    # but its time moves on, or the sweep after a full re-index would drop it as stale.
    search_index(kind="case", object_id=1, title="ปุ๋ยปลอม")
    before = SearchDocument.objects.get(object_id="1").updated_at
    search_index(kind="case", object_id=1, title="ปุ๋ยปลอม")
    assert SearchDocument.objects.get(object_id="1").updated_at > before
    assert search_ids(kind="case", query="ปุ๋ยปลอม") == ["1"]
    search_index(kind="case", object_id=1, title="แก๊สหุงต้ม")
    assert search_ids(kind="case", query="ปุ๋ยปลอม") == []
    assert search_ids(kind="case", query="แก๊สหุงต้ม") == ["1"]


def test_postgres_pairs_query_asks_for_two_terms():
    from borikan.search.backends.postgres import _pairs

    assert _pairs(["a", "b", "c"]) == "('a' & 'b') | ('a' & 'c') | ('b' & 'c')"
    # Many terms (a misspelt word's trigrams): neighbours only.
    assert _pairs(list("abcdefg")) == " | ".join(
        f"('{x}' & '{y}')" for x, y in zip("abcdef", "bcdefg", strict=True)
    )


@only_postgres
@pytest.mark.django_db
def test_postgres_weighted_scores_read_each_vector_once_and_equal_ts_rank():
    # An any-term match of several terms ranks a copy of each row's vector (one TOAST fetch
    # instead of one per term): the scores are still each term's idf-weighted ts_rank.
    from borikan.search.backends.postgres import RANK_WEIGHTS, tsquery_lexeme
    from borikan.search.stats import document_count, document_frequencies, inverse_frequency

    body = " ".join(["ใบอนุญาต ส่งออก ข้าว"] * 400)  # a vector large enough to leave the row
    search_index(kind="article", object_id=1, title="ส่งออกข้าว", body=body)
    search_index(kind="article", object_id=2, title="ข้าว", tags="ใบอนุญาต")
    search_index(kind="article", object_id=3, title="ปุ๋ย", body="ส่งออก")
    backend = get_backend()
    terms = ["ส่งออก", "ข้าว", "ใบอนุญาต"]
    matches = backend.match(kind="article", terms=terms, require_all=False, limit=10, offset=0)
    documents = document_count(backend, "article")
    counts = document_frequencies(backend, "article", terms)
    with connection.cursor() as cursor:
        for match in matches:
            expected = 0.0
            for term in terms:
                cursor.execute(
                    f"SELECT ts_rank({RANK_WEIGHTS}, vector, CAST(%s AS tsquery), 32)"
                    " FROM search_searchdocument WHERE kind = 'article' AND object_id = %s",
                    [tsquery_lexeme(term), match.object_id],
                )
                weight = inverse_frequency(documents=documents, frequency=counts[term])
                expected += weight * cursor.fetchone()[0]
            assert match.score == pytest.approx(expected, rel=1e-5)
    assert [m.object_id for m in matches] == ["1", "2", "3"]
    # With the terms each row holds (read from the copied subquery's columns).
    found = backend.match(kind="article", terms=terms, require_all=False, limit=10, offset=0)
    assert found[2].terms == ("ส่งออก",)


@only_postgres
@pytest.mark.django_db
def test_postgres_index_columns_are_compressed_with_lz4_when_the_server_has_it():
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT 'lz4' = ANY(enumvals) FROM pg_settings WHERE name = 'default_toast_compression'"
        )
        if not cursor.fetchone()[0]:
            pytest.skip("PostgreSQL built without LZ4")
        cursor.execute(
            "SELECT attname, attcompression FROM pg_attribute"
            " WHERE attrelid = 'search_searchdocument'::regclass"
            " AND attname IN ('title', 'tags', 'body', 'head', 'vector')"
        )
        assert dict(cursor.fetchall()) == dict.fromkeys(
            ["title", "tags", "body", "head", "vector"], "l"
        )


@only_postgres
@pytest.mark.django_db
def test_postgres_vectors_prepared_ahead_are_used_only_for_the_terms_they_were_built_from():
    from borikan.search.services import SearchText, search_documents, search_save

    rows = search_documents(
        kind="article", documents=[SearchText(object_id=1, title="ส่งออกข้าว", body="ปุ๋ย")]
    )
    stale = search_documents(kind="article", documents=[SearchText(object_id=2, title="ข้าว")])
    stale[0].title = index_terms("แก๊สหุงต้ม")  # changed after prepare(): built anew
    search_save(rows + stale)
    assert search_ids(kind="article", query="ปุ๋ย") == ["1"]
    assert search_ids(kind="article", query="แก๊สหุงต้ม") == ["2"]
    assert search_ids(kind="article", query="ข้าว") == ["1"]
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM search_searchdocument WHERE head IS DISTINCT FROM"
            " search_terms_tsvector(title, 'A') || search_terms_tsvector(tags, 'B')"
            " OR vector IS DISTINCT FROM head || search_terms_tsvector(body, 'C')"
        )
        assert cursor.fetchone()[0] == 0


@pytest.mark.parametrize(
    ("columns", "offset"),
    [
        ([("ข้าว หอม ข้าว", "A"), ("ข่าว", "B")], 0),
        ([("", "A"), ("", "B")], 0),
        ([("  ข้าว  ", "A"), (" ", "B"), ("ภาษี ", "C")], 0),
        ([("it's a\\b ''", "A"), ("x", "C")], 3),
        ([(" ".join(["ข้าว", "", "ภาษี"] * 6_000), "C")], 5),  # past the last position, 16383
        ([("ข้าว", "A"), ("ภาษี ข้าว", "C")], 16_382),
    ],
)
def test_postgres_vector_entries_are_each_term_quoted_at_its_position(columns, offset):
    # tsvector_entries builds the text of every row's vectors at re-index time, without a call
    # per term: it must still say what one entry per term, quoted as a lexeme, says.
    from borikan.search.backends.postgres import MAX_POSITION, tsquery_lexeme, tsvector_entries

    expected: list[str] = []
    start = offset
    for terms, weight in columns:
        last = start
        for n, term in enumerate(terms.split(" "), start=1):
            if term:
                last = min(n + start, MAX_POSITION)
                expected.append(f"{tsquery_lexeme(term)}:{last}{weight}")
        start = last
    assert tsvector_entries(columns, offset) == (expected, start)


@pytest.mark.django_db
def test_reindex_settles_the_index_after_its_last_write(monkeypatch):
    # PostgreSQL merges the GIN pending lists there: every search would read them whole.
    from borikan.search.services import SearchText, search_reindex

    backend = type(get_backend())
    seen: list[int] = []
    monkeypatch.setattr(
        backend, "settle", lambda self: seen.append(SearchDocument.objects.count()), raising=True
    )
    batches = [[SearchText(object_id=1, title="ข้าว")], [SearchText(object_id=2, title="ภาษี")]]
    assert search_reindex(kind="article", batches=batches) == 2
    assert seen == [2]


@only_postgres
@pytest.mark.django_db
def test_postgres_settle_leaves_the_index_searchable():
    search_index(kind="case", object_id=1, title="ปุ๋ยปลอม")
    get_backend().settle()
    assert search_ids(kind="case", query="ปุ๋ย") == ["1"]


@only_postgres
@pytest.mark.django_db
def test_postgres_bulk_save_merges_in_bigger_steps_and_puts_the_settings_back():
    from borikan.search.backends.postgres import BULK_ROWS

    def settings() -> tuple[str, str]:
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT current_setting('work_mem'), current_setting('gin_pending_list_limit')"
            )
            return cursor.fetchone()

    before = settings()
    seen: list[tuple[str, str]] = []
    rows = [
        SearchDocument(kind="case", object_id=str(n), title=index_terms(f"ปุ๋ยปลอม {n}"))
        for n in range(BULK_ROWS)
    ]

    def watch(execute, sql, params, many, context):
        if sql.startswith("INSERT"):
            seen.append(settings())
        return execute(sql, params, many, context)

    with connection.execute_wrapper(watch):
        get_backend().save(rows)
    assert seen == [("64MB", "16MB")]
    assert settings() == before
    assert SearchDocument.objects.filter(kind="case").count() == BULK_ROWS


@only_postgres
@pytest.mark.django_db
def test_postgres_head_index_keeps_its_pending_list_small():
    # Every search reads the head index's pending list: a bulk save may not grow it.
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT reloptions FROM pg_class WHERE relname = 'search_searchdocument_head'"
        )
        assert cursor.fetchone()[0] == ["gin_pending_list_limit=4096"]
