"""The caller's keypad rating (S6) through the Generic CTI endpoint: recorded once through the
surveys service, and handed to the interaction when the agent logs the call afterwards."""

from __future__ import annotations

import json

import pytest
from django.test import Client

from borikan.interactions.services import interaction_log
from borikan.surveys.models import SurveyResponse
from borikan.telephony.models import Call, CallEvent
from borikan.telephony.services import cti_token_create
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def cti_url():
    _token, secret = cti_token_create(name="pbx-survey")
    return f"/api/v1/cti/{secret}"


def post(url, **data):
    return Client().post(url, json.dumps(data), content_type="application/json")


def answered_call(url, call_id="k1"):
    agent = UserFactory(username="k-agent", extension="1001")
    post(url, event="newCall", callId=call_id, to="1203", **{"from": "0812345678"})
    post(url, event="answer", callId=call_id, answeringNumber="1001")
    post(url, event="hangup", callId=call_id, cause="normalClearing")
    return agent


def test_the_rating_after_the_call_is_recorded_and_moves_to_the_logged_service(cti_url):
    agent = answered_call(cti_url)
    assert post(cti_url, event="rating", callId="k1", dtmf="3").json() == {}
    response = SurveyResponse.objects.get()
    assert (response.score, response.source, response.channel) == (3, "keypad", "phone")
    assert response.interaction is None and response.staff == agent
    assert Call.objects.get(call_id="k1").survey_score == 3
    # A second digit is logged and ignored: the first answer counts.
    assert post(cti_url, event="rating", callId="k1", score="1").json() == {}
    assert SurveyResponse.objects.get().score == 3
    assert CallEvent.objects.filter(event="rating").count() == 2

    interaction = interaction_log(
        staff=agent, channel="phone", service_code="S1", subject="ถามราคา", call_id="k1"
    )
    response.refresh_from_db()
    assert response.interaction == interaction
    assert response.service_id == interaction.service_id


def test_the_rating_of_a_call_already_logged_rates_its_interaction(cti_url):
    agent = answered_call(cti_url, "k2")
    interaction = interaction_log(
        staff=agent, channel="phone", service_code="S1", subject="ถามราคา", call_id="k2"
    )
    post(cti_url, event="rating", callId="k2", score=1)
    assert SurveyResponse.objects.get().interaction == interaction


@pytest.mark.parametrize("digit", ["0", "4", "9", "x"])
def test_a_digit_other_than_1_to_3_is_refused(cti_url, digit):
    answered_call(cti_url, "k3")
    response = post(cti_url, event="rating", callId="k3", dtmf=digit)
    assert response.status_code == 422
    assert response.json()["error"]["code"] == "invalid_event"
    assert not SurveyResponse.objects.exists()
    assert post(cti_url, event="rating", callId="k3").status_code == 422  # no digit at all


def test_a_rating_for_an_unknown_call_is_logged_only(cti_url):
    assert post(cti_url, event="rating", callId="nope", dtmf="1").json() == {}
    assert CallEvent.objects.get(event="rating").outcome == "unknown_call"
    assert not SurveyResponse.objects.exists()
