"""The REST API under /api/v1/: one NinjaAPI, one router per app, one error format."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.exceptions import RequestDataTooBig
from django.db import InterfaceError, OperationalError
from django.http import Http404, HttpRequest, HttpResponse
from django.utils.translation import gettext_lazy as _
from ninja import NinjaAPI, Schema
from ninja.errors import AuthenticationError, HttpError, ValidationError

from borikan.api.auth import StaffSessionAuth, TokenAuth
from borikan.api.schemas import ErrorOut
from borikan.core.errors import DomainError, error_body


class BorikanAPI(NinjaAPI):
    """The API, whose OpenAPI document also lists the errors every operation of its kind can
    answer (found by schemathesis: they were returned but not documented)."""

    def get_openapi_schema(
        self, *, path_prefix: str | None = None, path_params: dict[str, Any] | None = None
    ) -> Any:
        schema = super().get_openapi_schema(path_prefix=path_prefix, path_params=path_params)
        common_errors_document(schema)
        return schema


ERROR_REF = {"$ref": "#/components/schemas/ErrorOut"}
COMMON_ERRORS = {
    "400": "A value no text may hold (a NUL character), or a refusal of the service",
    "401": "Not signed in, or no valid token with the right scope",
    "403": "A signed-in session without the CSRF token",
    "413": "The request body is too large",
    "422": "A parameter or the body is not valid (details list the fields)",
}
UNSAFE = {"post", "put", "patch", "delete"}


def common_errors_document(schema: dict[str, Any]) -> None:
    """Adds to each operation the errors the framework itself answers: 400 for a NUL character
    anywhere, 422 for any input, 413 for a body, 401 behind authentication, 403 (CSRF) for a
    session's unsafe request."""
    schemes = schema.get("components", {}).get("securitySchemes", {})
    cookie_schemes = {name for name, s in schemes.items() if s.get("in") == "cookie"}
    for path_item in schema.get("paths", {}).values():
        for method, operation in path_item.items():
            if not isinstance(operation, dict) or "responses" not in operation:
                continue
            wanted = {"400"}  # core.middleware.RefuseNulMiddleware answers it for any request
            if operation.get("parameters") or operation.get("requestBody"):
                wanted.add("422")
            if operation.get("requestBody"):
                wanted.add("413")
            security = operation.get("security") or []
            if security:
                wanted.add("401")
                if method in UNSAFE and any(cookie_schemes & set(s) for s in security):
                    wanted.add("403")
            responses = operation["responses"]
            for status in sorted(wanted):
                if status not in responses:
                    responses[status] = {
                        "description": COMMON_ERRORS[status],
                        "content": {"application/json": {"schema": ERROR_REF}},
                    }


api = BorikanAPI(
    title="Borikan API",
    version="1",
    description=(
        "REST API of Borikan, the citizen service-center platform. Integrations authenticate with "
        "`Authorization: Bearer <token>` (tokens from `borikan api-token create NAME --scopes …`); "
        "the pages use the staff session. Every error has the form "
        '`{"error": {"code", "message" (Thai), "message_en", "details"}}`.'
    ),
    urls_namespace="api",
    docs_url="/docs",
    openapi_url="/openapi.json",
)


def _respond(request: HttpRequest, status: int, body: dict[str, Any]) -> HttpResponse:
    return api.create_response(request, body, status=status)


@api.exception_handler(DomainError)
def on_domain_error(request: HttpRequest, exc: DomainError) -> HttpResponse:
    return _respond(request, exc.status, exc.as_dict())


@api.exception_handler(ValidationError)
def on_validation_error(request: HttpRequest, exc: ValidationError) -> HttpResponse:
    details = [
        {
            "field": ".".join(str(p) for p in err.get("loc", [])[1:]) or None,
            "problem": err.get("msg", ""),
            "type": err.get("type", ""),
        }
        for err in exc.errors
    ]
    body = error_body(
        "validation_error", _("The request is not valid: check the fields listed."), details=details
    )
    return _respond(request, 422, body)


@api.exception_handler(AuthenticationError)
def on_auth_error(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
    body = error_body("unauthorized", _("Sign in, or send a valid token with the right scope."))
    return _respond(request, 401, body)


@api.exception_handler(RequestDataTooBig)
def on_too_big(request: HttpRequest, exc: RequestDataTooBig) -> HttpResponse:
    body = error_body(
        "too_large",
        _("The request is too large: at most %(mb)s MB.")
        % {"mb": round(settings.DATA_UPLOAD_MAX_MEMORY_SIZE / 2**20, 1)},
    )
    return _respond(request, 413, body)


@api.exception_handler(OverflowError)
def on_overflow(request: HttpRequest, exc: OverflowError) -> HttpResponse:
    # A number past the database's 64-bit integers, e.g. ?contact_id=9999…: nothing can match,
    # and it is the request that is wrong (found by schemathesis as a 500).
    body = error_body("validation_error", _("A number in the request is too large."))
    return _respond(request, 422, body)


@api.exception_handler(Http404)
def on_not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
    return _respond(request, 404, error_body("not_found", _("Not found.")))


@api.exception_handler(OperationalError)
@api.exception_handler(InterfaceError)
def on_database_unavailable(request: HttpRequest, exc: Exception) -> HttpResponse:
    """The database cannot be reached (restarting, failing over): retry shortly."""
    response = _respond(
        request,
        503,
        error_body(
            "unavailable",
            _(
                "The system cannot reach its database just now. Nothing you sent was saved; "
                "please try again in a moment."
            ),
        ),
    )
    response["Retry-After"] = "5"
    return response


@api.exception_handler(HttpError)
def on_http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
    return _respond(request, exc.status_code, error_body("http_error", str(exc)))


class MeOut(Schema):
    kind: str
    name: str
    role: str | None = None
    scopes: list[str] = []


@api.get(
    "/me",
    response={200: MeOut, 401: ErrorOut},
    auth=[TokenAuth(None), StaffSessionAuth()],
    tags=["auth"],
)
def me(request: HttpRequest) -> dict[str, Any]:
    """Who the request is authenticated as: a staff member, or a token and its scopes."""
    token = getattr(request, "api_token", None)
    if token is not None:
        return {"kind": "token", "name": token.name, "scopes": token.scopes}
    user = request.user
    return {"kind": "user", "name": user.get_username(), "role": getattr(user, "role", None)}


def _mount() -> None:
    # Each app owns its router; imported here so the API is assembled in one place.
    from borikan.appointments.api import router as appointments_router
    from borikan.cases.api import public_router as tracking_router
    from borikan.cases.api import router as cases_router
    from borikan.catalog.api import router as catalog_router
    from borikan.chat.api import router as chat_router
    from borikan.contacts.api import router as contacts_router
    from borikan.core.api import router as calendar_router
    from borikan.interactions.api import router as interactions_router
    from borikan.knowledge.api import router as kb_router
    from borikan.privacy.api import router as privacy_router
    from borikan.reports.api import router as reports_router
    from borikan.surveys.api import router as surveys_router
    from borikan.telephony.api import router as telephony_router

    api.add_router("/catalog/", catalog_router)
    api.add_router("/calendar/", calendar_router)
    api.add_router("/contacts", contacts_router)
    api.add_router("/interactions", interactions_router)
    api.add_router("/cases", cases_router)
    api.add_router("/kb", kb_router)
    api.add_router("/appointments", appointments_router)
    api.add_router("/chat", chat_router)
    api.add_router("/track", tracking_router)
    api.add_router("/privacy", privacy_router)
    api.add_router("/surveys", surveys_router)
    api.add_router("/reports", reports_router)
    api.add_router("/", telephony_router)


_mount()
