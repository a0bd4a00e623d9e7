"""The second factor for staff (TOTP, django-otp): optional for staff, required for
administrators. An authenticator app (any RFC 6238 app) gives a 6-digit code every 30 s."""

from __future__ import annotations

import segno
from django.conf import settings
from django.db import transaction
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from django_otp import login as otp_login
from django_otp.plugins.otp_totp.models import TOTPDevice

from borikan.core.errors import DomainError
from borikan.core.models import Role, User

DEMO_DEVICE = "demo"


class SecondFactorError(DomainError):
    code = "second_factor_invalid"


def must_use_second_factor(user: User) -> bool:
    """Administrators must (when BORIKAN['ADMINS_NEED_SECOND_FACTOR'], the default)."""
    return bool(settings.BORIKAN.get("ADMINS_NEED_SECOND_FACTOR", True)) and (
        user.role == Role.ADMIN or user.is_superuser
    )


def confirmed_device(user: User) -> TOTPDevice | None:
    return TOTPDevice.objects.filter(user=user, confirmed=True).order_by("pk").first()


def second_factor_needed(user: User) -> bool:
    """Whether this signed-in user must give a code before anything else."""
    return must_use_second_factor(user) or confirmed_device(user) is not None


@transaction.atomic
def totp_setup_start(*, user: User) -> TOTPDevice:
    """The device being set up (a new secret each time setup starts over)."""
    TOTPDevice.objects.filter(user=user, confirmed=False).delete()
    return TOTPDevice.objects.create(user=user, name="authenticator", confirmed=False)


def totp_setup_pending(*, user: User) -> TOTPDevice | None:
    return TOTPDevice.objects.filter(user=user, confirmed=False).order_by("-pk").first()


def totp_qr_svg(device: TOTPDevice) -> str:
    """The otpauth:// URL as an inline SVG QR code (made here: no outside service)."""
    qr = segno.make(device.config_url, error="m")
    return str(qr.svg_inline(scale=4, dark="#111", light="#fff"))


def _checked_token(token: str) -> str:
    token = "".join(ch for ch in (token or "") if ch.isdigit())
    if len(token) != 6:
        raise SecondFactorError(
            _("Enter the 6-digit code from your authenticator app."), code="code_format"
        )
    return token


@transaction.atomic
def totp_setup_confirm(*, request: HttpRequest, user: User, token: str) -> TOTPDevice:
    """Confirms the device with a first code; the session counts as verified from then on."""
    device = totp_setup_pending(user=user)
    if device is None:
        raise SecondFactorError(_("Start the setup again."), code="no_setup")
    if not device.verify_token(_checked_token(token)):
        raise SecondFactorError(
            _("That code is not right. Check the time on your phone and try the new code."),
            code="code_wrong",
        )
    TOTPDevice.objects.filter(user=user, confirmed=True).delete()  # one authenticator a person
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    otp_login(request, device)
    return device


def totp_verify(*, request: HttpRequest, user: User, token: str) -> None:
    """Checks a code for this sign-in. Wrong codes count toward the device's own throttling
    (django-otp doubles the wait after each failure)."""
    device = confirmed_device(user)
    if device is None:
        raise SecondFactorError(_("Set up your authenticator first."), code="no_device")
    allowed, _info = device.verify_is_allowed()
    if not allowed:
        raise SecondFactorError(
            _("Too many wrong codes: wait a moment, then try again."), code="throttled", status=429
        )
    if not device.verify_token(_checked_token(token)):
        raise SecondFactorError(
            _("That code is not right. Check the time on your phone and try the new code."),
            code="code_wrong",
        )
    otp_login(request, device)


@transaction.atomic
def totp_remove(*, user: User) -> None:
    """Turns the second factor off; administrators cannot (they must keep one)."""
    if must_use_second_factor(user):
        raise SecondFactorError(
            _("Administrators must keep a second factor."), code="required", status=403
        )
    TOTPDevice.objects.filter(user=user).delete()
