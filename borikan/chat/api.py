"""Live-chat API (scope `chat`) for integrators: conversations and their transcripts."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from ninja import Field, Query, Router, Schema

from borikan.api.auth import api_user, scoped
from borikan.api.schemas import ErrorOut
from borikan.chat.models import Conversation, Status
from borikan.chat.selectors import conversation_list_visible_to, message_dict, topic_label
from borikan.core.errors import NotFoundError

router = Router(tags=["chat"], auth=scoped("chat"))
MAX_LIMIT = 200


class ConversationOut(Schema):
    id: str
    status: str
    topic: str
    service: str | None
    agency: str | None
    visitor_name: str
    contact_id: int | None
    agent: str | None
    started_at: dt.datetime
    accepted_at: dt.datetime | None
    closed_at: dt.datetime | None
    interaction_id: int | None
    case: str | None
    rating: int | None
    messages: int


class MessageOut(Schema):
    seq: int
    author: str
    author_name: str
    kind: str
    body: str
    data: dict[str, Any]
    created_at: dt.datetime


class TranscriptOut(ConversationOut):
    transcript: list[MessageOut]


class ConversationFilters(Schema):
    status: Status | None = None
    since: dt.datetime | None = Field(None, description="Started at or after (ISO 8601)")
    contact_id: int | None = None
    limit: int = Field(50, ge=1, le=MAX_LIMIT)
    offset: int = Field(0, ge=0, le=1_000_000)


def _out(conversation: Conversation, count: int) -> dict[str, Any]:
    return {
        "id": conversation.public_id,
        "status": conversation.status,
        "topic": topic_label(conversation),
        "service": conversation.service.code if conversation.service else None,
        "agency": conversation.agency.code if conversation.agency else None,
        "visitor_name": conversation.visitor_name,
        "contact_id": conversation.contact_id,
        "agent": conversation.agent.username if conversation.agent else None,
        "started_at": conversation.started_at,
        "accepted_at": conversation.accepted_at,
        "closed_at": conversation.closed_at,
        "interaction_id": conversation.interaction_id,
        "case": conversation.case.number if conversation.case else None,
        "rating": conversation.rating,
        "messages": count,
    }


@router.get("/conversations", response={200: list[ConversationOut], 401: ErrorOut})
def conversations_list(
    request: HttpRequest, filters: Query[ConversationFilters]
) -> list[dict[str, Any]]:
    """Conversations newest first, filtered by status, start time or contact."""
    qs = conversation_list_visible_to(user=api_user(request)).select_related("case")
    if filters.status:
        qs = qs.filter(status=filters.status)
    if filters.since:
        qs = qs.filter(started_at__gte=filters.since)
    if filters.contact_id:
        qs = qs.filter(contact_id=filters.contact_id)
    rows = list(qs.order_by("-started_at", "-id")[filters.offset : filters.offset + filters.limit])
    return [_out(row, row.last_seq) for row in rows]


@router.get(
    "/conversations/{public_id}", response={200: TranscriptOut, 401: ErrorOut, 404: ErrorOut}
)
def conversation_transcript(request: HttpRequest, public_id: str) -> dict[str, Any]:
    """One conversation with its transcript: every message in order."""
    conversation = (
        conversation_list_visible_to(user=api_user(request))
        .select_related("case")
        .filter(public_id=public_id[:32])
        .first()
    )
    if conversation is None:
        raise NotFoundError(_("There is no chat with this id."))
    messages = [message_dict(m) for m in conversation.messages.order_by("seq")]
    return {**_out(conversation, len(messages)), "transcript": messages}
