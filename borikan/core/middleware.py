"""Refusal of NUL characters in what a request carries (path, query, form or JSON body).

PostgreSQL text cannot hold NUL, so a `%00` or `\\u0000` reaching a query was a 500 there (and
nothing a person types contains one; found by schemathesis). Files are not looked at: a
multipart body is left to the upload checks."""

from __future__ import annotations

from collections.abc import Callable

from django.core.exceptions import RequestDataTooBig
from django.http import HttpRequest, HttpResponse, JsonResponse, QueryDict
from django.utils.translation import gettext_lazy as _
from django.utils.translation import override

from borikan.core.errors import error_body

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
