"""Request-wide rules: the second factor before anything else, and the security headers Django
does not set itself."""

from __future__ import annotations

from collections.abc import Callable
from urllib.parse import urlencode

from django.http import HttpRequest, HttpResponse, HttpResponseRedirect, JsonResponse
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from borikan.core.errors import error_body
from borikan.core.models import User
from borikan.core.twofactor import confirmed_device, second_factor_needed

# Reachable before the second factor: the factor's own pages, signing out, static files,
# the language switch and the health check.
OPEN_PREFIXES = ("/account/2fa/", "/logout/", "/static/", "/i18n/", "/healthz")


class SecondFactorMiddleware:
    """A signed-in user who needs a second factor and has not given it this session may only
    give it (or set it up): pages redirect there, the API answers 401."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        if (
            isinstance(user, User)
            and user.is_authenticated
            and not request.path.startswith(OPEN_PREFIXES)
            and not user.is_verified()  # type: ignore[attr-defined]  # set by OTPMiddleware
            and second_factor_needed(user)
        ):
            if request.path.startswith("/api/"):
                return JsonResponse(
                    error_body(
                        "second_factor_required",
                        _("Give the code from your authenticator app first (sign in again)."),
                    ),
                    status=401,
                )
            target = "totp_verify" if confirmed_device(user) else "totp_setup"
            query = urlencode({"next": request.get_full_path()})
            return HttpResponseRedirect(f"{reverse(target)}?{query}")
        return self.get_response(request)


class SecurityHeadersMiddleware:
    """Headers beyond Django's SecurityMiddleware: no powerful browser features, and our
    responses are not for other sites to embed as resources."""

    PERMISSIONS = (
        "camera=(), microphone=(), geolocation=(), payment=(), usb=(), "
        "accelerometer=(), gyroscope=(), magnetometer=()"
    )

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        response.headers.setdefault("Permissions-Policy", self.PERMISSIONS)
        response.headers.setdefault("Cross-Origin-Resource-Policy", "same-origin")
        return response
