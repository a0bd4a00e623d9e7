"""Loads services S1–S8, their steps and standard times, channels, documents and laws from
catalog/data/services.json (seeds 000–003). Safe to run again."""

from django.db import migrations


def load(apps, schema_editor):
    from borikan.catalog.services import catalog_load

    catalog_load(apps=apps)


def unload(apps, schema_editor):
    for model in ("Service", "Channel"):
        apps.get_model("catalog", model).objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [
        ("catalog", "0001_initial"),
        # The issuing agencies (RCAD, DITP, OPS) are loaded there.
        ("core", "0002_organisation"),
    ]
    operations = [migrations.RunPython(load, unload)]
