"""The chat's websocket protocol against a real uvicorn: visitor and agent exchange messages,
typing and status; reconnecting resumes with nothing lost or doubled; bad input is refused
with an error frame or a close code while the server keeps serving the others."""

from __future__ import annotations

import asyncio
import json

import httpx
import pytest
from websockets.exceptions import ConnectionClosed

from borikan.chat.models import Message
from tests.chat.conftest import online
from tests.chat.live import (
    WEBSITE,
    Agent,
    frames_through,
    frames_until,
    send,
    visitor_socket,
    visitor_start,
)
from tests.factories import UserFactory

pytestmark = pytest.mark.usefixtures("server")


def hello(started: dict, after: int = 0) -> dict:
    return {"conversation": started["conversation"], "token": started["token"], "after": after}


async def closed_code(ws, timeout: float = 5) -> int:
    """The close code the server sent (frames before the close are read and dropped)."""
    try:
        while True:
            await asyncio.wait_for(ws.recv(), timeout)
    except ConnectionClosed as exc:
        assert exc.rcvd is not None
        return exc.rcvd.code


def test_visitor_and_agent_chat_and_a_reconnect_resumes_without_duplicates(server):
    agent = Agent(server, UserFactory(username="ws.agent", first_name="สมหญิง"))

    async def scenario() -> None:
        async with agent.socket() as console:
            await frames_until(console, "presence.ready")
            started = visitor_start(server)
            assert started["status"] == "queued"
            await frames_until(console, "queue.changed")
            async with visitor_socket(server) as visitor:
                await send(visitor, "visitor.hello", hello(started))
                joined = await frames_until(visitor, "conversation.joined")
                assert joined["conversation"]["status"] == "queued"
                assert joined["queue"] == {"position": 1, "waiting": 1}
                await send(visitor, "message.create", {"client_id": "v1", "body": "สวัสดีค่ะ"})
                ack = await frames_until(visitor, "message.created")
                assert ack["message"]["client_id"] == "v1" and ack["message"]["seq"] == 1

                accepted = agent.post(f"c/{started['conversation']}/accept/")
                assert accepted.status_code == 200, accepted.text
                await frames_until(console, "conversation.assigned")
                frames = await frames_through(visitor, "conversation.status_changed")
                status = frames[-1]["data"]
                assert status["status"] == "active" and status["agent"] == "สมหญิง"
                [welcome] = [
                    f["data"]["message"]
                    for f in frames
                    if f["event"] == "message.created" and f["data"]["message"]["kind"] == "script"
                ]
                assert "สมหญิง" in welcome["body"]

                conversation = started["conversation"]
                await send(visitor, "conversation.typing_on")
                typing = await frames_until(console, "conversation.typing_on")
                assert typing == {"conversation": conversation, "author": "visitor"}
                await send(visitor, "message.create", {"client_id": "v2", "body": "จดบริษัทค่ะ"})
                got = await frames_until(console, "message.created")
                assert got["message"]["body"] == "จดบริษัทค่ะ"
                await send(
                    console,
                    "message.create",
                    {"conversation": conversation, "client_id": "a1", "body": "ได้ค่ะ"},
                )
                answer = await frames_until(visitor, "message.created")
                assert answer["message"]["client_id"] == "v2"  # its own, acknowledged
                answer = await frames_until(visitor, "message.created")
                assert answer["message"]["body"] == "ได้ค่ะ"
                last_seen = answer["message"]["seq"]

            # Offline: the agent writes; the visitor comes back, resends v2 (unacknowledged,
            # as far as it knows) and gets what it missed, once.
            await send(
                console,
                "message.create",
                {"conversation": conversation, "client_id": "a2", "body": "ยังอยู่ไหมคะ"},
            )
            await frames_until(console, "message.created")
            async with visitor_socket(server) as visitor:
                await send(visitor, "visitor.hello", hello(started, after=last_seen))
                joined = await frames_until(visitor, "conversation.joined")
                assert [m["body"] for m in joined["messages"]] == ["ยังอยู่ไหมคะ"]
                await send(visitor, "message.create", {"client_id": "v2", "body": "จดบริษัทค่ะ"})
                again = await frames_until(visitor, "message.created")
                assert again["message"]["client_id"] == "v2"

    asyncio.run(scenario())
    bodies = list(Message.objects.filter(client_id="v2").values_list("body", flat=True))
    assert bodies == ["จดบริษัทค่ะ"]


def test_bad_frames_get_error_frames_and_the_socket_stays_open(server):
    online(UserFactory(username="ws.online"))

    async def scenario() -> None:
        started = visitor_start(server)
        async with visitor_socket(server) as ws:
            await send(ws, "visitor.hello", hello(started))
            await frames_until(ws, "conversation.joined")
            await ws.send("this is not json")
            error = await frames_until(ws, "error")
            assert error["code"] == "bad_frame" and error["message"] and error["message_en"]
            await ws.send(json.dumps(["event", "data"]))
            assert (await frames_until(ws, "error"))["code"] == "bad_frame"
            await send(ws, "conversation.explode")
            error = await frames_until(ws, "error")
            assert error["code"] == "unknown_event"
            await send(ws, "message.create", {"client_id": "x", "body": ""})
            error = await frames_until(ws, "error")
            assert error["code"] == "required" and error["ref"] == "x"
            await send(ws, "message.create", {"client_id": "y", "body": "ก" * 4001})
            assert (await frames_until(ws, "error"))["code"] == "too_long"
            await send(ws, "conversation.rate", {"score": 1})
            assert (await frames_until(ws, "error"))["code"] == "nothing_to_rate"
            await send(ws, "ping")
            assert await frames_until(ws, "pong") == {}

    asyncio.run(scenario())


def test_wrong_token_foreign_website_huge_frame_and_flood_close_only_that_socket(server):
    online(UserFactory(username="ws.online"))

    async def scenario() -> None:
        started = visitor_start(server)
        async with visitor_socket(server) as bystander:
            await send(bystander, "visitor.hello", hello(started))
            await frames_until(bystander, "conversation.joined")

            async with visitor_socket(server) as ws:
                await send(ws, "visitor.hello", {**hello(started), "token": "bkc_wrong"})
                assert (await frames_until(ws, "error"))["code"] == "bad_token"
                assert await closed_code(ws) == 4401

            async with visitor_socket(server) as ws:
                await send(ws, "message.create", {"body": "ไม่ได้ทักทาย"})
                assert (await frames_until(ws, "error"))["code"] == "hello_required"
                assert await closed_code(ws) == 4401

            async with visitor_socket(server, origin="https://evil.example") as ws:
                error = await frames_until(ws, "error")
                assert error["code"] == "origin_not_allowed"
                assert await closed_code(ws) == 4403

            async with visitor_socket(server) as ws:
                await send(ws, "visitor.hello", hello(started))
                await frames_until(ws, "conversation.joined")
                await send(ws, "message.create", {"client_id": "big", "body": "ก" * 1_000_000})
                assert (await frames_until(ws, "error"))["code"] == "too_large"
                assert await closed_code(ws) == 1009

            async with visitor_socket(server) as ws:
                await send(ws, "visitor.hello", hello(started))
                await frames_until(ws, "conversation.joined")
                for i in range(45):
                    await send(ws, "message.create", {"client_id": f"f{i}", "body": f"สแปม {i}"})
                codes = []
                try:
                    while True:
                        frame = json.loads(await asyncio.wait_for(ws.recv(), 5))
                        if frame["event"] == "error":
                            codes.append(frame["data"]["code"])
                except ConnectionClosed as exc:
                    assert exc.rcvd is not None and exc.rcvd.code == 4429
                assert "rate_limited" in codes

            # The first visitor was served all along.
            await send(bystander, "message.create", {"client_id": "ok", "body": "ยังใช้ได้"})
            ack = await frames_until(bystander, "message.created")
            while ack["message"]["client_id"] != "ok":
                ack = await frames_until(bystander, "message.created")

    asyncio.run(scenario())
    stored = Message.objects.filter(client_id__startswith="f").count()
    assert 0 < stored <= 25  # the burst, not the flood
    assert not Message.objects.filter(client_id="big").exists()


def test_the_widgets_http_calls_answer_allowed_websites_only(server):
    preflight = httpx.options(
        f"http://{server}/chat/v/start/",
        headers={"Origin": WEBSITE, "Access-Control-Request-Method": "POST"},
    )
    assert preflight.status_code == 204
    assert preflight.headers["access-control-allow-origin"] == WEBSITE
    assert "X-Chat-Token" in preflight.headers["access-control-allow-headers"]
    foreign = httpx.post(
        f"http://{server}/chat/v/start/", json={}, headers={"Origin": "https://evil.example"}
    )
    assert foreign.status_code == 403
    assert foreign.json()["error"]["code"] == "origin_not_allowed"
    bad = httpx.post(
        f"http://{server}/chat/v/start/", content=b"{nope", headers={"Origin": WEBSITE}
    )
    assert bad.status_code == 400 and bad.json()["error"]["code"] == "bad_json"
    refused = httpx.post(
        f"http://{server}/chat/v/start/", json={"name": "มาลี"}, headers={"Origin": WEBSITE}
    )
    assert refused.status_code == 400 and refused.json()["error"]["code"] == "topic_required"
    script = httpx.get(f"http://{server}/chat/widget.js")
    assert script.status_code == 200 and "javascript" in script.headers["content-type"]
    assert "attachShadow" in script.text and "แชท" in script.text
    topics = httpx.get(f"http://{server}/chat/v/topics/", headers={"Origin": WEBSITE}).json()
    assert {"S1", "S2"} <= {s["code"] for s in topics["services"]}
    assert "DBD" in {a["code"] for a in topics["agencies"]}


def test_offline_the_visitor_leaves_a_message_and_gets_a_ticket_number(server):
    async def scenario() -> None:
        started = visitor_start(server)  # nobody is online
        assert started["status"] == "offline"
        async with visitor_socket(server) as ws:
            await send(ws, "visitor.hello", hello(started))
            joined = await frames_until(ws, "conversation.joined")
            assert joined["conversation"]["status"] == "offline"
            await send(ws, "message.create", {"client_id": "1", "body": "มีใครอยู่ไหม"})
            assert (await frames_until(ws, "error"))["code"] == "conversation_closed"
            await send(ws, "conversation.leave_message", {"body": "ขอให้โทรกลับค่ะ"})
            left = await frames_until(ws, "conversation.message_left")
            assert left["ticket"].startswith("C")
            await send(ws, "conversation.leave_message", {"body": "อีกครั้ง"})
            assert (await frames_until(ws, "error"))["code"] == "already_left"

    asyncio.run(scenario())


def test_the_visitor_ends_the_chat_rates_it_and_asks_for_the_transcript(server):
    agent = Agent(server, UserFactory(username="ws.rated", first_name="ธนากร"))

    async def scenario() -> None:
        async with agent.socket() as console:
            await frames_until(console, "presence.ready")
            started = visitor_start(server)
            assert agent.post(f"c/{started['conversation']}/accept/").status_code == 200
            async with visitor_socket(server) as ws:
                await send(ws, "visitor.hello", hello(started))
                await frames_until(ws, "conversation.joined")
                await send(ws, "conversation.close")
                closed = await frames_until(ws, "conversation.status_changed")
                assert closed["status"] == "closed" and closed["can_rate"] is True
                await send(ws, "conversation.rate", {"score": 4})
                assert (await frames_until(ws, "error"))["code"] == "score_invalid"
                await send(ws, "conversation.rate", {"score": 2, "comment": "รวดเร็ว"})
                assert (await frames_until(ws, "conversation.rated"))["rating"] == 2
                assert (await frames_until(console, "conversation.rated"))["rating"] == 2
                await send(ws, "conversation.transcript", {"email": "bad@"})
                assert (await frames_until(ws, "error"))["code"] == "email_invalid"
                await send(ws, "conversation.transcript", {})
                queued = await frames_until(ws, "conversation.transcript_queued")
                assert queued == {"email": "malee@example.com"}

    asyncio.run(scenario())
    from borikan.notifications.models import Message as Outbox

    assert Outbox.objects.filter(ref_kind="chat", recipient="malee@example.com").exists()


def test_a_conversation_has_a_message_limit_whatever_its_sockets(server):
    online(UserFactory(username="ws.limit"))

    async def scenario() -> list[str]:
        started = visitor_start(server)
        sockets = []
        for _ in range(4):
            ws = await visitor_socket(server)
            await send(ws, "visitor.hello", hello(started))
            await frames_until(ws, "conversation.joined")
            sockets.append(ws)
        for n, ws in enumerate(sockets):  # 18 each: under every socket's own burst of 20
            for i in range(18):
                await send(ws, "message.create", {"client_id": f"s{n}-{i}", "body": f"{n}/{i}"})
        codes = []
        for ws in sockets:
            for _ in range(18):
                frame = json.loads(await asyncio.wait_for(ws.recv(), 5))
                while frame["event"] not in ("error", "message.created") or (
                    frame["event"] == "message.created"
                    and not frame["data"]["message"]["client_id"].startswith(
                        f"s{sockets.index(ws)}-"
                    )
                ):
                    frame = json.loads(await asyncio.wait_for(ws.recv(), 5))
                if frame["event"] == "error":
                    codes.append(frame["data"]["code"])
            await ws.close()
        return codes

    codes = asyncio.run(scenario())
    stored = Message.objects.filter(client_id__startswith="s").count()
    # 30 a minute per conversation: 72 in a moment can fill at most two minutes' windows.
    assert stored <= 60 and set(codes) == {"rate_limited"} and stored + len(codes) == 72
