"""Pushing call events to agents' desktops over the channel layer (Channels groups)."""

from __future__ import annotations

from typing import Any

from asgiref.sync import async_to_sync
from channels.layers import get_channel_layer

AGENTS_GROUP = "agents"


def agent_group(user_id: int) -> str:
    return f"agent.{user_id}"


def push(group: str, event: str, data: dict[str, Any], html: str = "") -> None:
    """Sends `{"event", "data", "html"}` to every socket in `group` (no-op without a layer)."""
    layer = get_channel_layer()
    if layer is None:
        return
    async_to_sync(layer.group_send)(
        group, {"type": "desktop.event", "event": event, "data": data, "html": html}
    )
