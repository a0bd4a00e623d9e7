"""Reads of the outbox."""

from __future__ import annotations

from django.db.models import QuerySet

from borikan.notifications.models import Message


def message_list_for(*, ref_kind: str, ref_id: str) -> QuerySet[Message]:
    """The messages about one record (e.g. a case), oldest first. The caller has already
    checked that the user may see that record."""
    return Message.objects.filter(ref_kind=ref_kind, ref_id=str(ref_id)).order_by(
        "created_at", "id"
    )
