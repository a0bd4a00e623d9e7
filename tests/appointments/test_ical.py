"""Invitations parse back with `icalendar` at the right Bangkok times; UID stable, SEQUENCE up,
CANCEL at the end. Meeting links: unguessable rooms, the configured base URL, an optional JWT."""

from __future__ import annotations

import datetime as dt

import jwt
import pytest
from icalendar import Calendar

from borikan.appointments.ical import feed, invitation
from borikan.appointments.meetings import JitsiProvider
from borikan.appointments.notify import meeting_url_for
from borikan.appointments.services import (
    appointment_cancel,
    appointment_confirm,
    appointment_reschedule,
)
from tests.appointments.conftest import at

pytestmark = pytest.mark.django_db
BKK = dt.timezone(dt.timedelta(hours=7))


def _event(text: str):
    cal = Calendar.from_ical(text)
    [event] = cal.walk("VEVENT")
    return cal, event


def test_the_invitation_parses_back_with_bangkok_times(s3, book):
    appointment = appointment_confirm(appointment=book(), by=s3["officer"])
    cal, event = _event(invitation(appointment, for_officer=False))
    assert str(cal["METHOD"]) == "REQUEST"
    start, end = event.decoded("DTSTART"), event.decoded("DTEND")
    assert start.utcoffset() == dt.timedelta(hours=7)
    assert start == at(s3["day"], 10) and start.astimezone(BKK).hour == 10
    assert end - start == dt.timedelta(minutes=30)
    assert str(event["UID"]) == appointment.uid and int(event["SEQUENCE"]) == 0
    assert "somsri@example.com" in str(event["ATTENDEE"][0])
    # At the office the citizen's invitation names the office, without a link.
    assert "เชียงใหม่" in str(event["LOCATION"]) and "URL" not in event
    _cal, officer_event = _event(invitation(appointment, for_officer=True))
    assert str(officer_event["URL"]).startswith("https://meet.jit.si/moc-")


def test_updates_keep_the_uid_with_a_higher_sequence_then_cancel(s3, book):
    appointment = appointment_confirm(appointment=book(), by=s3["officer"])
    appointment = appointment_reschedule(
        appointment=appointment, by=None, starts_at=at(s3["day"], 9)
    )
    cal, event = _event(invitation(appointment, for_officer=False))
    assert (str(cal["METHOD"]), int(event["SEQUENCE"])) == ("REQUEST", 1)
    assert event.decoded("DTSTART") == at(s3["day"], 9)
    appointment = appointment_cancel(appointment=appointment, by=s3["staff"])
    cal, event = _event(invitation(appointment, for_officer=False, method="CANCEL"))
    assert (str(cal["METHOD"]), int(event["SEQUENCE"]), str(event["STATUS"])) == (
        "CANCEL",
        2,
        "CANCELLED",
    )
    assert str(event["UID"]) == appointment.uid


def test_the_officer_feed_lists_the_consultations(s3, book):
    appointment = appointment_confirm(appointment=book(), by=s3["officer"])
    cal = Calendar.from_ical(feed([appointment], name="feed"))
    assert "METHOD" not in cal
    assert [str(e["UID"]) for e in cal.walk("VEVENT")] == [appointment.uid]


def test_jitsi_rooms_are_unguessable_and_the_base_url_configurable(settings):
    provider = JitsiProvider()
    rooms = {provider.room_new() for _ in range(200)}
    assert len(rooms) == 200 and all(len(r) == 24 for r in rooms)
    settings.BORIKAN = {**settings.BORIKAN, "JITSI_URL": "https://vdo.moc.example"}
    now = dt.datetime.now(dt.UTC)
    url = provider.join_url(
        room="moc-abc",
        name="x",
        email="x@example.com",
        moderator=False,
        not_before=now,
        expires=now,
    )
    assert url == "https://vdo.moc.example/moc-abc"


def test_a_jwt_is_signed_locally_when_configured(settings, s3, book):
    settings.BORIKAN = {
        **settings.BORIKAN,
        "JITSI_URL": "https://vdo.moc.example",
        "JITSI_JWT_APP_ID": "borikan",
        "JITSI_JWT_SECRET": "s3cret-for-tests-only-0123456789ab",
    }
    appointment = appointment_confirm(appointment=book(), by=s3["officer"])
    url = meeting_url_for(appointment, officer=True)
    base, token = url.split("?jwt=")
    assert base == f"https://vdo.moc.example/{appointment.meeting_room}"
    claims = jwt.decode(
        token,
        "s3cret-for-tests-only-0123456789ab",
        algorithms=["HS256"],
        audience="jitsi",
        options={"verify_nbf": False},
    )
    assert claims["room"] == appointment.meeting_room and claims["sub"] == "vdo.moc.example"
    assert claims["moderator"] is True
    assert claims["exp"] == int((appointment.ends_at + dt.timedelta(hours=1)).timestamp())
    citizen = jwt.decode(
        meeting_url_for(appointment, officer=False).split("?jwt=")[1],
        "s3cret-for-tests-only-0123456789ab",
        algorithms=["HS256"],
        audience="jitsi",
        options={"verify_nbf": False},
    )
    assert citizen["moderator"] is False
