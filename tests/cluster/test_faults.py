"""Faults in the production layout: Redis restarted under connected websockets."""

from __future__ import annotations

import asyncio
import time

import websockets

from tests.cluster.conftest import Cluster
from tests.cluster.test_cluster import _cti, _desktop


def test_a_redis_restart_loses_no_call_agents_reconnect_and_resume(cluster: Cluster):
    first, second = cluster.web

    async def scenario() -> list[dict]:
        socket = await _desktop(cluster, first)
        cluster.redis.stop()
        # The phone system goes on signalling while Redis is down: the call is recorded.
        await asyncio.to_thread(
            _cti, cluster, second, event="newCall", callId="during-outage", to="1203",
            **{"from": "0877777777"},
        )  # fmt: skip
        cluster.redis.start()
        # What the page does: keep the socket; when it closes, connect again.
        deadline = time.monotonic() + 30
        frames: list[dict] = []
        while time.monotonic() < deadline:
            try:
                frames.append(json_frame(await asyncio.wait_for(socket.recv(), 2)))
            except websockets.ConnectionClosed:
                socket = await _desktop(cluster, first)
                frames.append({"event": "reconnected"})
            except TimeoutError:
                pass
            if any(f.get("data", {}).get("call_id") == "during-outage" for f in frames):
                break
        await socket.close()
        return frames

    frames = asyncio.run(scenario())
    resumed = [f for f in frames if f.get("data", {}).get("call_id") == "during-outage"]
    assert resumed and resumed[0]["event"] == "call.ringing", frames
    assert resumed[0]["data"].get("resumed") is True  # given back on reconnect, not pushed
    assert {"event": "reconnected"} in frames

    # And pops cross between the processes again.
    async def after() -> str:
        socket = await _desktop(cluster, first)
        await asyncio.to_thread(
            _cti, cluster, second, event="newCall", callId="after-restart", to="1203",
            **{"from": "0866666666"},
        )  # fmt: skip
        while True:
            frame = json_frame(await asyncio.wait_for(socket.recv(), 10))
            if frame.get("data", {}).get("call_id") == "after-restart":
                await socket.close()
                return frame["event"]

    assert asyncio.run(after()) == "call.ringing"


def json_frame(raw: str | bytes) -> dict:
    import json

    return json.loads(raw)
