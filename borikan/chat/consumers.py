"""The chat's websockets: the visitor's (token per conversation, any allowed website) and the
agents' console (staff session). Frames are `{"event": ..., "data": {...}}` both ways.

Bad input never takes the server down: a frame that is not JSON, an unknown event or a message
refused by the services gets an `error` frame and the socket stays open; a wrong token (4401), a
website not allowed (4403), a frame over 64 KB (1009) or a flood past the limit (4429) closes
that one socket.
"""

from __future__ import annotations

import contextlib
import json
import time
from typing import Any

from channels.db import database_sync_to_async
from channels.generic.websocket import AsyncWebsocketConsumer
from django.utils.translation import gettext_lazy as _

from borikan.chat import push
from borikan.chat.models import Author, Conversation, Status
from borikan.chat.origins import origin_allowed
from borikan.chat.selectors import (
    conversation_by_token,
    conversation_dict,
    conversation_list_visible_to,
    conversations_of,
    may_answer,
    message_dict,
    messages_after,
    queue_positions,
)
from borikan.chat.services import (
    ChatError,
    Posted,
    article_send,
    canned_send,
    conversation_close,
    conversation_leave_message,
    conversation_rate,
    conversation_transcript_send,
    message_post,
    presence_connect,
    presence_disconnect,
    presence_seen,
)
from borikan.core.errors import DomainError, error_body
from borikan.core.ratelimit import hit

MAX_FRAME = 64 * 1024
# Flood control per socket: a burst of RATE_BURST frames, then RATE_PER_SECOND; past
# RATE_BURST refused frames within FLOOD_WINDOW seconds the socket is closed.
RATE_BURST = 20
RATE_PER_SECOND = 2.0
FLOOD_WINDOW = 10.0
# And per conversation, whatever the sockets: messages a minute (a person types far fewer).
CONVERSATION_LIMIT = 30
CLOSE_BAD_TOKEN = 4401
CLOSE_ORIGIN = 4403
CLOSE_FLOOD = 4429
CLOSE_TOO_BIG = 1009


class _Bucket:
    """A token bucket per socket, and the refusals of the last FLOOD_WINDOW seconds."""

    def __init__(self) -> None:
        self.tokens = float(RATE_BURST)
        self.at = time.monotonic()
        self.refusals: list[float] = []

    def take(self) -> bool:
        now = time.monotonic()
        self.tokens = min(RATE_BURST, self.tokens + (now - self.at) * RATE_PER_SECOND)
        self.at = now
        if self.tokens >= 1:
            self.tokens -= 1
            return True
        self.refusals = [t for t in self.refusals if now - t < FLOOD_WINDOW]
        self.refusals.append(now)
        return False

    @property
    def flooding(self) -> bool:
        return len(self.refusals) > RATE_BURST


class _FrameConsumer(AsyncWebsocketConsumer):
    """Frame parsing, errors, flood control and the group events both sides share."""

    handlers: dict[str, str] = {}
    closing = False

    async def close(self, code: int | bool | None = None, reason: str | None = None) -> None:
        # Frames already on their way are dropped: nothing may be sent after the close.
        self.closing = True
        await super().close(code=code, reason=reason)

    async def send_frame(self, event: str, data: dict[str, Any]) -> None:
        await self.send(text_data=json.dumps({"event": event, "data": data}, ensure_ascii=False))

    async def send_error(self, code: str, message: Any, **details: Any) -> None:
        body = error_body(code, message, details=details or None)["error"]
        await self.send_frame("error", body)

    async def send_domain_error(self, exc: DomainError, ref: Any = None) -> None:
        body = exc.as_dict()["error"]
        if ref is not None:
            body["ref"] = ref
        await self.send_frame("error", body)

    async def receive(self, text_data: str | None = None, bytes_data: bytes | None = None) -> None:
        if self.closing:
            return
        raw = text_data if text_data is not None else bytes_data or b""
        if len(raw) > MAX_FRAME:
            await self.send_error(
                "too_large",
                _("The message is too large: at most 64 KB a frame."),
                max_bytes=MAX_FRAME,
            )
            await self.close(code=CLOSE_TOO_BIG)
            return
        if not self.bucket.take():
            if self.bucket.flooding:
                await self.send_error("rate_limited", _("Too many messages: the chat is closed."))
                await self.close(code=CLOSE_FLOOD)
            else:
                await self.send_error(
                    "rate_limited", _("Too many messages at once: wait a moment and try again.")
                )
            return
        try:
            frame = json.loads(raw)
        except (ValueError, UnicodeDecodeError):
            await self.send_error("bad_frame", _('A frame must be JSON: {"event", "data"}.'))
            return
        if (
            not isinstance(frame, dict)
            or not isinstance(frame.get("event"), str)
            or not isinstance(frame.get("data", {}), dict)
        ):
            await self.send_error("bad_frame", _('A frame must be JSON: {"event", "data"}.'))
            return
        event, data = frame["event"], frame.get("data") or {}
        handler = self.handlers.get(event)
        if handler is None:
            await self.send_error("unknown_event", _("Unknown event."), event=event[:50])
            return
        try:
            await getattr(self, handler)(data)
        except DomainError as exc:
            await self.send_domain_error(exc, ref=data.get("client_id"))

    async def on_ping(self, data: dict[str, Any]) -> None:
        await self.send_frame("pong", {})

    # Channel-layer messages.
    async def chat_event(self, message: dict[str, Any]) -> None:
        if message.get("sender") == self.channel_name:
            return  # one's own typing indicator
        await self.send_frame(message["event"], message["data"])

    async def typing(self, public_id: str, on: bool, author: str) -> None:
        await self.channel_layer.group_send(
            push.conversation_group(public_id),
            {
                "type": "chat.event",
                "event": "conversation.typing_on" if on else "conversation.typing_off",
                "data": {"conversation": public_id, "author": author},
                "sender": self.channel_name,
            },
        )


class VisitorConsumer(_FrameConsumer):
    handlers = {
        "visitor.hello": "on_hello",
        "message.create": "on_message",
        "conversation.typing_on": "on_typing_on",
        "conversation.typing_off": "on_typing_off",
        "conversation.close": "on_close",
        "conversation.rate": "on_rate",
        "conversation.transcript": "on_transcript",
        "conversation.leave_message": "on_leave_message",
        "ping": "on_ping",
    }

    async def connect(self) -> None:
        self.bucket = _Bucket()
        self.conversation: Conversation | None = None
        headers = dict(self.scope.get("headers") or [])
        origin = headers.get(b"origin", b"").decode("latin-1")
        await self.accept()
        if not origin_allowed(origin):
            await self.send_error(
                "origin_not_allowed", _("This website may not use the chat."), origin=origin[:200]
            )
            await self.close(code=CLOSE_ORIGIN)
            return
        self.origin = origin

    async def disconnect(self, code: int) -> None:
        if self.conversation is not None:
            group = push.conversation_group(self.conversation.public_id)
            await self.channel_layer.group_send(
                group,
                {
                    "type": "chat.event",
                    "event": "presence.update",
                    "data": {"role": "visitor", "online": False},
                    "sender": self.channel_name,
                },
            )
            await self.channel_layer.group_discard(group, self.channel_name)

    async def _joined(self) -> Conversation:
        if self.conversation is None:
            await self.send_error("hello_required", _("Say hello with your chat token first."))
            await self.close(code=CLOSE_BAD_TOKEN)
            raise _Closed
        return self.conversation

    async def receive(self, text_data: str | None = None, bytes_data: bytes | None = None) -> None:
        with contextlib.suppress(_Closed):
            await super().receive(text_data=text_data, bytes_data=bytes_data)

    async def on_hello(self, data: dict[str, Any]) -> None:
        found = await database_sync_to_async(conversation_by_token)(
            public_id=str(data.get("conversation") or ""), token=str(data.get("token") or "")
        )
        if found is None:
            await self.send_error("bad_token", _("This chat's token is not valid."))
            await self.close(code=CLOSE_BAD_TOKEN)
            return
        try:
            after = max(0, int(data.get("after") or 0))
        except (TypeError, ValueError):
            after = 0
        if self.conversation is not None and self.conversation.pk != found.pk:
            await self.channel_layer.group_discard(
                push.conversation_group(self.conversation.public_id), self.channel_name
            )
        self.conversation = found
        group = push.conversation_group(found.public_id)
        # Joined before reading: a message stored meanwhile arrives twice at worst, and the
        # widget drops a sequence number it has (never a gap).
        await self.channel_layer.group_add(group, self.channel_name)
        state = await database_sync_to_async(_visitor_state)(found, after)
        await self.send_frame("conversation.joined", state)
        await self.channel_layer.group_send(
            group,
            {
                "type": "chat.event",
                "event": "presence.update",
                "data": {"role": "visitor", "online": True},
                "sender": self.channel_name,
            },
        )

    async def on_message(self, data: dict[str, Any]) -> None:
        conversation = await self._joined()
        posted = await database_sync_to_async(_visitor_post)(conversation, data)
        if not posted.created:  # a resend: acknowledge it to this socket only
            await self.send_frame(
                "message.created",
                {"conversation": conversation.public_id, "message": message_dict(posted.message)},
            )

    async def on_typing_on(self, data: dict[str, Any]) -> None:
        conversation = await self._joined()
        await self.typing(conversation.public_id, True, Author.VISITOR)

    async def on_typing_off(self, data: dict[str, Any]) -> None:
        conversation = await self._joined()
        await self.typing(conversation.public_id, False, Author.VISITOR)

    async def on_close(self, data: dict[str, Any]) -> None:
        conversation = await self._joined()
        await database_sync_to_async(conversation_close)(conversation=conversation, by=None)

    async def on_rate(self, data: dict[str, Any]) -> None:
        conversation = await self._joined()
        await database_sync_to_async(conversation_rate)(
            conversation=conversation,
            score=data.get("score"),
            comment=str(data.get("comment") or ""),
        )

    async def on_transcript(self, data: dict[str, Any]) -> None:
        conversation = await self._joined()
        address = await database_sync_to_async(conversation_transcript_send)(
            conversation=conversation, email=str(data.get("email") or "")
        )
        await self.send_frame("conversation.transcript_queued", {"email": address})

    async def on_leave_message(self, data: dict[str, Any]) -> None:
        conversation = await self._joined()
        updated = await database_sync_to_async(_leave_message)(
            conversation, str(data.get("body") or "")
        )
        await self.send_frame("conversation.message_left", {"ticket": updated})


class _Closed(Exception):
    """The socket was closed while handling a frame: nothing more to send."""


def _visitor_state(conversation: Conversation, after: int) -> dict[str, Any]:
    fresh = Conversation.objects.select_related("agent", "agency", "service", "case").get(
        pk=conversation.pk
    )
    position = queue_positions(agency_ids=[fresh.agency_id]).get(fresh.public_id)
    state = conversation_dict(fresh)
    state.pop("contact_url", None)
    return {
        "conversation": state,
        "messages": [message_dict(m) for m in messages_after(conversation=fresh, after=after)],
        "queue": {"position": position[0], "waiting": position[1]} if position else None,
        "can_rate": fresh.status == Status.CLOSED
        and fresh.interaction_id is not None
        and fresh.rating is None,
    }


def _visitor_post(conversation: Conversation, data: dict[str, Any]) -> Posted:
    """A visitor's message, within the conversation's limit (shared by its sockets and, with
    Redis as the cache, by every process)."""
    if not hit(
        scope="chat-messages",
        key=conversation.public_id,
        limit=CONVERSATION_LIMIT,
        window_seconds=60,
    ):
        raise ChatError(
            _("Too many messages in this chat: wait a minute and try again."),
            code="rate_limited",
            status=429,
        )
    return message_post(
        conversation=conversation,
        author=Author.VISITOR,
        body=str(data.get("body") or ""),
        client_id=data.get("client_id"),
    )


def _leave_message(conversation: Conversation, body: str) -> str:
    updated = conversation_leave_message(conversation=conversation, body=body)
    assert updated.case is not None
    return updated.case.number


class AgentConsumer(_FrameConsumer):
    handlers = {
        "message.create": "on_message",
        "conversation.typing_on": "on_typing_on",
        "conversation.typing_off": "on_typing_off",
        "ping": "on_ping",
    }

    async def connect(self) -> None:
        self.bucket = _Bucket()
        user = self.scope.get("user")
        if user is None or not user.is_authenticated:
            await self.close(code=4401)
            return
        if not may_answer(user=user):
            await self.close(code=4403)
            return
        self.user = user
        mine = await database_sync_to_async(
            lambda: list(conversations_of(user=user).values_list("public_id", flat=True))
        )()
        self.joined = {push.AGENTS_GROUP, push.agent_group(user.pk)} | {
            push.conversation_group(public_id) for public_id in mine
        }
        for group in self.joined:
            await self.channel_layer.group_add(group, self.channel_name)
        await self.accept()
        online = await database_sync_to_async(presence_connect)(user=user)
        self.present = True
        await self.send_frame("presence.ready", {"user": user.username, "conversations": mine})
        await self.channel_layer.group_send(
            push.AGENTS_GROUP,
            {"type": "chat.event", "event": "presence.update", "data": {"agents_online": online}},
        )

    async def disconnect(self, code: int) -> None:
        for group in getattr(self, "joined", set()):
            await self.channel_layer.group_discard(group, self.channel_name)
        if getattr(self, "present", False):
            online = await database_sync_to_async(presence_disconnect)(user=self.user)
            await self.channel_layer.group_send(
                push.AGENTS_GROUP,
                {
                    "type": "chat.event",
                    "event": "presence.update",
                    "data": {"agents_online": online},
                },
            )

    async def on_ping(self, data: dict[str, Any]) -> None:
        await database_sync_to_async(presence_seen)(user=self.user)
        await self.send_frame("pong", {})

    async def _conversation(self, data: dict[str, Any]) -> Conversation:
        public_id = str(data.get("conversation") or "")[:32]
        found: Conversation | None = await database_sync_to_async(
            lambda: conversation_list_visible_to(user=self.user).filter(public_id=public_id).first()
        )()
        if found is None:
            raise ChatError(_("This chat is not in your queues."), code="not_found", status=404)
        return found

    async def on_message(self, data: dict[str, Any]) -> None:
        conversation = await self._conversation(data)
        client_id = data.get("client_id")
        if data.get("article"):
            posted = await database_sync_to_async(article_send)(
                conversation=conversation,
                article_id=_int(data["article"]),
                by=self.user,
                client_id=client_id,
            )
        elif data.get("canned"):
            posted = await database_sync_to_async(canned_send)(
                conversation=conversation,
                canned_id=_int(data["canned"]),
                by=self.user,
                client_id=client_id,
            )
        else:
            posted = await database_sync_to_async(message_post)(
                conversation=conversation,
                author=Author.AGENT,
                body=str(data.get("body") or ""),
                client_id=client_id,
                by=self.user,
            )
        if not posted.created:
            await self.send_frame(
                "message.created",
                {"conversation": conversation.public_id, "message": message_dict(posted.message)},
            )

    async def on_typing_on(self, data: dict[str, Any]) -> None:
        conversation = await self._conversation(data)
        await self.typing(conversation.public_id, True, Author.AGENT)

    async def on_typing_off(self, data: dict[str, Any]) -> None:
        conversation = await self._conversation(data)
        await self.typing(conversation.public_id, False, Author.AGENT)

    # Channel-layer instructions from the services.
    async def chat_assigned(self, message: dict[str, Any]) -> None:
        group = push.conversation_group(message["conversation"])
        self.joined.add(group)
        await self.channel_layer.group_add(group, self.channel_name)
        await self.send_frame("conversation.assigned", {"conversation": message["conversation"]})

    async def chat_released(self, message: dict[str, Any]) -> None:
        group = push.conversation_group(message["conversation"])
        self.joined.discard(group)
        await self.channel_layer.group_discard(group, self.channel_name)
        await self.send_frame("conversation.released", {"conversation": message["conversation"]})

    async def chat_ended(self, message: dict[str, Any]) -> None:
        group = push.conversation_group(message["conversation"])
        self.joined.discard(group)
        await self.channel_layer.group_discard(group, self.channel_name)


def _int(value: Any) -> int:
    try:
        return int(value)
    except (TypeError, ValueError) as exc:
        raise ChatError(_("A number was expected."), code="bad_frame") from exc
