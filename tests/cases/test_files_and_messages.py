"""Attachments checked on content, served only to who may see the case; the outbox."""

import io
import zipfile

import pytest
from django.test import Client, override_settings

from borikan.cases.services import case_act, case_attach
from borikan.core.errors import DomainError
from borikan.notifications.models import Message

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32


def docx_bytes():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<w:document/>")
    return buffer.getvalue()


@pytest.fixture(autouse=True)
def _media(tmp_path):
    with override_settings(MEDIA_ROOT=tmp_path / "media"):
        yield


def test_files_are_typed_by_their_content(open_case, people):
    case = open_case()
    pdf = case_attach(case=case, by=people["agent"], name="ใบเสร็จ.pdf", data=PDF)
    assert (pdf.content_type, pdf.extension) == ("application/pdf", ".pdf")
    photo = case_attach(case=case, by=people["agent"], name="photo.jpeg", data=PNG)
    assert photo.content_type == "image/png"  # what it is, not what it is called
    word = case_attach(case=case, by=people["agent"], name="letter", data=docx_bytes())
    assert word.extension == ".docx"


@pytest.mark.parametrize(
    ("data", "code"),
    [
        (b"MZ\x90\x00\x03" + b"\x00" * 100, "file_type"),  # a Windows program named .pdf
        (b"PK\x03\x04" + b"\x00" * 50, "file_type"),  # a zip that is no Office file
        (b"", "file_empty"),
        (b"%PDF-" + b"0" * (10 * 1024 * 1024), "file_too_large"),
    ],
)
def test_files_that_lie_or_are_too_big_are_refused(open_case, people, data, code):
    case = open_case()
    with pytest.raises(DomainError) as error:
        case_attach(case=case, by=people["agent"], name="invoice.pdf", data=data)
    assert error.value.code == code
    assert case.attachments.count() == 0


def test_files_are_served_only_to_who_may_see_the_case(open_case, people):
    case = open_case()
    case_act(case=case, action="dispatch", by=people["director"], agency_code="DIT")
    attachment = case_attach(case=case, by=people["agent"], name="ใบเสร็จ.pdf", data=PDF)
    url = f"/cases/{case.number}/files/{attachment.pk}/"
    officer = Client()
    officer.force_login(people["officer"])
    response = officer.get(url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF
    assert response["Content-Type"] == "application/pdf"
    assert response["X-Content-Type-Options"] == "nosniff"
    stranger = Client()
    stranger.force_login(people["other_officer"])
    assert stranger.get(url).status_code == 404
    assert Client().get(url).status_code == 302  # to the login page
    assert officer.get(attachment.file.url).status_code == 404  # the media folder is not served


def test_upload_page_refuses_a_lying_file_with_a_message(open_case, people):
    from django.core.files.uploadedfile import SimpleUploadedFile

    case = open_case()
    client = Client()
    client.force_login(people["agent"])
    fake = SimpleUploadedFile("scan.pdf", b"MZ\x90\x00" + b"\x00" * 64, "application/pdf")
    response = client.post(f"/cases/{case.number}/files/", {"file": fake}, follow=True)
    assert response.status_code == 200
    assert case.attachments.count() == 0
    assert "PDF" in response.content.decode()  # the message says what is accepted


def test_the_citizen_hears_of_receipt_and_answer_by_email_and_sms(
    open_case, people, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        case = open_case()
    received = Message.objects.filter(ref_kind="case", ref_id=case.number)
    assert sorted(received.values_list("channel", "recipient")) == [
        ("email", "duangjai@example.com"),
        ("sms", "+66812345678"),
    ]
    assert case.number in received.get(channel="sms").body
    with django_capture_on_commit_callbacks(execute=True):
        case_act(case=case, action="dispatch", by=people["director"], agency_code="DIT")
    dispatched = Message.objects.filter(dedupe_key__contains=":dispatched:")
    assert set(dispatched.values_list("recipient", flat=True)) == {
        "complaints@dit.example",
        "officer@dit.example",
    }
    with django_capture_on_commit_callbacks(execute=True):
        case_act(case=case, action="answer", by=people["officer"], note="ร้านปรับราคาแล้ว")
    answer = Message.objects.get(dedupe_key__contains=":answered:", channel="email")
    assert "ร้านปรับราคาแล้ว" in answer.body


def test_anonymous_tip_offs_send_nothing(people, django_capture_on_commit_callbacks):
    from borikan.cases.services import case_open

    with django_capture_on_commit_callbacks(execute=True):
        case_open(
            by=people["agent"],
            kind="tipoff",
            subject="เบาะแส",
            description="ข้อมูล",
            origin="phone",
            anonymous=True,
        )
    assert Message.objects.count() == 0
