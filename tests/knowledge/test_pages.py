"""The knowledge-base pages for staff: search, read, write, attach."""

import pytest
from django.test import Client

from borikan.knowledge.models import Article
from tests.factories import UserFactory

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF"


@pytest.fixture
def editor_client(editor):
    client = Client()
    client.force_login(editor)
    return client


def test_search_page_shows_ranked_results_with_marked_snippets(kb, agent_client):
    page = agent_client.get("/kb/", {"q": "จดแบรนด์ยังไงคะ"})
    html = page.content.decode()
    assert page.status_code == 200
    assert html.index("การจดทะเบียนเครื่องหมายการค้า") < html.index("การต่ออายุเครื่องหมายการค้า")
    assert "<mark>" in html


def test_agents_read_but_do_not_write(kb, agent_client):
    assert agent_client.get(f"/kb/{kb['trademark'].pk}/").status_code == 200
    assert agent_client.get("/kb/new/").status_code == 404
    assert agent_client.get(f"/kb/{kb['trademark'].pk}/edit/").status_code == 404
    assert "/kb/new/" not in agent_client.get("/kb/").content.decode()


def test_anonymous_visitors_are_sent_to_sign_in(kb):
    response = Client().get("/kb/")
    assert response.status_code == 302 and "/login/" in response["Location"]


def test_an_editor_writes_an_article_and_it_is_found(db, editor_client, agent_client):
    form = {
        "title": "การขอคืนเงินค่าธรรมเนียม",
        "agency": "DBD",
        "topic": "ค่าธรรมเนียม",
        "tags": "คืนเงิน, refund",
        "body": "## ขั้นตอน\n\n1. ยื่นคำร้อง\n2. รอ **15 วันทำการ**\n\n<script>alert(1)</script>",
        "source_links": "https://www.dbd.go.th\n",
        "audience": "public",
        "status": "published",
        "language": "th",
        "review_by": "2027-06-30",
        "note": "ฉบับแรก",
    }
    response = editor_client.post("/kb/new/", form)
    article = Article.objects.get(title="การขอคืนเงินค่าธรรมเนียม")
    assert response.status_code == 302 and response["Location"] == f"/kb/{article.pk}/"
    assert article.tags == ["คืนเงิน", "refund"]
    detail = editor_client.get(f"/kb/{article.pk}/").content.decode()
    assert "<h2>ขั้นตอน</h2>" in detail and "<script>alert" not in detail
    assert "ฉบับแรก" in detail  # the version list
    assert "การขอคืนเงินค่าธรรมเนียม" in agent_client.get("/kb/", {"q": "ขอคืนเงิน"}).content.decode()


def test_a_bad_form_comes_back_with_what_was_typed(db, editor_client):
    form = {
        "title": "ชื่อเรื่องที่พิมพ์ไว้",
        "agency": "DBD",
        "body": "เนื้อหายาวที่พิมพ์ไว้",
        "source_links": "ftp://example.com",
        "audience": "public",
        "status": "published",
        "language": "th",
    }
    response = editor_client.post("/kb/new/", form)
    html = response.content.decode()
    assert response.status_code == 422
    assert 'role="alert"' in html
    assert "ชื่อเรื่องที่พิมพ์ไว้" in html and "เนื้อหายาวที่พิมพ์ไว้" in html
    assert not Article.objects.exists()


def test_two_editors_saving_the_same_version_the_second_is_told(kb, editor_client):
    article = kb["company"]
    base = {
        "agency": "DBD",
        "audience": "public",
        "status": "published",
        "language": "th",
        "version": article.version,
    }
    assert editor_client.post(f"/kb/{article.pk}/edit/", {**base, "title": "ก"}).status_code == 302
    stale = editor_client.post(f"/kb/{article.pk}/edit/", {**base, "title": "ข"})
    assert stale.status_code == 422
    article.refresh_from_db()
    assert article.title == "ก"


def test_officers_edit_only_their_agencys_articles(kb):
    officer = UserFactory(officer=True)  # DIT
    client = Client()
    client.force_login(officer)
    assert client.get(f"/kb/{kb['prices'].pk}/edit/").status_code == 200
    assert client.get(f"/kb/{kb['trademark'].pk}/edit/").status_code == 404


def test_files_are_checked_and_served_safely(kb, editor_client):
    article = kb["trademark"]
    upload = {"file": ("แบบคำขอ.pdf", PDF)}
    from django.core.files.uploadedfile import SimpleUploadedFile

    ok = editor_client.post(
        f"/kb/{article.pk}/files/", {"file": SimpleUploadedFile(*upload["file"])}
    )
    assert ok.status_code == 302
    bad = editor_client.post(
        f"/kb/{article.pk}/files/",
        {"file": SimpleUploadedFile("virus.pdf", b"MZ\x90\x00" + b"\0" * 100)},
    )
    assert bad.status_code == 302
    [attachment] = article.attachments.all()
    served = Client().get(f"/kb/{article.pk}/files/{attachment.pk}/")  # public article
    assert served.status_code == 200
    assert served["X-Content-Type-Options"] == "nosniff"
    script = kb["script"]
    assert Client().get(f"/kb/{script.pk}/files/1/").status_code == 404
