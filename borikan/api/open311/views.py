"""The GeoReport v2 endpoints. Each answers in the format its path ends with (.json or .xml);
every refusal is the specification's list of {code, description}, Thai first and English too."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from functools import wraps
from typing import Any

from django.conf import settings
from django.core import signing
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _
from django.views.decorators.csrf import csrf_exempt

from borikan.api.models import ApiToken
from borikan.api.open311.formats import error_response, respond
from borikan.api.open311.mapping import (
    ATTR_ANONYMOUS,
    ATTR_KIND,
    ATTR_SUBJECT,
    REQUEST_KINDS,
    request_record,
    service_definition,
    service_notice,
    service_record,
)
from borikan.api.services import api_token_authenticate
from borikan.cases.models import Kind
from borikan.cases.selectors import case_list_for_integrations, case_public_notes
from borikan.cases.services import case_open
from borikan.catalog.models import Service
from borikan.catalog.selectors import normalize_service_code, service_list
from borikan.core.errors import DomainError, interpolate
from borikan.core.ratelimit import hit

# Scopes whose tokens may file and read requests in full.
KEY_SCOPES = frozenset({"open311", "cases"})
DEFAULT_WINDOW = dt.timedelta(days=90)
MAX_REQUESTS = 1_000
MAX_IDS = 100
POSTS_PER_HOUR = 600  # per key: a client filing faster is broken
TOKEN_SALT = "borikan.open311.token"
MAX_FIELD = 10_000
_ATTRIBUTE = re.compile(r"^attribute\[([A-Za-z0-9_]{1,40})\](\[\])?$")

View = Callable[..., HttpResponse]


class Open311Error(Exception):
    def __init__(self, status: int, *messages: str | Promise) -> None:
        super().__init__(status)
        self.status = status
        self.messages = list(messages)


def open311_view(*methods: str) -> Callable[[View], View]:
    """The method check and the error format around a GeoReport view."""

    def decorate(view: View) -> View:
        @csrf_exempt
        @wraps(view)
        def wrapped(
            request: HttpRequest, *args: Any, fmt: str = "json", **kwargs: Any
        ) -> HttpResponse:
            if request.method not in methods:
                response = error_response(405, [_("This method is not allowed here.")], fmt=fmt)
                response["Allow"] = ", ".join(methods)
                return response
            try:
                return view(request, *args, fmt=fmt, **kwargs)
            except Open311Error as exc:
                return error_response(exc.status, exc.messages, fmt=fmt)

        return wrapped

    return decorate


def _requestable_services() -> list[Service]:
    """The catalogue's complaint services: what a GeoReport client may file."""
    return [s for s in service_list() if s.kind == Service.Kind.COMPLAINT]


def _service(code: str) -> Service | None:
    normalized = normalize_service_code(code)
    return next((s for s in _requestable_services() if s.code == normalized), None)


def _key(request: HttpRequest, *, required: bool) -> ApiToken | None:
    key = (request.POST.get("api_key") if request.method == "POST" else None) or request.GET.get(
        "api_key", ""
    )
    if not key:
        if required:
            raise Open311Error(403, _("An api_key is required to file a request."))
        return None
    token = api_token_authenticate(key=key.strip())
    if token is None or not KEY_SCOPES.intersection(token.scopes):
        raise Open311Error(403, _("This api_key is not valid, or is not allowed to use Open311."))
    return token


def _absolute(request: HttpRequest, path: str) -> str:
    return request.build_absolute_uri(path)


# --- discovery and services ------------------------------------------------------------------


@open311_view("GET")
def discovery(request: HttpRequest, fmt: str) -> HttpResponse:
    base = _absolute(request, reverse("open311:root"))
    changed = max((s.updated_at for s in _requestable_services()), default=timezone.now())
    data = {
        "changeset": _w3c(changed),
        "contact": str(
            _("Ministry of Commerce service center, hotline 1203, %(site)s")
            % {"site": settings.SITE_URL}
        ),
        "key_service": str(_("Ask the ministry's administrators for an API key (scope open311).")),
        "endpoints": [
            {
                "specification": "http://wiki.open311.org/GeoReport_v2",
                "url": base,
                "changeset": _w3c(changed),
                "type": "production",
                "formats": ["application/json", "text/xml"],
            }
        ],
    }
    return respond(data, fmt=fmt, root="discovery")


def _w3c(value: dt.datetime) -> str:
    return timezone.localtime(value).isoformat(timespec="seconds")


@open311_view("GET")
def services(request: HttpRequest, fmt: str) -> HttpResponse:
    data = [service_record(s) for s in _requestable_services()]
    return respond(data, fmt=fmt, root="services", item="service")


@open311_view("GET")
def service_detail(request: HttpRequest, fmt: str, code: str) -> HttpResponse:
    service = _service(code)
    if service is None:
        raise Open311Error(404, _("There is no service with this service_code."))
    return respond(service_definition(service), fmt=fmt, root="service_definition")


# --- requests --------------------------------------------------------------------------------


def _records(cases: list[Any], *, full: bool) -> list[dict[str, Any]]:
    notes = case_public_notes(case_ids=[c.merged_into_id or c.pk for c in cases]) if full else {}
    # One notice per service, from the catalogue's prefetched steps (not one query per case).
    notices = {s.pk: service_notice(s) for s in service_list(include_inactive=True)}
    return [
        request_record(
            case,
            full=full,
            status_notes=notes.get(case.merged_into_id or case.pk, ""),
            notice=notices.get(case.service_id, ""),
        )
        for case in cases
    ]


def _parse_when(request: HttpRequest, name: str) -> dt.datetime | None:
    raw = request.GET.get(name, "").strip()
    if not raw:
        return None
    try:
        value = parse_datetime(raw.replace(" ", "+"))  # a "+" left unescaped in a query
    except ValueError:
        value = None
    if value is None:
        raise Open311Error(
            400,
            interpolate(
                _("%(name)s is not a date and time such as 2026-11-29T09:30:00+07:00."), name=name
            ),
        )
    if timezone.is_naive(value):
        value = timezone.make_aware(value)
    return value


def _list(raw: str) -> list[str]:
    return [item.strip() for item in raw.split(",") if item.strip()]


def _requests_get(request: HttpRequest, fmt: str) -> HttpResponse:
    token = _key(request, required=False)
    numbers = _list(request.GET.get("service_request_id", ""))
    if len(numbers) > MAX_IDS:
        raise Open311Error(
            400,
            interpolate(_("Ask for at most %(count)s service_request_id at once."), count=MAX_IDS),
        )
    if numbers:
        # The specification: with ids, every other filter is ignored.
        cases = case_list_for_integrations(numbers=numbers, limit=MAX_IDS)
        return respond(
            _records(cases, full=token is not None),
            fmt=fmt,
            root="service_requests",
            item="request",
        )
    codes = _list(request.GET.get("service_code", ""))
    normalized = [normalize_service_code(c) for c in codes]
    if any(code is None for code in normalized):
        raise Open311Error(400, _("service_code is not a service code such as S2."))
    statuses = {s.lower() for s in _list(request.GET.get("status", ""))}
    if statuses - {"open", "closed"}:
        raise Open311Error(400, _("status is open or closed."))
    start = _parse_when(request, "start_date")
    end = _parse_when(request, "end_date")
    if start is not None and end is not None and start > end:
        raise Open311Error(400, _("start_date is after end_date."))
    if start is None and end is None:
        start = timezone.now() - DEFAULT_WINDOW
    open_ = None if len(statuses) != 1 else statuses == {"open"}
    cases = case_list_for_integrations(
        service_codes=[c for c in normalized if c],
        received_from=start,
        received_to=end,
        open_=open_,
        limit=MAX_REQUESTS,
    )
    return respond(
        _records(cases, full=token is not None), fmt=fmt, root="service_requests", item="request"
    )


def _field(request: HttpRequest, name: str, limit: int = 200) -> str:
    value = request.POST.get(name, "").strip()
    if len(value) > limit:
        raise Open311Error(
            400,
            interpolate(
                _("%(name)s is too long: at most %(limit)s characters."), name=name, limit=limit
            ),
        )
    return value


def _attributes(request: HttpRequest) -> dict[str, str]:
    found: dict[str, str] = {}
    for key in request.POST:
        match = _ATTRIBUTE.match(key)
        if match:
            found[match.group(1)] = request.POST.get(key, "").strip()
    return found


def _location_text(request: HttpRequest) -> str:
    """Where, as the client gave it (our cases keep no coordinates): a line of the text."""
    address = _field(request, "address_string", 500)
    lat, long = _field(request, "lat", 40), _field(request, "long", 40)
    if bool(lat) != bool(long):
        raise Open311Error(400, _("Give both lat and long, or neither."))
    if lat:
        try:
            lat_f, long_f = float(lat), float(long)
        except ValueError as exc:
            raise Open311Error(400, _("lat and long are decimal degrees (WGS84).")) from exc
        if not (-90 <= lat_f <= 90 and -180 <= long_f <= 180):
            raise Open311Error(400, _("lat and long are decimal degrees (WGS84)."))
    parts = []
    if address:
        parts.append(address)
    if lat:
        parts.append(f"{lat}, {long}")
    return " · ".join(parts)


def _requests_post(request: HttpRequest, fmt: str) -> HttpResponse:
    token = _key(request, required=True)
    if token is None:  # _key raised already; for the type checker
        raise Open311Error(403, _("An api_key is required to file a request."))
    if not hit(scope="open311-post", key=str(token.pk), limit=POSTS_PER_HOUR, window_seconds=3600):
        raise Open311Error(429, _("Too many requests with this api_key: try again in an hour."))
    code = _field(request, "service_code", 20)
    if not code:
        raise Open311Error(400, _("service_code is required."))
    service = _service(code)
    if service is None:
        raise Open311Error(404, _("There is no service with this service_code."))
    attributes = _attributes(request)
    kind = attributes.get(ATTR_KIND, "")
    if not kind:
        raise Open311Error(400, _("attribute[kind] is required: complaint, grievance or tipoff."))
    if kind not in {k.value for k in REQUEST_KINDS}:
        raise Open311Error(400, _("attribute[kind] is complaint, grievance or tipoff."))
    description = _field(request, "description", MAX_FIELD)
    if not description:
        raise Open311Error(400, _("description is required."))
    subject = attributes.get(ATTR_SUBJECT, "") or " ".join(description.split())[:120]
    anonymous = attributes.get(ATTR_ANONYMOUS, "false").lower()
    if anonymous not in {"true", "false"}:
        raise Open311Error(400, _("attribute[anonymous] is true or false."))
    if anonymous == "true" and kind != Kind.TIPOFF:
        raise Open311Error(400, _("Only a tip-off may be anonymous."))
    phone, email = _field(request, "phone", 30), _field(request, "email", 254)
    if anonymous == "true":  # nothing that names the citizen is kept
        phone = email = ""
        first_name = last_name = ""
    else:
        first_name, last_name = (
            _field(request, "first_name", 100),
            _field(request, "last_name", 100),
        )
        if not phone and not email:
            raise Open311Error(
                400, _("Give the citizen's phone or email, so that the ministry can answer.")
            )
    media_url = _field(request, "media_url", 500)
    if media_url and not re.match(r"^https?://", media_url):
        raise Open311Error(400, _("media_url is an http or https address."))
    extra = [line for line in (_location_text(request), media_url) if line]
    if extra:
        description = "\n\n".join([description, *extra])
    try:
        with transaction.atomic():
            opened = case_open(
                by=None,
                actor_repr=f"open311:{token.name}"[:200],
                kind=kind,
                service_code=service.code,
                subject=subject,
                description=description,
                origin="api",
                origin_ref=_field(request, "account_id", 100) or _field(request, "device_id", 100),
                contact_fields={
                    "first_name_th": first_name,
                    "last_name_th": last_name,
                    "email": email,
                },
                phone=phone,
                email=email,
                anonymous=anonymous == "true",
                submit=True,
            )
    except DomainError as exc:
        status = 404 if exc.status == 404 else 400
        raise Open311Error(status, exc.message) from exc
    case = opened.case
    record: dict[str, Any] = {
        "service_request_id": case.number,
        "token": request_token(case.number),
        "service_notice": service_notice(case.service) or None,
        "account_id": None,
    }
    if opened.tracking_code:  # an anonymous tip-off: shown this once, stored only hashed
        record["tracking_code"] = opened.tracking_code
    data = [record]
    return respond(data, fmt=fmt, root="service_requests", item="request", status=201)


@open311_view("GET", "POST")
def requests(request: HttpRequest, fmt: str) -> HttpResponse:
    if request.method == "POST":
        return _requests_post(request, fmt)
    return _requests_get(request, fmt)


@open311_view("GET")
def request_detail(request: HttpRequest, fmt: str, number: str) -> HttpResponse:
    token = _key(request, required=False)
    cases = case_list_for_integrations(numbers=[number], limit=1)
    if not cases:
        raise Open311Error(404, _("There is no request with this service_request_id."))
    return respond(
        _records(cases, full=token is not None), fmt=fmt, root="service_requests", item="request"
    )


def request_token(number: str) -> str:
    """The token of a filed request: its number, signed (the number is given at once anyway)."""
    return signing.Signer(salt=TOKEN_SALT, sep=".").sign(number)


@open311_view("GET")
def token_detail(request: HttpRequest, fmt: str, token: str) -> HttpResponse:
    try:
        number = signing.Signer(salt=TOKEN_SALT, sep=".").unsign(token)
    except signing.BadSignature as exc:
        raise Open311Error(404, _("There is no request with this token.")) from exc
    if not case_list_for_integrations(numbers=[number], limit=1):
        raise Open311Error(404, _("There is no request with this token."))
    data = [{"service_request_id": number, "token": token}]
    return respond(data, fmt=fmt, root="service_requests", item="request")


@csrf_exempt
def not_found(request: HttpRequest, rest: str = "") -> HttpResponse:
    fmt = "xml" if rest.endswith(".xml") else "json"
    return error_response(
        404,
        [_("No such GeoReport v2 resource: the paths end in .json or .xml.")],
        fmt=fmt,
    )
