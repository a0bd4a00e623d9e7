"""The phone system against a real server: uvicorn in its own process, real HTTP, real websockets.

- `screen_pop`: from the `answer` POST leaving the PBX to the caller's card arriving on the
  answering agent's websocket (target p95 ≤ 50 ms on loopback), with idle agents connected too.
- `cti_throughput`: 100 CTI events per second, for a sustained run, into one server process;
  every event must be answered 200 and logged (none lost).
"""

from __future__ import annotations

import asyncio
import json
import time
import uuid
from typing import Any

import httpx
import websockets
from asgiref.sync import sync_to_async

from bench.common import Progress, percentiles, served
from bench.contacts_lookup import number_of


def _agent_session() -> tuple[str, str, str]:
    """A bench agent (extension 9901), a session cookie for it and a fresh CTI token."""
    from django.test import Client

    from borikan.core.models import Role, User
    from borikan.telephony.services import cti_token_create

    agent, _ = User.objects.get_or_create(
        username="bench-agent",
        defaults={"role": Role.AGENT, "extension": "9901", "first_name": "เบนช์"},
    )
    client = Client()
    client.force_login(agent)
    _token, secret = cti_token_create(name=f"bench-{uuid.uuid4().hex[:8]}")
    return agent.username, client.cookies["sessionid"].value, secret


async def _drain(socket: Any) -> None:
    async for _ in socket:
        pass


async def _screen_pop(base: str, rounds: int, idle_agents: int, contacts: int) -> dict[str, Any]:
    username, session, secret = await sync_to_async(_agent_session)()
    headers = {"Cookie": f"sessionid={session}", "Origin": base}
    ws_url = base.replace("http", "ws") + "/ws/desktop/"
    idle = [
        await websockets.connect(ws_url, additional_headers=headers) for _ in range(idle_agents)
    ]
    drains = [asyncio.create_task(_drain(s)) for s in idle]
    samples: list[float] = []
    progress = Progress("answer → card on the websocket", rounds)
    run = uuid.uuid4().hex[:6]
    async with (
        websockets.connect(ws_url, additional_headers=headers) as mine,
        httpx.AsyncClient(base_url=base, timeout=10) as http,
    ):
        assert json.loads(await mine.recv())["event"] == "presence.ready"
        url = f"/api/v1/cti/{secret}"

        async def until(event: str, call_id: str) -> None:
            while True:
                message = json.loads(await mine.recv())
                if message["event"] == event and message["data"].get("call_id") == call_id:
                    return

        for n in range(rounds):
            call_id = f"bench-pop-{run}-{n}"
            caller = number_of((n * 7919) % contacts)
            common = {"callId": call_id, "from": caller, "to": "1203", "direction": "in"}
            response = await http.post(url, json={"event": "newCall", "user": [username], **common})
            response.raise_for_status()
            await until("call.ringing", call_id)
            started = time.perf_counter()
            post = asyncio.create_task(
                http.post(url, json={"event": "answer", "answeringNumber": "9901", **common})
            )
            await until("call.answered", call_id)
            samples.append((time.perf_counter() - started) * 1000)
            (await post).raise_for_status()
            hangup = {"event": "hangup", "cause": "normalClearing", **common}
            (await http.post(url, json=hangup)).raise_for_status()
            await until("call.ended", call_id)
            progress.advance()
    progress.finish()
    for socket in idle:
        await socket.close()
    for task in drains:
        task.cancel()
    result = percentiles(samples)
    return {
        "name": "telephony.screen_pop",
        "rounds": rounds,
        "idle_agents_connected": idle_agents,
        "answer_to_card": result,
        "target": {"p95_ms": 50.0},
        "met": result["p95_ms"] <= 50.0,
    }


async def _throughput(base: str, rate: float, seconds: float, contacts: int) -> dict[str, Any]:
    _username, _session, secret = await sync_to_async(_agent_session)()
    url = f"/api/v1/cti/{secret}"
    run = uuid.uuid4().hex[:6]
    calls = int(rate * seconds / 3)
    # Each call rings, is answered 0.5 s later and ends 1.5 s later; calls start evenly over
    # the run, less those 1.5 s, so the whole plan fits in `seconds` at `rate` events/s or more.
    spacing = max(seconds - 1.5, 0.1) / calls
    plan: list[tuple[float, dict[str, Any]]] = []
    for j in range(calls):
        common = {
            "callId": f"bench-tp-{run}-{j}",
            "from": number_of((j * 104729) % contacts),
            "to": "1203",
            "direction": "in",
        }
        start = j * spacing
        plan.append((start, {"event": "newCall", **common}))
        plan.append((start + 0.5, {"event": "answer", "answeringNumber": "9901", **common}))
        plan.append((start + 1.5, {"event": "hangup", "cause": "normalClearing", **common}))
    plan.sort(key=lambda item: item[0])
    latencies: list[float] = []
    lateness: list[float] = []
    failures: list[str] = []
    finished: list[float] = []
    progress = Progress(f"{rate:.0f} CTI events/s for {seconds:.0f} s", len(plan))
    limits = httpx.Limits(max_connections=64, max_keepalive_connections=64)
    async with httpx.AsyncClient(base_url=base, timeout=30, limits=limits) as http:
        origin = time.perf_counter() + 0.2

        async def send(at: float, body: dict[str, Any]) -> None:
            await asyncio.sleep(max(0.0, origin + at - time.perf_counter()))
            started = time.perf_counter()
            lateness.append((started - origin - at) * 1000)
            try:
                response = await http.post(url, json=body)
                if response.status_code != 200 or response.json() != {}:
                    failures.append(f"{body['callId']} {body['event']}: {response.status_code}")
            except httpx.HTTPError as exc:
                failures.append(f"{body['callId']} {body['event']}: {exc!r}")
            finished.append(time.perf_counter())
            latencies.append((finished[-1] - started) * 1000)
            progress.advance()

        await asyncio.gather(*(send(at, body) for at, body in plan))
        elapsed = max(finished) - origin
    progress.finish()
    logged, ended = await sync_to_async(_count)(f"bench-tp-{run}-")
    return {
        "name": "telephony.cti_throughput",
        "target_rate_per_s": rate,
        "seconds": seconds,
        "events_sent": len(plan),
        "events_logged": logged,
        "calls": calls,
        "calls_ended_answered": ended,
        "lost": len(plan) - logged,
        "failed_responses": len(failures),
        "failures_sample": failures[:5],
        "achieved_rate_per_s": round(len(plan) / elapsed, 1),
        "response": percentiles(latencies),
        "send_lateness": percentiles(lateness),
        "met": (
            logged == len(plan)
            and not failures
            and ended == calls
            and len(plan) / elapsed >= rate * 0.98
        ),
    }


def _count(prefix: str) -> tuple[int, int]:
    from borikan.telephony.models import Call, CallEvent

    logged = CallEvent.objects.filter(payload__callId__startswith=prefix).count()
    ended = Call.objects.filter(
        call_id__startswith=prefix, state=Call.State.ENDED, answered_at__isnull=False
    ).count()
    return logged, ended


def screen_pop(*, rounds: int = 300, idle_agents: int = 20, contacts: int) -> dict[str, Any]:
    with served() as base:
        return asyncio.run(_screen_pop(base, rounds, idle_agents, contacts))


def cti_throughput(*, rate: float = 100.0, seconds: float = 30.0, contacts: int) -> dict[str, Any]:
    with served() as base:
        return asyncio.run(_throughput(base, rate, seconds, contacts))
