"""The public service guides (SPEC S8, ITA O11): every provincial office's page, the S3 flow,
English, the embeddable page and snippet, the printed PDF."""

from __future__ import annotations

import re

import pytest
from django.test import Client

from borikan.catalog.models import Service
from borikan.core.models import Office
from tests.portal.a11y import problems

pytestmark = pytest.mark.django_db

S3_STEPS = [
    ("ask_details", "ขอทราบข้อมูลชื่อ", "5 นาที"),
    ("record_and_book", "บันทึกข้อมูลการให้บริการลงระบบ CRM", "10 นาที"),
    ("confirm_appointment", "แจ้งวัน เวลา ที่ได้นัดหมาย", "5 นาที"),
]


def steps_of(html: str, code: str) -> list[tuple[str, str]]:
    """(step key, text) of each flow box of one service's guide, in page order."""
    guide = html.split(f'id="guide-{code}"', 1)[1].split("</article>", 1)[0]
    boxes = re.findall(r'<li class="flow-step" data-step="([^"]+)">(.*?)</li>', guide, re.S)
    return [(key, re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", body))) for key, body in boxes]


def test_every_provincial_office_has_its_page_with_every_guide():
    offices = list(Office.objects.filter(kind=Office.Kind.PROVINCIAL))
    assert len(offices) == 76
    services = list(Service.objects.filter(is_active=True).values_list("code", flat=True))
    assert len(services) == 8
    client = Client()
    for office in offices:
        response = client.get(f"/portal/offices/{office.code}/")
        assert response.status_code == 200, office.code
        html = response.content.decode()
        assert f"<h1>{office.name_th}</h1>" in html
        for code in services:
            assert f'id="guide-{code}"' in html, (office.code, code)
    listing = client.get("/portal/offices/").content.decode()
    assert listing.count('href="/portal/offices/PCO-') == 76


def test_the_s3_guide_of_chiang_mai_has_its_steps_and_standard_times():
    html = Client().get("/portal/offices/PCO-CMI/").content.decode()
    steps = steps_of(html, "S3")
    assert [key for key, _text in steps] == [key for key, _words, _time in S3_STEPS]
    for (_key, text), (_k, words, time) in zip(steps, S3_STEPS, strict=True):
        assert words in text and time in text
    s3 = html.split('id="guide-S3"', 1)[1].split("</article>", 1)[0]
    assert "รวมเวลามาตรฐาน" in s3 or "20 นาที" in s3  # total 5 + 10 + 5
    assert "สำนักงานพาณิชย์จังหวัดทุกจังหวัด" in s3  # channel
    assert "บัตรประจำตัวประชาชน" in s3  # documents
    assert "ไม่มีค่าธรรมเนียม" in s3  # fee
    assert "พระราชบัญญัติข้อมูลข่าวสารของราชการ พ.ศ. 2540" in s3  # law
    assert "กองบริหารการพาณิชย์ภูมิภาค" in s3  # issuing unit


def test_the_s2_guide_counts_working_days():
    html = Client().get("/portal/guides/S2/").content.decode()
    assert "15 วันทำการ" in html


def test_guides_in_english():
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    html = client.get("/portal/offices/PCO-CMI/").content.decode()
    assert '<html lang="en">' in html
    assert "Chiang Mai Provincial Commerce Office" in html
    s3 = dict(steps_of(html, "S3"))
    assert "10 minutes" in s3["record_and_book"]
    assert "Official Information Act" in html


def test_unknown_office_and_service_are_404_and_codes_are_forgiving():
    client = Client()
    assert client.get("/portal/offices/PCO-XXX/").status_code == 404
    assert client.get("/portal/guides/S99/").status_code == 404
    assert client.get("/portal/guides/S99/pdf/").status_code == 404
    assert client.get("/portal/guides/S3/pdf/?office=nowhere").status_code == 404
    response = client.get("/portal/offices/pco-cmi/")
    assert (response.status_code, response["Location"]) == (301, "/portal/offices/PCO-CMI/")


def test_only_the_embed_page_may_be_framed():
    client = Client()
    embed = client.get("/portal/offices/PCO-KKN/embed/?lang=en&service=S3")
    assert embed.status_code == 200
    assert "X-Frame-Options" not in embed
    html = embed.content.decode()
    assert '<html lang="en">' in html and 'id="guide-S3"' in html and 'id="guide-S2"' not in html
    assert '<base target="_top">' in html  # links leave the frame
    for path in ("/portal/offices/PCO-KKN/", "/portal/", "/complaint/", "/track/"):
        assert client.get(path)["X-Frame-Options"] == "DENY", path


def test_snippet_page_and_raw_snippet():
    client = Client()
    html = client.get("/portal/offices/PCO-CMI/snippet/").content.decode()
    assert "&lt;iframe src=&quot;http://testserver/portal/offices/PCO-CMI/embed/&quot;" in html or (
        "http://testserver/portal/offices/PCO-CMI/embed/" in html
    )
    raw = client.get("/portal/offices/PCO-CMI/snippet.html")
    assert raw["Content-Type"] == "text/html; charset=utf-8"
    body = raw.content.decode()
    assert "<script" not in body and "สำนักงานพาณิชย์จังหวัดเชียงใหม่" in body
    assert "10 นาที" in body


def test_printed_guide_is_a_thai_pdf():
    client = Client()
    response = client.get("/portal/guides/S3/pdf/?office=PCO-CMI")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    pdf = response.content
    assert pdf.startswith(b"%PDF-")
    assert re.search(rb"/BaseFont /[A-Z]{6}\+Laksaman", pdf)  # the Thai font, embedded
    booklet = client.get("/portal/offices/PCO-CMI/pdf/").content
    pages = re.findall(rb"/Type /Page(?!s)", booklet)
    assert len(pages) >= 8  # every guide from a new page


@pytest.mark.parametrize(
    "path",
    [
        "/portal/",
        "/portal/guides/",
        "/portal/guides/S3/",
        "/portal/offices/",
        "/portal/offices/PCO-CMI/",
        "/portal/offices/PCO-CMI/snippet/",
        "/portal/offices/PCO-CMI/embed/",
        "/complaint/",
        "/track/",
    ],
)
def test_public_pages_meet_the_accessibility_basics(path):
    response = Client().get(path)
    assert response.status_code == 200
    html = response.content.decode()
    assert problems(html) == []
    if "embed" not in path:
        assert 'class="skip" href="#main"' in html  # skip link, first in the keyboard order
        assert 'role="banner"' in html and 'role="contentinfo"' in html
