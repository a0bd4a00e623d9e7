"""SQLite: an fts5vocab table over the index, to read how many documents hold a term."""

from django.db import migrations


def create(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        schema_editor.execute(
            "CREATE VIRTUAL TABLE IF NOT EXISTS search_searchdocument_vocab "
            "USING fts5vocab(search_searchdocument_fts, 'row')"
        )


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        schema_editor.execute("DROP TABLE IF EXISTS search_searchdocument_vocab")


class Migration(migrations.Migration):
    dependencies = [("search", "0004_default_synonyms")]

    operations = [migrations.RunPython(create, drop)]
