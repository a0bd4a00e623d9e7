"""Live chat through the REST API (scope `chat`): list conversations, read a transcript."""

from __future__ import annotations

import pytest
from django.test import Client

from borikan.api.services import api_token_create
from borikan.chat.models import Author
from borikan.chat.services import conversation_accept, conversation_close, message_post

pytestmark = pytest.mark.django_db


@pytest.fixture
def api() -> Client:
    _token, secret = api_token_create(name="crm-export", scopes=["chat"])
    return Client(HTTP_AUTHORIZATION=f"Bearer {secret}")


def test_conversations_are_listed_and_a_transcript_is_read(api, start, chat_agent):
    conversation = start().conversation
    message_post(conversation=conversation, author=Author.VISITOR, body="สวัสดีค่ะ", client_id="1")
    conversation_accept(conversation=conversation, by=chat_agent)
    conversation_close(conversation=conversation, by=chat_agent)
    start(name="สมศักดิ์", phone="0899999999", email="")

    listed = api.get("/api/v1/chat/conversations").json()
    assert [row["visitor_name"] for row in listed] == ["สมศักดิ์", "มาลี ใจงาม"]
    closed = api.get("/api/v1/chat/conversations", {"status": "closed"}).json()
    assert len(closed) == 1 and closed[0]["agent"] == "chat.agent"
    assert closed[0]["interaction_id"] and closed[0]["agency"] == "DBD"

    detail = api.get(f"/api/v1/chat/conversations/{conversation.public_id}").json()
    bodies = [m["body"] for m in detail["transcript"]]
    assert bodies[0] == "สวัสดีค่ะ" and len(bodies) == detail["messages"] == 4
    assert [m["seq"] for m in detail["transcript"]] == [1, 2, 3, 4]


def test_bad_requests_get_the_one_error_format(api, start, chat_agent):
    missing = api.get("/api/v1/chat/conversations/nope")
    assert missing.status_code == 404 and missing.json()["error"]["message_en"]
    bad = api.get("/api/v1/chat/conversations", {"status": "lost", "limit": 0})
    assert bad.status_code == 422 and bad.json()["error"]["code"] == "validation_error"
    _t, other = api_token_create(name="cases-only", scopes=["cases"])
    refused = Client(HTTP_AUTHORIZATION=f"Bearer {other}").get("/api/v1/chat/conversations")
    assert refused.status_code == 401
