"""Recording a rating: what an interaction lends it, and what is refused."""

from __future__ import annotations

import pytest

from borikan.interactions.services import interaction_log
from borikan.surveys.models import SurveyResponse
from borikan.surveys.services import SurveyError, response_record
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def _served():
    agent = UserFactory(username="s-agent")
    return interaction_log(staff=agent, channel="phone", service_code="S1", subject="ถามราคาข้าว")


def test_rating_takes_service_office_and_staff_from_the_interaction():
    interaction = _served()
    response = response_record(channel="phone", source="keypad", score="2", interaction=interaction)
    assert (response.score, response.satisfied) == (2, True)
    assert response.service_id == interaction.service_id
    assert response.office_id == interaction.office_id
    assert response.staff_id == interaction.staff_id


def test_an_interaction_is_rated_once():
    interaction = _served()
    response_record(channel="phone", source="keypad", score=1, interaction=interaction)
    with pytest.raises(SurveyError) as error:
        response_record(channel="phone", source="keypad", score=3, interaction=interaction)
    assert (error.value.code, error.value.status) == ("already_rated", 409)
    assert SurveyResponse.objects.get().score == 1


@pytest.mark.parametrize("score", [0, 4, "x", "", None, "1.5"])
def test_a_score_outside_1_to_3_is_refused_in_thai_and_english(score):
    with pytest.raises(SurveyError) as error:
        response_record(channel="chat", source="chat", score=score)
    assert error.value.code == "score_invalid"
    assert "1" in error.value.message_in("th") and "impressed" in error.value.message_in("en")
    assert not SurveyResponse.objects.exists()


def test_unknown_channel_and_too_long_comment_are_refused():
    with pytest.raises(SurveyError) as unknown:
        response_record(channel="fax", source="link", score=1)
    assert unknown.value.code == "channel_invalid"
    with pytest.raises(Exception) as error:
        response_record(channel="web", source="link", score=1, comment="ก" * 2001)
    assert getattr(error.value, "code", "") == "too_long"
    assert not SurveyResponse.objects.exists()
