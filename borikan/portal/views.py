"""The public website: the citizen's home page, the service guides (per service and per
provincial office), the page a provincial website embeds, the HTML snippet and the PDF."""

from __future__ import annotations

from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse, reverse_lazy
from django.utils import translation
from django.views.decorators.clickjacking import xframe_options_exempt
from django.views.decorators.http import require_GET

from borikan.catalog.models import Service
from borikan.catalog.selectors import UnknownServiceError
from borikan.core.models import Office
from borikan.portal.pdf import guides_pdf
from borikan.portal.selectors import (
    OfficeNotFoundError,
    guide_flow,
    guide_service,
    guide_services,
    office_public_get,
    provincial_offices,
)

# The chat widget opens in the page itself (its script is on the home page); a rating is
# given through the signed link each client receives after a service.
CHAT_URL = "#borikan-chat"
RATING_URL = reverse_lazy("portal:rate")


def _guides(services: Any) -> list[dict[str, Any]]:
    return [{"service": s, "flow": guide_flow(service=s)} for s in services]


def _office(code: str) -> Office:
    try:
        return office_public_get(code=code)
    except OfficeNotFoundError as exc:
        raise Http404(str(exc)) from exc


def _service(code: str) -> Service:
    try:
        return guide_service(code=code)
    except UnknownServiceError as exc:
        raise Http404(str(exc)) from exc


@require_GET
def home(request: HttpRequest) -> HttpResponse:
    """The citizen's front door: every service without a phone call."""
    context = {
        "services": guide_services(),
        "chat_url": CHAT_URL,
        "rating_url": RATING_URL,
    }
    return render(request, "portal/home.html", context)


@require_GET
def rate(request: HttpRequest) -> HttpResponse:
    """How to rate a service: ratings come through the link sent after each service (or the
    counter tablet, the phone keypad, the chat), so that each rates a real service once."""
    return render(request, "portal/rate.html", {})


@require_GET
def guide_list(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "portal/guides.html",
        {"guides": _guides(guide_services()), "offices": provincial_offices()},
    )


@require_GET
def guide_detail(request: HttpRequest, code: str) -> HttpResponse:
    service = _service(code)
    if service.code != code:
        return redirect("portal:guide", code=service.code, permanent=True)
    return render(
        request,
        "portal/guide.html",
        {"guide": {"service": service, "flow": guide_flow(service=service)}},
    )


def _pdf_response(body: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(body, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response


@require_GET
def guide_pdf(request: HttpRequest, code: str) -> HttpResponse:
    service = _service(code)
    office = _office(request.GET["office"]) if request.GET.get("office") else None
    body = guides_pdf(services=[service], office=office)
    return _pdf_response(body, f"guide-{service.code}.pdf")


@require_GET
def office_list(request: HttpRequest) -> HttpResponse:
    return render(request, "portal/offices.html", {"offices": provincial_offices()})


def _office_context(request: HttpRequest, office: Office) -> dict[str, Any]:
    services = guide_services()
    wanted = request.GET.get("service", "").strip().upper()
    if wanted:
        services = services.filter(code=wanted)
    return {"office": office, "guides": _guides(services), "only": wanted}


@require_GET
def office_detail(request: HttpRequest, code: str) -> HttpResponse:
    office = _office(code)
    if office.code != code:
        return redirect("portal:office", code=office.code, permanent=True)
    return render(request, "portal/office.html", _office_context(request, office))


@require_GET
def office_pdf(request: HttpRequest, code: str) -> HttpResponse:
    office = _office(code)
    body = guides_pdf(services=list(guide_services()), office=office)
    return _pdf_response(body, f"guides-{office.code}.pdf")


def _embed_language(request: HttpRequest) -> str:
    """`?lang=en` for an English provincial page; otherwise the visitor's language."""
    asked = request.GET.get("lang", "")
    return asked if asked in ("th", "en") else translation.get_language() or "th"


@require_GET
@xframe_options_exempt  # the one page other sites may frame: the guides, nothing to click away
def office_embed(request: HttpRequest, code: str) -> HttpResponse:
    office = _office(code)
    with translation.override(_embed_language(request)):
        body = render_to_string(
            "portal/embed.html", _office_context(request, office), request=request
        )
    response = HttpResponse(body)
    # Any website may frame it (the CSP's frame-ancestors, and the resource policy).
    response._csp_replace = {"frame-ancestors": None}  # type: ignore[attr-defined]
    response["Cross-Origin-Resource-Policy"] = "cross-origin"
    return response


@require_GET
def office_snippet(request: HttpRequest, code: str) -> HttpResponse:
    """What a provincial webmaster copies: the iframe, or the guides as plain HTML."""
    office = _office(code)
    embed_url = request.build_absolute_uri(reverse("portal:embed", args=[office.code]))
    snippet = render_to_string("portal/_snippet.html", _office_context(request, office))
    return render(
        request,
        "portal/snippet.html",
        {"office": office, "embed_url": embed_url, "snippet": snippet},
    )


@require_GET
def office_snippet_raw(request: HttpRequest, code: str) -> HttpResponse:
    """The HTML snippet alone (inline styles, no script), for a site that fetches it."""
    office = _office(code)
    snippet = render_to_string("portal/_snippet.html", _office_context(request, office))
    response = HttpResponse(snippet, content_type="text/html; charset=utf-8")
    response["Access-Control-Allow-Origin"] = "*"  # public facts, no cookies involved
    return response
