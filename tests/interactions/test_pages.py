import json

import pytest

from borikan.interactions.models import Interaction
from tests.factories import ContactFactory

pytestmark = pytest.mark.django_db


def test_desktop_renders_the_form_and_the_step_plan(agent_client):
    response = agent_client.get("/desktop/")
    assert response.status_code == 200
    steps = json.loads(response.context["steps_json"])
    assert [s["key"] for s in steps["S1"]][:2] == ["greet", "inform"]
    assert "S2" in steps and all(s["key"] != "agency_answers" for s in steps["S2"])


def test_counter_walk_in_is_logged_without_a_phone_call(agent_client):
    contact = ContactFactory()
    response = agent_client.post(
        "/desktop/log/",
        {
            "channel": "counter",
            "service": "S1",
            "subject": "ขอแบบฟอร์ม",
            "outcome": "answered",
            "contact_id": contact.pk,
            "steps_json": "[]",
        },
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 200
    assert response["HX-Trigger"] == "interactionSaved"
    saved = Interaction.objects.get()
    assert saved.channel == "counter" and saved.contact == contact and saved.call is None


def test_form_errors_come_back_in_the_form(agent_client):
    response = agent_client.post(
        "/desktop/log/",
        {
            "channel": "phone",
            "service": "S1",
            "subject": "",
            "outcome": "answered",
            "steps_json": "not json",
        },
    )
    assert response.status_code == 422
    assert response.context["form"].errors.keys() >= {"subject", "steps_json"}
    assert not Interaction.objects.exists()


def test_contact_pick_finds_by_phone(agent_client):
    ContactFactory(first_name_th="เพ็ญศรี", phone="0861234567")
    response = agent_client.get("/desktop/pick/?q=086-123-4567")
    assert "เพ็ญศรี" in response.content.decode()
