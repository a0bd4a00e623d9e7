"""Background delivery of webhooks (django-tasks): one task per attempt."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone
from django_tasks import task

from borikan.webhooks.delivery import delivery_attempt
from borikan.webhooks.models import Delivery


@task()
def webhook_deliver(delivery_id: int) -> str:
    """Tries one delivery; after a failure, queues the retry when the queue can defer."""
    outcome = delivery_attempt(delivery_id=delivery_id)
    if outcome.retry_at is not None:
        delivery_enqueue(delivery_id=delivery_id, at=outcome.retry_at)
    return outcome.status


def delivery_enqueue(*, delivery_id: int, at: dt.datetime | None = None) -> bool:
    """Queues an attempt now, or at `at` when the backend can defer; otherwise the retry
    sweep (every minute) picks the delivery up when it is due."""
    deferred = at is not None and at > timezone.now()
    if deferred and not webhook_deliver.get_backend().supports_defer:
        return False
    Delivery.objects.filter(pk=delivery_id).update(queued_for=at if deferred else timezone.now())
    if deferred:
        webhook_deliver.using(run_after=at).enqueue(delivery_id=delivery_id)
    else:
        webhook_deliver.enqueue(delivery_id=delivery_id)
    return True
