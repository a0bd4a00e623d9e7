"""What the outboxes share (e-mail and SMS messages, webhook deliveries): rows that wait for a
worker, each with a delivery task queued for it, and a periodic sweep that queues again the
ones whose task is missing or lost."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from django.db.models import Q, QuerySet
from django.utils import timezone

# A queued task not run after this long is taken as lost (worker restarted, queue emptied).
TASK_LOST_AFTER = dt.timedelta(minutes=5)
SWEEP_BATCH = 500


def outbox_queue_due(
    *, pending: QuerySet[Any], enqueue: Callable[[int], object], limit: int = SWEEP_BATCH
) -> int:
    """Queues a delivery task for each pending row that is due (`next_attempt_at`) and has no
    live task (`queued_for`), oldest first; returns how many. Row by row and conditional, so
    two sweeps at once queue each row once."""
    now = timezone.now()
    no_live_task = Q(queued_for__isnull=True) | Q(queued_for__lt=now - TASK_LOST_AFTER)
    due = pending.filter(no_live_task, next_attempt_at__lte=now)
    queued = 0
    for pk in list(due.order_by("next_attempt_at").values_list("pk", flat=True)[:limit]):
        if due.filter(pk=pk).update(queued_for=now):
            enqueue(pk)
            queued += 1
    return queued
