"""The case's due date: the catalogue's working days from receipt, plus the days it waited for
the citizen, by the working calendar (holidays, government days off, special days off)."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from borikan.catalog.selectors import service_sla_working_days
from borikan.core.calendar import WorkingDaysResult, working_days_add, working_days_between

# A case's service without a working-day standard still gets the complaint standard (S2).
DEFAULT_SERVICE = "S2"


def local_date(moment: dt.datetime) -> dt.date:
    return timezone.localtime(moment).date()


def sla_working_days(*, service_code: str) -> int:
    days = service_sla_working_days(code=service_code)
    if days is None:
        days = service_sla_working_days(code=DEFAULT_SERVICE)
    return days or 15


def due_result(
    *, received_at: dt.datetime, service_code: str, paused_days: int
) -> WorkingDaysResult:
    """The due date with its explanation: `sla + paused_days` working days after receipt."""
    days = sla_working_days(service_code=service_code) + paused_days
    return working_days_add(start=local_date(received_at), days=days)


def paused_working_days(*, paused_at: dt.datetime, resumed_at: dt.datetime) -> int:
    """Working days the case waited: after the day it paused, up to the day it resumed."""
    days = working_days_between(start=local_date(paused_at), end=local_date(resumed_at)).days
    return max(days, 0)


def working_days_left(*, due: dt.date, today: dt.date | None = None) -> int:
    """Working days from today to the due date (negative when overdue)."""
    today = today or timezone.localdate()
    return working_days_between(start=today, end=due).days
