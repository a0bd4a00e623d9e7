"""Demo live chat: ready answers and a few past conversations on contacts' timelines. Idempotent."""

from __future__ import annotations

import datetime as dt
import secrets

from django.db import transaction
from django.utils import timezone

from borikan.catalog.selectors import service_ref
from borikan.chat.models import Author, CannedAnswer, Conversation, Kind, Message, Status
from borikan.chat.services.start import PDPA_NOTICE_VERSION, contact_for_visitor
from borikan.core.models import Agency, User
from borikan.core.tokens import secret_new
from borikan.interactions.services import interaction_log
from borikan.surveys.services import response_record

CANNED = [
    ("เวลาทำการ", "ศูนย์บริการเปิดให้บริการวันจันทร์–ศุกร์ (เว้นวันหยุดราชการ) เวลา 08:30–16:30 น. ค่ะ"),
    ("ขอข้อมูลติดต่อกลับ", "รบกวนขอชื่อ-นามสกุล และเบอร์โทรศัพท์สำหรับติดต่อกลับด้วยค่ะ"),
    ("แนะนำแอปพลิเคชัน", "แนะนำให้ดาวน์โหลดแอปพลิเคชันของกระทรวงพาณิชย์ เพื่อติดตามข่าวสารและบริการค่ะ"),
    ("ขอบคุณ", "ขอบคุณที่ใช้บริการศูนย์บริการกระทรวงพาณิชย์ค่ะ"),
]

# (visitor, phone, e-mail, service, agency, hours ago, [(author, text)], rating)
PAST = [
    (
        "ปิยะพร ศรีสุข", "0861112233", "piyaporn@example.com", "S1", "DBD", 26,
        [("visitor", "อยากจดทะเบียนบริษัทจำกัด ต้องเตรียมเอกสารอะไรบ้างคะ"),
         ("agent", "เตรียมสำเนาบัตรประชาชนของผู้ก่อการ และจองชื่อนิติบุคคลก่อนค่ะ"),
         ("visitor", "ขอบคุณค่ะ")],
        1,
    ),
    (
        "Somchai Export", "", "somchai@export.example", "S7", "DITP", 5,
        [("visitor", "ต้องการส่งออกทุเรียนไปจีน ต้องเริ่มอย่างไรครับ"),
         ("agent", "เริ่มจากขอใบรับรองสุขอนามัยพืช และลงทะเบียนผู้ส่งออกค่ะ")],
        2,
    ),
    (
        "วีระ ใจกล้า", "0631237788", "", "S2", "DIT", 2,
        [("visitor", "ร้านค้าขายไข่ไก่แพงกว่าป้ายราคาครับ"),
         ("agent", "รับเรื่องไว้แล้วค่ะ จะเปิดเรื่องร้องเรียนให้ค่ะ")],
        None,
    ),
]  # fmt: skip


@transaction.atomic
def load() -> dict[str, int]:
    created_canned = 0
    for order, (title, body) in enumerate(CANNED):
        _row, made = CannedAnswer.objects.get_or_create(
            title=title, defaults={"body": body, "order": order}
        )
        created_canned += made
    agent = User.objects.filter(username="agent").first()
    if agent is None or Conversation.objects.filter(origin="demo").exists():
        return {"canned answers created": created_canned, "chats created": 0}
    now = timezone.now()
    created = 0
    for name, phone, email, code, agency_code, hours, lines, rating in PAST:
        started = now - dt.timedelta(hours=hours)
        accepted = started + dt.timedelta(seconds=40)
        _token, token_hash = secret_new("bkc_")
        conversation = Conversation.objects.create(
            public_id=secrets.token_hex(12),
            token_hash=token_hash,
            status=Status.ACTIVE,
            service=service_ref(code=code),
            agency=Agency.objects.get(code=agency_code),
            visitor_name=name,
            visitor_phone=f"+66{phone[1:]}" if phone else "",
            visitor_email=email,
            consent_notice=PDPA_NOTICE_VERSION,
            consent_at=started,
            origin="demo",
            contact=contact_for_visitor(name=name, phone=phone, email=email),
            agent=agent,
            started_at=started,
            queued_at=started,
            accepted_at=accepted,
        )
        at = accepted
        for seq, (author, text) in enumerate(lines, start=1):
            at += dt.timedelta(minutes=2)
            Message.objects.create(
                conversation=conversation,
                seq=seq,
                author=author,
                author_user=agent if author == Author.AGENT else None,
                author_name=name if author == Author.VISITOR else agent.first_name,
                kind=Kind.TEXT,
                body=text,
            )
        Message.objects.filter(conversation=conversation).update(created_at=at)
        interaction = interaction_log(
            staff=agent,
            channel="chat",
            service_code=code,
            subject=lines[0][1][:300],
            contact=conversation.contact,
            agency=conversation.agency,
            notes=f"chat {conversation.public_id}",
            started_at=accepted,
            ended_at=at,
        )
        conversation.status, conversation.closed_at, conversation.closed_by = (
            Status.CLOSED,
            at,
            Author.AGENT,
        )
        conversation.interaction, conversation.last_seq = interaction, len(lines)
        if rating:
            response_record(
                channel="chat",
                source="chat",
                score=rating,
                interaction=interaction,
                responded_at=at + dt.timedelta(seconds=30),
            )
            conversation.rating = rating
        conversation.save()
        created += 1
    return {"canned answers created": created_canned, "chats created": created}
