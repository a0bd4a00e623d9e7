"""One delivery attempt of one message: claim it, send it, record what happened.

The claim is a conditional UPDATE (pending and due → sending), so however many workers hold a
task for the same message, one sends it. A worker that dies while sending (killed, machine
lost) leaves the message claimed; the retry sweep takes it back once the claim is older than
any send can take (`SENDING_LOST_AFTER`), so it is not lost. An SMTP server keeps a message
only once the whole of it has been accepted, so a send cut off before that left nothing, and
the second try is the only copy; only a death in the instant between the server's "accepted"
and our record of it sends twice, with the same Message-ID, which mail clients fold together.
"""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass
from email.mime.text import MIMEText

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from borikan.notifications.models import Message
from borikan.notifications.sms import SmsError, sms_backend

logger = logging.getLogger(__name__)

MAX_ATTEMPTS = 8
BACKOFF_CAP = dt.timedelta(minutes=60)
# SMTP errors (smtplib.SMTPException), refused connections and timeouts are all OSError.
TRANSIENT_ERRORS = (OSError, SmsError)


@dataclass(frozen=True)
class Outcome:
    status: str  # "sent", "retry", "failed" or "skipped" (not pending, not due, or claimed)
    retry_at: dt.datetime | None = None


def backoff(attempts: int) -> dt.timedelta:
    """The wait after the `attempts`-th failed try: 1, 2, 4, 8 … minutes, at most 60."""
    return min(dt.timedelta(minutes=2 ** max(attempts - 1, 0)), BACKOFF_CAP)


def message_attempt(*, message_id: int) -> Outcome:
    """Sends the message if it is pending and due and this call wins the claim."""
    # In a transaction, so that on SQLite it queues behind the process's other writers (a lone
    # UPDATE only polls SQLite's lock, and threads sharing a cache are refused at once).
    with transaction.atomic():
        claimed = Message.objects.filter(
            pk=message_id, status=Message.Status.PENDING, next_attempt_at__lte=timezone.now()
        ).update(
            status=Message.Status.SENDING,
            attempts=F("attempts") + 1,
            queued_for=None,
            sending_since=timezone.now(),
        )
        if claimed != 1:
            return Outcome("skipped")
        message = Message.objects.get(pk=message_id)
    try:
        _send(message)
    except TRANSIENT_ERRORS as exc:
        return _record_failure(message, exc)
    except Exception as exc:  # a malformed message or a bug: trying again cannot help
        logger.exception("Message %s cannot be sent", message.pk)
        _finish(message, status=Message.Status.FAILED, last_error=_describe(exc))
        return Outcome("failed")
    _finish(message, status=Message.Status.SENT, sent_at=timezone.now(), last_error="")
    return Outcome("sent")


def _send(message: Message) -> None:
    if message.channel == Message.Channel.EMAIL:
        email = EmailMultiAlternatives(
            subject=message.subject,
            body=message.body,
            from_email=settings.DEFAULT_FROM_EMAIL,
            to=[message.recipient],
        )
        if message.html:
            email.attach_alternative(message.html, "text/html")
        if message.calendar:
            email.attach(_calendar_part(message.calendar))
        if message.attachment_name and message.attachment is not None:
            email.attach(
                message.attachment_name, bytes(message.attachment), message.attachment_type
            )
        email.send(fail_silently=False)
    elif message.channel == Message.Channel.SMS:
        sms_backend().send(to=message.recipient, body=message.body)
    else:
        raise ValueError(f"unknown channel {message.channel!r}")


def _calendar_part(text: str) -> MIMEText:
    """An iCalendar invitation as calendar programs expect it: text/calendar with the iTIP
    method as a parameter, also offered as the file invite.ics."""
    method = next(
        (line.split(":", 1)[1].strip() for line in text.splitlines() if line.startswith("METHOD:")),
        "PUBLISH",
    )
    part = MIMEText(text, "calendar", "utf-8")
    part.set_param("method", method)
    part.add_header("Content-Disposition", "attachment", filename="invite.ics")
    return part


def _record_failure(message: Message, exc: Exception) -> Outcome:
    error = _describe(exc)
    if message.attempts >= MAX_ATTEMPTS:
        logger.warning(
            "Message %s failed after %s attempts: %s", message.pk, message.attempts, error
        )
        _finish(message, status=Message.Status.FAILED, last_error=error)
        return Outcome("failed")
    retry_at = timezone.now() + backoff(message.attempts)
    logger.info("Message %s not sent (%s); next try at %s", message.pk, error, retry_at)
    _finish(message, status=Message.Status.PENDING, next_attempt_at=retry_at, last_error=error)
    return Outcome("retry", retry_at=retry_at)


def _finish(message: Message, **fields: object) -> None:
    with transaction.atomic():  # queued behind other writers, as the claim
        Message.objects.filter(pk=message.pk, status=Message.Status.SENDING).update(**fields)


def _describe(exc: Exception) -> str:
    return f"{type(exc).__name__}: {exc}"[:2000]
