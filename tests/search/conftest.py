from __future__ import annotations

import pytest

from borikan.search.services import search_index


@pytest.fixture
def articles(db):
    """A small knowledge base, in Thai without spaces, as the other apps would index it."""
    docs = {
        "rice-price": ("ราคาข้าวหอมมะลิวันนี้", "ข้าว ราคา", "ข้าวหอมมะลิราคาตันละ๑๕,๐๐๐บาท"),
        "news": ("ข่าวเศรษฐกิจการค้า", "ข่าว", "สรุปข่าวการส่งออกประจำสัปดาห์"),
        "register": (
            "การจดทะเบียนห้างหุ้นส่วนจำกัด",
            "จดทะเบียน นิติบุคคล",
            "ยื่นคำขอจดทะเบียนที่สำนักงานพาณิชย์จังหวัดหรือทางออนไลน์",
        ),
        "complaint": (
            "ร้องเรียนสินค้าราคาแพง",
            "ร้องเรียน",
            "โทรสายด่วน1569เพื่อแจ้งร้านค้าที่ไม่ติดป้ายราคา",
        ),
        "online": (
            "ขายของออนไลน์ต้องจดทะเบียนพาณิชย์อิเล็กทรอนิกส์",
            "E-Commerce",
            "ผู้ประกอบการSMEที่ขายผ่านFacebookต้องจดทะเบียน",
        ),
    }
    for object_id, (title, tags, body) in docs.items():
        search_index(kind="article", object_id=object_id, title=title, tags=tags, body=body)
    return docs
