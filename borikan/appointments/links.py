"""The citizen's signed link: see, reschedule or cancel one appointment without an account."""

from __future__ import annotations

from django.conf import settings
from django.core import signing
from django.utils.translation import gettext_lazy as _

from borikan.appointments.models import Appointment
from borikan.core.errors import DomainError

SALT = "borikan.appointments.citizen"
# Long enough for a booking made months ahead; the appointment's own state limits what it does.
MAX_AGE_SECONDS = 400 * 24 * 3600


class LinkError(DomainError):
    code = "bad_link"
    status = 400


def citizen_token(appointment: Appointment) -> str:
    # The UID ties the token to this appointment: ids are guessable, UIDs are not.
    return signing.dumps({"a": appointment.pk, "u": appointment.uid}, salt=SALT, compress=True)


def citizen_url(appointment: Appointment) -> str:
    return f"{settings.SITE_URL}/appointment/c/{citizen_token(appointment)}/"


def citizen_appointment(token: str) -> Appointment:
    """The appointment a link names; LinkError when it was altered, expired or is unknown."""
    try:
        data = signing.loads(token, salt=SALT, max_age=MAX_AGE_SECONDS)
    except signing.SignatureExpired:
        raise LinkError(
            _("This link has expired. Call the provincial commerce office or hotline 1203."),
            code="link_expired",
        ) from None
    except signing.BadSignature:
        raise LinkError(
            _(
                "This link is not valid: it may have been cut or changed. Open the link in the "
                "message exactly as it came."
            )
        ) from None
    found = Appointment.objects.filter(pk=data.get("a"), uid=data.get("u")).first()
    if found is None:
        raise LinkError(_("This link is not valid: no such appointment."), status=404)
    return found
