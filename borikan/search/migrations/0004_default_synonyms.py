"""The synonyms the knowledge base starts with: how citizens and agents say what articles say.

Administrators edit them afterwards (admin → Thai search → search synonyms).
"""

from django.db import migrations

DEFAULTS = [
    ("จดแบรนด์", "จดทะเบียนเครื่องหมายการค้า"),
    ("แบรนด์", "เครื่องหมายการค้า"),
    ("โลโก้", "เครื่องหมายการค้า"),
    ("ยี่ห้อ", "เครื่องหมายการค้า"),
    ("trademark", "เครื่องหมายการค้า"),
    ("ตั้งบริษัท", "จดทะเบียนจัดตั้งบริษัท"),
    ("เปิดบริษัท", "จดทะเบียนจัดตั้งบริษัท"),
    ("ตั้งห้าง", "จดทะเบียนห้างหุ้นส่วน"),
    ("company registration", "จดทะเบียนบริษัท"),
    ("register company", "จดทะเบียนบริษัท"),
    ("ของแพง", "สินค้าราคาแพง ราคาเกินจริง"),
    ("ขายแพง", "สินค้าราคาแพง ราคาเกินจริง"),
    ("โก่งราคา", "ราคาเกินจริง ค้ากำไรเกินควร"),
    ("ไม่ติดป้ายราคา", "ปิดป้ายแสดงราคา"),
    ("ตาชั่งโกง", "เครื่องชั่งตวงวัด"),
    ("ส่งของไปขายต่างประเทศ", "ส่งออก"),
    ("ขายของต่างประเทศ", "ส่งออก"),
    ("export", "ส่งออก"),
    ("import", "นำเข้า"),
    ("สั่งของจากต่างประเทศ", "นำเข้า"),
    ("ก็อปงาน", "ละเมิดลิขสิทธิ์"),
    ("ก๊อปงาน", "ละเมิดลิขสิทธิ์"),
    ("ของปลอม", "สินค้าละเมิด เครื่องหมายการค้า"),
    ("ของก๊อป", "สินค้าละเมิด เครื่องหมายการค้า"),
    ("copyright", "ลิขสิทธิ์"),
    ("patent", "สิทธิบัตร"),
    ("ค่าครองชีพ", "ดัชนีราคาผู้บริโภค เงินเฟ้อ"),
    ("cpi", "ดัชนีราคาผู้บริโภค"),
    ("inflation", "เงินเฟ้อ"),
    ("fta", "ความตกลงการค้าเสรี"),
    ("ขายของออนไลน์", "พาณิชย์อิเล็กทรอนิกส์ ร้านค้าออนไลน์"),
    ("ขายออนไลน์", "พาณิชย์อิเล็กทรอนิกส์ ร้านค้าออนไลน์"),
    ("ส่งงบ", "ยื่นงบการเงิน"),
    ("งบดุล", "งบการเงิน"),
    ("ฟ้องร้องเรียน", "ร้องเรียน"),
    ("ตามเรื่อง", "ติดตามเรื่องร้องเรียน"),
]


def add_defaults(apps, schema_editor):
    from borikan.search.text import normalize

    Synonym = apps.get_model("search", "Synonym")
    for phrase, replacement in DEFAULTS:
        Synonym.objects.get_or_create(
            normalized=normalize(phrase),
            defaults={"phrase": phrase, "replacement": replacement},
        )


def remove_defaults(apps, schema_editor):
    from borikan.search.text import normalize

    Synonym = apps.get_model("search", "Synonym")
    Synonym.objects.filter(normalized__in=[normalize(p) for p, _ in DEFAULTS]).delete()


class Migration(migrations.Migration):
    dependencies = [("search", "0003_synonym")]

    operations = [migrations.RunPython(add_defaults, remove_defaults)]
