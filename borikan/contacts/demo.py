"""Demo citizens and businesses with Thai names, valid IDs and phones. Idempotent."""

from __future__ import annotations

import random

from django.db import transaction

from borikan.contacts.models import ClientLevel, Contact
from borikan.contacts.services import contact_create
from borikan.core.models import Province

FIRST = [
    "สมชาย",
    "สมหญิง",
    "วิไลวรรณ",
    "ประเสริฐ",
    "กิตติพงษ์",
    "นภัสสร",
    "อนุชา",
    "จิราพร",
    "ธีรศักดิ์",
    "พิมพ์ชนก",
    "ศุภชัย",
    "รัตนา",
    "ณัฐวุฒิ",
    "ปิยะนุช",
    "บุญเลิศ",
    "สุดารัตน์",
]
LAST = [
    "ใจดี",
    "รุ่งเรือง",
    "ศรีสุข",
    "มั่นคง",
    "ทองมา",
    "แก้วประเสริฐ",
    "วงศ์สวัสดิ์",
    "สุขเจริญ",
    "พรหมมา",
    "บุญมี",
    "เพชรรัตน์",
    "ชัยมงคล",
]
BUSINESSES = [
    ("บริษัท ข้าวหอมมะลิทุ่งกุลา จำกัด", "Thung Kula Jasmine Rice Co., Ltd."),
    ("ห้างหุ้นส่วนจำกัด ผ้าไหมสุรินทร์", "Surin Silk Ltd. Part."),
    ("บริษัท ทุเรียนจันท์ส่งออก จำกัด", "Chanthaburi Durian Export Co., Ltd."),
    ("บริษัท เครื่องแกงใต้ จำกัด", "Southern Curry Paste Co., Ltd."),
]
DEMO_COUNT = 40
MARKER = "demo.borikan.local"


def _thai_id(rng: random.Random, first_digit: str) -> str:
    digits = first_digit + "".join(str(rng.randint(0, 9)) for _ in range(11))
    total = sum(int(digits[i]) * (13 - i) for i in range(12))
    return digits + str((11 - total % 11) % 10)


@transaction.atomic
def load() -> dict[str, int]:
    if Contact.objects.filter(email__endswith=MARKER).exists():
        return {"contacts created": 0}
    rng = random.Random(1203)
    provinces = list(Province.objects.all())
    levels = [c for c, _ in ClientLevel.choices if c]
    created = 0
    for i in range(DEMO_COUNT):
        contact_create(
            by=None,
            phones=[f"08{rng.randint(1, 9)}{rng.randint(1000000, 9999999)}"],
            first_name_th=rng.choice(FIRST),
            last_name_th=rng.choice(LAST),
            national_id=_thai_id(rng, "1"),
            email=f"citizen{i}@{MARKER}",
            province=rng.choice(provinces),
            level=rng.choice([*levels, ""]),
            channel="demo",
        )
        created += 1
    for i, (name_th, name_en) in enumerate(BUSINESSES):
        contact_create(
            by=None,
            kind=Contact.Kind.BUSINESS,
            phones=[f"02{rng.randint(1000000, 9999999)}"],
            business_name_th=name_th,
            business_name_en=name_en,
            juristic_id=_thai_id(rng, "0"),
            email=f"business{i}@{MARKER}",
            province=rng.choice(provinces),
            level=ClientLevel.READY,
            channel="demo",
        )
        created += 1
    # A returning caller whose number is easy to try with `borikan simulate-call`.
    contact_create(
        by=None,
        phones=["081-234-5678"],
        first_name_th="ดวงใจ",
        last_name_th="รักษ์ไทย",
        email=f"duangjai@{MARKER}",
        level=ClientLevel.STARTER,
        channel="demo",
    )
    return {"contacts created": created + 1}
