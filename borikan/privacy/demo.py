"""Demo PDPA registers: a request of each clock state and a breach, so the pages show them."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone

from borikan.contacts.models import Contact
from borikan.core.models import User
from borikan.privacy.models import Breach, DataSubjectRequest
from borikan.privacy.services import breach_record, dsr_open


@transaction.atomic
def load() -> dict[str, int]:
    supervisor = User.objects.filter(username="supervisor").first()
    contacts = list(Contact.objects.filter(merged_into__isnull=True, erased_at__isnull=True)[:2])
    if supervisor is None or len(contacts) < 2 or DataSubjectRequest.objects.exists():
        return {"requests created": 0, "breaches created": 0}
    now = timezone.now()
    dsr_open(
        by=supervisor,
        contact=contacts[0],
        kind="access",
        channel="อีเมล",
        details="ขอสำเนาข้อมูลการติดต่อทั้งหมดของตน",
        received_at=now - dt.timedelta(days=3),
    )
    dsr_open(by=supervisor, contact=contacts[1], kind="rectification", channel="จดหมาย",
             details="ขอแก้ไขที่อยู่ให้ถูกต้อง", received_at=now - dt.timedelta(days=27))  # fmt: skip
    breaches = 0
    if not Breach.objects.exists():
        breach_record(
            by=supervisor, title="ส่งอีเมลแจ้งผลเรื่องร้องเรียนผิดผู้รับ",
            description="ระบบอีเมลของสำนักงานส่งผลเรื่องร้องเรียน 2 ฉบับถึงผู้รับผิดราย",
            discovered_at=now - dt.timedelta(hours=20), data_categories="ชื่อ-สกุล, เรื่องร้องเรียน",
            people_affected=2, risk=Breach.Risk.RISK,
            measures="ขอให้ผู้รับลบอีเมล และตรวจสอบรายชื่อผู้รับก่อนส่ง",
        )  # fmt: skip
        breaches = 1
    return {"requests created": 2, "breaches created": breaches}
