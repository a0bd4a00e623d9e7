"""The console's HTTP side and the widget's file upload, including refusals."""

from __future__ import annotations

import json

import pytest
from django.test import Client

from borikan.chat.models import Author, Status
from borikan.chat.services import message_post
from borikan.knowledge.services import ArticleInput, article_save
from tests.chat.conftest import fresh
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def console(chat_agent) -> Client:
    client = Client()
    client.force_login(chat_agent)
    return client


def post(client: Client, url: str, **data):
    return client.post(url, json.dumps(data), content_type="application/json")


def test_the_console_accepts_transfers_opens_a_case_and_closes(console, start, chat_agent):
    conversation = start().conversation
    page = console.get("/chat/")
    assert page.status_code == 200 and "แชทของฉัน" in page.content.decode()
    queue = console.get("/chat/queue/").content.decode()
    assert "มาลี ใจงาม" in queue and "กรมพัฒนาธุรกิจการค้า" in queue

    accepted = post(console, f"/chat/c/{conversation.public_id}/accept/")
    assert accepted.status_code == 200 and accepted.json()["conversation"]["status"] == "active"
    again = post(console, f"/chat/c/{conversation.public_id}/accept/")
    assert again.status_code == 409 and again.json()["error"]["code"] == "already_taken"

    state = console.get(f"/chat/c/{conversation.public_id}/").json()
    assert state["mine"] and state["messages"][-1]["kind"] == "script"

    unknown = post(console, f"/chat/c/{conversation.public_id}/transfer/", agent="nobody")
    assert unknown.status_code == 400 and unknown.json()["error"]["code"] == "agent_unknown"
    neither = post(console, f"/chat/c/{conversation.public_id}/transfer/")
    assert neither.json()["error"]["code"] == "transfer_target"

    case = post(console, f"/chat/c/{conversation.public_id}/case/", kind="complaint")
    assert case.status_code == 200 and case.json()["case"].startswith("C")
    bad_kind = post(console, f"/chat/c/{conversation.public_id}/case/", kind="nonsense")
    assert bad_kind.status_code == 409  # the case is already open, and said so first

    closed = post(
        console,
        f"/chat/c/{conversation.public_id}/close/",
        subject="จดบริษัท",
        notes="ระดับ 2 ส่งบทความการจดทะเบียนแล้ว",
    )
    assert closed.status_code == 200
    interaction = fresh(conversation).interaction
    assert interaction.subject == "จดบริษัท"
    assert interaction.notes == "ระดับ 2 ส่งบทความการจดทะเบียนแล้ว"
    transcript = console.get(f"/chat/c/{conversation.public_id}/transcript/").content.decode()
    assert "ศูนย์บริการกระทรวงพาณิชย์" in transcript


def test_the_console_is_for_chat_staff_and_officers_see_their_agency_only(start, chat_agent):
    conversation = start(agency_code="DBD").conversation
    officer = UserFactory(username="officer.dit", officer=True)
    client = Client()
    client.force_login(officer)
    assert client.get(f"/chat/c/{conversation.public_id}/").status_code == 404
    assert "มาลี" not in client.get("/chat/queue/").content.decode()
    director = UserFactory(username="director", director=True)
    client.force_login(director)
    assert client.get("/chat/").status_code == 403
    assert Client().get("/chat/").status_code == 302  # to the sign-in page


def test_kb_search_offers_public_articles_only(console, chat_agent):
    article_save(data=ArticleInput(agency_code="DBD", title="จดทะเบียนบริษัทจำกัด"), by=None)
    article_save(
        data=ArticleInput(agency_code="DBD", title="บทสคริปต์จดทะเบียนภายใน", audience="internal"),
        by=None,
    )
    html = console.get("/chat/kb/", {"q": "จดทะเบียน"}).content.decode()
    assert "จดทะเบียนบริษัทจำกัด" in html and "ภายใน" not in html


def test_the_visitor_uploads_a_file_with_the_token_and_staff_download_it(start, console):
    started = start()
    conversation = started.conversation
    url = f"/chat/v/{conversation.public_id}/files/"
    site = {"HTTP_ORIGIN": "http://localhost"}
    with open(__file__, "rb") as handle:  # a text file
        refused = Client().post(url, {"file": handle}, HTTP_X_CHAT_TOKEN="bkc_wrong", **site)
    assert refused.status_code == 401 and refused.json()["error"]["code"] == "bad_token"
    from django.core.files.uploadedfile import SimpleUploadedFile

    pdf = SimpleUploadedFile("คำขอ.pdf", b"%PDF-1.4 test", content_type="application/pdf")
    stored = Client().post(url, {"file": pdf}, HTTP_X_CHAT_TOKEN=started.token, **site)
    assert stored.status_code == 201, stored.content
    assert stored["Access-Control-Allow-Origin"] == "http://localhost"
    file_id = stored.json()["message"]["data"]["file"]
    exe = SimpleUploadedFile("x.exe", b"MZ\x90\x00" + bytes(100))
    wrong = Client().post(url, {"file": exe}, HTTP_X_CHAT_TOKEN=started.token, **site)
    assert wrong.status_code == 415 and wrong.json()["error"]["code"] == "file_type"
    download = console.get(f"/chat/files/{file_id}/")
    assert download.status_code == 200 and download["Content-Type"] == "application/pdf"
    assert Client().get(f"/chat/files/{file_id}/").status_code == 302


def test_a_closed_chat_takes_no_more_messages(start, chat_agent):
    conversation = start().conversation
    conversation.status = Status.CLOSED
    conversation.save()
    from borikan.chat.services import ChatError

    with pytest.raises(ChatError) as caught:
        message_post(conversation=conversation, author=Author.VISITOR, body="ยังอยู่ไหม")
    assert caught.value.code == "conversation_closed"


def test_an_agent_answers_several_chats_at_once(console, start, chat_agent):
    first, second = start().conversation, start(agency_code="DIP").conversation
    queue = console.get("/chat/queue/").content.decode()
    assert "กรมทรัพย์สินทางปัญญา" in queue and "กรมพัฒนาธุรกิจการค้า" in queue
    for conversation in (first, second):
        assert post(console, f"/chat/c/{conversation.public_id}/accept/").status_code == 200
    page = console.get("/chat/").content.decode()
    assert first.public_id in page and second.public_id in page  # both panes reopen on load
    for conversation in (first, second):
        posted = message_post(
            conversation=conversation, author=Author.AGENT, body="ได้ค่ะ", by=chat_agent
        )
        assert posted.created


def test_the_agent_sends_a_file_and_only_that_chats_visitor_downloads_it(start, console):
    from django.core.files.uploadedfile import SimpleUploadedFile

    started, other = start(), start()
    public_id = started.conversation.public_id
    pdf = SimpleUploadedFile("แบบฟอร์ม.pdf", b"%PDF-1.4 form", content_type="application/pdf")
    # Not yet the agent's chat: the service refuses an agent who has not accepted it.
    early = console.post(f"/chat/c/{public_id}/files/", {"file": pdf})
    assert early.status_code in (403, 409) and early.json()["error"]["message"]
    assert post(console, f"/chat/c/{public_id}/accept/").status_code == 200
    pdf.seek(0)
    sent = console.post(f"/chat/c/{public_id}/files/", {"file": pdf})
    assert sent.status_code == 201, sent.content
    message = sent.json()["message"]
    assert (message["author"], message["kind"]) == ("agent", "file")
    assert message["data"]["name"] == "แบบฟอร์ม.pdf"
    file_id = message["data"]["file"]
    url = f"/chat/v/{public_id}/files/{file_id}/"
    site = {"HTTP_ORIGIN": "http://localhost"}
    got = Client().get(url, HTTP_X_CHAT_TOKEN=started.token, **site)
    assert got.status_code == 200 and b"".join(got.streaming_content) == b"%PDF-1.4 form"
    assert got["Access-Control-Allow-Origin"] == "http://localhost"
    # Another chat's token, a wrong token, a file of another chat: nothing.
    assert Client().get(url, HTTP_X_CHAT_TOKEN=other.token, **site).status_code == 401
    assert Client().get(url, HTTP_X_CHAT_TOKEN="bkc_wrong", **site).status_code == 401
    stranger = f"/chat/v/{other.conversation.public_id}/files/{file_id}/"
    missing = Client().get(stranger, HTTP_X_CHAT_TOKEN=other.token, **site)
    assert missing.status_code == 404 and missing.json()["error"]["code"] == "not_found"
    # A file that lies about its type, and no file at all.
    exe = SimpleUploadedFile("form.pdf", b"MZ\x90\x00" + bytes(100))
    lying = console.post(f"/chat/c/{public_id}/files/", {"file": exe})
    assert lying.status_code == 415 and lying.json()["error"]["message"]
    assert console.post(f"/chat/c/{public_id}/files/", {}).status_code == 400
    # The console page offers the form.
    assert "ส่งไฟล์ให้ผู้ติดต่อ" in console.get("/chat/").content.decode()
