"""Two app processes, one Redis: a visitor on one uvicorn and an agent on another chat.

Each process is `borikan.settings` with REDIS_URL (channels-redis) on Redis database 3, sharing a
database (a migrated SQLite file, or the suite's PostgreSQL test database). Skipped when Redis
does not answer on 127.0.0.1:6379.
"""

from __future__ import annotations

import asyncio
import json
import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager

import httpx
import pytest
from websockets.asyncio.client import connect

from tests.cases.test_concurrency import ON_POSTGRES, ROOT, _database_url, _python
from tests.chat.live import WEBSITE, frames_through, frames_until, send

REDIS_URL = os.environ.get("CHAT_TEST_REDIS_URL", "redis://127.0.0.1:6379/3")
pytestmark = [pytest.mark.django_db(transaction=True)] if ON_POSTGRES else []

# An agent and a session for them, made in the shared database; prints the session key.
SETUP = """
import django
django.setup()
from django.test import Client
from borikan.core.models import Office, User
agent = User.objects.create(
    username="xp.agent", first_name="สมหญิง", role="agent", office=Office.objects.get(code="MOC")
)
client = Client()
client.force_login(agent)
print(client.cookies["sessionid"].value)
"""


def _redis_or_skip() -> None:
    import redis

    try:
        connection = redis.Redis.from_url(REDIS_URL, socket_connect_timeout=1)
        connection.ping()
        connection.flushdb()  # this test's own database number
    except redis.RedisError:
        pytest.skip(f"Redis does not answer at {REDIS_URL}")


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@contextmanager
def _app_process(env: dict[str, str], log_path) -> Iterator[str]:  # type: ignore[no-untyped-def]
    port = _free_port()
    with open(log_path, "w") as log:
        process = subprocess.Popen(
            [
                sys.executable, "-m", "uvicorn", "borikan.asgi:application",
                "--host", "127.0.0.1", "--port", str(port), "--lifespan", "off",
                "--log-level", "warning",
            ],
            env=env, cwd=ROOT, stdout=log, stderr=subprocess.STDOUT,
        )  # fmt: skip
        try:
            deadline = time.monotonic() + 60
            while True:
                try:
                    with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                        break
                except OSError:
                    assert process.poll() is None, log_path.read_text()
                    assert time.monotonic() < deadline, "uvicorn did not start"
                    time.sleep(0.1)
            yield f"127.0.0.1:{port}"
        finally:
            process.terminate()
            process.wait(timeout=10)


def test_a_visitor_on_one_process_and_an_agent_on_another_exchange_messages(request, tmp_path):
    _redis_or_skip()
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "borikan.settings",
        "BORIKAN_VAR_DIR": str(tmp_path),
        "REDIS_URL": REDIS_URL,
        "CHAT_DAYS": "all",
        "CHAT_HOURS": "00:00-23:59:59",
        "CHAT_ALLOWED_ORIGINS": WEBSITE,
    }
    env["DATABASE_URL"] = _database_url(request, tmp_path, env)
    session = _python(SETUP, env).strip().splitlines()[-1]

    with (
        _app_process(env, tmp_path / "a.log") as host_a,
        _app_process(env, tmp_path / "b.log") as host_b,
    ):
        console_page = httpx.get(f"http://{host_a}/chat/", cookies={"sessionid": session})
        assert console_page.status_code == 200
        csrf = console_page.cookies["csrftoken"]

        async def scenario() -> None:
            async with connect(
                f"ws://{host_a}/ws/chat/agent/",
                origin=f"http://{host_a}",  # type: ignore[arg-type]
                additional_headers={"Cookie": f"sessionid={session}"},
            ) as console:
                await frames_until(console, "presence.ready")
                started = httpx.post(
                    f"http://{host_b}/chat/v/start/",
                    json={"name": "มาลี", "service": "S1", "consent": True},
                    headers={"Origin": WEBSITE},
                ).json()
                assert started["status"] == "queued"  # process B sees A's agent online
                # The queue changed on B: A's console hears it through Redis.
                await frames_until(console, "queue.changed", timeout=10)
                async with connect(
                    f"ws://{host_b}/ws/chat/visitor/",
                    origin=WEBSITE,  # type: ignore[arg-type]
                ) as visitor:
                    await send(
                        visitor,
                        "visitor.hello",
                        {"conversation": started["conversation"], "token": started["token"]},
                    )
                    await frames_until(visitor, "conversation.joined")
                    accepted = httpx.post(
                        f"http://{host_a}/chat/c/{started['conversation']}/accept/",
                        json={},
                        cookies={"sessionid": session, "csrftoken": csrf},
                        headers={"X-CSRFToken": csrf, "Origin": f"http://{host_a}"},
                    )
                    assert accepted.status_code == 200, accepted.text
                    frames = await frames_through(visitor, "conversation.status_changed", 10)
                    assert frames[-1]["data"]["agent"] == "สมหญิง"
                    await frames_until(console, "conversation.assigned", timeout=10)

                    sent = time.perf_counter()
                    await send(visitor, "message.create", {"client_id": "b1", "body": "จาก B"})
                    heard = await frames_until(console, "message.created", timeout=10)
                    while heard["message"]["client_id"] != "b1":
                        heard = await frames_until(console, "message.created", timeout=10)
                    assert heard["message"]["body"] == "จาก B"
                    await send(
                        console,
                        "message.create",
                        {
                            "conversation": started["conversation"],
                            "client_id": "a1",
                            "body": "จาก A",
                        },
                    )
                    answer = await frames_until(visitor, "message.created", timeout=10)
                    while answer["message"]["client_id"] != "a1":
                        answer = await frames_until(visitor, "message.created", timeout=10)
                    assert answer["message"]["body"] == "จาก A"
                    assert time.perf_counter() - sent < 10

        asyncio.run(scenario())
    assert json.loads(_python(STORED, env).strip().splitlines()[-1]) == ["จาก B", "จาก A"]


STORED = """
import json
import django
django.setup()
from borikan.chat.models import Message
rows = Message.objects.filter(client_id__in=["b1", "a1"]).order_by("seq")
print(json.dumps(list(rows.values_list("body", flat=True))))
"""
