"""Reminders 24 h and 1 h before a confirmed consultation, each sent once by the worker's job."""

from __future__ import annotations

import datetime as dt

import pytest

from borikan.appointments.models import Appointment
from borikan.appointments.services import appointment_cancel, appointment_confirm
from borikan.appointments.tasks import appointments_remind
from borikan.core.periodic import periodic_jobs
from borikan.notifications.models import Message

pytestmark = pytest.mark.django_db


def _reminders(appointment: Appointment, kind: str) -> list[Message]:
    return list(Message.objects.filter(dedupe_key__contains=f":remind-{kind}:"))


def test_the_job_is_registered_with_the_worker():
    assert "appointments.remind" in {job.name for job in periodic_jobs()}


def test_24h_then_1h_reminders_go_once(s3, book):
    appointment = appointment_confirm(appointment=book(), by=s3["officer"])
    Appointment.objects.filter(pk=appointment.pk).update(
        confirmed_at=appointment.starts_at - dt.timedelta(days=3)
    )
    assert appointments_remind(now=appointment.starts_at - dt.timedelta(hours=30)) == 0
    day_before = appointment.starts_at - dt.timedelta(hours=23, minutes=55)
    assert appointments_remind(now=day_before) == 1
    assert appointments_remind(now=day_before + dt.timedelta(minutes=5)) == 0
    sent = _reminders(appointment, "24h")
    assert {m.channel for m in sent} == {"email", "sms"}
    assert {m.recipient for m in sent} >= {"somsri@example.com", "kamol@dip.example"}
    hour_before = appointment.starts_at - dt.timedelta(minutes=55)
    assert appointments_remind(now=hour_before) == 1
    assert appointments_remind(now=hour_before) == 0
    assert len(_reminders(appointment, "1h")) == 3
    assert appointment.events.filter(action="reminded").count() == 2


def test_no_reminder_for_a_cancelled_consultation(s3, book):
    appointment = appointment_confirm(appointment=book(), by=s3["officer"])
    appointment_cancel(appointment=appointment, by=s3["staff"])
    assert appointments_remind(now=appointment.starts_at - dt.timedelta(minutes=30)) == 0


def test_a_fresh_confirmation_is_its_own_reminder(s3, book):
    appointment = appointment_confirm(appointment=book(), by=s3["officer"])
    Appointment.objects.filter(pk=appointment.pk).update(
        confirmed_at=appointment.starts_at - dt.timedelta(minutes=50)
    )
    assert appointments_remind(now=appointment.starts_at - dt.timedelta(minutes=45)) == 0
    assert not _reminders(appointment, "1h")
