import datetime as dt

import pytest
from django.utils import timezone

from borikan.core import periodic
from borikan.core.periodic import periodic_run_due, register_periodic


@pytest.fixture
def jobs(monkeypatch):
    monkeypatch.setattr(periodic, "_jobs", {})
    calls: list[str] = []

    def broken():
        calls.append("broken")
        raise RuntimeError("boom")

    register_periodic(name="test.tick", every_seconds=60, run=lambda: calls.append("tick"))
    register_periodic(name="test.broken", every_seconds=60, run=broken)
    return calls


@pytest.mark.django_db
def test_each_job_runs_once_per_interval_and_a_failure_stops_no_other(jobs):
    start = timezone.now()
    assert periodic_run_due(now=start) == ["test.tick"]  # the broken one ran, failed, is logged
    assert periodic_run_due(now=start + dt.timedelta(seconds=30)) == []  # a second worker
    assert periodic_run_due(now=start + dt.timedelta(seconds=61)) == ["test.tick"]
    assert jobs == ["tick", "broken", "tick", "broken"]


@pytest.mark.django_db
def test_the_apps_register_their_jobs():
    names = {job.name for job in periodic.periodic_jobs()}
    assert {"cases.escalate_overdue", "notifications.retry_due"} <= names
