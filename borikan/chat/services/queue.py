"""What the queue's watchers are told when it changes: each waiting visitor their position,
every console that the queue is different."""

from __future__ import annotations

from borikan.chat import push
from borikan.chat.selectors import queue_positions


def queue_pushes() -> list[push.Push]:
    positions = queue_positions()
    pushes = [
        push.event(
            push.conversation_group(public_id),
            "conversation.queue_position",
            {"position": position, "waiting": waiting},
        )
        for public_id, (position, waiting) in positions.items()
    ]
    pushes.append(push.event(push.AGENTS_GROUP, "queue.changed", {"waiting": len(positions)}))
    return pushes
