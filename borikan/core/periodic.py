"""Periodic jobs run by `borikan worker` (escalations, retry sweeps): apps register them in
their AppConfig.ready(); each run is claimed in the database, so with several workers a job
still runs once per interval."""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable
from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.utils import timezone

from borikan.core.models import PeriodicRun

log = logging.getLogger("borikan.periodic")


@dataclass(frozen=True)
class PeriodicJob:
    name: str
    every: dt.timedelta
    run: Callable[[], object]


_jobs: dict[str, PeriodicJob] = {}


def register_periodic(*, name: str, every_seconds: int, run: Callable[[], object]) -> None:
    _jobs[name] = PeriodicJob(name=name, every=dt.timedelta(seconds=every_seconds), run=run)


def periodic_jobs() -> list[PeriodicJob]:
    return list(_jobs.values())


def _claim(job: PeriodicJob, now: dt.datetime) -> bool:
    updated = PeriodicRun.objects.filter(name=job.name, last_run_at__lte=now - job.every).update(
        last_run_at=now
    )
    if updated:
        return True
    if PeriodicRun.objects.filter(name=job.name).exists():
        return False
    try:
        with transaction.atomic():
            PeriodicRun.objects.create(name=job.name, last_run_at=now)
    except IntegrityError:  # another worker claimed the first run
        return False
    return True


def periodic_run_due(*, now: dt.datetime | None = None) -> list[str]:
    """Runs every job whose interval has passed; returns the names of those run. A failing job
    is logged and tried again at its next interval; it never stops the others."""
    now = now or timezone.now()
    ran = []
    for job in periodic_jobs():
        if not _claim(job, now):
            continue
        try:
            result = job.run()
        except Exception:
            log.exception("periodic job %s failed", job.name)
            continue
        log.info("periodic job %s: %s", job.name, result)
        ran.append(job.name)
    return ran
