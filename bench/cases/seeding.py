"""N bench cases, added straight through the ORM in batches, reused by later runs."""

from __future__ import annotations

import datetime as dt
import random
from typing import TYPE_CHECKING

from bench.common import Progress

if TYPE_CHECKING:
    from django.db.models import QuerySet

    from borikan.cases.models import Case

BATCH = 5_000
# Seeded cases are numbered in a year the real numbering has long left (2560 = 2017) and with 7
# digits, so they can never collide with a number `ticket_number_next` gives.
SEED_PREFIX = "C2560-"
SPAN = dt.timedelta(days=3 * 365)
GOLDEN = 0.6180339887498949
# Complaints land unevenly: DIT (prices, goods) gets the most, PWO the fewest.
AGENCY_WEIGHTS = {
    "DIT": 30,
    "DBD": 15,
    "DIP": 10,
    "CAD": 8,
    "DFT": 8,
    "DITP": 6,
    "RCAD": 6,
    "DTN": 5,
    "OPS": 5,
    "TPSO": 4,
    "PWO": 3,
}
KINDS = [("complaint", 70), ("grievance", 10), ("tipoff", 5), ("followup", 15)]
SUBJECTS = [
    "ร้านค้าขายสินค้าเกินราคาที่ติดป้าย",
    "ไม่ได้รับสินค้าที่สั่งซื้อออนไลน์",
    "ตาชั่งในตลาดไม่เที่ยงตรง",
    "ขอติดตามเรื่องจดทะเบียนบริษัท",
    "ปุ๋ยปลอมไม่ได้มาตรฐาน",
    "เครื่องหมายการค้าถูกละเมิด",
]


def seeded_number(i: int) -> str:
    return f"{SEED_PREFIX}{i:07d}"


def _seeded() -> QuerySet[Case]:
    from borikan.cases.models import Case

    # A range on the unique index (LIKE 'C2560-%' would scan the table on SQLite).
    return Case.objects.filter(number__gte=SEED_PREFIX, number__lt="C2560.")


def _status_for(age: dt.timedelta, rng: random.Random) -> str:
    """Young cases are open, older ones answered or closed, a few stragglers stay open."""
    if age < dt.timedelta(days=20):
        choices = ["received", "submitted", "dispatched", "in_progress", "waiting", "answered"]
        return rng.choices(choices, weights=[8, 10, 25, 30, 10, 17])[0]
    if age < dt.timedelta(days=60):
        choices = ["in_progress", "waiting", "answered", "closed"]
        return rng.choices(choices, weights=[5, 5, 20, 70])[0]
    return rng.choices(["closed", "merged", "in_progress"], weights=[985, 10, 5])[0]


def seed(total: int) -> int:
    """Adds bench cases (service S2, over the 11 agencies and 3 years) until there are `total`."""
    from django.db import transaction
    from django.utils import timezone

    from borikan.cases.models import Case
    from borikan.catalog.models import Service
    from borikan.contacts.models import Contact
    from borikan.core.models import Agency, Office

    have = _seeded().count()
    if have >= total:
        return 0
    service = Service.objects.get(code="S2")
    agencies = list(Agency.objects.all())
    weights = [AGENCY_WEIGHTS.get(a.code, 5) for a in agencies]
    office_ids = list(Office.objects.values_list("pk", flat=True))
    contact_ids = list(Contact.objects.order_by("pk").values_list("pk", flat=True)[:200_000])
    end = timezone.now()
    progress = Progress(f"seeding cases to {total:,}", total - have)
    for start in range(have, total, BATCH):
        stop = min(total, start + BATCH)
        rng = random.Random(start)
        rows = []
        for i in range(start, stop):
            # A low-discrepancy spread: any prefix of the sequence covers the 3 years evenly, so
            # adding cases on a later run keeps the mix of ages (and statuses) the same.
            age = SPAN * ((i * GOLDEN) % 1.0)
            received = end - age
            status = _status_for(age, rng)
            dispatched = status not in ("received", "submitted")
            rows.append(
                Case(
                    number=seeded_number(i),
                    kind=rng.choices([k for k, _ in KINDS], weights=[w for _, w in KINDS])[0],
                    status=status,
                    service=service,
                    subject=SUBJECTS[i % len(SUBJECTS)],
                    description="เรื่องร้องเรียนสำหรับทดสอบประสิทธิภาพ",
                    contact_id=contact_ids[i % len(contact_ids)] if contact_ids else None,
                    tracking_phone_last4=f"{i % 10_000:04d}",
                    origin=rng.choice(["phone", "phone", "counter", "web", "1111"]),
                    office_id=rng.choice(office_ids) if office_ids else None,
                    agency=rng.choices(agencies, weights=weights)[0] if dispatched else None,
                    received_at=received,
                    due_date=(received + dt.timedelta(days=21)).date(),
                    answered_at=received + dt.timedelta(days=9)
                    if status in ("answered", "closed")
                    else None,
                    closed_at=received + dt.timedelta(days=12) if status == "closed" else None,
                )
            )
        with transaction.atomic():
            Case.objects.bulk_create(rows)
        progress.advance(stop - start)
    progress.finish()
    return total - have
