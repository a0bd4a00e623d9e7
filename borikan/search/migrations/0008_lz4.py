"""PostgreSQL: the vectors and terms compressed with LZ4 instead of pglz, where the server has it.

An article's vector is 5 to 15 kB, stored out of line (TOAST). pglz gives up on most of them
(its first kilobyte of Thai lexemes does not compress), so ranking a row fetched every chunk
of it; LZ4 compresses them and is several times faster to compress and to decompress, which
a search ranking thousands of rows and a re-index writing 200,000 do all the time. Only rows
written from now on change (a re-index rewrites them all); old ones stay readable.
"""

from django.db import migrations

COLUMNS = ("title", "tags", "body", "head", "vector")


def _compression(method):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor != "postgresql":
            return
        with schema_editor.connection.cursor() as cursor:
            cursor.execute(
                "SELECT %s = ANY(enumvals) FROM pg_settings"
                " WHERE name = 'default_toast_compression'",
                [method],
            )
            row = cursor.fetchone()
        if not row or not row[0]:  # a server built without LZ4 keeps pglz
            return
        changes = ", ".join(f"ALTER COLUMN {column} SET COMPRESSION {method}" for column in COLUMNS)
        schema_editor.execute(f"ALTER TABLE search_searchdocument {changes}")

    return run


class Migration(migrations.Migration):
    dependencies = [("search", "0007_head_vector")]

    operations = [migrations.RunPython(_compression("lz4"), _compression("pglz"))]
