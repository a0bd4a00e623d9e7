"""What an appointment tells people, through the notifications outbox (after the commit,
retried, never twice: every message has a dedupe key of appointment, event, sequence and side).

The citizen gets an e-mail with the iCalendar invitation and an SMS; the officer an e-mail with
the invitation. Invitations are REQUEST (new or changed, SEQUENCE raised) or CANCEL.
"""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from django.conf import settings
from django.template.loader import render_to_string
from django.utils.translation import get_language, override
from django.utils.translation import gettext as _

from borikan.appointments.ical import invitation
from borikan.appointments.links import citizen_url
from borikan.appointments.meetings import meeting_provider
from borikan.appointments.models import Appointment, Mode
from borikan.core.thai import format_date
from borikan.notifications.services import message_queue

REF_KIND = "appointment"
BANGKOK = ZoneInfo("Asia/Bangkok")
# A meeting link works from an hour before the start to an hour after the end.
LINK_MARGIN = dt.timedelta(hours=1)


def meeting_url_for(appointment: Appointment, *, officer: bool) -> str:
    if not appointment.meeting_room:
        return ""
    return meeting_provider().join_url(
        room=appointment.meeting_room,
        name=appointment.officer.display_name if officer else appointment.citizen_name,
        email=appointment.officer.email if officer else appointment.email,
        moderator=officer,
        not_before=appointment.starts_at - LINK_MARGIN,
        expires=appointment.ends_at + LINK_MARGIN,
    )


def when_text(appointment: Appointment, language: str) -> str:
    """`จ. 14 ธ.ค. 2569 10:00–10:30 น.` / `Mon 14 Dec 2026 10:00–10:30`."""
    start = appointment.starts_at.astimezone(BANGKOK)
    end = appointment.ends_at.astimezone(BANGKOK)
    day = format_date(start.date(), language=language, with_weekday=True)
    suffix = "" if language.startswith("en") else " น."
    return f"{day} {start:%H:%M}–{end:%H:%M}{suffix}"


def _where(appointment: Appointment) -> str:
    if appointment.mode == Mode.OFFICE and appointment.office is not None:
        return appointment.office.name
    return _("Online (video link below)")


def _email(
    appointment: Appointment,
    *,
    to_officer: bool,
    event: str,
    subject: str,
    lead: str,
    method: str | None,
) -> None:
    recipient = appointment.officer.email if to_officer else appointment.email
    if not recipient:
        return
    context = {
        "appointment": appointment,
        "lead": lead,
        "when": when_text(appointment, get_language() or "th"),
        "where": _where(appointment),
        "meeting_url": (
            meeting_url_for(appointment, officer=to_officer)
            if to_officer or appointment.mode == Mode.ONLINE
            else ""
        ),
        "manage_url": "" if to_officer else citizen_url(appointment),
        "staff_url": f"{settings.SITE_URL}/appointments/{appointment.reference}/",
        "to_officer": to_officer,
        "cancelled": method == "CANCEL",
    }
    side = "officer" if to_officer else "citizen"
    message_queue(
        channel="email",
        recipient=recipient,
        subject=subject,
        body=render_to_string("appointments/email/appointment.txt", context),
        html=render_to_string("appointments/email/appointment.html", context),
        calendar=(invitation(appointment, for_officer=to_officer, method=method) if method else ""),
        dedupe_key=f"appt:{appointment.reference}:{event}:{_state(appointment)}:{side}",
        ref_kind=REF_KIND,
        ref_id=appointment.reference,
    )


def _state(appointment: Appointment) -> str:
    """What makes a message about an appointment unique besides its event: the invitation's
    sequence and the row's version (a second proposal raises the version, not the sequence)."""
    return f"{appointment.sequence}.{appointment.version}"


def _sms(appointment: Appointment, *, event: str, text: str) -> None:
    if not appointment.phone.startswith("+66"):
        return
    message_queue(
        channel="sms",
        recipient=appointment.phone,
        subject="",
        body=text,
        dedupe_key=f"appt:{appointment.reference}:{event}:{_state(appointment)}:sms",
        ref_kind=REF_KIND,
        ref_id=appointment.reference,
    )


def _citizen_language(appointment: Appointment) -> str:
    return "en" if appointment.language == "en" else "th"


def requested(appointment: Appointment) -> None:
    """The officer is asked to confirm or to propose another time."""
    with override("th"):
        _email(
            appointment,
            to_officer=True,
            event="requested",
            subject=_("Consultation request %(reference)s: confirm or propose a time")
            % {"reference": appointment.reference},
            lead=_(
                "A citizen asks for a video consultation with you. Confirm the time, or "
                "propose another one, on the consultation's page."
            ),
            method=None,
        )


def confirmed(appointment: Appointment, *, event: str = "confirmed") -> None:
    """Invitation (REQUEST) to both sides and an SMS to the citizen; also after a change."""
    changed = event != "confirmed"
    for to_officer in (False, True):
        language = "th" if to_officer else _citizen_language(appointment)
        with override(language):
            if changed:
                subject = _("Changed: video consultation %(reference)s, %(when)s")
                lead = _("The consultation has moved to a new time. The invitation is updated.")
            else:
                subject = _("Confirmed: video consultation %(reference)s, %(when)s")
                lead = _("Your video consultation with the ministry's officer is confirmed.")
            subject %= {
                "reference": appointment.reference,
                "when": when_text(appointment, language),
            }
            _email(
                appointment,
                to_officer=to_officer,
                event=event,
                subject=subject,
                lead=lead,
                method="REQUEST",
            )
    with override(_citizen_language(appointment)):
        if appointment.mode == Mode.OFFICE and appointment.office is not None:
            text = _("Consultation %(reference)s: %(when)s at %(office)s. Change: %(url)s")
        else:
            text = _("Online consultation %(reference)s: %(when)s. Link and changes: %(url)s")
        _sms(
            appointment,
            event=event,
            text=text
            % {
                "reference": appointment.reference,
                "when": when_text(appointment, _citizen_language(appointment)),
                "office": appointment.office.name if appointment.office else "",
                "url": citizen_url(appointment),
            },
        )


def proposed(appointment: Appointment, note: str) -> None:
    """The officer proposes another time: the citizen accepts it or picks another by the link."""
    language = _citizen_language(appointment)
    with override(language):
        _email(
            appointment,
            to_officer=False,
            event="proposed",
            subject=_("The officer proposes another time for consultation %(reference)s")
            % {"reference": appointment.reference},
            lead=_(
                "The officer cannot take the time you asked for and proposes the time below. "
                "Accept it or choose another time through the link."
            )
            + (f"\n{note}" if note else ""),
            method=None,
        )
        _sms(
            appointment,
            event="proposed",
            text=_("Consultation %(reference)s: the officer proposes %(when)s. Answer: %(url)s")
            % {
                "reference": appointment.reference,
                "when": when_text(appointment, language),
                "url": citizen_url(appointment),
            },
        )


def cancelled(appointment: Appointment, *, was_confirmed: bool) -> None:
    for to_officer in (False, True):
        language = "th" if to_officer else _citizen_language(appointment)
        with override(language):
            _email(
                appointment,
                to_officer=to_officer,
                event="cancelled",
                subject=_("Cancelled: video consultation %(reference)s, %(when)s")
                % {"reference": appointment.reference, "when": when_text(appointment, language)},
                lead=_("This consultation has been cancelled."),
                method="CANCEL" if was_confirmed else None,
            )
    with override(_citizen_language(appointment)):
        _sms(
            appointment,
            event="cancelled",
            text=_("Consultation %(reference)s on %(when)s is cancelled. MOC 1203")
            % {
                "reference": appointment.reference,
                "when": when_text(appointment, _citizen_language(appointment)),
            },
        )


def reminder(appointment: Appointment, *, kind: str) -> None:
    """`kind` is "24h" or "1h": e-mail and SMS to the citizen, e-mail to the officer."""
    for to_officer in (False, True):
        language = "th" if to_officer else _citizen_language(appointment)
        with override(language):
            _email(
                appointment,
                to_officer=to_officer,
                event=f"remind-{kind}",
                subject=_("Reminder: video consultation %(reference)s, %(when)s")
                % {"reference": appointment.reference, "when": when_text(appointment, language)},
                lead=_("A reminder of your video consultation."),
                method=None,
            )
    with override(_citizen_language(appointment)):
        _sms(
            appointment,
            event=f"remind-{kind}",
            text=_("Reminder: consultation %(reference)s %(when)s. %(url)s")
            % {
                "reference": appointment.reference,
                "when": when_text(appointment, _citizen_language(appointment)),
                "url": citizen_url(appointment),
            },
        )
