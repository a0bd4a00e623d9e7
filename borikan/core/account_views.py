"""The staff member's own sign-in safety: the second factor (set up, give a code, turn off),
and the page shown when sign-ins are locked after too many wrong passwords."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from borikan.core.http import acting_user
from borikan.core.twofactor import (
    SecondFactorError,
    confirmed_device,
    must_use_second_factor,
    totp_qr_svg,
    totp_remove,
    totp_setup_confirm,
    totp_setup_pending,
    totp_setup_start,
    totp_verify,
)


class CodeForm(forms.Form):
    code = forms.CharField(
        label=_("6-digit code"),
        max_length=12,
        widget=forms.TextInput(
            attrs={"inputmode": "numeric", "autocomplete": "one-time-code", "autofocus": True}
        ),
    )


def _next(request: HttpRequest) -> str:
    target = request.POST.get("next") or request.GET.get("next") or "/"
    if not url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return "/"
    return target


@login_required
def totp_setup(request: HttpRequest) -> HttpResponse:
    """Scan the QR code (or type the key), then prove it works with a first code."""
    user = acting_user(request)
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            totp_setup_confirm(request=request, user=user, token=form.cleaned_data["code"])
        except SecondFactorError as exc:
            form.add_error("code", str(exc.message))
        else:
            messages.success(request, _("Your authenticator is set up."))
            return redirect(_next(request))
    # A wrong code shows the same secret again; a fresh visit starts over with a new one.
    device = (request.method == "POST" and totp_setup_pending(user=user)) or totp_setup_start(
        user=user
    )
    context: dict[str, Any] = {
        "form": form,
        "qr": totp_qr_svg(device),
        "key": _grouped(device),
        "required": must_use_second_factor(user),
        "has_device": confirmed_device(user) is not None,
        "next": _next(request),
    }
    return render(request, "core/totp_setup.html", context)


def _grouped(device: Any) -> str:
    import base64

    key = base64.b32encode(device.bin_key).decode().rstrip("=")
    return " ".join(key[i : i + 4] for i in range(0, len(key), 4))


@login_required
def totp_verify_page(request: HttpRequest) -> HttpResponse:
    user = acting_user(request)
    if confirmed_device(user) is None:
        return redirect("totp_setup")
    form = CodeForm(request.POST or None)
    status = 200
    if request.method == "POST" and form.is_valid():
        try:
            totp_verify(request=request, user=user, token=form.cleaned_data["code"])
        except SecondFactorError as exc:
            form.add_error("code", str(exc.message))
            status = exc.status if exc.status == 429 else 200
        else:
            return redirect(_next(request))
    return render(
        request, "core/totp_verify.html", {"form": form, "next": _next(request)}, status=status
    )


@login_required
@require_POST
def totp_turn_off(request: HttpRequest) -> HttpResponse:
    try:
        totp_remove(user=acting_user(request))
    except SecondFactorError as exc:
        messages.error(request, str(exc.message))
    else:
        messages.success(request, _("The second factor is off."))
    return redirect("home")


def locked_out(request: HttpRequest, credentials: Any = None, *args: Any, **kwargs: Any) -> Any:
    """django-axes: too many wrong passwords for this username from this address."""
    return render(request, "core/locked_out.html", status=429)
