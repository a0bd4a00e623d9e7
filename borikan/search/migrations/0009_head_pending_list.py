"""PostgreSQL: the head index's pending list stays at 4 MB whatever a session asks for.

A bulk save (a re-index) lets the GIN pending lists grow to 16 MB before they are merged
(backends/postgres.py, _bulk_settings): the merge costs less in bigger steps. But every search
reads a pending list whole, and the head index is read by every query of every search; only
the whole vector's (read when titles and tags do not fill a page) may grow while a re-index
runs. A re-index merges both lists when it ends.
"""

from django.db import migrations


def _limit(value):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.execute(f"ALTER INDEX search_searchdocument_head {value}")

    return run


class Migration(migrations.Migration):
    dependencies = [("search", "0008_lz4")]

    operations = [
        migrations.RunPython(
            _limit("SET (gin_pending_list_limit = 4096)"),
            _limit("RESET (gin_pending_list_limit)"),
        )
    ]
