"""The cases' periodic work, run by `borikan worker` (see core/periodic.py)."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from borikan.cases import notify
from borikan.cases.models import OPEN_STATUSES, Case, CaseEvent, Status
from borikan.cases.services import record_event

A = CaseEvent.Action


def cases_escalate_overdue() -> int:
    """Marks open, unpaused cases past their due date as escalated and tells the director and
    the agency (each case once until it is dispatched again). Returns how many."""
    today = timezone.localdate()
    count = 0
    overdue = Case.objects.filter(
        status__in=[s for s in OPEN_STATUSES if s != Status.WAITING],
        due_date__lt=today,
        escalated_at__isnull=True,
    ).values_list("pk", flat=True)
    for pk in list(overdue[:500]):
        with transaction.atomic():
            case = Case.objects.select_for_update().get(pk=pk)
            if case.escalated_at is not None:
                continue
            case.escalated_at = timezone.now()
            case.save(update_fields=["escalated_at", "updated_at"])
            record_event(case, A.ESCALATE, by=None, actor_repr="system", from_status=case.status)
            notify.case_overdue(case)
            count += 1
    return count
