"""Catalogue pages for staff: every service, and one service drawn as its flow of steps."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from borikan.catalog.selectors import UnknownServiceError, service_get, service_list


@login_required
def catalog_list(request: HttpRequest) -> HttpResponse:
    return render(request, "catalog/list.html", {"services": service_list()})


@login_required
def catalog_detail(request: HttpRequest, code: str) -> HttpResponse:
    try:
        service = service_get(code=code)
    except UnknownServiceError as exc:
        raise Http404(str(exc)) from exc
    if service.code != code:
        # /catalog/s2/ works, but the address to share is /catalog/S2/.
        return redirect("catalog:detail", code=service.code, permanent=True)
    return render(request, "catalog/detail.html", {"service": service})
