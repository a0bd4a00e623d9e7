"""Writing articles: checked, sanitised, versioned, indexed on every save."""

import pytest

from borikan.core.errors import PermissionDeniedError
from borikan.knowledge.models import ArticleVersion
from borikan.knowledge.selectors import article_search
from borikan.knowledge.services import ArticleError, ArticleInput, article_attach, article_save
from borikan.search.models import SearchDocument
from tests.factories import UserFactory

PDF = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF"


def titles(query, public_only=False):
    return [hit.article.title for hit in article_search(query=query, public_only=public_only)]


def test_html_and_script_in_a_body_are_sanitised(make_article):
    article = make_article(
        "ทดสอบ",
        "<script>alert('x')</script>**ตัวหนา** [คลิก](javascript:alert(1)) "
        '<img src=x onerror="alert(1)"> [กรม](https://www.dbd.go.th) <b onclick="x()">b</b>',
    )
    html = article.body_html
    assert "<script" not in html and "alert" not in html
    assert "javascript:" not in html and "onerror" not in html and "onclick" not in html
    assert "<strong>ตัวหนา</strong>" in html
    assert 'href="https://www.dbd.go.th"' in html and 'rel="noopener noreferrer nofollow"' in html


def test_every_save_is_a_version_and_the_index_follows_the_title(make_article, editor):
    article = make_article("การขอหนังสือรับรองนิติบุคคล", "ขอได้ทุกสำนักงาน")
    assert titles("หนังสือรับรอง") == ["การขอหนังสือรับรองนิติบุคคล"]
    changed = article_save(
        data=ArticleInput(agency_code="DBD", title="การขอสำเนาเอกสารทะเบียน", body="ขอได้"),
        by=editor,
        article=article,
        expected_version=1,
    )
    assert changed.version == 2
    versions = ArticleVersion.objects.filter(article=article).order_by("number")
    assert [(v.number, v.title) for v in versions] == [
        (1, "การขอหนังสือรับรองนิติบุคคล"),
        (2, "การขอสำเนาเอกสารทะเบียน"),
    ]
    assert versions[1].author == editor
    assert titles("หนังสือรับรอง") == []
    assert titles("สำเนาเอกสาร") == ["การขอสำเนาเอกสารทะเบียน"]


def test_a_stale_edit_is_refused_and_loses_nothing(make_article, editor):
    article = make_article("ชื่อเดิม", "เนื้อหาเดิม")
    article_save(data=ArticleInput(agency_code="DBD", title="ชื่อใหม่"), by=editor, article=article)
    with pytest.raises(ArticleError) as error:
        article_save(
            data=ArticleInput(agency_code="DBD", title="อีกชื่อ"),
            by=editor,
            article=article,
            expected_version=1,
        )
    assert (error.value.code, error.value.status) == ("stale_version", 409)
    article.refresh_from_db()
    assert (article.title, article.version) == ("ชื่อใหม่", 2)


def test_drafts_and_archived_articles_are_not_found(make_article, editor):
    article = make_article("การส่งออกข้าวหอมมะลิ", "ใบอนุญาตส่งออก", status="draft")
    assert titles("ส่งออกข้าว") == []
    article = article_save(
        data=ArticleInput(agency_code="DBD", title=article.title, status="published"),
        by=editor,
        article=article,
    )
    assert titles("ส่งออกข้าว") == ["การส่งออกข้าวหอมมะลิ"]
    article_save(
        data=ArticleInput(agency_code="DBD", title=article.title, status="archived"),
        by=editor,
        article=article,
    )
    assert titles("ส่งออกข้าว") == []
    assert not SearchDocument.objects.filter(object_id=str(article.pk)).exists()


@pytest.mark.parametrize(
    ("fields", "code"),
    [
        ({"title": "   "}, "title_required"),
        ({"title": "ก" * 301}, "title_too_long"),
        ({"agency_code": "XYZ"}, "unknown_agency"),
        ({"source_links": ["javascript:alert(1)"]}, "bad_link"),
        ({"source_links": ["www.dbd.go.th"]}, "bad_link"),
        ({"tags": [f"tag{i}" for i in range(21)]}, "too_many_tags"),
        ({"tags": ["ก" * 51]}, "tag_too_long"),
        ({"audience": "everyone"}, "bad_audience"),
        ({"body": "ก" * 200_001}, "body_too_long"),
    ],
)
def test_bad_articles_are_refused_with_a_thai_and_english_message(db, fields, code):
    data = {"agency_code": "DBD", "title": "ชื่อเรื่อง", **fields}
    with pytest.raises(ArticleError) as error:
        article_save(data=ArticleInput(**data), by=None)
    assert error.value.code == code
    body = error.value.as_dict()["error"]
    assert body["message"] != body["message_en"]  # Thai first, English too


def test_officers_write_only_their_own_agencys_articles(make_article):
    officer = UserFactory(officer=True)  # DIT
    agent = UserFactory()
    article_save(data=ArticleInput(agency_code="DIT", title="ราคาหมู"), by=officer)
    with pytest.raises(PermissionDeniedError):
        article_save(data=ArticleInput(agency_code="DIP", title="สิทธิบัตร"), by=officer)
    with pytest.raises(PermissionDeniedError):
        article_save(data=ArticleInput(agency_code="DIT", title="ราคาไก่"), by=agent)


def test_attachments_are_checked_by_content(make_article, editor):
    article = make_article("แบบฟอร์มคำขอ", "ดาวน์โหลดแบบฟอร์ม")
    attachment = article_attach(article=article, by=editor, name="แบบ ก.pdf", data=PDF)
    assert (attachment.content_type, attachment.original_name) == ("application/pdf", "แบบ ก.pdf")
    with pytest.raises(Exception) as error:
        article_attach(article=article, by=editor, name="x.pdf", data=b"MZ\x90\x00" + b"\0" * 99)
    assert error.value.code == "file_type"
    assert article.attachments.count() == 1
