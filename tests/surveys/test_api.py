"""The satisfaction API (scope `surveys`)."""

from __future__ import annotations

import json

import pytest
from django.test import Client

from borikan.api.services import api_token_create
from borikan.interactions.services import interaction_log
from borikan.notifications.models import Message
from borikan.surveys.models import SurveyResponse
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def token():
    _token, secret = api_token_create(name="chat-widget", scopes=["surveys"])
    return {"HTTP_AUTHORIZATION": f"Bearer {secret}"}


@pytest.fixture
def chat():
    agent = UserFactory(username="api-chat")
    return interaction_log(staff=agent, channel="chat", service_code="S7", subject="ถามภาษี")


def post(path, body, headers):
    return Client().post(path, json.dumps(body), content_type="application/json", **headers)


def test_a_chat_rating_is_recorded_once(token, chat):
    body = {"channel": "chat", "source": "chat", "score": 1, "interaction_id": chat.pk}
    created = post("/api/v1/surveys/responses", body, token)
    assert created.status_code == 201
    assert created.json()["satisfied"] is True and created.json()["service"] == "S7"
    again = post("/api/v1/surveys/responses", {**body, "score": 3}, token)
    assert again.status_code == 409
    assert again.json()["error"]["code"] == "already_rated"
    assert again.json()["error"]["message"].startswith("บริการนี้")
    listed = Client().get("/api/v1/surveys/responses?channel=chat", **token).json()
    assert [r["score"] for r in listed] == [1]


def test_bad_ratings_are_refused_with_the_error_format(token, chat):
    bad = post(
        "/api/v1/surveys/responses", {"channel": "chat", "source": "chat", "score": 5}, token
    )
    assert bad.status_code == 400 and bad.json()["error"]["code"] == "score_invalid"
    unknown = post(
        "/api/v1/surveys/responses",
        {"channel": "chat", "source": "chat", "score": 1, "interaction_id": 999999},
        token,
    )
    assert unknown.status_code == 404
    invalid = post(
        "/api/v1/surveys/responses", {"channel": "fax", "source": "x", "score": 1}, token
    )
    assert invalid.status_code == 422
    assert not SurveyResponse.objects.exists()


def test_asking_by_sms_queues_the_link(token, chat, sms_outbox):
    body = {"via": "sms", "recipient": "0812345678", "interaction_id": chat.pk}
    created = post("/api/v1/surveys/requests", body, token)
    assert created.status_code == 201 and created.json()["channel"] == "chat"
    assert Message.objects.get(channel="sms").recipient == "+66812345678"
    bad = post("/api/v1/surveys/requests", {**body, "recipient": "nope"}, token)
    assert bad.status_code == 400 and bad.json()["error"]["code"] == "recipient_invalid"
    neither = post("/api/v1/surveys/requests", {"via": "email", "recipient": "a@b.org"}, token)
    assert neither.status_code == 400 and neither.json()["error"]["code"] == "rated_required"


def test_another_scope_is_not_enough(chat):
    _t, secret = api_token_create(name="kb-only", scopes=["kb"])
    response = Client().get("/api/v1/surveys/responses", HTTP_AUTHORIZATION=f"Bearer {secret}")
    assert response.status_code == 401
