"""SPEC S3 through the services: book, route, confirm, propose, move, cancel, check in, outcome;
every refusal clear and nothing half-booked."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core import mail

from borikan.appointments.availability import AppointmentError, SlotTakenError
from borikan.appointments.models import (
    Appointment,
    AppointmentEvent,
    SlotClaim,
    StepTime,
    VideoRoom,
)
from borikan.appointments.services import (
    appointment_accept,
    appointment_cancel,
    appointment_check_in,
    appointment_complete,
    appointment_confirm,
    appointment_no_show,
    appointment_propose,
    appointment_reschedule,
)
from borikan.contacts.selectors import contact_timeline
from borikan.core.errors import PermissionDeniedError
from borikan.notifications.models import Message
from tests.appointments.conftest import at
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_staff_booking_routes_the_topic_and_reserves_the_office_room(s3, book):
    appointment = book(asked_at=at(s3["day"], 10) - dt.timedelta(days=5))
    assert appointment.status == "requested"
    assert appointment.officer == s3["officer"]
    assert appointment.agency.code == "DIP"
    assert appointment.office == s3["staff"].office
    assert appointment.room == VideoRoom.objects.get(office=s3["staff"].office)
    assert appointment.phone == "+66812345678"
    assert appointment.contact is not None and appointment.contact.email == "somsri@example.com"
    assert appointment.ends_at - appointment.starts_at == dt.timedelta(minutes=30)
    # Two grains of 15 minutes, for the officer and for the room.
    assert SlotClaim.objects.filter(appointment=appointment).count() == 4
    # The officer is asked to confirm; the citizen hears nothing until then.
    [request] = Message.objects.filter(ref_id=appointment.reference)
    assert request.recipient == "kamol@dip.example"
    assert (
        StepTime.objects.filter(appointment=appointment, step_key="ask_details").exists() is False
    )


def test_the_s3_step_times_are_recorded(s3, book):
    appointment = book(asked_at=dt.datetime.now(dt.UTC) - dt.timedelta(minutes=4))
    appointment_confirm(appointment=appointment, by=s3["officer"])
    steps = {s.step_key: s for s in StepTime.objects.filter(appointment=appointment)}
    assert set(steps) == {"ask_details", "record_and_book", "confirm_appointment"}
    ask = steps["ask_details"]
    assert 230 < ask.seconds < 300 and ask.standard_seconds == 300 and ask.within_standard


def test_the_same_officer_time_cannot_be_booked_twice(s3, book):
    first = book()
    with pytest.raises(SlotTakenError) as caught:
        book(phone="0899999999", email="other@example.com", office=None)
    assert caught.value.status == 409
    assert caught.value.message_in("en").startswith("The officer has just been booked")
    assert "เจ้าหน้าที่" in caught.value.message_in("th")
    # Nothing half-booked: one appointment, its claims only, no second contact.
    assert list(Appointment.objects.all()) == [first]
    assert SlotClaim.objects.exclude(appointment=first).count() == 0


def test_the_room_is_not_double_booked_with_another_officer(s3, book):
    from borikan.appointments.services import window_add
    from borikan.core.models import Agency

    other = UserFactory(username="officer-dbd", officer=True, agency=Agency.objects.get(code="DBD"))
    window_add(
        by=other, officer=other, weekday=s3["day"].weekday(), start=dt.time(9), end=dt.time(12)
    )
    from borikan.appointments.models import Topic

    book()
    with pytest.raises(SlotTakenError) as caught:
        book(topic=Topic.objects.get(code="company"), phone="0899999999")
    assert caught.value.code == "room_taken"
    # A second room makes the same time possible.
    VideoRoom.objects.create(office=s3["staff"].office, name="ห้อง 2")
    second = book(topic=Topic.objects.get(code="company"), phone="0899999999")
    assert second.room.name == "ห้อง 2" and second.officer == other


@pytest.mark.parametrize(
    ("change", "code"),
    [
        ({"email": "not-an-address"}, "email_invalid"),
        ({"phone": "12"}, "phone_invalid"),
        ({"first_name": "  "}, "required"),
        ({"topic_detail": ""}, "required"),
    ],
)
def test_bad_input_is_refused_clearly_and_books_nothing(s3, book, change, code):
    with pytest.raises(AppointmentError) as caught:
        book(**change)
    assert caught.value.code == code and caught.value.status == 400
    assert caught.value.message_in("th") != caught.value.message_in("en")
    assert not Appointment.objects.exists() and not SlotClaim.objects.exists()


def test_a_time_in_the_past_outside_the_hours_or_on_a_holiday_is_refused(s3, book):
    with pytest.raises(AppointmentError) as caught:
        book(starts_at=dt.datetime.now(dt.UTC) - dt.timedelta(hours=1))
    assert caught.value.code == "slot_past"
    with pytest.raises(AppointmentError) as caught:
        book(starts_at=at(s3["day"], 14))
    assert caught.value.code == "outside_availability"
    with pytest.raises(AppointmentError) as caught:
        book(starts_at=at(s3["day"], 10, 10))  # not on the 30-minute grid
    assert caught.value.code == "outside_availability"
    # 5 December (King Bhumibol's birthday) of next year is a public holiday.
    holiday = dt.date(dt.date.today().year + 1, 12, 5)
    if holiday.weekday() < 5 and (holiday - dt.date.today()).days <= 180:
        with pytest.raises(AppointmentError) as caught:
            book(starts_at=at(holiday, 10))
        assert caught.value.code == "day_off"
    assert not Appointment.objects.exists()


def test_a_special_day_off_closes_the_officer_hours(s3, book):
    from borikan.core.services import special_day_off_create

    special_day_off_create(date=s3["day"], name_th="วันหยุดพิเศษ", name_en="Special", by=None)
    with pytest.raises(AppointmentError) as caught:
        book()
    assert caught.value.code == "day_off"
    assert "Special" in caught.value.message_in("en")
    assert "วันหยุดพิเศษ" in caught.value.message_in("th")


def test_confirm_sends_invitations_and_sms(
    s3, book, sms_outbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        appointment = appointment_confirm(appointment=book(), by=s3["officer"])
    assert appointment.status == "confirmed" and appointment.meeting_room.startswith("moc-")
    invitations = Message.objects.filter(ref_id=appointment.reference).exclude(calendar="")
    assert {m.recipient for m in invitations} == {"somsri@example.com", "kamol@dip.example"}
    assert all("METHOD:REQUEST" in m.calendar for m in invitations)
    [sms] = Message.objects.filter(ref_id=appointment.reference, channel="sms")
    assert sms.recipient == "+66812345678" and "/appointment/c/" in sms.body
    assert any(m.to == ["somsri@example.com"] for m in mail.outbox)
    assert len(sms_outbox) == 1


def test_only_the_agency_confirms(s3, book):
    appointment = book()
    with pytest.raises(PermissionDeniedError):
        appointment_confirm(appointment=appointment, by=s3["staff"])
    appointment_confirm(appointment=appointment, by=s3["officer"])
    with pytest.raises(AppointmentError) as caught:
        appointment_confirm(appointment=appointment, by=s3["officer"])
    assert caught.value.status == 409


def test_officer_proposes_and_the_citizen_accepts(s3, book):
    appointment = appointment_propose(
        appointment=book(), by=s3["officer"], starts_at=at(s3["day"], 11), note="ติดประชุม"
    )
    assert appointment.status == "proposed"
    assert appointment.starts_at == at(s3["day"], 11)
    # The old time is free again: someone else may take it.
    other = appointment.__class__.objects.exclude(pk=appointment.pk)
    assert not other.exists()
    assert SlotClaim.objects.filter(start=at(s3["day"], 10)).count() == 0
    # A second proposal reaches the citizen too.
    appointment = appointment_propose(
        appointment=appointment, by=s3["officer"], starts_at=at(s3["day"], 11, 30)
    )
    assert Message.objects.filter(channel="sms", dedupe_key__contains=":proposed:").count() == 2
    appointment = appointment_accept(appointment=appointment, by=None)
    assert appointment.status == "confirmed" and appointment.sequence == 0


def test_reschedule_and_cancel_keep_the_uid_and_raise_the_sequence(s3, book):
    appointment = appointment_confirm(appointment=book(), by=s3["officer"])
    uid = appointment.uid
    appointment = appointment_reschedule(
        appointment=appointment, by=None, starts_at=at(s3["day"], 11, 30)
    )
    assert (appointment.uid, appointment.sequence, appointment.status) == (uid, 1, "confirmed")
    updated = Message.objects.filter(dedupe_key__contains=":rescheduled:1.").exclude(calendar="")
    assert updated.count() == 2 and all("SEQUENCE:1" in m.calendar for m in updated)
    appointment = appointment_cancel(appointment=appointment, by=s3["staff"], reason="ป่วย")
    assert appointment.status == "cancelled" and appointment.sequence == 2
    assert not SlotClaim.objects.exists()
    cancels = Message.objects.filter(calendar__contains="METHOD:CANCEL")
    assert cancels.count() == 2 and all(f"UID:{uid}" in m.calendar for m in cancels)
    with pytest.raises(AppointmentError):
        appointment_cancel(appointment=appointment, by=s3["staff"])


def test_check_in_outcome_and_no_show(s3, book, monkeypatch):
    from django.utils import timezone

    appointment = appointment_confirm(appointment=book(), by=s3["officer"])
    with pytest.raises(AppointmentError) as caught:
        appointment_check_in(appointment=appointment, by=s3["staff"])
    assert caught.value.code == "check_in_closed"
    start = appointment.starts_at
    monkeypatch.setattr(timezone, "now", lambda: start + dt.timedelta(minutes=2))
    appointment = appointment_check_in(appointment=appointment, by=s3["staff"])
    appointment = appointment_complete(
        appointment=appointment, by=s3["officer"], outcome="แนะนำให้ยื่นคำขอออนไลน์"
    )
    assert appointment.status == "completed" and appointment.outcome

    second = appointment_confirm(
        appointment=book(starts_at=at(s3["day"], 11), phone="0899999999"), by=s3["officer"]
    )
    monkeypatch.setattr(timezone, "now", lambda: second.starts_at + dt.timedelta(minutes=20))
    assert appointment_no_show(appointment=second, by=s3["staff"]).status == "no_show"


def test_every_step_is_on_the_contact_timeline(s3, book):
    appointment = appointment_confirm(appointment=book(), by=s3["officer"])
    appointment_reschedule(appointment=appointment, by=None, starts_at=at(s3["day"], 11))
    items = list(contact_timeline(contact=appointment.contact, user=s3["staff"]))
    mine = [i for i in items if i.kind == "appointment"]
    actions = AppointmentEvent.objects.filter(appointment=appointment).count()
    assert len(mine) == actions == 4  # requested, confirmed, citizen told, rescheduled
    assert all(appointment.reference in i.title for i in mine)


def test_a_started_consultation_is_not_moved_or_cancelled(s3, book, monkeypatch):
    from django.utils import timezone

    appointment = appointment_confirm(appointment=book(), by=s3["officer"])
    start = appointment.starts_at
    monkeypatch.setattr(timezone, "now", lambda: start + dt.timedelta(minutes=5))
    for act in (
        lambda: appointment_cancel(appointment=appointment, by=None),
        lambda: appointment_reschedule(
            appointment=appointment, by=None, starts_at=at(s3["day"] + dt.timedelta(days=7), 10)
        ),
    ):
        with pytest.raises(AppointmentError) as caught:
            act()
        assert caught.value.code == "started"
