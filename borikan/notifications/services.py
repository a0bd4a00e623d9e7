"""Writes of the outbox: queue a message, sweep due retries, retry a failed message."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_tasks_db.backend import DatabaseBackend

from borikan.core.errors import DomainError
from borikan.core.models import AuditEntry, User
from borikan.core.outbox import SWEEP_BATCH, outbox_queue_due
from borikan.core.services import audit_record
from borikan.notifications.models import Message
from borikan.notifications.tasks import delivery_enqueue, message_deliver

# A Thai number in E.164: +66 and 8 (landline) or 9 (mobile) digits.
E164_TH = re.compile(r"\+66[1-9]\d{7,8}")
# A send claimed this long ago belongs to a worker that died: far beyond the SMTP timeout
# (EMAIL_TIMEOUT, 20 s) and the SMS gateway's.
SENDING_LOST_AFTER = dt.timedelta(minutes=10)


ATTACHMENT_MAX_BYTES = 5 * 1024 * 1024


@dataclass(frozen=True)
class Attachment:
    name: str
    data: bytes
    content_type: str


class NotificationError(DomainError):
    code = "notification_invalid"


def _clean_recipient(channel: str, recipient: str) -> str:
    recipient = (recipient or "").strip()
    if channel == Message.Channel.EMAIL:
        try:
            validate_email(recipient)
        except ValidationError as exc:
            raise NotificationError(
                _("This e-mail address is not valid."), code="bad_recipient"
            ) from exc
        return recipient
    if channel == Message.Channel.SMS:
        number = re.sub(r"[\s\-]", "", recipient)
        if not E164_TH.fullmatch(number):
            raise NotificationError(
                _("An SMS needs a Thai phone number in international form, e.g. +66812345678."),
                code="bad_recipient",
            )
        return number
    raise NotificationError(_("Unknown channel: use e-mail or SMS."), code="bad_channel")


def _find(dedupe_key: str) -> Message | None:
    return Message.objects.filter(dedupe_key=dedupe_key).first()


def message_queue(
    *,
    channel: str,
    recipient: str,
    subject: str,
    body: str,
    dedupe_key: str | None = None,
    ref_kind: str = "",
    ref_id: str = "",
    html: str = "",
    calendar: str = "",
    attachment: Attachment | None = None,
) -> Message | None:
    """Puts an e-mail or SMS in the outbox; the worker sends it once the caller's transaction
    commits. `calendar` is an iCalendar text sent along as an invitation, `attachment` one file
    (e-mail only, at most 5 MB). A
    `dedupe_key` already queued returns that message instead of a new one (None only
    if a concurrent transaction holds the key and its row is not visible to this one)."""
    recipient = _clean_recipient(channel, recipient)
    if attachment is not None and (
        channel != Message.Channel.EMAIL or len(attachment.data) > ATTACHMENT_MAX_BYTES
    ):
        raise NotificationError(
            _("Only an e-mail carries a file, of at most 5 MB."), code="attachment_invalid"
        )
    # Header injection and folded subjects: a subject is one line.
    subject = " ".join((subject or "").split())[:255]
    dedupe_key = dedupe_key or None
    try:
        # Inserted straight away: a key already queued (a retried task) fails on the unique
        # index, in a savepoint so the caller's transaction stays usable, and the message
        # already queued is returned. Most keys are new, so no query looks first.
        with transaction.atomic():
            message = Message.objects.create(
                channel=channel,
                recipient=recipient,
                subject=subject,
                body=body,
                html=html or "",
                calendar=calendar or "",
                attachment_name=attachment.name[:200] if attachment else "",
                attachment_type=attachment.content_type[:100] if attachment else "",
                attachment=attachment.data if attachment else None,
                dedupe_key=dedupe_key,
                ref_kind=ref_kind[:32],
                ref_id=str(ref_id)[:64],
                queued_for=timezone.now(),
            )
    except IntegrityError:
        if dedupe_key is None:
            raise
        return _find(dedupe_key)
    message_id = message.pk
    if _queue_in_database():
        # The task is a row of this database: written in the caller's transaction, the worker
        # sees it together with the message, or neither if the caller's work is rolled back
        # (no transaction of its own after the commit, no queue lost between the two).
        message_deliver.enqueue(message_id=message_id)
    else:
        # Another queue: after commit, so the worker sees the row; robust, so a queue hiccup
        # cannot fail the caller's request after its data is saved (the retry sweep queues
        # the message later).
        transaction.on_commit(lambda: _delivery_queue(message_id), robust=True)
    return message


def _queue_in_database() -> bool:
    """Whether the delivery tasks are rows of this database (django-tasks-db)."""
    return isinstance(message_deliver.get_backend(), DatabaseBackend)


def _delivery_queue(message_id: int) -> None:
    """Queues the delivery of a message just saved with `queued_for` set (no update needed)."""
    # In a transaction of its own: on SQLite a lone write refused while another request writes
    # sleeps and polls, where a transaction waits its turn (see borikan.core.sqlite3).
    with transaction.atomic():
        message_deliver.enqueue(message_id=message_id)


def messages_retry_due(*, limit: int = SWEEP_BATCH) -> int:
    """Queues delivery of pending messages that are due and have no live task; returns how
    many. Run periodically (`borikan notifications-retry`), so retries survive restarts. Takes
    back first the messages of workers that died while sending them."""
    now = timezone.now()
    with transaction.atomic():
        Message.objects.filter(
            status=Message.Status.SENDING, sending_since__lt=now - SENDING_LOST_AFTER
        ).update(
            status=Message.Status.PENDING,
            next_attempt_at=now,
            queued_for=None,
            sending_since=None,
            last_error="The worker stopped while sending; sent again.",
        )
    return outbox_queue_due(
        pending=Message.objects.filter(status=Message.Status.PENDING),
        enqueue=lambda pk: message_deliver.enqueue(message_id=pk),
        limit=limit,
    )


@transaction.atomic
def message_retry(*, message: Message, by: User | None) -> bool:
    """Gives a failed message a new round of attempts, starting now; False if not failed."""
    retried = Message.objects.filter(pk=message.pk, status=Message.Status.FAILED).update(
        status=Message.Status.PENDING, attempts=0, next_attempt_at=timezone.now()
    )
    if not retried:
        return False
    audit_record(
        actor=by, action=AuditEntry.Action.UPDATE, obj=message, changes={"status": "retry"}
    )
    message_id = message.pk
    transaction.on_commit(lambda: delivery_enqueue(message_id=message_id), robust=True)
    return True
