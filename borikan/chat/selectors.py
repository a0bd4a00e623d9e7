"""Reads of live chat: availability, queues, conversations as the widget and consoles see them."""

from __future__ import annotations

import datetime as dt
import hmac
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db.models import QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _
from django.utils.translation import override

from borikan.chat.models import (
    AgentPresence,
    Author,
    CannedAnswer,
    Conversation,
    Kind,
    Message,
    Status,
)
from borikan.contacts.registry import TimelineItem
from borikan.core.calendar import is_working_day
from borikan.core.models import Agency, Role, User
from borikan.core.selectors import agency_list
from borikan.core.tokens import secret_hash

# A console that has not pinged for this long counts as gone (its process may have died).
PRESENCE_STALE = dt.timedelta(seconds=90)
# Roles that answer chats; an agency officer answers its own agency's queue only.
AGENT_ROLES = frozenset({Role.AGENT, Role.SUPERVISOR, Role.ADMIN, Role.OFFICER})

# The topics the widget offers: the catalogue's services a citizen comes to the chat for,
# with short names of their own (the catalogue's are the long official titles).
TOPIC_SERVICES: dict[str, Promise] = {
    "S1": _("Information and advice"),
    "S2": _("Complaint or grievance"),
    "S3": _("In-depth consultation by video"),
    "S7": _("International trade"),
}


@dataclass(frozen=True)
class Availability:
    open: bool
    reason: str  # "", "closed_day", "closed_hours", "no_agent"


def service_hours() -> tuple[dt.time, dt.time]:
    start, _sep, end = settings.CHAT_HOURS.partition("-")
    return dt.time.fromisoformat(start.strip()), dt.time.fromisoformat(end.strip())


def agents_online() -> QuerySet[AgentPresence]:
    return AgentPresence.objects.filter(sockets__gt=0, seen_at__gte=timezone.now() - PRESENCE_STALE)


def chat_availability(*, now: dt.datetime | None = None) -> Availability:
    """Whether a visitor can chat now: a Thai working day, within the hours, an agent online."""
    local = timezone.localtime(now or timezone.now())
    if settings.CHAT_DAYS != "all" and not is_working_day(day=local.date()):
        return Availability(False, "closed_day")
    start, end = service_hours()
    if not start <= local.time() < end:
        return Availability(False, "closed_hours")
    if not agents_online().exists():
        return Availability(False, "no_agent")
    return Availability(True, "")


def topics() -> dict[str, list[dict[str, str]]]:
    """What the pre-chat form offers: the services and the ministry's departments."""
    agencies = agency_list().filter(kind=Agency.Kind.DEPARTMENT, parent__isnull=True)
    return {
        "services": [{"code": code, "name": str(name)} for code, name in TOPIC_SERVICES.items()],
        "agencies": [{"code": a.code, "name": a.name} for a in agencies],
    }


def conversation_by_token(*, public_id: str, token: str) -> Conversation | None:
    """The conversation whose visitor holds `token` (compared in constant time)."""
    if not public_id or not token or len(token) > 100:
        return None
    conversation = (
        Conversation.objects.select_related("agent", "agency", "service")
        .filter(public_id=str(public_id)[:32])
        .first()
    )
    if conversation is None or not hmac.compare_digest(conversation.token_hash, secret_hash(token)):
        return None
    return conversation


def queue_label(conversation: Conversation) -> str:
    return conversation.agency.name if conversation.agency else str(_("General"))


def topic_label(conversation: Conversation) -> str:
    parts = []
    service, agency = conversation.service, conversation.agency
    if service is not None:
        parts.append(str(TOPIC_SERVICES.get(service.code, service.name)))
    if agency is not None:
        parts.append(agency.name)
    return " · ".join(parts) or str(_("General"))


def queue_positions(
    *, agency_ids: Iterable[int | None] | None = None
) -> dict[str, tuple[int, int]]:
    """public_id → (position, waiting) of every queued conversation (in its agency's queue)."""
    qs = Conversation.objects.filter(status=Status.QUEUED).order_by("queued_at", "id")
    if agency_ids is not None:
        wanted = list(agency_ids)
        ids = [i for i in wanted if i is not None]
        qs = (
            qs.filter(agency_id__in=ids) | qs.filter(agency__isnull=True)
            if None in wanted
            else qs.filter(agency_id__in=ids)
        )
    queues: dict[int | None, list[str]] = {}
    for public_id, agency_id in qs.values_list("public_id", "agency_id"):
        queues.setdefault(agency_id, []).append(public_id)
    return {
        public_id: (index + 1, len(members))
        for members in queues.values()
        for index, public_id in enumerate(members)
    }


def conversation_list_visible_to(*, user: User) -> QuerySet[Conversation]:
    """Conversations `user` may read: chat staff all; an agency officer its agency's only."""
    qs = Conversation.objects.select_related("agency", "service", "agent", "contact")
    if user.is_administrator or user.sees_everything:
        return qs
    if user.role == Role.OFFICER:
        return qs.filter(agency_id=user.agency_id) if user.agency_id else qs.none()
    if user.role in AGENT_ROLES:
        return qs
    return qs.none()


def queue_visible_to(*, user: User) -> QuerySet[Conversation]:
    return (
        conversation_list_visible_to(user=user)
        .filter(status=Status.QUEUED)
        .order_by("agency__code", "queued_at", "id")
    )


def conversations_of(*, user: User) -> QuerySet[Conversation]:
    """The agent's own open chats, oldest first."""
    return (
        conversation_list_visible_to(user=user)
        .filter(agent=user, status=Status.ACTIVE)
        .order_by("accepted_at", "id")
    )


def may_answer(*, user: User) -> bool:
    return user.is_authenticated and (user.is_administrator or user.role in AGENT_ROLES)


def message_dict(message: Message) -> dict[str, Any]:
    return {
        "id": message.pk,
        "seq": message.seq,
        "client_id": message.client_id,
        "author": message.author,
        "author_name": message.author_name,
        "kind": message.kind,
        "body": message.body,
        "data": message.data,
        "created_at": message.created_at.isoformat(),
    }


def conversation_dict(conversation: Conversation) -> dict[str, Any]:
    return {
        "id": conversation.public_id,
        "status": conversation.status,
        "visitor_name": conversation.visitor_name,
        "topic": topic_label(conversation),
        "service": conversation.service.code if conversation.service else None,
        "agency": conversation.agency.code if conversation.agency else None,
        "agent": conversation.agent.display_name if conversation.agent else None,
        "contact_url": (
            reverse("contacts:detail", args=[conversation.contact_id])
            if conversation.contact_id
            else None
        ),
        "case": conversation.case.number if conversation.case else None,
        "rating": conversation.rating,
        "last_seq": conversation.last_seq,
        "started_at": conversation.started_at.isoformat(),
    }


def messages_after(*, conversation: Conversation, after: int = 0) -> list[Message]:
    return list(conversation.messages.filter(seq__gt=after).order_by("seq"))


def canned_answers_for(*, conversation: Conversation | None = None) -> list[CannedAnswer]:
    qs = CannedAnswer.objects.filter(is_active=True, is_welcome=False)
    if conversation is not None and conversation.agency_id:
        qs = qs.filter(agency__isnull=True) | qs.filter(agency_id=conversation.agency_id)
    else:
        qs = qs.filter(agency__isnull=True)
    return list(qs.order_by("order", "title", "id"))


def welcome_script(*, conversation: Conversation, agent: User) -> str:
    """The S7 welcome script: the administrators' own if they set one, else the standard one."""
    custom = (
        CannedAnswer.objects.filter(is_active=True, is_welcome=True).order_by("order", "id").first()
    )
    with override(conversation.language):
        template = (
            custom.body
            if custom is not None
            else str(
                _(
                    "Ministry of Commerce service center, hello. My name is %(agent)s. "
                    "How may I help you with %(topic)s?"
                )
            )
        )
        try:
            return template % {
                "agent": agent.first_name or agent.display_name,
                "topic": topic_label(conversation),
            }
        except (KeyError, ValueError, TypeError):
            return template


def transcript_text(*, conversation: Conversation) -> str:
    """The conversation as plain text, as e-mailed to the visitor and kept with a case."""
    with override(conversation.language):
        lines = [
            str(_("Chat with the Ministry of Commerce service center")),
            str(_("Topic: %(topic)s") % {"topic": topic_label(conversation)}),
            str(
                _("Started: %(at)s")
                % {"at": f"{timezone.localtime(conversation.started_at):%Y-%m-%d %H:%M}"}
            ),
            "",
        ]
        for message in conversation.messages.order_by("seq"):
            at = timezone.localtime(message.created_at).strftime("%H:%M")
            who = message.author_name or (
                str(_("You")) if message.author == Author.VISITOR else str(_("Service center"))
            )
            if message.kind == Kind.ARTICLE:
                text = f"[{message.data.get('title', '')}]\n{message.data.get('excerpt', '')}"
                links = message.data.get("links") or []
                if links:
                    text += "\n" + "\n".join(str(link) for link in links)
            elif message.kind == Kind.FILE:
                text = str(_("[File: %(name)s]") % {"name": message.data.get("name", "")})
            else:
                text = message.body
            lines.append(f"[{at}] {who}: {text}")
    return "\n".join(lines)


def conversation_timeline(
    contact_ids: Sequence[int], user: User, limit: int
) -> Iterable[TimelineItem]:
    """Timeline provider: the contact's chats."""
    rows = (
        conversation_list_visible_to(user=user)
        .filter(contact_id__in=contact_ids)
        .order_by("-started_at")[:limit]
    )
    for row in rows:
        summary = [str(row.get_status_display())]
        if row.agent is not None:
            summary.append(row.agent.display_name)
        if row.rating:
            summary.append(str(_("rating %(score)s") % {"score": row.rating}))
        yield TimelineItem(
            at=row.started_at,
            kind="chat",
            title=str(_("Chat: %(topic)s") % {"topic": topic_label(row)}),
            summary=" · ".join(summary),
            channel="chat",
            url=reverse("chat:transcript", args=[row.public_id]),
        )
