"""The staff and citizen pages: booking, the officer's hours and week, an office's day, the
feed at a secret address, the signed link (and a tampered one)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client

from borikan.appointments.links import citizen_token
from borikan.appointments.models import Appointment, Window
from borikan.appointments.services import appointment_confirm
from tests.appointments.conftest import at
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _booking(s3, **change) -> dict:
    data = {
        "first_name": "สมศรี",
        "last_name": "ใจดี",
        "phone": "0812345678",
        "email": "somsri@example.com",
        "topic": "trademark",
        "topic_detail": "จดเครื่องหมายการค้า",
        "mode": "office",
        "office": "PCO-CMI",
        "date": s3["day"].isoformat(),
        "asked_at": "",
    }
    data.update(change)
    return data


def test_staff_find_free_times_and_book(s3):
    client = _client(s3["staff"])
    page = client.post("/appointments/new/", _booking(s3, find="1"))
    assert page.status_code == 200
    assert at(s3["day"], 10).isoformat() in page.content.decode()
    done = client.post(
        "/appointments/new/",
        _booking(s3, book="1", starts_at=at(s3["day"], 10).isoformat()),
    )
    appointment = Appointment.objects.get()
    assert done.status_code == 302 and done["Location"] == f"/appointments/{appointment.reference}/"
    detail = client.get(done["Location"])
    assert detail.status_code == 200 and "สมศรี" in detail.content.decode()


def test_a_bad_email_is_shown_beside_the_field_and_nothing_is_booked(s3):
    client = _client(s3["staff"])
    page = client.post(
        "/appointments/new/",
        _booking(s3, book="1", email="somsri@", starts_at=at(s3["day"], 10).isoformat()),
    )
    assert page.status_code == 400
    assert "อีเมลนี้ไม่ถูกต้อง" in page.content.decode()
    assert "This e-mail address is not valid" in page.content.decode()
    assert not Appointment.objects.exists()


def test_the_officer_confirms_on_the_page_and_other_agencies_see_nothing(s3, book):
    from tests.factories import UserFactory

    appointment = book()
    client = _client(s3["officer"])
    response = client.post(
        f"/appointments/{appointment.reference}/act/",
        {"action": "confirm", "version": appointment.version},
    )
    assert response.status_code == 302
    appointment.refresh_from_db()
    assert appointment.status == "confirmed"
    again = client.post(f"/appointments/{appointment.reference}/act/", {"action": "confirm"})
    assert again.status_code == 409 and 'role="alert"' in again.content.decode()
    stranger = _client(UserFactory(username="dit-officer", officer=True))
    assert stranger.get(f"/appointments/{appointment.reference}/").status_code == 404


def test_the_officer_publishes_hours_and_overlaps_are_refused(s3):
    client = _client(s3["officer"])
    page = client.post(
        "/appointments/hours/",
        {"add_window": "1", "weekday": 0, "start": "10:00", "end": "13:00", "slot_minutes": 30},
    )
    assert page.status_code == 200
    assert "ทับซ้อน" in page.content.decode() and "overlap" in page.content.decode()
    assert Window.objects.filter(officer=s3["officer"]).count() == 5
    added = client.post(
        "/appointments/hours/",
        {"add_window": "1", "weekday": 0, "start": "13:00", "end": "15:00", "slot_minutes": 60},
    )
    assert added.status_code == 302
    week = client.get("/appointments/week/")
    assert week.status_code == 200


def test_an_office_day_and_a_secret_feed(s3, book):
    appointment = appointment_confirm(appointment=book(), by=s3["officer"])
    day = _client(s3["staff"]).get(f"/appointments/day/?date={s3['day'].isoformat()}")
    assert day.status_code == 200 and appointment.reference in day.content.decode()
    officer = _client(s3["officer"])
    page = officer.post("/appointments/hours/", {"new_feed": "1"})
    url = page.context["feed_url"]
    feed = Client().get(url.replace("http://testserver", ""))
    assert feed.status_code == 200 and feed["Content-Type"].startswith("text/calendar")
    assert appointment.uid in feed.content.decode()
    assert Client().get("/appointments/feed/fwrong.ics").status_code == 404


def test_a_director_of_no_office_chooses_the_office_whose_day_to_see(s3, book):
    appointment = appointment_confirm(appointment=book(), by=s3["officer"])
    director = _client(UserFactory(username="director-day", role="director", office=None))
    choose = director.get("/appointments/day/")
    html = choose.content.decode()
    office = s3["staff"].office
    assert choose.status_code == 200 and f'value="{office.code}"' in html
    assert "เลือกสำนักงาน" in html and appointment.reference not in html
    day = director.get(f"/appointments/day/?office={office.code}&date={s3['day'].isoformat()}")
    assert day.status_code == 200 and appointment.reference in day.content.decode()
    assert director.get("/appointments/day/?office=NOPE").status_code == 404
    # An officer of no office still sees no office's day.
    assert _client(s3["officer"]).get("/appointments/day/").status_code == 404


def test_the_citizen_link_and_a_tampered_one(s3, book):
    appointment = appointment_confirm(appointment=book(), by=s3["officer"])
    token = citizen_token(appointment)
    client = Client()
    page = client.get(f"/appointment/c/{token}/")
    assert page.status_code == 200 and appointment.reference in page.content.decode()
    tampered = token[:-3] + ("AAA" if not token.endswith("AAA") else "BBB")
    bad = client.get(f"/appointment/c/{tampered}/")
    assert bad.status_code == 400
    body = bad.content.decode()
    assert "ลิงก์นี้ไม่ถูกต้อง" in body and "This link is not valid" in body
    moved = client.post(
        f"/appointment/c/{token}/",
        {"action": "reschedule", "starts_at": at(s3["day"], 11).isoformat()},
    )
    assert moved.status_code == 302
    appointment.refresh_from_db()
    assert appointment.starts_at == at(s3["day"], 11) and appointment.sequence == 1
    # A garbled time or one outside the hours: a clear message in both languages, nothing moved.
    garbled = client.post(f"/appointment/c/{token}/", {"action": "reschedule", "starts_at": "x"})
    assert garbled.status_code == 400
    outside = client.post(
        f"/appointment/c/{token}/",
        {"action": "reschedule", "starts_at": at(s3["day"], 15).isoformat()},
    )
    assert outside.status_code == 400
    assert "The officer does not take consultations at this time" in outside.content.decode()
    assert "เจ้าหน้าที่ไม่ได้เปิดรับนัดปรึกษาในเวลานี้" in outside.content.decode()
    appointment.refresh_from_db()
    assert appointment.starts_at == at(s3["day"], 11)


def test_a_citizen_requests_online(s3):
    client = Client()
    assert client.get("/appointment/").status_code == 200
    response = client.post(
        "/appointment/",
        _booking(s3, book="1", mode="online", starts_at=at(s3["day"], 9, 30).isoformat()),
    )
    assert response.status_code == 302 and "/appointment/c/" in response["Location"]
    appointment = Appointment.objects.get()
    assert (appointment.via, appointment.mode, appointment.room) == ("online", "online", None)
    # The central service center follows online requests; a provincial office does not.
    from tests.factories import UserFactory

    central = _client(UserFactory(username="moc-agent"))
    assert central.get(f"/appointments/{appointment.reference}/").status_code == 200
    assert _client(s3["staff"]).get(f"/appointments/{appointment.reference}/").status_code == 404
    assert appointment.starts_at == at(s3["day"], 9, 30)
    assert appointment.starts_at - dt.timedelta(minutes=30) > appointment.requested_at


def test_the_online_request_refuses_robots_and_forms_sent_too_fast(s3, settings):
    from borikan.core.humans import form_started_token

    settings.BORIKAN = {**settings.BORIKAN, "FORM_MIN_FILL_SECONDS": 3}
    client = Client()
    shown = client.get("/appointment/").content.decode()
    assert 'name="started"' in shown and 'name="website"' in shown
    fields = _booking(s3, book="1", mode="online", starts_at=at(s3["day"], 9, 30).isoformat())
    robot = client.post("/appointment/", {**fields, "website": "x", "started": ""})
    assert robot.status_code == 302 and Appointment.objects.count() == 0
    fast = client.post("/appointment/", {**fields, "started": form_started_token()})
    assert fast.status_code == 400 and Appointment.objects.count() == 0
    import time

    fine = client.post("/appointment/", {**fields, "started": form_started_token(time.time() - 9)})
    assert fine.status_code == 302 and Appointment.objects.count() == 1


def test_the_lists_and_the_admin_open(s3, book, admin_user):
    appointment = book()
    for user in (s3["staff"], s3["officer"]):
        page = _client(user).get("/appointments/")
        assert page.status_code == 200 and appointment.reference in page.content.decode()
    admin = _client(admin_user)
    for url in (
        "/admin/appointments/appointment/",
        f"/admin/appointments/appointment/{appointment.pk}/change/",
        "/admin/appointments/topic/",
        "/admin/appointments/videoroom/",
    ):
        assert admin.get(url).status_code == 200, url


def test_free_times_show_before_the_citizen_details_are_typed(s3):
    page = _client(s3["staff"]).post(
        "/appointments/new/", {"find": "1", "topic": "trademark", "date": s3["day"].isoformat()}
    )
    body = page.content.decode()
    assert at(s3["day"], 11).isoformat() in body
    assert 'role="alert"' not in body  # nothing typed yet is not an error yet
