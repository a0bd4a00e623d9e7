"""Clients of a running Borikan for the chat tests: a visitor (HTTP + websocket, from a
website) and an agent (staff session: console websocket and JSON actions)."""

from __future__ import annotations

import asyncio
import json
from typing import Any

import httpx
from django.test import Client
from websockets.asyncio.client import ClientConnection, connect

WEBSITE = "https://www.moc.go.th"


def visitor_start(host: str, **fields: Any) -> dict[str, Any]:
    body = {
        "name": "มาลี ใจงาม",
        "service": "S1",
        "agency": "DBD",
        "email": "malee@example.com",
        "consent": True,
        **fields,
    }
    response = httpx.post(f"http://{host}/chat/v/start/", json=body, headers={"Origin": WEBSITE})
    assert response.status_code == 201, response.text
    assert response.headers["access-control-allow-origin"] == WEBSITE
    return response.json()


async def frames_until(ws: ClientConnection, event: str, timeout: float = 5) -> dict[str, Any]:
    """The data of the next frame named `event` (frames before it are skipped)."""

    async def wait() -> dict[str, Any]:
        while True:
            frame = json.loads(await ws.recv())
            if frame["event"] == event:
                return frame["data"]

    return await asyncio.wait_for(wait(), timeout)


async def send(ws: ClientConnection, event: str, data: dict[str, Any] | None = None) -> None:
    await ws.send(json.dumps({"event": event, "data": data or {}}))


def visitor_socket(host: str, origin: str = WEBSITE) -> Any:
    return connect(f"ws://{host}/ws/chat/visitor/", origin=origin)  # type: ignore[arg-type]


class Agent:
    """A signed-in agent's session, for the console's socket and actions."""

    def __init__(self, host: str, user: Any) -> None:
        client = Client()
        client.force_login(user)
        self.host = host
        self.session = client.cookies["sessionid"].value
        page = httpx.get(f"http://{host}/chat/", cookies={"sessionid": self.session})
        assert page.status_code == 200, page.status_code
        self.csrf = page.cookies.get("csrftoken") or ""
        self.http = httpx.Client(
            base_url=f"http://{host}",
            cookies={"sessionid": self.session, "csrftoken": self.csrf},
            headers={"X-CSRFToken": self.csrf, "Origin": f"http://{host}"},
        )

    def socket(self) -> Any:
        return connect(
            f"ws://{self.host}/ws/chat/agent/",
            origin=f"http://{self.host}",  # type: ignore[arg-type]
            additional_headers={"Cookie": f"sessionid={self.session}"},
        )

    def post(self, path: str, **data: Any) -> httpx.Response:
        return self.http.post(f"/chat/{path}", json=data)


async def frames_through(
    ws: ClientConnection, event: str, timeout: float = 5
) -> list[dict[str, Any]]:
    """Every frame up to and including the next one named `event`."""

    async def wait() -> list[dict[str, Any]]:
        seen = []
        while True:
            frame = json.loads(await ws.recv())
            seen.append(frame)
            if frame["event"] == event:
                return seen

    return await asyncio.wait_for(wait(), timeout)
