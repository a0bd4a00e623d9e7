from __future__ import annotations

from collections.abc import Callable

import pytest

from borikan.knowledge.models import Article
from borikan.knowledge.services import ArticleInput, article_save
from tests.factories import UserFactory
from tests.smtp import smtp_port, smtp_server, smtp_settings  # noqa: F401


@pytest.fixture
def editor(db):
    return UserFactory(username="editor", supervisor=True)


@pytest.fixture
def make_article(db) -> Callable[..., Article]:
    def make(title: str, body: str = "", **fields) -> Article:
        data = ArticleInput(
            agency_code=fields.pop("agency", "DBD"), title=title, body=body, **fields
        )
        return article_save(data=data, by=None)

    return make


@pytest.fixture
def kb(make_article) -> dict[str, Article]:
    """A small knowledge base whose articles are close to each other, so ranking matters."""
    return {
        "trademark": make_article(
            "การจดทะเบียนเครื่องหมายการค้า",
            "ยื่นคำขอจดทะเบียน**เครื่องหมายการค้า**ได้ที่กรมทรัพย์สินทางปัญญา "
            "หรือทางระบบ e-Filing ค่าธรรมเนียมคำขอละ 1,000 บาท",
            agency="DIP",
            tags=["แบรนด์", "trademark"],
        ),
        "renewal": make_article(
            "การต่ออายุเครื่องหมายการค้า",
            "เครื่องหมายการค้ามีอายุคุ้มครอง 10 ปี ต่ออายุได้ภายใน 90 วันก่อนวันสิ้นอายุ",
            agency="DIP",
        ),
        "company": make_article(
            "ขั้นตอนการจดทะเบียนจัดตั้งบริษัทจำกัด",
            "จองชื่อนิติบุคคล ยื่นหนังสือบริคณห์สนธิ และจดทะเบียนบริษัททางระบบ DBD e-Registration",
            tags=["บริษัท", "นิติบุคคล"],
        ),
        "prices": make_article(
            "ร้องเรียนสินค้าราคาแพงเกินจริง",
            "ผู้บริโภคร้องเรียนราคาสินค้าเกินจริงได้ที่สายด่วน 1569 ของกรมการค้าภายใน",
            agency="DIT",
            tags=["ราคา", "ร้องเรียน"],
        ),
        "script": make_article(
            "สคริปต์รับสายสำหรับเจ้าหน้าที่",
            "กล่าวทักทายด้วยชื่อศูนย์ แล้วถามชื่อผู้ติดต่อ จดทะเบียนบริษัท",
            agency="OPS",
            audience="internal",
        ),
    }
