"""The first consultation topics (one or two per agency) and one video room per provincial
commerce office. Administrators edit both in the admin."""

from django.db import migrations

TOPICS = [
    # code, agency, Thai, English
    ("trademark", "DIP", "เครื่องหมายการค้า", "Trademarks"),
    ("patent", "DIP", "สิทธิบัตรและอนุสิทธิบัตร", "Patents and petty patents"),
    ("company", "DBD", "การจดทะเบียนธุรกิจและนิติบุคคล", "Business and company registration"),
    ("trade-rules", "DFT", "กฎระเบียบการนำเข้าและส่งออก", "Import and export rules"),
    ("prices", "DIT", "ราคาสินค้าและบริการ", "Prices of goods and services"),
    ("export-markets", "DITP", "ตลาดต่างประเทศและการส่งเสริมการส่งออก", "Export markets and promotion"),
    ("fta", "DTN", "ความตกลงการค้าเสรี (FTA)", "Free trade agreements (FTA)"),
]


def load(apps, schema_editor):
    Agency = apps.get_model("core", "Agency")
    Office = apps.get_model("core", "Office")
    Topic = apps.get_model("appointments", "Topic")
    VideoRoom = apps.get_model("appointments", "VideoRoom")
    agencies = {a.code: a for a in Agency.objects.all()}
    for order, (code, agency, name_th, name_en) in enumerate(TOPICS, start=1):
        if agency in agencies:
            Topic.objects.get_or_create(
                code=code,
                defaults={
                    "agency": agencies[agency],
                    "name_th": name_th,
                    "name_en": name_en,
                    "order": order,
                },
            )
    for office in Office.objects.filter(kind="provincial"):
        if not VideoRoom.objects.filter(office=office).exists():
            VideoRoom.objects.create(office=office, name="ห้องประชุมทางไกล (VDO Conference)")


class Migration(migrations.Migration):
    dependencies = [("appointments", "0001_initial"), ("core", "0002_organisation")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
