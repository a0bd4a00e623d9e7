from __future__ import annotations

import datetime as dt
import importlib

import pytest
from django.apps import apps as global_apps
from django.utils import timezone

from borikan.appointments.availability import local
from borikan.appointments.models import Topic
from borikan.appointments.services import window_add
from borikan.core.calendar import working_days_add
from borikan.core.models import Agency
from tests.factories import UserFactory


def load_topics_and_rooms() -> None:
    """The data migration's topics and rooms (transactional tests flush them)."""
    importlib.import_module("borikan.appointments.migrations.0002_topics_and_rooms").load(
        global_apps, None
    )


@pytest.fixture
def s3(db):
    """The S3 cast: a DIP officer with weekday hours 09:00–12:00, provincial staff in Chiang Mai."""
    if not Topic.objects.exists():
        load_topics_and_rooms()
    return make_cast()


def make_cast() -> dict:
    dip = Agency.objects.get(code="DIP")
    officer = UserFactory(
        username="officer-dip",
        role="officer",
        office=None,
        agency=dip,
        first_name="กมล",
        last_name="ทรัพย์สิน",
        email="kamol@dip.example",
    )
    for weekday in range(5):
        window_add(
            by=officer,
            officer=officer,
            weekday=weekday,
            start=dt.time(9, 0),
            end=dt.time(12, 0),
            slot_minutes=30,
        )
    staff = UserFactory(
        username="pco-cmi", provincial=True, first_name="ปรีชา", email="pco@cmi.example"
    )
    return {
        "officer": officer,
        "staff": staff,
        "topic": Topic.objects.get(code="trademark"),
        "day": working_days_add(start=timezone.localdate(), days=3).end,
    }


def at(day: dt.date, hour: int, minute: int = 0) -> dt.datetime:
    return local(day, dt.time(hour, minute))


@pytest.fixture
def book(s3):
    from borikan.appointments.services import appointment_book

    def make(**kwargs):
        fields = {
            "by": s3["staff"],
            "first_name": "สมศรี",
            "last_name": "ใจดี",
            "phone": "081-234-5678",
            "email": "somsri@example.com",
            "topic": s3["topic"],
            "topic_detail": "อยากจดเครื่องหมายการค้าสำหรับผ้าไหม",
            "starts_at": at(s3["day"], 10),
        }
        fields.update(kwargs)
        return appointment_book(**fields)

    return make
