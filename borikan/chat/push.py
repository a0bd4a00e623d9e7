"""Pushing chat events over the channel layer (Redis across processes when REDIS_URL is set).

Groups: `chat.c.<public_id>` (the visitor's sockets and the agents' consoles showing the
conversation), `chat.agents` (every console: the queue changed, presence) and
`chat.agent.<user id>` (one agent's consoles: a conversation given to or taken from them).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from asgiref.sync import async_to_sync
from channels.layers import get_channel_layer
from django.db import transaction

AGENTS_GROUP = "chat.agents"

# (group, message): message is a channel-layer message, e.g. {"type": "chat.event", ...}
Push = tuple[str, dict[str, Any]]


def conversation_group(public_id: str) -> str:
    return f"chat.c.{public_id}"


def agent_group(user_id: int) -> str:
    return f"chat.agent.{user_id}"


def event(group: str, name: str, data: dict[str, Any]) -> Push:
    """A `{"event", "data"}` frame for every socket in `group`."""
    return (group, {"type": "chat.event", "event": name, "data": data})


def control(group: str, kind: str, **fields: Any) -> Push:
    """An instruction to the consoles of one agent (join or leave a conversation's group)."""
    return (group, {"type": kind, **fields})


def send_now(pushes: Sequence[Push]) -> None:
    layer = get_channel_layer()
    if layer is None or not pushes:
        return

    async def send_all() -> None:
        for group, message in pushes:
            await layer.group_send(group, message)

    async_to_sync(send_all)()


def after_commit(pushes: Sequence[Push]) -> None:
    """Sends once the caller's transaction commits: nobody hears of a row that is not there."""
    pending = list(pushes)
    if pending:
        transaction.on_commit(lambda: send_now(pending), robust=True)
