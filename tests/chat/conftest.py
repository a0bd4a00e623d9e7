from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone

from borikan.chat.models import AgentPresence, Conversation
from borikan.chat.services import Started, conversation_start
from tests.factories import UserFactory

# A Monday at 10:00 in Bangkok (not a holiday): the chat is open.
MONDAY_10 = dt.datetime(2026, 11, 30, 10, 0, tzinfo=ZoneInfo("Asia/Bangkok"))


def online(user) -> None:
    AgentPresence.objects.update_or_create(
        user=user, defaults={"sockets": 1, "seen_at": timezone.now()}
    )


@pytest.fixture
def chat_agent(db):
    agent = UserFactory(username="chat.agent", first_name="สมหญิง")
    online(agent)
    return agent


@pytest.fixture
def start(db) -> Callable[..., Started]:
    def make(**fields) -> Started:
        values = {
            "name": "มาลี ใจงาม",
            "service_code": "S1",
            "agency_code": "DBD",
            "phone": "081-234-5678",
            "email": "malee@example.com",
            "consent": True,
            "now": MONDAY_10,
        }
        values.update(fields)
        return conversation_start(**values)

    return make


def fresh(conversation: Conversation) -> Conversation:
    return Conversation.objects.get(pk=conversation.pk)


@pytest.fixture
def chat_open(settings):
    """The chat open every day at every hour (the tests run on any day)."""
    settings.CHAT_DAYS = "all"
    settings.CHAT_HOURS = "00:00-23:59:59"
    settings.CHAT_ALLOWED_ORIGINS = ["https://www.moc.go.th"]


@pytest.fixture
def server(reference_data, chat_open):  # type: ignore[no-untyped-def]
    """Borikan under a real uvicorn (pages, API, websockets) in a thread, on the test database."""
    from tests.servers import uvicorn_in_thread

    with uvicorn_in_thread() as port:
        yield f"127.0.0.1:{port}"
