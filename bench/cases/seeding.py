"""N bench cases, added straight through the ORM in batches, reused by later runs."""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
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


@dataclass(frozen=True, slots=True)
class SeedCase:
    """One bench case as plain values: what both Borikan's seeding and django-helpdesk's
    (bench/helpdesk) store, so the two hold the same tickets."""

    index: int
    number: str
    kind: str
    status: str
    subject: str
    description: str
    origin: str
    office: int | None  # an index into the caller's list of offices
    agency: str | None  # an agency code, None while undispatched
    received_at: dt.datetime
    phone_last4: str


# Planted sentences with known answers for the search benchmarks: one ticket in PLANT_EVERY
# tells each story, at the offset given. `ยา` (medicine) stands as a word in the medicine
# story, and only as letters inside other words in the rubber and nurse ones (ยางพารา,
# พยาบาล): a substring search finds those too, a word search must not.
PLANT_EVERY = 250
PLANTED = {
    17: "ผู้ร้องซื้อทุเรียนหมอนทองจากแผงลอยหน้าตลาดแต่ได้ทุเรียนอ่อนไม่ตรงตามที่ตกลง",
    101: "ซื้อยาลดไข้ที่ร้านขายยาแต่ยาหมดอายุแล้วร้านไม่ยอมคืนเงิน",
    202: "ราคายางพาราตกต่ำพ่อค้าคนกลางกดราคารับซื้อไม่เป็นธรรม",
    53: "พยาบาลคลินิกเรียกเก็บค่าบริการเกินจริงโดยไม่แจ้งล่วงหน้า",
}
DEFAULT_DESCRIPTION = "เรื่องร้องเรียนสำหรับทดสอบประสิทธิภาพ"
# Queries with their answers: the offsets (mod PLANT_EVERY) of the tickets that mean the word.
SEARCH_ANSWERS = {
    "ทุเรียน": (17,),  # a word inside a run of Thai text with no space
    "ยา": (101,),  # a short word that is also letters of other words (rubber, nurse)
}


def case_text(i: int) -> tuple[str, str]:
    """The subject and description of bench case i."""
    return SUBJECTS[i % len(SUBJECTS)], PLANTED.get(i % PLANT_EVERY, DEFAULT_DESCRIPTION)


def search_expected(query: str, total: int) -> set[int]:
    """Indexes, below total, of the bench cases that hold the query's word (SEARCH_ANSWERS)."""
    offsets = SEARCH_ANSWERS[query]
    return {i for i in range(total) if i % PLANT_EVERY in offsets}


def seed_cases(
    start: int, stop: int, *, end: dt.datetime, agencies: Sequence[str], offices: int
) -> Iterator[SeedCase]:
    """Bench cases start..stop-1, the same on every call: agencies by code (weighted), offices
    by count. Received dates run back 3 years from end."""
    weights = [AGENCY_WEIGHTS.get(code, 5) for code in agencies]
    rng = random.Random(start)
    for i in range(start, stop):
        if i != start and i % BATCH == 0:
            rng = random.Random(i)
        # A low-discrepancy spread: any prefix of the sequence covers the 3 years evenly, so
        # adding cases on a later run keeps the mix of ages (and statuses) the same.
        age = SPAN * ((i * GOLDEN) % 1.0)
        status = _status_for(age, rng)
        dispatched = status not in ("received", "submitted")
        kind = rng.choices([k for k, _ in KINDS], weights=[w for _, w in KINDS])[0]
        origin = rng.choice(["phone", "phone", "counter", "web", "1111"])
        office = rng.randrange(offices) if offices else None
        agency = (
            rng.choices(list(agencies), weights=weights)[0] if dispatched and agencies else None
        )
        subject, description = case_text(i)
        yield SeedCase(
            index=i,
            number=seeded_number(i),
            kind=kind,
            status=status,
            subject=subject,
            description=description,
            origin=origin,
            office=office,
            agency=agency,
            received_at=end - age,
            phone_last4=f"{i % 10_000:04d}",
        )


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
    agencies = {a.code: a for a in Agency.objects.all()}
    office_ids = list(Office.objects.values_list("pk", flat=True))
    contact_ids = list(Contact.objects.order_by("pk").values_list("pk", flat=True)[:200_000])
    end = timezone.now()
    progress = Progress(f"seeding cases to {total:,}", total - have)
    rows: list[Case] = []
    for item in seed_cases(have, total, end=end, agencies=list(agencies), offices=len(office_ids)):
        i = item.index
        rows.append(
            Case(
                number=item.number,
                kind=item.kind,
                status=item.status,
                service=service,
                subject=item.subject,
                description=item.description,
                contact_id=contact_ids[i % len(contact_ids)] if contact_ids else None,
                tracking_phone_last4=item.phone_last4,
                origin=item.origin,
                office_id=office_ids[item.office] if item.office is not None else None,
                agency=agencies[item.agency] if item.agency else None,
                received_at=item.received_at,
                due_date=(item.received_at + dt.timedelta(days=21)).date(),
                answered_at=item.received_at + dt.timedelta(days=9)
                if item.status in ("answered", "closed")
                else None,
                closed_at=item.received_at + dt.timedelta(days=12)
                if item.status == "closed"
                else None,
            )
        )
        if len(rows) == BATCH:
            with transaction.atomic():
                Case.objects.bulk_create(rows)
            progress.advance(len(rows))
            rows = []
    if rows:
        with transaction.atomic():
            Case.objects.bulk_create(rows)
        progress.advance(len(rows))
    progress.finish()
    return total - have
