import datetime as dt

import pytest
from django.test import Client
from django.utils import timezone

from borikan.api.services import api_token_create
from borikan.interactions.models import Interaction
from tests.factories import ContactFactory, UserFactory

pytestmark = pytest.mark.django_db


def steps(*pairs):
    start = timezone.now() - dt.timedelta(minutes=30)
    out = []
    for key, seconds in pairs:
        end = start + dt.timedelta(seconds=seconds)
        out.append({"key": key, "started_at": start.isoformat(), "ended_at": end.isoformat()})
        start = end
    return out


def test_agent_logs_an_inquiry_with_step_timings(agent_client, agent):
    contact = ContactFactory(phone="0812345678")
    response = agent_client.post(
        "/api/v1/interactions",
        {
            "channel": "phone",
            "service": "S1",
            "subject": "ถามราคาไข่ไก่",
            "contact_id": contact.pk,
            "agency": "dit",
            "outcome": "transferred",
            "transfer_extension": "3301",
            "steps": steps(("greet", 20), ("inform", 400)),
        },
        content_type="application/json",
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["service"] == "S1" and body["agency"] == "DIT" and body["staff"] == "agent1"
    assert [(t["step_key"], t["within_standard"]) for t in body["step_timings"]] == [
        ("greet", True),
        ("inform", False),
    ]  # 400 s is over the 5-minute standard
    listed = agent_client.get(f"/api/v1/interactions?contact_id={contact.pk}").json()
    assert [i["subject"] for i in listed] == ["ถามราคาไข่ไก่"]
    timeline = agent_client.get(f"/api/v1/contacts/{contact.pk}").json()["timeline"]
    assert timeline[0]["title"] == "ถามราคาไข่ไก่"


@pytest.mark.parametrize(
    ("change", "status", "code"),
    [
        ({"service": "S99"}, 404, "unknown_service"),
        ({"steps": steps(("teleport", 5))}, 400, "unknown_step"),
        ({"steps": steps(("greet", 5), ("greet", 5))}, 400, "duplicate_step"),
        ({"outcome": "transferred"}, 400, "extension_required"),
        ({"agency": "XYZ"}, 400, "unknown_agency"),
        ({"contact_id": 999999}, 404, "not_found"),
        ({"subject": ""}, 422, "validation_error"),
        ({"channel": "pigeon"}, 422, "validation_error"),
        ({"subject": "x" * 301}, 422, "validation_error"),
    ],
)
def test_bad_input_is_refused_and_nothing_is_saved(agent_client, change, status, code):
    payload = {"channel": "phone", "service": "S1", "subject": "ทดสอบ", **change}
    response = agent_client.post("/api/v1/interactions", payload, content_type="application/json")
    assert response.status_code == status, response.content
    error = response.json()["error"]
    assert error["code"] == code and error["message"] and error["message_en"]
    assert not Interaction.objects.exists()


def test_steps_with_impossible_times_are_refused(agent_client):
    start = timezone.now()
    bad = [
        {
            "key": "greet",
            "started_at": start.isoformat(),
            "ended_at": (start - dt.timedelta(seconds=1)).isoformat(),
        }
    ]
    response = agent_client.post(
        "/api/v1/interactions",
        {"channel": "phone", "subject": "x", "steps": bad},
        content_type="application/json",
    )
    assert response.json()["error"]["code"] == "step_times"


def test_token_logs_on_behalf_of_a_named_staff_member():
    UserFactory(username="chat.agent")
    _t, secret = api_token_create(name="chatbot", scopes=["interactions"])
    auth = {"HTTP_AUTHORIZATION": f"Bearer {secret}"}
    payload = {"channel": "chat", "service": "S7", "subject": "ถามเรื่องส่งออกทุเรียน"}
    response = Client().post(
        "/api/v1/interactions", payload, content_type="application/json", **auth
    )
    assert response.json()["error"]["code"] == "staff_required"
    response = Client().post(
        "/api/v1/interactions",
        {**payload, "staff": "chat.agent"},
        content_type="application/json",
        **auth,
    )
    assert response.status_code == 201
    assert response.json()["staff"] == "chat.agent"


def test_office_scoping_of_the_log(agent_client, agent):
    Interaction.objects.all().delete()
    other_office_agent = UserFactory(username="cmi.staff", provincial=True)
    other = Client()
    other.force_login(other_office_agent)
    other.post(
        "/api/v1/interactions",
        {"channel": "counter", "service": "S1", "subject": "เชียงใหม่"},
        content_type="application/json",
    )
    agent_client.post(
        "/api/v1/interactions",
        {"channel": "phone", "service": "S1", "subject": "ส่วนกลาง"},
        content_type="application/json",
    )
    assert [i["subject"] for i in agent_client.get("/api/v1/interactions").json()] == ["ส่วนกลาง"]
    supervisor = Client()
    supervisor.force_login(UserFactory(username="sup", supervisor=True))
    assert len(supervisor.get("/api/v1/interactions").json()) == 2
