"""Phone lookup for the screen pop, in-process, on a table of N contacts (1,000,000 by default).

Target (issue 3): p95 ≤ 2 ms. The lookup is `contacts.selectors.contact_get_by_phone`, exactly
what a `newCall` runs: parse and normalise the caller ID, then one indexed query.
"""

from __future__ import annotations

import random
import time
from typing import TYPE_CHECKING, Any

from bench.common import Progress, percentiles

if TYPE_CHECKING:
    from django.db.models import QuerySet

FIRST = ["สมชาย", "สมหญิง", "ดวงใจ", "ประเสริฐ", "วิไล", "อนันต์", "มาลี", "ธนพล", "กนกวรรณ", "ศักดิ์ชัย"]
LAST = ["ใจดี", "รักษ์ไทย", "ศรีสุข", "ทองคำ", "บุญมา", "แสงอรุณ", "พาณิชย์กุล", "มั่นคง"]
BATCH = 5_000


def number_of(i: int) -> str:
    return f"+66{810_000_000 + i}"  # 081 000 0000 … : valid Thai mobile numbers


def national_of(i: int) -> str:
    digits = f"0{810_000_000 + i}"
    return f"{digits[:3]}-{digits[3:6]}-{digits[6:]}"  # 081-000-0000, as an agent types it


def _seeded(start: int, end: int) -> QuerySet[Any]:
    from borikan.contacts.models import ContactPhone

    # All seeded numbers have the same length: a range of them is a range of strings.
    return ContactPhone.objects.filter(number__gte=number_of(start), number__lt=number_of(end))


def seed(total: int) -> int:
    """Adds the seeded contacts 0 … total - 1 (each with one mobile) that are missing; returns
    how many were added. Contacts made otherwise (the case-opening benchmark's citizens, on
    numbers outside 081) do not count, and a stopped seed resumes where it stood."""
    from django.db import transaction

    from borikan.contacts.models import Contact, ContactPhone

    have = _seeded(0, total).count()
    if have >= total:
        return 0
    progress = Progress(f"seeding contacts to {total:,}", total - have)
    for start in range(0, total, BATCH):
        end = min(total, start + BATCH)
        existing = set(_seeded(start, end).values_list("number", flat=True))
        missing = [i for i in range(start, end) if number_of(i) not in existing]
        if not missing:
            continue
        with transaction.atomic():
            contacts = Contact.objects.bulk_create(
                Contact(
                    first_name_th=FIRST[i % len(FIRST)],
                    last_name_th=f"{LAST[i % len(LAST)]}{i}",
                )
                for i in missing
            )
            ContactPhone.objects.bulk_create(
                ContactPhone(contact=c, number=number_of(i), is_primary=True)
                for i, c in zip(missing, contacts, strict=True)
            )
        progress.advance(len(missing))
    progress.finish()
    return total - have


def run(*, contacts: int = 1_000_000, lookups: int = 20_000) -> dict[str, Any]:
    from django.db import connection, reset_queries

    from borikan.contacts.selectors import contact_get_by_phone

    added = seed(contacts)
    rng = random.Random(1203)
    # Agents see numbers as the PBX sends them: national format with dashes, or E.164.
    hits = [rng.randrange(contacts) for _ in range(lookups)]
    formats = [national_of, number_of]
    for i in hits[:200]:  # warm the page cache and check the data is what we think it is
        found = contact_get_by_phone(phone=number_of(i))
        assert found is not None and found.last_name_th.endswith(str(i)), i
    samples: list[float] = []
    misses: list[float] = []
    progress = Progress("phone lookups", lookups + lookups // 10)
    for n, i in enumerate(hits):
        raw = formats[n % 2](i)
        started = time.perf_counter()
        contact = contact_get_by_phone(phone=raw)
        samples.append((time.perf_counter() - started) * 1000)
        if contact is None:
            raise AssertionError(f"lookup lost {raw}")
        progress.advance()
    for _ in range(lookups // 10):
        raw = f"+6689{rng.randrange(10_000_000):07d}"  # numbers nobody has
        started = time.perf_counter()
        contact_get_by_phone(phone=raw)
        misses.append((time.perf_counter() - started) * 1000)
        progress.advance()
    progress.finish()
    reset_queries()
    result = percentiles(samples)
    return {
        "name": "contacts.phone_lookup",
        "database": connection.vendor,
        "contacts": contacts,
        "seeded_now": added,
        "hits": result,
        "misses": percentiles(misses),
        "target": {"p95_ms": 2.0},
        "met": result["p95_ms"] <= 2.0,
    }
