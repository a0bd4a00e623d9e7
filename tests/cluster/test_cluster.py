"""Two app processes and two workers on one PostgreSQL and one Redis: what happens in one
process reaches the other, ticket numbers stay unique, every task runs exactly once."""

from __future__ import annotations

import asyncio
import json
import re
import time
from concurrent.futures import ThreadPoolExecutor

import httpx
import websockets

from tests.cluster.conftest import Cluster

QUEUE_MAIL = """
import sys
import django
django.setup()
from django.db import transaction
from borikan.notifications.services import message_queue
with transaction.atomic():
    for i in range(int(sys.argv[1])):
        message_queue(
            channel="email", recipient=f"citizen{i}@example.com", subject=f"แจ้งผล {i}",
            body="เรื่องของท่านได้รับการพิจารณาแล้ว", dedupe_key=f"cluster-mail-{i}",
        )
print("queued")
"""


def _ws_url(base: str) -> str:
    return base.replace("http://", "ws://") + "/ws/desktop/"


async def _desktop(cluster: Cluster, base: str) -> websockets.ClientConnection:
    socket = await websockets.connect(
        _ws_url(base),
        additional_headers={"Cookie": f"sessionid={cluster.secrets['session']}"},
        origin=base,  # type: ignore[arg-type]
    )
    ready = json.loads(await asyncio.wait_for(socket.recv(), 10))
    assert ready["event"] == "presence.ready"
    return socket


async def _next_event(socket: websockets.ClientConnection, name: str, timeout: float = 10) -> dict:
    deadline = time.monotonic() + timeout
    while True:
        left = deadline - time.monotonic()
        assert left > 0, f"no {name} event"
        event = json.loads(await asyncio.wait_for(socket.recv(), left))
        if event["event"] == name:
            return event


def _cti(cluster: Cluster, base: str, **data: str) -> None:
    response = httpx.post(f"{base}/api/v1/cti/{cluster.secrets['cti']}", json=data, timeout=10)
    assert response.status_code in (200, 202), response.text


def test_a_call_signalled_to_one_process_pops_on_an_agent_connected_to_the_other(cluster):
    first, second = cluster.web

    async def scenario() -> dict:
        socket = await _desktop(cluster, first)
        try:
            await asyncio.to_thread(
                _cti, cluster, second, event="newCall", callId="x1", to="1203",
                **{"from": "0812345678"},
            )  # fmt: skip
            await _next_event(socket, "call.ringing")
            await asyncio.to_thread(
                _cti, cluster, second, event="answer", callId="x1", answeringNumber="1001"
            )
            return await _next_event(socket, "call.answered")
        finally:
            await socket.close()

    card = asyncio.run(scenario())
    assert "081 234 5678" in card["html"] or "0812345678" in card["html"]


def test_cases_opened_through_both_processes_at_once_get_unique_consecutive_numbers(cluster):
    headers = {"Authorization": f"Bearer {cluster.secrets['api']}"}
    per_process = 25

    def open_cases(base: str, prefix: str) -> list[str]:
        numbers = []
        with httpx.Client(base_url=base, headers=headers, timeout=30) as client:
            for i in range(per_process):
                response = client.post(
                    "/api/v1/cases",
                    json={
                        "kind": "complaint", "subject": f"ราคาสินค้าแพง {prefix}{i}",
                        "description": "ร้านค้าขายเกินราคาป้าย", "phone": f"08{prefix}555{i:04d}",
                        "first_name_th": "ทดสอบ", "last_name_th": f"คลัสเตอร์{prefix}",
                    },
                )  # fmt: skip
                assert response.status_code == 201, response.text
                numbers.append(response.json()["number"])
        return numbers

    with ThreadPoolExecutor(4) as pool:
        runs = list(pool.map(open_cases, [*cluster.web, *cluster.web], ["2", "3", "4", "5"]))
    numbers = [n for run in runs for n in run]
    assert len(numbers) == len(set(numbers)) == 4 * per_process
    sequences = sorted(int(re.search(r"(\d+)$", n).group(1)) for n in numbers)
    assert sequences == list(range(sequences[0], sequences[0] + len(sequences)))
    with cluster.db() as db:
        stored = db.execute("SELECT COUNT(*), COUNT(DISTINCT number) FROM cases_case").fetchone()
    assert stored[0] == stored[1] >= 4 * per_process


def test_every_message_is_sent_exactly_once_by_two_workers(cluster):
    before = len(cluster.smtp.received)
    count = 40
    cluster.python(QUEUE_MAIL, str(count))
    deadline = time.monotonic() + 90
    while True:
        with cluster.db() as db:
            sent = db.execute(
                "SELECT COUNT(*) FROM notifications_message WHERE dedupe_key LIKE 'cluster-mail-%%'"
                " AND status = 'sent'"
            ).fetchone()[0]
        if sent == count:
            break
        assert time.monotonic() < deadline, f"only {sent} of {count} sent"
        time.sleep(0.5)
    time.sleep(1)  # a second copy of any would have arrived by now
    received = [env.rcpt_tos[0] for env in cluster.smtp.received[before:]]
    assert sorted(received) == sorted(f"citizen{i}@example.com" for i in range(count))
    health = httpx.get(f"{cluster.web[0]}/healthz", timeout=10).json()
    assert health["worker"]["workers"] == 2
