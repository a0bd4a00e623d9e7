"""SQLite: the FTS5 index gets a `kind` column, so a search ranks only its own kind's documents
(before, every match of every kind was ranked, then joined to drop the other kinds: at 100,000
articles that join was most of a search's time). Kinds become single words (article,
articlefuzzy) so that each is one FTS token.

The SQL is written out here, not imported, so this migration means the same thing forever.
"""

from django.db import migrations

TOKENIZER = "unicode61 categories 'L* N* Co M*' remove_diacritics 0"

SQLITE_DROP_OLD = [
    "DROP TABLE IF EXISTS search_searchdocument_vocab",
    "DROP TRIGGER IF EXISTS search_searchdocument_fts_update",
    "DROP TRIGGER IF EXISTS search_searchdocument_fts_delete",
    "DROP TRIGGER IF EXISTS search_searchdocument_fts_insert",
    "DROP TABLE IF EXISTS search_searchdocument_fts",
]

SQLITE_CREATE = [
    f"""
    CREATE VIRTUAL TABLE search_searchdocument_fts USING fts5(
        title, tags, body, kind,
        content='search_searchdocument', content_rowid='id',
        tokenize="{TOKENIZER}"
    )
    """,
    """
    CREATE TRIGGER search_searchdocument_fts_insert AFTER INSERT ON search_searchdocument
    BEGIN
        INSERT INTO search_searchdocument_fts (rowid, title, tags, body, kind)
        VALUES (new.id, new.title, new.tags, new.body, new.kind);
    END
    """,
    """
    CREATE TRIGGER search_searchdocument_fts_delete AFTER DELETE ON search_searchdocument
    BEGIN
        INSERT INTO search_searchdocument_fts
            (search_searchdocument_fts, rowid, title, tags, body, kind)
        VALUES ('delete', old.id, old.title, old.tags, old.body, old.kind);
    END
    """,
    """
    CREATE TRIGGER search_searchdocument_fts_update
    AFTER UPDATE OF title, tags, body, kind ON search_searchdocument
    WHEN old.title IS NOT new.title OR old.tags IS NOT new.tags OR old.body IS NOT new.body
        OR old.kind IS NOT new.kind
    BEGIN
        INSERT INTO search_searchdocument_fts
            (search_searchdocument_fts, rowid, title, tags, body, kind)
        VALUES ('delete', old.id, old.title, old.tags, old.body, old.kind);
        INSERT INTO search_searchdocument_fts (rowid, title, tags, body, kind)
        VALUES (new.id, new.title, new.tags, new.body, new.kind);
    END
    """,
    "INSERT INTO search_searchdocument_fts (search_searchdocument_fts) VALUES ('rebuild')",
    "CREATE VIRTUAL TABLE search_searchdocument_vocab "
    "USING fts5vocab(search_searchdocument_fts, 'row')",
]

SQLITE_CREATE_OLD = [
    f"""
    CREATE VIRTUAL TABLE search_searchdocument_fts USING fts5(
        title, tags, body,
        content='search_searchdocument', content_rowid='id',
        tokenize="{TOKENIZER}"
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
    "CREATE VIRTUAL TABLE search_searchdocument_vocab "
    "USING fts5vocab(search_searchdocument_fts, 'row')",
]


def forward(apps, schema_editor):
    schema_editor.execute(
        "UPDATE search_searchdocument SET kind = replace(kind, ':fuzzy', 'fuzzy')"
        " WHERE kind LIKE %s",
        ["%:fuzzy"],
    )
    if schema_editor.connection.vendor == "sqlite":
        for statement in SQLITE_DROP_OLD + SQLITE_CREATE:
            schema_editor.execute(statement)


def backward(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        for statement in SQLITE_DROP_OLD + SQLITE_CREATE_OLD:
            schema_editor.execute(statement)
    schema_editor.execute(
        "UPDATE search_searchdocument SET kind = replace(kind, 'fuzzy', ':fuzzy')"
        " WHERE kind LIKE %s",
        ["%fuzzy"],
    )


class Migration(migrations.Migration):
    dependencies = [("search", "0005_vocabulary")]

    operations = [migrations.RunPython(forward, backward)]
