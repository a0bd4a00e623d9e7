"""Full-text structures beside search_searchdocument, made only on the database that has them.

The SQL is written out here, not imported, so this migration means the same thing forever.
"""

from django.db import migrations

SQLITE_CREATE = [
    # External content: the terms are already stored once in search_searchdocument, so the
    # FTS5 table keeps only its inverted index (no second copy of every document), and
    # bm25() still has what it needs. Triggers keep it in sync whatever writes the table.
    # categories 'L* N* Co M*': the default unicode61 treats Thai vowel and tone marks (Mn)
    # as separators, so ข้าว (rice) and ข่าว (news) would both become ข + าว.
    """
    CREATE VIRTUAL TABLE search_searchdocument_fts USING fts5(
        title, tags, body,
        content='search_searchdocument', content_rowid='id',
        tokenize="unicode61 categories 'L* N* Co M*' remove_diacritics 0"
    )
    """,
    """
    CREATE TRIGGER search_searchdocument_fts_insert AFTER INSERT ON search_searchdocument
    BEGIN
        INSERT INTO search_searchdocument_fts (rowid, title, tags, body)
        VALUES (new.id, new.title, new.tags, new.body);
    END
    """,
    """
    CREATE TRIGGER search_searchdocument_fts_delete AFTER DELETE ON search_searchdocument
    BEGIN
        INSERT INTO search_searchdocument_fts (search_searchdocument_fts, rowid, title, tags, body)
        VALUES ('delete', old.id, old.title, old.tags, old.body);
    END
    """,
    # Re-indexing only when the terms changed keeps search_index() cheap on every save.
    """
    CREATE TRIGGER search_searchdocument_fts_update
    AFTER UPDATE OF title, tags, body ON search_searchdocument
    WHEN old.title IS NOT new.title OR old.tags IS NOT new.tags OR old.body IS NOT new.body
    BEGIN
        INSERT INTO search_searchdocument_fts (search_searchdocument_fts, rowid, title, tags, body)
        VALUES ('delete', old.id, old.title, old.tags, old.body);
        INSERT INTO search_searchdocument_fts (rowid, title, tags, body)
        VALUES (new.id, new.title, new.tags, new.body);
    END
    """,
    "INSERT INTO search_searchdocument_fts (search_searchdocument_fts) VALUES ('rebuild')",
]
SQLITE_DROP = [
    "DROP TRIGGER IF EXISTS search_searchdocument_fts_update",
    "DROP TRIGGER IF EXISTS search_searchdocument_fts_delete",
    "DROP TRIGGER IF EXISTS search_searchdocument_fts_insert",
    "DROP TABLE IF EXISTS search_searchdocument_fts",
]

POSTGRES_CREATE = [
    # Space-joined terms to a tsvector with positions and a weight, without the text-search
    # parser: to_tsvector('simple', ...) would cut words where the parser thinks letters end,
    # and whether a Thai tone mark is a letter depends on the database's LC_CTYPE (glibc's
    # en_US.UTF-8 says no). Positions are kept because weights live on positions.
    r"""
    CREATE FUNCTION search_terms_tsvector(terms text, weight "char") RETURNS tsvector
    LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
        SELECT setweight(coalesce(string_agg(
            '''' || replace(replace(term, '\', '\\'), '''', '''''') || ''':' || least(n, 16383),
            ' '
        ), '')::tsvector, weight)
        FROM unnest(string_to_array(terms, ' ')) WITH ORDINALITY AS t(term, n)
        WHERE term <> ''
    $$
    """,
    """
    ALTER TABLE search_searchdocument ADD COLUMN vector tsvector GENERATED ALWAYS AS (
        search_terms_tsvector(title, 'A')
        || search_terms_tsvector(tags, 'B')
        || search_terms_tsvector(body, 'C')
    ) STORED
    """,
    "CREATE INDEX search_searchdocument_vector ON search_searchdocument USING gin (vector)",
]
POSTGRES_DROP = [
    "DROP INDEX IF EXISTS search_searchdocument_vector",
    "ALTER TABLE search_searchdocument DROP COLUMN IF EXISTS vector",
    'DROP FUNCTION IF EXISTS search_terms_tsvector(text, "char")',
]


def _run(statements_by_vendor):
    def run(apps, schema_editor):
        for statement in statements_by_vendor.get(schema_editor.connection.vendor, []):
            schema_editor.execute(statement)

    return run


class Migration(migrations.Migration):
    dependencies = [
        ("search", "0001_initial"),
    ]

    operations = [
        migrations.RunPython(
            _run({"sqlite": SQLITE_CREATE, "postgresql": POSTGRES_CREATE}),
            _run({"sqlite": SQLITE_DROP, "postgresql": POSTGRES_DROP}),
        ),
    ]
