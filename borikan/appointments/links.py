"""The citizen's signed link: see, reschedule or cancel one appointment without an account."""

from __future__ import annotations

from django.conf import settings
from django.utils.translation import gettext_lazy as _

from borikan.appointments.models import Appointment
from borikan.core.links import LinkError, SignedLink

__all__ = ["LinkError", "citizen_appointment", "citizen_token", "citizen_url"]

LINK = SignedLink(
    salt="borikan.appointments.citizen",
    # Long enough for a booking made months ahead; the appointment's state limits what it does.
    max_age_seconds=400 * 24 * 3600,
    expired=_("This link has expired. Call the provincial commerce office or hotline 1203."),
    key="a",
)


def citizen_token(appointment: Appointment) -> str:
    return LINK.token(appointment.pk, appointment.uid)


def citizen_url(appointment: Appointment) -> str:
    return f"{settings.SITE_URL}/appointment/c/{citizen_token(appointment)}/"


def citizen_appointment(token: str) -> Appointment:
    """The appointment a link names; LinkError when it was altered, expired or is unknown."""
    pk, uid = LINK.read(token)
    found = Appointment.objects.filter(pk=pk, uid=uid).first()
    if found is None:
        raise LinkError(_("This link is not valid: no such appointment."), status=404)
    return found
