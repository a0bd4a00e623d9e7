"""E-mails and SMS sent to a contact's addresses, for the data subject's rights (PDPA)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import QuerySet

from borikan.contacts.registry import Identifiers
from borikan.core.export import ERASED_TEXT, export_rows
from borikan.notifications.models import Message


def _messages(identifiers: Identifiers) -> QuerySet[Message]:
    return Message.objects.filter(recipient__in=[*identifiers.emails, *identifiers.phones])


def messages_export(identifiers: Identifiers) -> dict[str, list[dict[str, Any]]]:
    return {
        "messages": export_rows(
            _messages(identifiers),
            [
                "channel",
                "recipient",
                "subject",
                "body",
                "status",
                "created_at",
                "sent_at",
                "ref_kind",
                "ref_id",
            ],
        ),
    }


def messages_erase(identifiers: Identifiers) -> int:
    """Address and content go; that a message went out, when and about what record, stays.
    A message still waiting is not sent any more."""
    messages = _messages(identifiers)
    messages.filter(status__in=[Message.Status.PENDING, Message.Status.SENDING]).update(
        status=Message.Status.FAILED
    )
    return messages.update(recipient="", subject="", body=ERASED_TEXT, html="", calendar="")


def messages_forget(*, before: dt.datetime) -> int:
    """Retention: messages sent or given up before `before` lose address and content."""
    return (
        Message.objects.filter(
            created_at__lt=before, status__in=[Message.Status.SENT, Message.Status.FAILED]
        )
        .exclude(recipient="")
        .update(recipient="", subject="", body=ERASED_TEXT, html="", calendar="")
    )
