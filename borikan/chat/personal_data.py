"""A contact's chats, for the data subject's rights (PDPA)."""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet

from borikan.chat.models import ChatFile, Conversation, Message
from borikan.contacts.registry import Identifiers
from borikan.core.export import ERASED_TEXT, export_rows


def _conversations(identifiers: Identifiers) -> QuerySet[Conversation]:
    return Conversation.objects.filter(
        Q(contact_id__in=identifiers.contact_ids)
        | Q(visitor_email__in=identifiers.emails)
        | Q(visitor_phone__in=identifiers.phones)
    )


def chats_export(identifiers: Identifiers) -> dict[str, list[dict[str, Any]]]:
    conversations = _conversations(identifiers)
    return {
        "chats": export_rows(
            conversations,
            [
                "public_id",
                "visitor_name",
                "visitor_phone",
                "visitor_email",
                "origin",
                "service__code",
                "agency__code",
                "status",
                "started_at",
                "closed_at",
                "rating",
            ],
        ),
        "chat_messages": export_rows(
            Message.objects.filter(conversation__in=conversations),
            ["conversation__public_id", "seq", "author", "kind", "body", "created_at"],
        ),
        "chat_files": export_rows(
            ChatFile.objects.filter(conversation__in=conversations),
            ["conversation__public_id", "original_name", "content_type", "size", "sha256"],
        ),
    }


def chats_erase(identifiers: Identifiers) -> int:
    """Who the visitor was and what was written go (files too); topic, agency, times, status
    and the rating stay, so the chat figures do not change."""
    ids = list(_conversations(identifiers).values_list("pk", flat=True))
    for stored in ChatFile.objects.filter(conversation_id__in=ids):
        stored.file.delete(save=False)
        stored.delete()
    Message.objects.filter(conversation_id__in=ids).exclude(body="").update(body=ERASED_TEXT)
    return Conversation.objects.filter(pk__in=ids).update(
        visitor_name="", visitor_phone="", visitor_email="", origin=""
    )
