"""Demo consultation hours for the agencies' officers and a few bookings in each state of S3.
Idempotent: hours are added only to officers without any, bookings only when there are none."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone

from borikan.appointments.availability import local
from borikan.appointments.models import Appointment, Mode, Topic, Via, Window
from borikan.appointments.services import (
    appointment_book,
    appointment_confirm,
    appointment_propose,
    window_add,
)
from borikan.core.calendar import working_days_add
from borikan.core.models import User

# Officer → (topics, weekly windows: weekday, from, until, minutes per consultation).
HOURS = {
    "officer.dip": (
        ["trademark", "patent"],
        [(d, dt.time(9), dt.time(12), 30) for d in range(5)]
        + [(d, dt.time(13), dt.time(16), 30) for d in (0, 1, 3)],
    ),
    "officer.dit": (["prices"], [(d, dt.time(9, 30), dt.time(11, 30), 30) for d in range(5)]),
    "officer.dbd": (["company"], [(d, dt.time(13), dt.time(16), 45) for d in (1, 2, 3)]),
}


def _hours() -> int:
    added = 0
    for username, (topics, windows) in HOURS.items():
        officer = User.objects.filter(username=username).first()
        if officer is None or Window.objects.filter(officer=officer).exists():
            continue
        for weekday, start, end, minutes in windows:
            window_add(
                by=officer,
                officer=officer,
                weekday=weekday,
                start=start,
                end=end,
                slot_minutes=minutes,
            )
            added += 1
        for topic in Topic.objects.filter(code__in=topics):
            topic.officers.add(officer)
    return added


def _first_free(officer: User, day: dt.date, times: list[dt.time]) -> dt.datetime:
    taken = set(Appointment.objects.filter(officer=officer).values_list("starts_at", flat=True))
    for time in times:
        start = local(day, time)
        if start not in taken:
            return start
    return local(day, times[-1])


@transaction.atomic
def load() -> dict[str, int]:
    windows = _hours()
    if Appointment.objects.exists():
        return {"consultation hours created": windows, "consultations created": 0}
    cmi = User.objects.get(username="provincial.cmi")
    kkn = User.objects.get(username="provincial.kkn")
    dip = User.objects.get(username="officer.dip")
    dit = User.objects.get(username="officer.dit")
    today = timezone.localdate()
    day1 = working_days_add(start=today, days=1).end
    day2 = working_days_add(start=today, days=2).end
    topics = {t.code: t for t in Topic.objects.all()}
    bookings = [
        # who books, citizen, phone, e-mail, topic, detail, day, time, where, state
        (cmi, ("บุญมี", "ศรีล้านนา"), "0812223344", "boonmee@example.com", "trademark",
         "ต้องการจดเครื่องหมายการค้าผ้าทอลายน้ำไหล ส่งออกญี่ปุ่น", day1, dt.time(10), "office", "confirmed"),
        (cmi, ("ลำดวน", "คำปัน"), "0865554433", "lamduan@example.com", "patent",
         "ขอคำแนะนำการยื่นอนุสิทธิบัตรเครื่องคั่วกาแฟ", day1, dt.time(10, 30), "office", "requested"),
        (kkn, ("สมพงษ์", "ภูผาทอง"), "0894445566", "sompong@example.com", "prices",
         "ลานรับซื้อมันสำปะหลังกดราคา", day2, dt.time(9, 30), "office", "proposed"),
        (None, ("Anna", "Schmidt"), "0823334455", "anna@example.com", "trademark",
         "A Thai trademark for a coffee brand", day2, dt.time(9), "online", "confirmed"),
    ]  # fmt: skip
    created = 0
    for by, (first, last), phone, email, topic, detail, day, time, mode, state in bookings:
        officer = dip if topic in ("trademark", "patent") else dit
        appointment = appointment_book(
            by=by,
            actor_repr="demo",
            first_name=first,
            last_name=last,
            phone=phone,
            email=email,
            topic=topics[topic],
            topic_detail=detail,
            starts_at=_first_free(officer, day, [time, dt.time(11), dt.time(11, 30)]),
            mode=mode,
            office=by.office if by is not None else None,
            officer=officer,
            via=Via.STAFF if by is not None else Via.ONLINE,
            language="en" if mode == Mode.ONLINE else "th",
            asked_at=timezone.now() - dt.timedelta(minutes=4),
        )
        if state == "confirmed":
            appointment_confirm(appointment=appointment, by=officer)
        elif state == "proposed":
            appointment_propose(
                appointment=appointment,
                by=officer,
                starts_at=local(day, dt.time(11)),
                note="ช่วงเช้าติดประชุม",
            )
        created += 1
    return {"consultation hours created": windows, "consultations created": created}
