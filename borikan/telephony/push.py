"""Pushing call events to agents' desktops over the channel layer (Channels groups)."""

from __future__ import annotations

import logging
from collections.abc import Sequence
from typing import Any

from asgiref.sync import async_to_sync
from channels.layers import get_channel_layer

AGENTS_GROUP = "agents"

log = logging.getLogger(__name__)

# (group, event, data, html)
Push = tuple[str, str, dict[str, Any], str]


def agent_group(user_id: int) -> str:
    return f"agent.{user_id}"


def push(group: str, event: str, data: dict[str, Any], html: str = "") -> None:
    """Sends `{"event", "data", "html"}` to every socket in `group` (no-op without a layer)."""
    push_all([(group, event, data, html)])


def push_all(pushes: Sequence[Push]) -> None:
    """Sends several pushes in one trip to the event loop (each trip from a request's thread
    waits for the loop, which is busy with every other request).

    Best effort: the call is already saved when this runs, so a channel layer that cannot be
    reached (Redis restarting) is logged and the request still succeeds; desktops get the
    state back when their socket reconnects (see services.desktop_resume_frames)."""
    layer = get_channel_layer()
    if layer is None or not pushes:
        return

    async def send_all() -> None:
        for group, event, data, html in pushes:
            await layer.group_send(
                group, {"type": "desktop.event", "event": event, "data": data, "html": html}
            )

    try:
        async_to_sync(send_all)()
    except Exception:  # any layer failure; the state is resumed on reconnect
        log.warning("push to desktops failed (channel layer unavailable?)", exc_info=True)
