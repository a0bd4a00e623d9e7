"""The agent desktop's websocket: ringing calls, the caller's card on answer, call ended."""

from __future__ import annotations

from typing import Any

from channels.db import database_sync_to_async
from channels.generic.websocket import AsyncJsonWebsocketConsumer

from borikan.core.models import Role
from borikan.telephony.push import AGENTS_GROUP, agent_group
from borikan.telephony.services import desktop_resume_frames

DESKTOP_ROLES = {Role.AGENT, Role.COUNTER, Role.SUPERVISOR, Role.ADMIN, Role.PROVINCIAL}


class DesktopConsumer(AsyncJsonWebsocketConsumer):
    async def connect(self) -> None:
        user = self.scope.get("user")
        if user is None or not user.is_authenticated:
            await self.close(code=4401)
            return
        if user.role not in DESKTOP_ROLES and not user.is_superuser:
            await self.close(code=4403)
            return
        self.joined = [agent_group(user.pk), AGENTS_GROUP]
        for group in self.joined:
            await self.channel_layer.group_add(group, self.channel_name)
        await self.accept()
        await self.send_json({"event": "presence.ready", "data": {"user": user.username}})
        # A reconnecting desktop (network, app or Redis restart) gets back what still matters.
        for frame in await database_sync_to_async(desktop_resume_frames)(user=user):
            await self.send_json(frame)

    async def disconnect(self, code: int) -> None:
        for group in getattr(self, "joined", []):
            await self.channel_layer.group_discard(group, self.channel_name)

    async def receive_json(self, content: Any, **kwargs: Any) -> None:
        if isinstance(content, dict) and content.get("event") == "ping":
            await self.send_json({"event": "pong", "data": {}})
        else:
            await self.send_json({"event": "error", "data": {"code": "unknown_event"}})

    async def desktop_event(self, message: dict[str, Any]) -> None:
        await self.send_json(
            {"event": message["event"], "data": message["data"], "html": message.get("html", "")}
        )
