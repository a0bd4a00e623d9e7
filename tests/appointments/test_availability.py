"""Officers' hours: weekly windows, exceptions, the working calendar, what is already claimed."""

from __future__ import annotations

import datetime as dt

import pytest

from borikan.appointments.availability import AppointmentError, officer_slots
from borikan.appointments.models import Window
from borikan.appointments.services import exception_add, window_add, window_remove
from borikan.core.calendar import working_days_add
from borikan.core.errors import PermissionDeniedError
from borikan.core.services import special_day_off_create
from tests.appointments.conftest import at

pytestmark = pytest.mark.django_db


def _times(slots) -> list[str]:
    return [f"{s.start:%H:%M}" for s in slots]


def test_a_week_of_slots_skips_weekends(s3):
    slots = officer_slots(officer=s3["officer"], start=s3["day"], days=7)
    days = {s.start.date() for s in slots}
    assert all(d.weekday() < 5 for d in days) and len(days) >= 4
    assert _times(s for s in slots if s.start.date() == s3["day"]) == [
        "09:00", "09:30", "10:00", "10:30", "11:00", "11:30"
    ]  # fmt: skip
    assert all(s.start.utcoffset() == dt.timedelta(hours=7) for s in slots)


def test_holidays_and_special_days_off_are_closed(s3):
    special_day_off_create(date=s3["day"], name_th="หยุดพิเศษ", by=None)
    assert officer_slots(officer=s3["officer"], start=s3["day"], days=1) == []
    # Extra hours cannot open a day off either.
    with pytest.raises(AppointmentError) as caught:
        exception_add(
            by=s3["officer"],
            officer=s3["officer"],
            date=s3["day"],
            kind="extra",
            start=dt.time(13),
            end=dt.time(14),
        )
    assert caught.value.code == "day_off"


def test_booked_times_are_not_offered(s3, book):
    book()
    assert "10:00" not in _times(officer_slots(officer=s3["officer"], start=s3["day"], days=1))


def test_exceptions_close_a_day_or_some_hours_and_add_extra_hours(s3):
    officer, day = s3["officer"], s3["day"]
    exception_add(by=officer, officer=officer, date=day, start=dt.time(9), end=dt.time(10))
    exception_add(
        by=officer, officer=officer, date=day, kind="extra", start=dt.time(14), end=dt.time(15)
    )
    assert _times(officer_slots(officer=officer, start=day, days=1)) == [
        "10:00", "10:30", "11:00", "11:30", "14:00", "14:30"
    ]  # fmt: skip
    following = working_days_add(start=day, days=1).end
    exception_add(by=officer, officer=officer, date=following, note="ลาพักร้อน")
    assert officer_slots(officer=officer, start=following, days=1) == []


def test_overlapping_windows_are_refused(s3):
    officer = s3["officer"]
    with pytest.raises(AppointmentError) as caught:
        window_add(by=officer, officer=officer, weekday=0, start=dt.time(11, 30), end=dt.time(13))
    assert (caught.value.code, caught.value.status) == ("window_overlap", 409)
    assert "Monday 09:00–12:00" in caught.value.message_in("en")
    assert "วันจันทร์ 09:00–12:00" in caught.value.message_in("th")
    # Back to back is fine, and so is the same time in periods that do not meet.
    window_add(by=officer, officer=officer, weekday=0, start=dt.time(12), end=dt.time(13))
    until = dt.date(2098, 12, 31)
    window_add(
        by=officer, officer=officer, weekday=5, start=dt.time(9), end=dt.time(10), valid_until=until
    )
    window_add(
        by=officer,
        officer=officer,
        weekday=5,
        start=dt.time(9),
        end=dt.time(10),
        valid_from=until + dt.timedelta(days=1),
    )
    assert Window.objects.filter(officer=officer, weekday__in=[0, 5]).count() == 4


@pytest.mark.parametrize(
    ("start", "end", "minutes", "code"),
    [
        (dt.time(9, 10), dt.time(10), 30, "bad_time"),
        (dt.time(10), dt.time(9), 30, "bad_range"),
        (dt.time(9), dt.time(9, 15), 30, "bad_range"),
        (dt.time(9), dt.time(10), 20, "bad_slot_length"),
    ],
)
def test_bad_windows_are_refused(s3, start, end, minutes, code):
    officer = s3["officer"]
    with pytest.raises(AppointmentError) as caught:
        window_add(
            by=officer, officer=officer, weekday=5, start=start, end=end, slot_minutes=minutes
        )
    assert caught.value.code == code


def test_only_the_officer_or_an_administrator_changes_the_hours(s3, admin_user):
    window = Window.objects.filter(officer=s3["officer"]).first()
    with pytest.raises(PermissionDeniedError):
        window_remove(by=s3["staff"], window=window)
    window_remove(by=admin_user, window=window)
    with pytest.raises(AppointmentError) as caught:
        window_add(by=admin_user, officer=s3["staff"], weekday=0, start=dt.time(9), end=dt.time(10))
    assert caught.value.code == "not_an_officer"


def test_a_slot_must_start_on_the_officer_grid(s3, book):
    with pytest.raises(AppointmentError):
        book(starts_at=at(s3["day"], 9, 15))
