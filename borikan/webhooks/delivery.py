"""One attempt of one webhook delivery: claim it, POST it signed, record the answer.

As in the outbox (notifications.delivery), the claim is a conditional UPDATE, so one worker
sends an attempt however many hold a task for it."""

from __future__ import annotations

import datetime as dt
import json
import logging
import time
import urllib.error
import urllib.request
from dataclasses import dataclass

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from borikan import __version__
from borikan.webhooks.models import Delivery
from borikan.webhooks.signing import SIGNATURE_HEADER, TIMESTAMP_HEADER, signature

logger = logging.getLogger(__name__)

MAX_ATTEMPTS = 8
TIMEOUT_SECONDS = 10
BACKOFF_CAP = dt.timedelta(minutes=60)


@dataclass(frozen=True)
class Outcome:
    status: str  # "delivered", "retry", "failed" or "skipped"
    retry_at: dt.datetime | None = None


def backoff(attempts: int) -> dt.timedelta:
    """1, 2, 4, 8 … minutes after the `attempts`-th failure, at most an hour."""
    return min(dt.timedelta(minutes=2 ** max(attempts - 1, 0)), BACKOFF_CAP)


def body_of(delivery: Delivery) -> bytes:
    return json.dumps(delivery.payload, ensure_ascii=False, separators=(",", ":")).encode()


def delivery_attempt(*, delivery_id: int) -> Outcome:
    """POSTs the delivery if it is pending and due and this call wins the claim."""
    with transaction.atomic():
        claimed = Delivery.objects.filter(
            pk=delivery_id, status=Delivery.Status.PENDING, next_attempt_at__lte=timezone.now()
        ).update(status=Delivery.Status.SENDING, attempts=F("attempts") + 1, queued_for=None)
        if claimed != 1:
            return Outcome("skipped")
        delivery = Delivery.objects.select_related("webhook").get(pk=delivery_id)
    webhook = delivery.webhook
    if not webhook.is_active:
        _finish(delivery, status=Delivery.Status.FAILED, last_error="webhook disabled")
        return Outcome("failed")
    body = body_of(delivery)
    timestamp = int(time.time())
    request = urllib.request.Request(
        webhook.url,
        data=body,
        method="POST",
        headers={
            "Content-Type": "application/json; charset=utf-8",
            "User-Agent": f"Borikan-Webhooks/{__version__}",
            "X-Borikan-Event": delivery.event,
            "X-Borikan-Delivery": str(delivery.pk),
            TIMESTAMP_HEADER: str(timestamp),
            SIGNATURE_HEADER: signature(secret=webhook.secret, timestamp=timestamp, body=body),
        },
    )
    status: int | None = None
    try:
        with urllib.request.urlopen(request, timeout=TIMEOUT_SECONDS) as response:
            status = response.status
    except urllib.error.HTTPError as exc:
        return _record_failure(delivery, f"HTTP {exc.code}", exc.code)
    except (OSError, ValueError) as exc:  # refused, timed out, unreachable, bad URL
        return _record_failure(delivery, f"{type(exc).__name__}: {exc}", None)
    _finish(
        delivery,
        status=Delivery.Status.DELIVERED,
        response_status=status,
        delivered_at=timezone.now(),
        last_error="",
    )
    return Outcome("delivered")


def _record_failure(delivery: Delivery, error: str, status: int | None) -> Outcome:
    error = error[:2000]
    if delivery.attempts >= MAX_ATTEMPTS:
        logger.warning("Webhook delivery %s failed after %s attempts", delivery.pk, error)
        _finish(delivery, status=Delivery.Status.FAILED, response_status=status, last_error=error)
        return Outcome("failed")
    retry_at = timezone.now() + backoff(delivery.attempts)
    _finish(
        delivery,
        status=Delivery.Status.PENDING,
        response_status=status,
        next_attempt_at=retry_at,
        last_error=error,
    )
    return Outcome("retry", retry_at=retry_at)


def _finish(delivery: Delivery, **fields: object) -> None:
    with transaction.atomic():
        Delivery.objects.filter(pk=delivery.pk, status=Delivery.Status.SENDING).update(**fields)
