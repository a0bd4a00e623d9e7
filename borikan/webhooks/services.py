"""Writes of webhooks: create one, publish an event to the subscribed ones, sweep and retry."""

from __future__ import annotations

import secrets
from typing import Any

from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from borikan.core.errors import DomainError, interpolate
from borikan.core.models import AuditEntry, User
from borikan.core.outbox import SWEEP_BATCH, outbox_queue_due
from borikan.core.services import audit_record
from borikan.webhooks.models import EVENTS, Delivery, Webhook
from borikan.webhooks.tasks import delivery_enqueue, webhook_deliver


class WebhookError(DomainError):
    code = "webhook_invalid"


def secret_generate() -> str:
    return "whsec_" + secrets.token_urlsafe(32)


@transaction.atomic
def webhook_create(
    *, name: str, url: str, events: list[str] | None = None, by: User | None = None
) -> Webhook:
    """A new active webhook with a fresh signing secret."""
    name = (name or "").strip()
    if not name:
        raise WebhookError(_("Give the webhook a name."), details={"field": "name"})
    try:
        URLValidator(schemes=["http", "https"])(url)
    except ValidationError as exc:
        raise WebhookError(
            _("The URL must be an http or https address."), details={"field": "url"}
        ) from exc
    events = sorted(set(events or []))
    unknown = [e for e in events if e not in EVENTS]
    if unknown:
        raise WebhookError(
            interpolate(_("Unknown event: %(events)s."), events=", ".join(unknown)),
            details={"field": "events", "known": list(EVENTS)},
        )
    if Webhook.objects.filter(name=name).exists():
        raise WebhookError(_("A webhook with this name exists."), details={"field": "name"})
    webhook = Webhook.objects.create(name=name, url=url, events=events, secret=secret_generate())
    audit_record(actor=by, action=AuditEntry.Action.CREATE, obj=webhook)
    return webhook


# Every case opened or changed asks which webhooks want it; they change a few times a year.
_ACTIVE_KEY = "borikan:webhooks:active"
_ACTIVE_TIMEOUT = 60


def _active_webhooks() -> list[tuple[int, list[str]]]:
    active: list[tuple[int, list[str]]] | None = cache.get(_ACTIVE_KEY)
    if active is None:
        active = [
            (pk, list(events or []))
            for pk, events in Webhook.objects.filter(is_active=True).values_list("pk", "events")
        ]
        cache.set(_ACTIVE_KEY, active, _ACTIVE_TIMEOUT)
    return active


def webhooks_changed() -> None:
    """Forgets the cached list of active webhooks (a webhook was saved or deleted)."""
    cache.delete(_ACTIVE_KEY)
    transaction.on_commit(lambda: cache.delete(_ACTIVE_KEY))


def webhooks_want(event: str) -> bool:
    """Whether any active webhook wants `event` (cached): callers skip building the payload."""
    return any(not events or event in events for _pk, events in _active_webhooks())


def event_publish(*, event: str, event_id: str, payload: dict[str, Any]) -> int:
    """Queues `payload` for every active webhook that wants `event`, delivered after the
    caller's transaction commits; an `event_id` already queued for a webhook is not queued
    again. Returns how many deliveries were queued."""
    if event not in EVENTS:
        raise ValueError(f"unknown webhook event {event!r}")
    wanting = [pk for pk, events in _active_webhooks() if not events or event in events]
    if not wanting:
        return 0
    body = {"event": event, "id": event_id, **payload}
    queued: list[int] = []
    for webhook_id in wanting:
        try:
            with transaction.atomic():
                delivery = Delivery.objects.create(
                    webhook_id=webhook_id,
                    event=event,
                    event_id=event_id[:100],
                    payload=body,
                    queued_for=timezone.now(),
                )
        except IntegrityError:  # this event was queued for this webhook already
            continue
        queued.append(delivery.pk)
    if queued:
        transaction.on_commit(lambda: _queue(queued), robust=True)
    return len(queued)


def _queue(delivery_ids: list[int]) -> None:
    with transaction.atomic():
        for delivery_id in delivery_ids:
            webhook_deliver.enqueue(delivery_id=delivery_id)


def deliveries_retry_due(*, limit: int = SWEEP_BATCH) -> int:
    """Queues pending deliveries that are due and have no live task (periodic, every minute)."""
    return outbox_queue_due(
        pending=Delivery.objects.filter(status=Delivery.Status.PENDING),
        enqueue=lambda pk: webhook_deliver.enqueue(delivery_id=pk),
        limit=limit,
    )


@transaction.atomic
def delivery_retry(*, delivery: Delivery, by: User | None) -> bool:
    """A failed delivery gets a new round of attempts, starting now; False if not failed."""
    retried = Delivery.objects.filter(pk=delivery.pk, status=Delivery.Status.FAILED).update(
        status=Delivery.Status.PENDING, attempts=0, next_attempt_at=timezone.now()
    )
    if not retried:
        return False
    audit_record(
        actor=by, action=AuditEntry.Action.UPDATE, obj=delivery, changes={"status": "retry"}
    )
    delivery_id = delivery.pk
    transaction.on_commit(lambda: delivery_enqueue(delivery_id=delivery_id), robust=True)
    return True
