"""The keypad rating through the Asterisk bridge: the dialplan announces the survey
(UserEvent SurveyStart) and the caller's next digit (DTMFEnd) is the rating."""

from __future__ import annotations

import asyncio

import pytest
from asgiref.sync import sync_to_async

from borikan.surveys.models import SurveyResponse
from borikan.telephony.ami import AmiBridge
from borikan.telephony.models import Call
from tests.telephony.test_ami import FakeAsterisk, wait_for

pytestmark = [pytest.mark.usefixtures("reference_data")]


def rated(call_id: str) -> int | None:
    response = SurveyResponse.objects.filter(call__call_id=call_id).first()
    return response.score if response else None


@pytest.mark.asyncio
async def test_the_digit_pressed_in_the_survey_is_the_rating():
    pbx = FakeAsterisk()
    await pbx.start()
    bridge = AmiBridge(host="127.0.0.1", port=pbx.port, username="b", secret="s3cret")
    await bridge.start()
    await asyncio.wait_for(pbx.logged_in.wait(), 5)
    call = {"Uniqueid": "1700000001.1", "Linkedid": "1700000001.1"}
    await pbx.event(Event="Newchannel", CallerIDNum="0812345678", Exten="1169", **call)
    await wait_for(lambda: Call.objects.filter(call_id="1700000001.1").exists())
    # A digit before the survey (the IVR menu) is not a rating.
    await pbx.event(Event="DTMFEnd", Digit="3", Direction="Received", **call)
    await pbx.event(Event="UserEvent", UserEvent="SurveyStart", CallId="1700000001.1")
    await pbx.event(Event="DTMFEnd", Digit="2", Direction="Received", **call)
    await pbx.event(Event="DTMFEnd", Digit="1", Direction="Received", **call)
    await wait_for(lambda: rated("1700000001.1") == 2)
    await asyncio.sleep(0.2)
    assert await sync_to_async(SurveyResponse.objects.count)() == 1
    response = await sync_to_async(SurveyResponse.objects.get)()
    assert (response.source, response.channel) == ("keypad", "phone")
    bridge.stop()
    await pbx.stop()
