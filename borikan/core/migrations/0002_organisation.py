"""Loads the agencies of SPEC §3, the 77 provinces, the central service center and the 76
provincial commerce offices (one per province except Bangkok) from core/data/."""

import csv
from pathlib import Path

from django.db import migrations

DATA = Path(__file__).resolve().parent.parent / "data"


def _rows(name):
    with open(DATA / name, encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def load(apps, schema_editor):
    Agency = apps.get_model("core", "Agency")
    Province = apps.get_model("core", "Province")
    Office = apps.get_model("core", "Office")

    for row in _rows("agencies.csv"):
        parent = Agency.objects.get(code=row["parent"]) if row["parent"] else None
        Agency.objects.update_or_create(
            code=row["code"],
            defaults={
                "name_th": row["name_th"],
                "name_en": row["name_en"],
                "kind": row["kind"],
                "website": row["website"],
                "parent": parent,
            },
        )

    provinces = {}
    for row in _rows("provinces.csv"):
        provinces[row["code"]], _ = Province.objects.update_or_create(
            code=row["code"],
            defaults={
                "name_th": row["name_th"],
                "name_en": row["name_en"],
                "abbr_th": row["abbr_th"],
            },
        )

    for row in _rows("offices.csv"):
        Office.objects.update_or_create(
            code=row["code"],
            defaults={
                "kind": "central",
                "province": provinces[row["province"]],
                "name_th": row["name_th"],
                "name_en": row["name_en"],
                "address": row["address"],
                "phone": row["phone"],
                "website": row["website"],
            },
        )
    for code, province in provinces.items():
        if code == "BKK":  # Bangkok is served by the ministry itself, not a provincial office.
            continue
        Office.objects.update_or_create(
            code=f"PCO-{code}",
            defaults={
                "kind": "provincial",
                "province": province,
                "name_th": f"สำนักงานพาณิชย์จังหวัด{province.name_th}",
                "name_en": f"{province.name_en} Provincial Commerce Office",
            },
        )


def unload(apps, schema_editor):
    for model in ("Office", "Province", "Agency"):
        apps.get_model("core", model).objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [("core", "0001_initial")]
    operations = [migrations.RunPython(load, unload)]
