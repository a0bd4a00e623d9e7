"""Demo cases in every state of S2, received over the last six weeks. Idempotent."""

from __future__ import annotations

import datetime as dt
import random

from django.db import transaction
from django.utils import timezone

from borikan.cases.models import Case, CaseEvent
from borikan.cases.services import case_act, case_open
from borikan.contacts.models import Contact
from borikan.core.models import Agency, User

CASES = [
    # kind, subject, description, agency, how far it got
    (
        "complaint",
        "ร้านค้าขายไข่ไก่แพงกว่าราคาที่ปิดป้าย",
        "ซื้อไข่ไก่เบอร์ 2 ราคาแผงละ 150 บาท แต่ป้ายแจ้ง 120 บาท",
        "DIT",
        "closed",
    ),
    ("complaint", "ปั๊มน้ำมันจ่ายน้ำมันไม่เต็มลิตร", "เติมน้ำมัน 20 ลิตร วัดได้ประมาณ 18 ลิตร", "DIT", "answered"),
    (
        "grievance",
        "ถูกละเมิดเครื่องหมายการค้าในตลาดออนไลน์",
        "มีร้านค้าออนไลน์ใช้โลโก้ของเราขายสินค้าปลอม",
        "DIP",
        "in_progress",
    ),
    ("complaint", "ห้างไม่ติดป้ายแสดงราคาสินค้า", "สินค้าหลายรายการไม่มีป้ายราคา", "DIT", "dispatched"),
    ("followup", "ติดตามคำขอหนังสือรับรองถิ่นกำเนิดสินค้า", "ยื่นคำขอแล้ว 10 วันยังไม่ได้รับ", "DFT", "waiting"),
    ("complaint", "บริษัทจดทะเบียนแต่ไม่มีตัวตน", "สงสัยว่าเป็นบริษัทบังหน้า", "DBD", "submitted"),
    (
        "grievance",
        "ค่าธรรมเนียมจดทะเบียนเรียกเก็บเกิน",
        "ถูกเรียกเก็บค่าธรรมเนียมมากกว่าที่ประกาศ",
        "",
        "received",
    ),
    ("complaint", "สินค้าเกษตรรับซื้อต่ำกว่าราคาประกัน", "ลานรับซื้อมันสำปะหลังกดราคา", "DIT", "overdue"),
]
FIRST = ["สมศักดิ์", "วันเพ็ญ", "บุญชัย", "จันทร์เพ็ญ", "อำนาจ", "ศิริพร", "ทองใบ", "นงลักษณ์"]
LAST = ["มั่นคง", "ศรีสวัสดิ์", "พูลผล", "แก้วมณี", "ทองดี", "บุญเรือง", "ใจงาม", "สุขสม"]


def _user(username: str) -> User:
    return User.objects.get(username=username)


def _backdate(case: Case, start: dt.datetime) -> None:
    """Spreads the demo history over the days after receipt (a demo shortcut only)."""
    for i, event in enumerate(case.events.order_by("id")):
        CaseEvent.objects.filter(pk=event.pk).update(created_at=start + dt.timedelta(hours=5 * i))


@transaction.atomic
def load() -> dict[str, int]:
    if Case.objects.exists():
        return {"cases created": 0}
    Agency.objects.filter(code="DIT", email="").update(email="complaints@dit.demo.borikan.local")
    Agency.objects.filter(code="DIP", email="").update(email="complaints@dip.demo.borikan.local")
    agent, director = _user("agent"), _user("director")
    officers = {
        u.agency.code: u
        for u in User.objects.filter(role="officer").select_related("agency")
        if u.agency is not None
    }
    rng = random.Random(1203)
    now = timezone.now()
    created = 0
    for index, (kind, subject, description, agency, stage) in enumerate(CASES):
        received = now - dt.timedelta(days=40 if stage == "overdue" else 2 + index * 3, hours=index)
        contact = (
            Contact.objects.filter(merged_into__isnull=True, phones__isnull=False)
            .order_by("id")[index : index + 1]
            .first()
        )
        opened = case_open(
            by=agent,
            kind=kind,
            subject=subject,
            description=description,
            origin="phone",
            contact=contact,
            phone="" if contact else f"08{rng.randint(10_000_000, 99_999_999)}",
            contact_fields={"first_name_th": FIRST[index], "last_name_th": LAST[index]},
            submit=stage != "received",
            received_at=received,
        )
        case = opened.case
        officer = officers.get(agency)
        if stage not in ("received", "submitted"):
            case_act(case=case, action="dispatch", by=director, agency_code=agency)
        actor = officer or director
        if stage in ("in_progress", "answered", "closed", "waiting"):
            case_act(case=case, action="accept", by=actor)
        if stage == "waiting":
            case_act(case=case, action="pause", by=actor, note="ขอสำเนาใบเสร็จและเลขที่คำขอ")
        if stage in ("answered", "closed"):
            case_act(case=case, action="note", by=actor, note="ตรวจสอบข้อเท็จจริงกับผู้ประกอบการแล้ว")
            case_act(
                case=case,
                action="answer",
                by=actor,
                note="ได้ตรวจสอบและดำเนินการตามกฎหมายแล้ว ผู้ประกอบการปรับปรุงแก้ไขเรียบร้อย",
            )
        if stage == "closed":
            case_act(case=case, action="close", by=agent)
        _backdate(case, received)
        created += 1
    # A tip-off from an anonymous caller and a referral from the 1111 hotline.
    tip = case_open(
        by=agent,
        kind="tipoff",
        subject="แจ้งเบาะแสการกักตุนน้ำมันปาล์ม",
        description="มีรถบรรทุกขนน้ำมันปาล์มเข้าโกดังทุกคืน",
        origin="phone",
        anonymous=True,
        submit=True,
        received_at=now - dt.timedelta(days=1),
    )
    _backdate(tip.case, tip.case.received_at)
    referral = case_open(
        by=agent,
        kind="complaint",
        subject="ร้องเรียนผ่านสายด่วนรัฐบาล 1111: ค่าส่งพัสดุเกินจริง",
        description="ส่งต่อจากศูนย์บริการประชาชน สำนักปลัดสำนักนายกรัฐมนตรี",
        origin="1111",
        origin_ref="1111-2569-000871",
        phone="0894561234",
        contact_fields={"first_name_th": "มานะ", "last_name_th": "อดทน"},
        submit=True,
        received_at=now - dt.timedelta(hours=3),
    )
    _backdate(referral.case, referral.case.received_at)
    return {"cases created": created + 2}
