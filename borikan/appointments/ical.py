"""iCalendar (RFC 5545/5546) for appointments: invitations, updates, cancellations, feeds.

Each appointment keeps one UID for its whole life; an update is a REQUEST with a higher
SEQUENCE and a cancellation a CANCEL with a higher SEQUENCE still, so the citizen's and the
officer's calendar programs change the same event instead of adding another.
"""

from __future__ import annotations

from collections.abc import Iterable
from email.utils import parseaddr
from zoneinfo import ZoneInfo

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _
from icalendar import Calendar, Event, vCalAddress, vText

from borikan.appointments.models import Appointment, Mode, Status

BANGKOK = ZoneInfo("Asia/Bangkok")
PRODID = "-//Ministry of Commerce//Borikan//TH"


def _calendar(method: str | None) -> Calendar:
    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    if method:
        cal.add("method", method)
    return cal


def _address(email: str, name: str, *, attendee: bool = True) -> vCalAddress:
    address = vCalAddress(f"mailto:{email}")
    address.params["cn"] = vText(name)
    if attendee:
        address.params["role"] = vText("REQ-PARTICIPANT")
        address.params["partstat"] = vText("NEEDS-ACTION")
    return address


def _location(appointment: Appointment) -> str:
    if appointment.mode == Mode.OFFICE and appointment.office is not None:
        room = f" · {appointment.room.name}" if appointment.room is not None else ""
        return f"{appointment.office.name}{room}"
    return _("Online video conference")


def appointment_event(
    appointment: Appointment, *, for_officer: bool, cancelled: bool = False
) -> Event:
    """The event as one side sees it: the officer's has the moderator's meeting link; the
    citizen's has the link only for an online consultation (at the office, the room joins)."""
    from borikan.appointments.notify import meeting_url_for  # the URL depends on the reader

    event = Event()
    event.add("uid", appointment.uid)
    event.add("sequence", appointment.sequence)
    event.add("dtstamp", timezone.now())
    event.add("dtstart", appointment.starts_at.astimezone(BANGKOK))
    event.add("dtend", appointment.ends_at.astimezone(BANGKOK))
    event.add(
        "summary",
        _("Video consultation %(reference)s: %(topic)s")
        % {"reference": appointment.reference, "topic": appointment.topic.name},
    )
    url = ""
    if for_officer or appointment.mode == Mode.ONLINE:
        url = meeting_url_for(appointment, officer=for_officer)
    description = [
        appointment.topic_detail,
        _("Officer: %(name)s (%(agency)s)")
        % {"name": appointment.officer.display_name, "agency": appointment.agency.name},
    ]
    if url:
        description.append(_("Meeting link: %(url)s") % {"url": url})
        event.add("url", url)
    event.add("description", "\n".join(description))
    event.add("location", _location(appointment))
    organizer_email = parseaddr(settings.DEFAULT_FROM_EMAIL)[1] or "noreply@localhost"
    event.add(
        "organizer",
        _address(organizer_email, _("Ministry of Commerce service center"), attendee=False),
    )
    event.add("attendee", _address(appointment.email, appointment.citizen_name))
    if appointment.officer.email:
        event.add("attendee", _address(appointment.officer.email, appointment.officer.display_name))
    cancelled = cancelled or appointment.status == Status.CANCELLED
    event.add("status", "CANCELLED" if cancelled else "CONFIRMED")
    return event


def invitation(appointment: Appointment, *, for_officer: bool, method: str = "REQUEST") -> str:
    """One appointment as an iTIP message: METHOD:REQUEST (new or changed) or CANCEL."""
    cal = _calendar(method)
    cal.add_component(
        appointment_event(appointment, for_officer=for_officer, cancelled=method == "CANCEL")
    )
    cal.add_missing_timezones()
    text: str = cal.to_ical().decode()
    return text


def feed(appointments: Iterable[Appointment], *, name: str) -> str:
    """An officer's subscription feed (no METHOD: a published calendar, not a message)."""
    cal = _calendar(None)
    cal.add("x-wr-calname", name)
    cal.add("x-wr-timezone", "Asia/Bangkok")
    for appointment in appointments:
        cal.add_component(appointment_event(appointment, for_officer=True))
    cal.add_missing_timezones()
    text: str = cal.to_ical().decode()
    return text
