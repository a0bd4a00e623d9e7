"""The AMI bridge against a TCP server inside the test that speaks the AMI protocol."""

from __future__ import annotations

import asyncio

import pytest
from asgiref.sync import sync_to_async

from borikan.telephony.ami import AmiBridge
from borikan.telephony.models import Call
from tests.factories import UserFactory

pytestmark = [pytest.mark.usefixtures("reference_data")]


class FakeAsterisk:
    """Accepts AMI logins (checking the secret) and sends events to every logged-in client."""

    def __init__(self, secret: str = "s3cret") -> None:
        self.secret = secret
        self.writers: list[asyncio.StreamWriter] = []
        self.logins: list[str] = []
        self.server: asyncio.AbstractServer | None = None
        self.port = 0
        self.logged_in = asyncio.Event()

    async def start(self, port: int = 0) -> None:
        self.server = await asyncio.start_server(self._client, "127.0.0.1", port)
        self.port = self.server.sockets[0].getsockname()[1]

    async def stop(self) -> None:
        for writer in self.writers:
            writer.close()
        self.writers.clear()
        self.logged_in.clear()
        assert self.server is not None
        self.server.close()
        await self.server.wait_closed()

    async def _client(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        writer.write(b"Asterisk Call Manager/5.0.1\r\n")
        await writer.drain()
        while True:
            try:
                block = await reader.readuntil(b"\r\n\r\n")
            except (asyncio.IncompleteReadError, ConnectionError):
                return
            headers = dict(
                line.split(": ", 1) for line in block.decode().strip().split("\r\n") if ": " in line
            )
            action_id = headers.get("ActionID", "")
            if headers.get("Action", "").lower() == "login":
                ok = headers.get("Secret") == self.secret
                self.logins.append(headers.get("Username", ""))
                status = "Success" if ok else "Error"
                writer.write(
                    f"Response: {status}\r\nActionID: {action_id}\r\n"
                    f"Message: Authentication accepted\r\n\r\n".encode()
                )
                await writer.drain()
                if ok:
                    self.writers.append(writer)
                    self.logged_in.set()
            else:
                writer.write(f"Response: Success\r\nActionID: {action_id}\r\n\r\n".encode())
                await writer.drain()

    async def event(self, **fields: str) -> None:
        text = "".join(f"{key}: {value}\r\n" for key, value in fields.items()) + "\r\n"
        for writer in self.writers:
            writer.write(text.encode())
            await writer.drain()


async def wait_for(predicate, timeout: float = 5.0) -> None:
    deadline = asyncio.get_running_loop().time() + timeout
    while not await sync_to_async(predicate)():
        if asyncio.get_running_loop().time() > deadline:
            raise AssertionError("condition not met in time")
        await asyncio.sleep(0.05)


def call_state(call_id: str) -> str | None:
    call = Call.objects.filter(call_id=call_id).first()
    return call.state if call else None


@pytest.mark.asyncio
async def test_inbound_call_survey_and_a_pbx_restart():
    await sync_to_async(UserFactory)(username="ami.agent", extension="1001")
    pbx = FakeAsterisk()
    await pbx.start()
    bridge = AmiBridge(
        host="127.0.0.1", port=pbx.port, username="borikan", secret="s3cret", reconnect_seconds=0.2
    )
    await bridge.start()
    await asyncio.wait_for(pbx.logged_in.wait(), 5)
    assert pbx.logins == ["borikan"]

    await pbx.event(
        Event="Newchannel",
        Channel="PJSIP/trunk-00000001",
        CallerIDNum="0812345678",
        Exten="1203",
        Uniqueid="1700000000.1",
        Linkedid="1700000000.1",
    )
    await pbx.event(
        Event="Newchannel",
        Channel="PJSIP/1001-00000002",
        CallerIDNum="1001",
        Exten="s",
        Uniqueid="1700000000.2",
        Linkedid="1700000000.1",
    )
    await pbx.event(
        Event="DialBegin",
        DestChannel="PJSIP/1001-00000002",
        Uniqueid="1700000000.1",
        Linkedid="1700000000.1",
    )
    await wait_for(lambda: call_state("1700000000.1") == "ringing")
    await pbx.event(
        Event="DialEnd",
        DialStatus="ANSWER",
        DestChannel="PJSIP/1001-00000002",
        DestCallerIDNum="1001",
        Uniqueid="1700000000.1",
        Linkedid="1700000000.1",
    )
    await wait_for(lambda: call_state("1700000000.1") == "answered")
    # Events the bridge must ignore without stopping: an agent leg hanging up, junk.
    await pbx.event(Event="Hangup", Uniqueid="1700000000.2", Linkedid="1700000000.1", Cause="16")
    await pbx.event(Event="DialEnd", DialStatus="ANSWER")
    await pbx.event(Event="Hangup", Uniqueid="1700000000.1", Linkedid="1700000000.1", Cause="16")
    await wait_for(lambda: call_state("1700000000.1") == "ended")
    await pbx.event(Event="UserEvent", UserEvent="PostCallSurvey", CallId="1700000000.1", Score="1")
    await pbx.event(
        Event="UserEvent", UserEvent="PostCallSurvey", CallId="1700000000.1", Score="9"
    )  # out of range: logged, ignored

    def answered_right() -> bool:
        call = Call.objects.select_related("agent").get(call_id="1700000000.1")
        return (
            call.survey_score == 1
            and call.agent is not None
            and call.agent.username == "ami.agent"
            and call.caller == "+66812345678"
            and call.hotline == "1203"
            and call.cause == "normalClearing"
        )

    await wait_for(answered_right)

    # The PBX restarts: the bridge logs in again by itself and keeps working.
    port = pbx.port
    await pbx.stop()
    await pbx.start(port)
    await asyncio.wait_for(pbx.logged_in.wait(), 5)
    assert pbx.logins == ["borikan", "borikan"]
    await pbx.event(
        Event="Newchannel",
        CallerIDNum="<unknown>",
        Exten="1203",
        Uniqueid="1700000001.1",
        Linkedid="1700000001.1",
    )
    await pbx.event(Event="Hangup", Uniqueid="1700000001.1", Linkedid="1700000001.1", Cause="17")

    def missed_busy() -> bool:
        call = Call.objects.filter(call_id="1700000001.1").first()
        return call is not None and call.is_missed and call.cause == "busy" and call.caller == ""

    await wait_for(missed_busy)
    bridge.stop()
    await pbx.stop()
