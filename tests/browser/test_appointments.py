"""SPEC S3 end to end in Chromium: provincial staff book a video consultation for a citizen,
the central officer confirms it, the citizen's invitation arrives at an SMTP server on loopback
(and parses back with `icalendar` at the right Bangkok time), and the citizen moves the
appointment through the signed link, which sends an updated invitation (same UID, SEQUENCE 1)."""

from __future__ import annotations

import datetime as dt
import email
import re
import time
from email import policy

import pytest
from icalendar import Calendar

from borikan.appointments.models import Appointment
from tests.appointments.conftest import at, load_topics_and_rooms, make_cast
from tests.browser.conftest import browser_login

pytestmark = [pytest.mark.browser]


def _wait_for(smtp_server, count: int) -> list:
    deadline = time.monotonic() + 15
    while len(smtp_server.received) < count and time.monotonic() < deadline:
        time.sleep(0.1)
    return smtp_server.received


def _invitations_to(smtp_server, address: str) -> list[tuple[email.message.EmailMessage, str]]:
    found = []
    for envelope in smtp_server.received:
        if envelope.rcpt_tos != [address]:
            continue
        message = email.message_from_bytes(envelope.content, policy=policy.default)
        for part in message.walk():
            if part.get_content_type() == "text/calendar":
                found.append((message, part.get_content()))
    return found


def test_s3_staff_book_officer_confirms_citizen_moves_it(
    asgi_server, page, chromium_browser, smtp_server
):
    browser = chromium_browser
    load_topics_and_rooms()
    cast = make_cast()
    day = cast["day"]

    # Provincial staff take the citizen's details and a convenient date, then pick a free time.
    browser_login(page, asgi_server, "pco-cmi")
    page.goto(f"{asgi_server}/appointments/new/")
    page.fill("#id_first_name", "สมศรี")
    page.fill("#id_last_name", "ใจดี")
    page.fill("#id_phone", "081-234-5678")
    page.fill("#id_email", "somsri@example.com")
    page.select_option("#id_topic", "trademark")
    page.fill("#id_topic_detail", "อยากจดเครื่องหมายการค้าสำหรับผ้าไหม")
    page.fill("#id_date", day.isoformat())
    page.click("#find-slots")
    ten = at(day, 10).isoformat()
    page.check(f"input[name=starts_at][value='{ten}']")
    page.click("#book")
    page.wait_for_url(re.compile(r".*/appointments/VC-[A-Z0-9]{6}/$"))
    reference = page.url.rstrip("/").rsplit("/", 1)[1]
    assert page.get_attribute("#status", "data-status") == "requested"

    # The central officer confirms the time.
    officer_context = browser.new_context(locale="th-TH")
    officer_page = officer_context.new_page()
    browser_login(officer_page, asgi_server, "officer-dip")
    officer_page.goto(f"{asgi_server}/appointments/{reference}/")
    officer_page.click("[data-action=confirm] button")
    officer_page.wait_for_selector("#status[data-status=confirmed]")
    assert officer_page.get_attribute("#meeting-link", "href").startswith("https://meet.jit.si/")
    officer_context.close()

    # The invitation reaches the citizen through a real SMTP server on loopback.
    _wait_for(smtp_server, 3)  # the officer's request, then both invitations
    [(message, ics)] = _invitations_to(smtp_server, "somsri@example.com")
    assert reference in message["Subject"]
    cal = Calendar.from_ical(ics)
    [event] = cal.walk("VEVENT")
    assert str(cal["METHOD"]) == "REQUEST"
    start = event.decoded("DTSTART")
    assert start.utcoffset() == dt.timedelta(hours=7)
    assert (start.date(), start.hour, start.minute) == (day, 10, 0)
    uid = str(event["UID"])
    text = next(p for p in message.walk() if p.get_content_type() == "text/plain").get_content()
    link = re.search(r"http://127\.0\.0\.1:8000(/appointment/c/[^\s]+)", text).group(1)

    # The citizen moves the appointment by the link, on a phone-sized screen.
    phone = browser.new_context(locale="th-TH", viewport={"width": 390, "height": 844})
    citizen = phone.new_page()
    citizen.goto(f"{asgi_server}{link}")
    assert "10:00" in citizen.inner_text("#when")
    eleven = at(day, 11).isoformat()
    citizen.select_option("#starts-reschedule", eleven)
    citizen.click("#reschedule button")
    citizen.wait_for_selector("#when:has-text('11:00')")
    assert citizen.evaluate("document.documentElement.scrollWidth") <= 390
    phone.close()

    _wait_for(smtp_server, 5)
    invitations = _invitations_to(smtp_server, "somsri@example.com")
    assert len(invitations) == 2
    cal = Calendar.from_ical(invitations[1][1])
    [event] = cal.walk("VEVENT")
    assert (str(event["UID"]), int(event["SEQUENCE"])) == (uid, 1)
    assert event.decoded("DTSTART") == at(day, 11)
    appointment = Appointment.objects.get(reference=reference)
    assert (appointment.status, appointment.sequence) == ("confirmed", 1)
    assert appointment.events.filter(action="rescheduled", actor_repr="citizen").exists()


def test_the_officer_proposes_another_time_and_the_citizen_accepts_on_a_phone(
    asgi_server, page, phone_page, smtp_server
):
    from borikan.appointments.services import appointment_book
    from borikan.notifications.models import Message

    load_topics_and_rooms()
    cast = make_cast()
    day = cast["day"]
    appointment = appointment_book(
        by=cast["staff"],
        first_name="มานพ",
        last_name="ทองคำ",
        phone="0891112222",
        email="manop@example.com",
        topic=cast["topic"],
        topic_detail="ต่ออายุเครื่องหมายการค้า",
        starts_at=at(day, 9),
    )
    browser_login(page, asgi_server, "officer-dip")
    page.goto(f"{asgi_server}/appointments/{appointment.reference}/")
    page.select_option("#starts-propose", at(day, 11, 30).isoformat())
    page.fill("#note-propose", "ช่วงเช้าติดประชุม")
    page.click("[data-action=propose] button")
    page.wait_for_selector("#status[data-status=proposed]")

    sms = Message.objects.get(channel="sms", ref_id=appointment.reference)
    link = re.search(r"http://127\.0\.0\.1:8000(/appointment/c/\S+)", sms.body).group(1)
    phone_page.goto(f"{asgi_server}{link}")
    assert "11:30" in phone_page.inner_text("#when")
    phone_page.click("button:has-text('รับเวลานี้')")
    phone_page.wait_for_selector("#status[data-status=confirmed]")

    _wait_for(smtp_server, 3)
    [(_message, ics)] = _invitations_to(smtp_server, "manop@example.com")
    [event] = Calendar.from_ical(ics).walk("VEVENT")
    assert event.decoded("DTSTART") == at(day, 11, 30)
    assert Appointment.objects.get(pk=appointment.pk).events.filter(action="accepted").exists()


def test_the_online_request_reads_on_a_phone_and_works_from_the_keyboard(asgi_server, phone_page):
    load_topics_and_rooms()
    cast = make_cast()
    phone_page.goto(f"{asgi_server}/appointment/")
    phone_page.select_option("#id_topic", "trademark")
    phone_page.fill("#id_date", cast["day"].isoformat())
    phone_page.focus("#find-slots")
    phone_page.keyboard.press("Enter")
    phone_page.wait_for_selector("input[name=starts_at]")
    assert phone_page.evaluate("document.documentElement.scrollWidth") <= 390
    # Nothing typed yet is not shown as an error while the citizen looks for a time.
    assert phone_page.locator("[role=alert]").count() == 0
