"""Demo service log: the answered demo calls logged with step timings. Idempotent."""

from __future__ import annotations

import datetime as dt
import random

from django.db import transaction

from borikan.catalog.selectors import service_get
from borikan.core.models import Agency
from borikan.interactions.models import Interaction, Outcome
from borikan.interactions.services import StepDone, interaction_log
from borikan.telephony.models import Call

SUBJECTS = [
    ("ขอทราบขั้นตอนการจดทะเบียนบริษัท", "DBD"),
    ("สอบถามการจดทะเบียนเครื่องหมายการค้า", "DIP"),
    ("ร้องเรียนสินค้าราคาแพงเกินจริง", "DIT"),
    ("สอบถามการขอหนังสือรับรองถิ่นกำเนิดสินค้า", "DFT"),
    ("ต้องการส่งออกทุเรียนไปจีน", "DITP"),
    ("สอบถามราคาสินค้าเกษตร", "DIT"),
    ("ขอข้อมูลสิทธิประโยชน์ FTA", "DTN"),
]


@transaction.atomic
def load() -> dict[str, int]:
    calls = Call.objects.filter(
        call_id__startswith="demo-", answered_at__isnull=False, interactions__isnull=True
    ).select_related("agent", "contact")
    if Interaction.objects.filter(call__call_id__startswith="demo-").exists():
        return {"interactions created": 0}
    rng = random.Random(2569)
    steps = [s for s in service_get(code="S1").steps.all() if s.working_days is None][:2]
    agencies = {a.code: a for a in Agency.objects.all()}
    created = 0
    for call in calls:
        if call.agent is None or call.answered_at is None:
            continue
        subject, agency_code = rng.choice(SUBJECTS)
        start, done = call.answered_at, []
        for step in steps:
            limit = step.max_seconds or 300
            end = start + dt.timedelta(seconds=rng.randint(limit // 6, int(limit * 1.3)))
            done.append(StepDone(key=step.key, started_at=start, ended_at=end))
            start = end
        transferred = rng.random() < 0.2
        interaction_log(
            staff=call.agent,
            channel="phone",
            service_code="S1",
            subject=subject,
            contact=call.contact,
            agency=agencies.get(agency_code),
            transfer_extension=str(rng.randint(2000, 2999)) if transferred else "",
            outcome=Outcome.TRANSFERRED if transferred else Outcome.ANSWERED,
            call_id=call.call_id,
            steps=done,
            started_at=call.answered_at,
            ended_at=start,
        )
        created += 1
    return {"interactions created": created}
