"""Request-wide rules: the second factor before anything else, a rate limit for people not
signed in, the security headers Django does not set itself, and the refusal of NUL characters
in what a request carries (path, query, form or JSON body).

PostgreSQL text cannot hold NUL, so a `%00` or `\\u0000` reaching a query was a 500 there (and
nothing a person types contains one; found by schemathesis). Files are not looked at: a
multipart body is left to the upload checks."""

from __future__ import annotations

from collections.abc import Callable
from urllib.parse import urlencode

from django.conf import settings
from django.core.exceptions import RequestDataTooBig
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect, JsonResponse, QueryDict
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import override

from borikan.core.errors import error_body
from borikan.core.models import User
from borikan.core.ratelimit import client_ip, hit
from borikan.core.twofactor import (
    confirmed_device,
    must_use_second_factor,
    second_factor_needed,
)

# Reachable before the second factor: the factor's own pages, signing out, static files,
# the language switch and the health check.
OPEN_PREFIXES = ("/account/2fa/", "/logout/", "/static/", "/i18n/", "/healthz")
NO_AUTHENTICATOR_KEY = "borikan.no_authenticator"


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
            and self._needs_code(request, user)
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

    @staticmethod
    def _needs_code(request: HttpRequest, user: User) -> bool:
        """Administrators always; others when they set up an authenticator. That a person has
        none is remembered in the session, so their pages do not look it up every time (one
        set up in this session verifies it at once)."""
        if must_use_second_factor(user):
            return True
        if request.session.get(NO_AUTHENTICATOR_KEY):
            return False
        if second_factor_needed(user):
            return True
        request.session[NO_AUTHENTICATOR_KEY] = True
        return False


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


# Not counted: files, the health check, and the phone system's events (a PBX signs every call
# of a whole center from one address, with a secret token in the URL).
UNLIMITED_PREFIXES = ("/static/", "/healthz", "/api/v1/cti/")
TOKEN_PREFIXES = ("/api/", "/open311/")


class PublicRateLimitMiddleware:
    """Every request of someone not signed in, on every page and API operation, counts toward
    a per-address limit per minute (BORIKAN['PUBLIC_REQUESTS_PER_MINUTE']); past it, 429 with
    Retry-After. Staff sessions and API tokens are not limited here: they are accountable.
    Forms and lookups that invite guessing (tracking, complaints) have tighter limits of their
    own."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if self._counted(request) and not hit(
            scope="public",
            key=client_ip(request),
            limit=int(settings.BORIKAN["PUBLIC_REQUESTS_PER_MINUTE"]),
            window_seconds=60,
        ):
            return _too_many(request)
        return self.get_response(request)

    @staticmethod
    def _counted(request: HttpRequest) -> bool:
        if request.path.startswith(UNLIMITED_PREFIXES):
            return False
        # An integration's token is checked by the API itself (a wrong one gets 401); on pages
        # the header means nothing, so it cannot buy a way past the limit there.
        if "Authorization" in request.headers and request.path.startswith(TOKEN_PREFIXES):
            return False
        user = getattr(request, "user", None)
        return not (user is not None and user.is_authenticated)


def _too_many(request: HttpRequest) -> HttpResponse:
    title = _("Too many requests")
    message = _("Too many requests from this connection: wait a minute, then try again.")
    response: HttpResponse
    if request.path.startswith("/api/"):
        response = JsonResponse(error_body("rate_limited", message), status=429)
    else:
        with override("th"):
            context = {"title_th": str(title), "message_th": str(message)}
        with override("en"):
            context |= {"title_en": str(title), "message_en": str(message)}
        response = HttpResponse(render_to_string("core/unavailable.html", context), status=429)
    response["Retry-After"] = "60"
    return response


NUL = "\x00"
MESSAGE = _("The request contains a NUL character (%00), which no text may hold.")


def _in_query(query: QueryDict) -> bool:
    return any(NUL in key or NUL in value for key, values in query.lists() for value in values)


def request_has_nul(request: HttpRequest) -> bool:
    if NUL in request.path or _in_query(request.GET):
        return True
    content_type = request.content_type or ""
    if content_type not in ("application/json", "application/x-www-form-urlencoded"):
        return False
    try:
        body = request.body
    except RequestDataTooBig:  # the view answers that in its own way
        return False
    if b"\x00" in body:
        return True
    if content_type == "application/json":
        return b"\\u0000" in body.lower()  # escaped in JSON text
    return _in_query(request.POST)


def _in(language: str) -> str:
    with override(language):
        return str(MESSAGE)


class RefuseNulMiddleware:
    """Answers 400 before any view runs: the API's error format under /api/, the Open311 error
    list under /open311/, plain text (Thai, then English) elsewhere."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if not request_has_nul(request):
            return self.get_response(request)
        if request.path.startswith("/api/"):
            return JsonResponse(error_body("nul_character", MESSAGE), status=400)
        if request.path.startswith("/open311/"):
            description = f"{_in('th')} / {_in('en')}"
            return JsonResponse([{"code": 400, "description": description}], status=400, safe=False)
        return HttpResponse(f"{_in('th')}\n{_in('en')}\n", status=400, content_type="text/plain")
