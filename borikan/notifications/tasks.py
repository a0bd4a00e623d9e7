"""Background delivery (django-tasks): one task per attempt of one message."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone
from django_tasks import task

from borikan.notifications.delivery import message_attempt
from borikan.notifications.models import Message


@task()
def message_deliver(message_id: int) -> str:
    """Tries to send one message; after a failure, queues the retry if the queue can defer."""
    outcome = message_attempt(message_id=message_id)
    if outcome.retry_at is not None:
        delivery_enqueue(message_id=message_id, at=outcome.retry_at)
    return outcome.status


def delivery_enqueue(*, message_id: int, at: dt.datetime | None = None) -> bool:
    """Queues a delivery task now, or for `at` if the task backend can defer (the database
    queue can). Without that, nothing is queued and the retry sweep picks the message up."""
    deferred = at is not None and at > timezone.now()
    if deferred and not message_deliver.get_backend().supports_defer:
        return False
    Message.objects.filter(pk=message_id).update(queued_for=at if deferred else timezone.now())
    if deferred:
        message_deliver.using(run_after=at).enqueue(message_id=message_id)
    else:
        message_deliver.enqueue(message_id=message_id)
    return True
