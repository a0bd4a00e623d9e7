"""The appointments API: scope, slots, booking, confirm, reschedule, cancel; errors 4xx with the
message in Thai and English."""

from __future__ import annotations

import pytest
from django.test import Client

from borikan.api.services import api_token_create
from borikan.appointments.models import Appointment
from tests.appointments.conftest import at

pytestmark = pytest.mark.django_db


@pytest.fixture
def api(s3):
    _token, secret = api_token_create(name="pco-system", scopes=["appointments"])
    return Client(headers={"Authorization": f"Bearer {secret}"})


def _book(s3, **change):
    body = {
        "first_name": "สมศรี",
        "last_name": "ใจดี",
        "phone": "0812345678",
        "email": "somsri@example.com",
        "topic": "trademark",
        "topic_detail": "จดเครื่องหมายการค้า",
        "starts_at": at(s3["day"], 10).isoformat(),
        "office": "PCO-CMI",
    }
    body.update(change)
    return body


def test_a_token_without_the_scope_is_refused(s3):
    _token, secret = api_token_create(name="kb-only", scopes=["kb"])
    client = Client(headers={"Authorization": f"Bearer {secret}"})
    assert client.get("/api/v1/appointments/topics").status_code == 401


def test_slots_book_confirm_reschedule_cancel(api, s3):
    topics = api.get("/api/v1/appointments/topics").json()
    assert {"code": "trademark", "agency": "DIP"}.items() <= topics[0].items()
    slots = api.get(
        f"/api/v1/appointments/slots?topic=trademark&date={s3['day'].isoformat()}&days=1"
    ).json()
    assert [s["start"][11:16] for s in slots] == [
        "09:00", "09:30", "10:00", "10:30", "11:00", "11:30"
    ]  # fmt: skip
    assert slots[0]["start"].endswith("+07:00")
    created = api.post("/api/v1/appointments", _book(s3), content_type="application/json")
    assert created.status_code == 201, created.content
    reference = created.json()["reference"]
    assert created.json()["officer"] == "officer-dip" and created.json()["room"]
    again = api.post(
        "/api/v1/appointments", _book(s3, phone="0899999999"), content_type="application/json"
    )
    assert again.status_code == 409
    error = again.json()["error"]
    assert error["code"] == "slot_taken" and error["message"] != error["message_en"]
    confirmed = api.post(
        f"/api/v1/appointments/{reference}/confirm", {}, content_type="application/json"
    )
    assert confirmed.json()["status"] == "confirmed"
    moved = api.post(
        f"/api/v1/appointments/{reference}/reschedule",
        {"starts_at": at(s3["day"], 11).isoformat()},
        content_type="application/json",
    )
    assert moved.status_code == 200 and moved.json()["sequence"] == 1
    cancelled = api.post(
        f"/api/v1/appointments/{reference}/cancel",
        {"reason": "ไม่สะดวก"},
        content_type="application/json",
    )
    assert cancelled.json()["status"] == "cancelled"
    assert [e["action"] for e in cancelled.json()["events"]] == [
        "requested", "confirmed", "informed", "rescheduled", "cancelled"
    ]  # fmt: skip


@pytest.mark.parametrize(
    ("change", "status", "code"),
    [
        ({"email": "nope"}, 400, "email_invalid"),
        ({"starts_at": "2020-01-06T10:00:00+07:00"}, 400, "slot_past"),
        ({"starts_at": "garbage"}, 422, "validation_error"),
        ({"topic": "unknown"}, 404, "topic_not_found"),
        ({"office": "PCO-XXX"}, 404, "office_unknown"),
    ],
)
def test_bad_bookings_are_4xx_and_book_nothing(api, s3, change, status, code):
    response = api.post(
        "/api/v1/appointments", _book(s3, **change), content_type="application/json"
    )
    assert response.status_code == status, response.content
    assert response.json()["error"]["code"] == code
    assert not Appointment.objects.exists()


def test_proposing_a_time_outside_the_hours_is_refused(api, s3):
    reference = api.post("/api/v1/appointments", _book(s3), content_type="application/json").json()[
        "reference"
    ]
    response = api.post(
        f"/api/v1/appointments/{reference}/propose",
        {"starts_at": at(s3["day"], 15).isoformat()},
        content_type="application/json",
    )
    assert response.status_code == 400
    assert response.json()["error"]["code"] == "outside_availability"


def test_officer_hours_through_the_api(api, s3):
    hours = api.get("/api/v1/appointments/officers/officer-dip/hours").json()
    assert len(hours["windows"]) == 5 and hours["windows"][0]["start"] == "09:00:00"
    overlap = api.post(
        "/api/v1/appointments/officers/officer-dip/windows",
        {"weekday": 0, "start": "11:00", "end": "13:00"},
        content_type="application/json",
    )
    assert overlap.status_code == 409 and overlap.json()["error"]["code"] == "window_overlap"
    added = api.post(
        "/api/v1/appointments/officers/officer-dip/windows",
        {"weekday": 0, "start": "13:00", "end": "14:00", "slot_minutes": 60},
        content_type="application/json",
    )
    assert added.status_code == 201, added.content
    closed = api.post(
        "/api/v1/appointments/officers/officer-dip/exceptions",
        {"date": s3["day"].isoformat(), "note": "อบรม"},
        content_type="application/json",
    )
    assert closed.status_code == 201
    slots = api.get(
        f"/api/v1/appointments/slots?officer=officer-dip&date={s3['day'].isoformat()}&days=1"
    ).json()
    assert slots == []
    removed = api.delete(f"/api/v1/appointments/officers/officer-dip/windows/{added.json()['id']}")
    assert removed.status_code == 204
    assert api.get("/api/v1/appointments/officers/nobody/hours").status_code == 404


def test_check_in_and_outcome_through_the_api(api, s3, monkeypatch):
    import datetime as dt

    from django.utils import timezone

    reference = api.post("/api/v1/appointments", _book(s3), content_type="application/json").json()[
        "reference"
    ]
    early = api.post(f"/api/v1/appointments/{reference}/check-in")
    assert early.status_code == 409 and early.json()["error"]["code"] == "bad_transition"
    api.post(f"/api/v1/appointments/{reference}/confirm", {}, content_type="application/json")
    start = at(s3["day"], 10)
    monkeypatch.setattr(timezone, "now", lambda: start + dt.timedelta(minutes=1))
    assert api.post(f"/api/v1/appointments/{reference}/check-in").json()["status"] == "checked_in"
    empty = api.post(
        f"/api/v1/appointments/{reference}/outcome",
        {"outcome": " "},
        content_type="application/json",
    )
    assert empty.status_code == 400 and empty.json()["error"]["details"]["field"] == "outcome"
    done = api.post(
        f"/api/v1/appointments/{reference}/outcome",
        {"outcome": "แนะนำให้ยื่นออนไลน์"},
        content_type="application/json",
    )
    assert done.json()["status"] == "completed"
