"""Hostile input is refused or rendered inert: script and template injection in every text that
is shown back (names, subjects, descriptions, articles), SQL in search boxes, path traversal in
file names, oversized requests, forged CSRF, session fixation."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.core.cache import cache
from django.test import Client, override_settings

from borikan.api.services import api_token_create
from borikan.cases.models import Attachment, Case
from borikan.cases.services import case_attach
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

# Each would run script if it reached the page as markup; the last would render as 5203 if
# it reached the template engine.
PAYLOADS = (
    "<script>window.__xss=1</script>",
    '"><img src=x onerror="window.__xss=1">',
    "<svg/onload=window.__xss=1>",
    "{{ 1203|add:4000 }}",
)
INERT = "&lt;script&gt;window.__xss=1&lt;/script&gt;"


def _assert_inert(html: str) -> None:
    assert "<script>window.__xss" not in html
    assert not re.search(r"<img[^>]*onerror", html)
    assert not re.search(r"<svg[^>]*onload", html, re.IGNORECASE)
    assert "5203" not in html  # the template tag was not evaluated


@pytest.fixture
def staff():
    supervisor = UserFactory(username="xss-supervisor", supervisor=True)
    client = Client()
    client.force_login(supervisor)
    _t, secret = api_token_create(name="xss", scopes=["contacts", "cases", "kb", "interactions"])
    return {
        "user": supervisor,
        "client": client,
        "auth": {"HTTP_AUTHORIZATION": f"Bearer {secret}"},
    }


@pytest.mark.parametrize("payload", PAYLOADS)
def test_a_complaint_from_the_website_shows_its_text_inert_to_staff_and_citizen(staff, payload):
    cache.clear()
    Client().post(
        "/complaint/",
        {"kind": "complaint", "subject": payload, "description": payload,
         "first_name_th": payload[:90], "last_name_th": "ทดสอบ", "phone": "0861112222",
         "consent": "on"},
    )  # fmt: skip
    case = Case.objects.get()
    assert case.subject == payload  # kept as typed, shown escaped
    for path in (f"/cases/{case.number}/", "/cases/?status=all", f"/contacts/{case.contact_id}/"):
        _assert_inert(staff["client"].get(path).content.decode())
    tracked = Client().post("/track/", {"number": case.number, "code": "2222"})
    _assert_inert(tracked.content.decode())
    api = staff["client"].get(f"/api/v1/cases/{case.number}")
    assert api.json()["subject"] == payload  # JSON carries the text; a client must escape it
    assert api["Content-Type"].startswith("application/json")


@pytest.mark.parametrize("payload", PAYLOADS)
def test_names_and_services_given_through_the_api_show_inert(staff, payload):
    contact = Client().post(
        "/api/v1/contacts", {"first_name_th": payload[:90], "last_name_th": "ปลอดภัย"},
        content_type="application/json", **staff["auth"],
    )  # fmt: skip
    assert contact.status_code == 201, contact.content
    contact_id = contact.json()["id"]
    logged = Client().post(
        "/api/v1/interactions",
        {"channel": "phone", "service": "S1", "subject": payload, "contact_id": contact_id,
         "staff": staff["user"].username, "notes": payload},
        content_type="application/json", **staff["auth"],
    )  # fmt: skip
    assert logged.status_code == 201, logged.content
    for path in (f"/contacts/{contact_id}/", "/contacts/?q=ปลอดภัย", "/desktop/history/"):
        _assert_inert(staff["client"].get(path).content.decode())


def test_an_article_cannot_carry_script_links_or_handlers(staff):
    body = (
        "ราคาสินค้า\n\n<script>window.__xss=1</script>\n\n[คลิก](javascript:window.__xss=1)\n\n"
        '<img src=x onerror="window.__xss=1">\n\n<a href="#" onclick="window.__xss=1">a</a>'
    )
    created = Client().post(
        "/api/v1/kb/articles",
        {"agency": "DIT", "title": PAYLOADS[0], "body": body},
        content_type="application/json", **staff["auth"],
    )  # fmt: skip
    assert created.status_code == 201, created.content
    html = staff["client"].get(f"/kb/{created.json()['id']}/").content.decode()
    _assert_inert(html)
    assert "javascript:" not in html and "onclick" not in html


@pytest.mark.parametrize(
    "query", ["' OR '1'='1", "x; DROP TABLE cases_case; --", "%' UNION SELECT * FROM core_user --"]
)
def test_sql_in_search_boxes_is_searched_for_as_text_and_breaks_nothing(staff, query):
    cache.clear()
    Client().post(
        "/complaint/",
        {"kind": "complaint", "subject": "ร้านขายข้าวแพง", "description": "ราคาเกิน",
         "phone": "0861112222", "first_name_th": "มานี", "consent": "on"},
    )  # fmt: skip
    client = staff["client"]
    listing = client.get("/cases/", {"q": query, "status": "all"})
    assert listing.status_code == 200
    assert client.get("/contacts/", {"q": query}).status_code == 200
    search = client.get("/api/v1/kb/search", {"q": query})
    assert search.status_code == 200
    tracked = Client().get("/api/v1/track", {"number": query, "code": "2222"})
    assert tracked.status_code in (404, 422)
    assert Case.objects.count() == 1  # the table is still there, and searching still works
    found = client.get("/cases/", {"q": "ร้านขายข้าว", "status": "all"}).content.decode()
    assert "ร้านขายข้าวแพง" in found


def test_a_file_name_cannot_climb_out_of_the_storage(staff, tmp_path):
    with override_settings(MEDIA_ROOT=tmp_path / "media"):
        case = _any_case(staff)
        attachment = case_attach(
            case=case, by=staff["user"], name="../../../../etc/passwd.pdf",
            data=b"%PDF-1.4\n%%EOF\n",
        )  # fmt: skip
        stored = Path(attachment.file.path).resolve()
        assert stored.is_relative_to((tmp_path / "media").resolve())
        assert ".." not in attachment.file.name
        response = staff["client"].get(f"/cases/{case.number}/files/{attachment.pk}/")
        disposition = response.get("Content-Disposition", "")
        assert "/" not in disposition.split("filename", 1)[-1].replace("%2F", "/").strip("=\"'")
        assert Attachment.objects.count() == 1


def _any_case(staff) -> Case:
    cache.clear()
    Client().post(
        "/complaint/",
        {"kind": "complaint", "subject": "เรื่องทดสอบไฟล์", "description": "ไฟล์",
         "phone": "0861112222", "first_name_th": "มานี", "consent": "on"},
    )  # fmt: skip
    return Case.objects.get()


def test_an_oversized_request_is_refused_with_a_clear_message(staff):
    too_big = "ก" * (settings.DATA_UPLOAD_MAX_MEMORY_SIZE + 10)
    response = Client().post(
        "/api/v1/cases", {"kind": "complaint", "subject": "x", "description": too_big},
        content_type="application/json", **staff["auth"],
    )  # fmt: skip
    assert response.status_code == 413
    assert response.json()["error"]["code"] == "too_large"
    assert Case.objects.count() == 0


def test_a_form_posted_without_its_csrf_token_is_refused():
    cache.clear()
    client = Client(enforce_csrf_checks=True)
    data = {"kind": "complaint", "subject": "ปลอม", "description": "ปลอม", "phone": "0861112222",
            "first_name_th": "มานี", "consent": "on"}  # fmt: skip
    forged = client.post("/complaint/", data)
    assert forged.status_code == 403 and Case.objects.count() == 0
    page = client.get("/complaint/")
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.content.decode()).group(1)
    real = client.post("/complaint/", {**data, "csrfmiddlewaretoken": token})
    assert real.status_code == 200 and Case.objects.count() == 1


def test_signing_in_gives_a_new_session_so_a_planted_one_is_useless():
    UserFactory(username="fixation", password="right-password-1203")
    client = Client()
    client.get("/login/")
    client.cookies["sessionid"] = "attackerchosensessionid00000000"
    planted = client.cookies["sessionid"].value
    response = client.post("/login/", {"username": "fixation", "password": "right-password-1203"})
    assert response.status_code == 302
    assert client.cookies["sessionid"].value != planted
    assert client.get("/").status_code == 200
