"""Two weeks of demo calls on the 1203 and 1169 hotlines, some missed. Idempotent."""

from __future__ import annotations

import datetime as dt
import random

from django.db import transaction
from django.utils import timezone

from borikan.contacts.models import Contact
from borikan.core.models import User
from borikan.telephony.models import Call

CAUSES = ["normalClearing"] * 8 + ["cancel", "noAnswer"]


@transaction.atomic
def load() -> dict[str, int]:
    if Call.objects.filter(call_id__startswith="demo-").exists():
        return {"calls created": 0}
    rng = random.Random(1169)
    contacts = list(Contact.objects.filter(merged_into__isnull=True).prefetch_related("phones"))
    agents = list(User.objects.filter(role="agent").exclude(extension=""))
    if not contacts or not agents:
        return {"calls created": 0}
    now = timezone.now()
    calls = []
    for i in range(120):
        contact = rng.choice(contacts)
        phone = contact.phones.first()
        started = now - dt.timedelta(
            days=rng.randint(0, 13), hours=rng.randint(0, 8), minutes=rng.randint(0, 59)
        )
        cause = rng.choice(CAUSES)
        missed = cause != "normalClearing"
        agent = None if missed else rng.choice(agents)
        answered = None if missed else started + dt.timedelta(seconds=rng.randint(3, 25))
        ended = (answered or started) + dt.timedelta(seconds=rng.randint(20, 600))
        calls.append(
            Call(
                call_id=f"demo-{i:04d}",
                caller=phone.number if phone else "",
                from_raw=phone.number if phone else "anonymous",
                hotline=rng.choice(["1203", "1203", "1169"]),
                state=Call.State.ENDED,
                cause=cause,
                agent=agent,
                answering_number=agent.extension if agent else "",
                contact=contact,
                started_at=started,
                answered_at=answered,
                ended_at=ended,
                survey_score=rng.choice([1, 1, 2, 2, 2, 3, None]) if not missed else None,
            )
        )
    Call.objects.bulk_create(calls)
    return {"calls created": len(calls)}
