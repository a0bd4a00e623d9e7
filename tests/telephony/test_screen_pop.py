import json

import pytest
from asgiref.sync import sync_to_async
from channels.testing import WebsocketCommunicator
from django.test import Client

from borikan.asgi import application
from borikan.telephony.services import cti_token_create
from tests.factories import ContactFactory, UserFactory

pytestmark = [pytest.mark.usefixtures("reference_data")]


def session_headers(user):
    client = Client()
    client.force_login(user)
    cookie = client.cookies["sessionid"].value
    return [(b"cookie", f"sessionid={cookie}".encode()), (b"origin", b"http://localhost")]


async def connect(user):
    headers = await sync_to_async(session_headers)(user)
    communicator = WebsocketCommunicator(application, "/ws/desktop/", headers=headers)
    connected, _ = await communicator.connect()
    assert connected
    ready = await communicator.receive_json_from()
    assert ready["event"] == "presence.ready"
    return communicator


def cti(url, **data):
    return Client().post(url, json.dumps(data), content_type="application/json")


@pytest.mark.asyncio
async def test_returning_callers_card_pops_on_the_answering_agents_socket():
    agent = await sync_to_async(UserFactory)(username="pop1", extension="1001")
    other = await sync_to_async(UserFactory)(username="pop2", extension="1002")
    await sync_to_async(ContactFactory)(
        first_name_th="ดวงใจ", last_name_th="รักษ์ไทย", phone="0812345678"
    )
    _t, secret = await sync_to_async(cti_token_create)(name="pbx")
    url = f"/api/v1/cti/{secret}"
    mine, theirs = await connect(agent), await connect(other)

    await sync_to_async(cti)(url, event="newCall", callId="p1", to="1203", **{"from": "0812345678"})
    ringing = await mine.receive_json_from()
    assert ringing["event"] == "call.ringing" and "ดวงใจ" in ringing["html"]
    assert (await theirs.receive_json_from())["event"] == "call.ringing"

    await sync_to_async(cti)(url, event="answer", callId="p1", answeringNumber="1001")
    taken = await theirs.receive_json_from()
    assert taken["event"] == "call.taken"
    events = [await mine.receive_json_from(), await mine.receive_json_from()]
    card = next(e for e in events if e["event"] == "call.answered")
    assert "ดวงใจ รักษ์ไทย" in card["html"]
    assert "ศูนย์บริการกระทรวงพาณิชย์ สวัสดีค่ะ" in card["html"]
    assert await theirs.receive_nothing(timeout=0.2)  # the card is for the answering agent only
    await mine.disconnect()
    await theirs.disconnect()


@pytest.mark.asyncio
async def test_new_caller_gets_a_prefilled_form():
    agent = await sync_to_async(UserFactory)(username="pop3", extension="2001")
    _t, secret = await sync_to_async(cti_token_create)(name="pbx2")
    url = f"/api/v1/cti/{secret}"
    mine = await connect(agent)
    await sync_to_async(cti)(url, event="newCall", callId="n1", **{"from": "021234567"})
    await mine.receive_json_from()
    await sync_to_async(cti)(url, event="answer", callId="n1", answeringNumber="2001")
    events = [await mine.receive_json_from(), await mine.receive_json_from()]
    card = next(e for e in events if e["event"] == "call.answered")
    assert 'value="02 123 4567"' in card["html"]
    assert 'name="first_name_th"' in card["html"]
    await mine.disconnect()


@pytest.mark.asyncio
async def test_anonymous_socket_is_refused():
    communicator = WebsocketCommunicator(
        application, "/ws/desktop/", headers=[(b"origin", b"http://localhost")]
    )
    connected, code = await communicator.connect()
    assert not connected or code == 4401
    await communicator.disconnect()


@pytest.mark.asyncio
async def test_a_desktop_that_reconnects_gets_back_the_ringing_calls_and_its_callers_card():
    agent = await sync_to_async(UserFactory)(username="pop-back", extension="3001")
    await sync_to_async(ContactFactory)(
        first_name_th="กาญจนา", last_name_th="กลับมา", phone="0823334444"
    )
    _t, secret = await sync_to_async(cti_token_create)(name="pbx-resume")
    url = f"/api/v1/cti/{secret}"
    # While the agent's socket is down, a call rings; an older stuck one is not shown again.
    await sync_to_async(cti)(url, event="newCall", callId="r1", **{"from": "0823334444"})
    socket = await connect(agent)
    ringing = await socket.receive_json_from()
    assert ringing["event"] == "call.ringing" and ringing["data"]["call_id"] == "r1"
    assert ringing["data"]["resumed"] is True and "กาญจนา" in ringing["html"]
    assert await socket.receive_nothing(timeout=0.1)
    await sync_to_async(cti)(url, event="answer", callId="r1", answeringNumber="3001")
    await socket.disconnect()

    # Reconnected in the middle of the conversation: the caller's card comes back, nothing rings.
    socket = await connect(agent)
    card = await socket.receive_json_from()
    assert card["event"] == "call.answered" and "กาญจนา กลับมา" in card["html"]
    assert await socket.receive_nothing(timeout=0.1)
    await sync_to_async(cti)(url, event="hangup", callId="r1", cause="normalClearing")
    await socket.disconnect()

    socket = await connect(agent)  # after the call: nothing to resume
    assert await socket.receive_nothing(timeout=0.1)
    await socket.disconnect()
