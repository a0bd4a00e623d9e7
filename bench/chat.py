"""Live chat against a real server: uvicorn in its own process, real websockets on loopback.

`chat.delivery`: N visitors' websockets connected at once to one server process (1,000 by
default), each in a conversation answered by one of the bench agents, whose consoles are
connected too. A bounded load client sends visitors' messages at a fixed total rate, each from
a visitor picked in turn; the figure is the time from a message leaving the visitor's socket to
its arrival on the answering agent's console (target p95 ≤ 100 ms). The client never has more
than `rate × 2 s` messages in flight: a slow server shows as lateness, not as a pile-up.
Visitors are picked in turn, so each sends `rate × 60 / visitors` messages a minute: keep it
under the per-conversation limit (30 a minute), i.e. `rate ≤ visitors / 2`.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import os
import resource
import secrets
import time
import uuid
from typing import Any

import websockets
from asgiref.sync import sync_to_async

from bench.common import Progress, percentiles, served

WEBSITE = "https://bench.moc.go.th"
AGENTS = 10
CONNECT_AT_ONCE = 50


def _raise_file_limit(sockets: int) -> int:
    """Each websocket is a file descriptor in this process and in the server (which inherits
    the limit): 1,000 sockets need more than the usual 1,024 soft limit."""
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    wanted = min(hard, max(soft, sockets * 2 + 256))
    if wanted > soft:
        resource.setrlimit(resource.RLIMIT_NOFILE, (wanted, hard))
    return wanted


def _seed(visitors: int, run: str) -> tuple[list[str], list[tuple[str, str]]]:
    """Bench agents with a session each, and `visitors` active conversations shared among them;
    returns the agents' session keys and each conversation's (public id, token)."""
    from django.test import Client
    from django.utils import timezone

    from borikan.chat.models import Conversation, Status
    from borikan.core.models import Office, Role, User
    from borikan.core.tokens import secret_new

    office = Office.objects.get(code=Office.CENTRAL_CODE)
    agents, sessions = [], []
    for n in range(AGENTS):
        agent, _ = User.objects.get_or_create(
            username=f"bench-chat-{n}",
            defaults={"role": Role.AGENT, "office": office, "first_name": f"เบนช์{n}"},
        )
        client = Client()
        client.force_login(agent)
        agents.append(agent)
        sessions.append(client.cookies["sessionid"].value)
    # Earlier runs' chats are closed, so each console joins only this run's.
    Conversation.objects.filter(origin=WEBSITE, status=Status.ACTIVE).update(status=Status.CLOSED)
    now = timezone.now()
    rows, credentials = [], []
    for i in range(visitors):
        token, token_hash = secret_new("bkc_")
        public_id = f"b{run}{i:05d}{secrets.token_hex(4)}"[:32]
        credentials.append((public_id, token))
        rows.append(
            Conversation(
                public_id=public_id,
                token_hash=token_hash,
                status=Status.ACTIVE,
                visitor_name=f"ผู้ทดสอบ {i}",
                consent_notice="bench",
                consent_at=now,
                origin=WEBSITE,
                agent=agents[i % AGENTS],
                started_at=now,
                queued_at=now,
                accepted_at=now,
            )
        )
    Conversation.objects.bulk_create(rows, batch_size=500)
    return sessions, credentials


def _stored(run: str) -> int:
    from borikan.chat.models import Message

    return Message.objects.filter(client_id__startswith=f"bench-{run}-").count()


async def _delivery(base: str, visitors: int, seconds: float, rate: float) -> dict[str, Any]:
    run = uuid.uuid4().hex[:8]
    sessions, credentials = await sync_to_async(_seed)(visitors, run)
    ws_base = base.replace("http", "ws")
    sent_at: dict[str, float] = {}
    samples: list[float] = []
    errors: list[str] = []
    delivered = asyncio.Event()
    expected = int(rate * seconds)

    async def agent_reader(socket: Any) -> None:
        async for raw in socket:
            frame = json.loads(raw)
            if frame["event"] != "message.created":
                continue
            client_id = frame["data"]["message"].get("client_id") or ""
            started = sent_at.pop(client_id, None)
            if started is not None:
                samples.append((time.perf_counter() - started) * 1000)
                if len(samples) >= expected:
                    delivered.set()

    consoles = []
    for session in sessions:
        console = await websockets.connect(
            f"{ws_base}/ws/chat/agent/",
            additional_headers={"Cookie": f"sessionid={session}", "Origin": base},
            max_queue=None,
        )
        assert json.loads(await console.recv())["event"] == "presence.ready"
        consoles.append(console)
    readers = [asyncio.create_task(agent_reader(c)) for c in consoles]

    progress = Progress(f"{visitors:,} visitors connecting", visitors)
    gate = asyncio.Semaphore(CONNECT_AT_ONCE)

    async def visitor(public_id: str, token: str) -> Any:
        async with gate:
            socket = await websockets.connect(
                f"{ws_base}/ws/chat/visitor/",
                origin=WEBSITE,  # type: ignore[arg-type]
                max_queue=None,
            )
            await socket.send(
                json.dumps(
                    {"event": "visitor.hello", "data": {"conversation": public_id, "token": token}}
                )
            )
            while json.loads(await socket.recv())["event"] != "conversation.joined":
                pass
            progress.advance()
            return socket

    connect_started = time.perf_counter()
    sockets = await asyncio.gather(*(visitor(p, t) for p, t in credentials))
    connect_seconds = time.perf_counter() - connect_started
    progress.finish()

    async def drain(socket: Any) -> None:
        async for raw in socket:
            frame = json.loads(raw)
            if frame["event"] == "error":
                errors.append(frame["data"].get("code", "?"))

    drains = [asyncio.create_task(drain(s)) for s in sockets]
    progress = Progress(f"{rate:.0f} messages/s for {seconds:.0f} s", expected)
    in_flight_limit = max(1, int(rate * 2))
    lateness: list[float] = []
    origin = time.perf_counter() + 0.2
    skipped = 0
    for n in range(expected):
        at = origin + n / rate
        await asyncio.sleep(max(0.0, at - time.perf_counter()))
        lateness.append((time.perf_counter() - at) * 1000)
        if len(sent_at) >= in_flight_limit:  # bounded: never more than this waiting
            skipped += 1
            progress.advance()
            continue
        client_id = f"bench-{run}-{n}"
        sent_at[client_id] = time.perf_counter()
        body = {"client_id": client_id, "body": f"ข้อความทดสอบที่ {n}"}
        await sockets[n % visitors].send(json.dumps({"event": "message.create", "data": body}))
        progress.advance()
    with contextlib.suppress(TimeoutError):
        await asyncio.wait_for(delivered.wait(), timeout=10)
    progress.finish()
    lost_in_flight = len(sent_at)
    for socket in [*sockets, *consoles]:
        await socket.close()
    for task in [*drains, *readers]:
        task.cancel()
    stored = await sync_to_async(_stored)(run)
    delivery = percentiles(samples)
    return {
        "name": "chat.delivery",
        "visitors_connected": len(sockets),
        "agents": len(consoles),
        "connect_seconds": round(connect_seconds, 2),
        "rate_per_s": rate,
        "seconds": seconds,
        "messages_planned": expected,
        "messages_sent": expected - skipped,
        "skipped_in_flight_bound": skipped,
        "messages_stored": stored,
        "not_delivered": lost_in_flight,
        "errors": len(errors),
        "errors_sample": errors[:5],
        "visitor_to_agent": delivery,
        "send_lateness": percentiles(lateness),
        "target": {"p95_ms": 100.0},
        "met": (
            len(sockets) == visitors
            and not errors
            and not skipped
            and lost_in_flight == 0
            and stored == expected
            and delivery.get("p95_ms", 1e9) <= 100.0
        ),
    }


def delivery(*, visitors: int = 1000, seconds: float = 30.0, rate: float = 100.0) -> dict[str, Any]:
    if rate * 60 / visitors > 30:
        raise ValueError("rate must stay ≤ visitors / 2 (30 messages a minute per chat)")
    _raise_file_limit(visitors + AGENTS)
    # The served process reads these: chat open whatever the day, the bench's website allowed.
    os.environ.update(
        {"CHAT_DAYS": "all", "CHAT_HOURS": "00:00-23:59:59", "CHAT_ALLOWED_ORIGINS": WEBSITE}
    )
    with served() as base:
        return asyncio.run(_delivery(base, visitors, seconds, rate))
