"""The appointments' periodic work, run by `borikan worker` (see core/periodic.py)."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from borikan.appointments.models import Appointment, Status
from borikan.appointments.services import appointment_remind

REMINDERS = (
    ("24h", dt.timedelta(hours=24), "reminded_24h_at"),
    ("1h", dt.timedelta(hours=1), "reminded_1h_at"),
)


def appointments_remind(*, now: dt.datetime | None = None) -> int:
    """Sends the reminders now due (24 h and 1 h before each confirmed consultation), each
    once. Returns how many were sent."""
    now = now or timezone.now()
    sent = 0
    for kind, before, field in REMINDERS:
        due = Appointment.objects.filter(
            status=Status.CONFIRMED,
            starts_at__gt=now,
            starts_at__lte=now + before,
            **{f"{field}__isnull": True},
        ).values_list("pk", flat=True)
        for pk in list(due[:500]):
            if (
                kind == "24h"
                and Appointment.objects.filter(
                    pk=pk, starts_at__lte=now + dt.timedelta(hours=1)
                ).exists()
            ):
                continue  # the 1 h reminder is about to go; one is enough
            sent += appointment_remind(appointment_id=pk, kind=kind, now=now)
    return sent
