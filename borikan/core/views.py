from __future__ import annotations

import datetime as dt
import sys
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db import InterfaceError, OperationalError
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext_lazy as _
from django.utils.translation import override
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from borikan.core import calendar
from borikan.core.errors import DomainError, error_body
from borikan.core.forms import SpecialDayOffForm, WorkingDaysForm, form_error_add
from borikan.core.http import acting_user
from borikan.core.models import User
from borikan.core.navigation import modules_for
from borikan.core.selectors import system_health
from borikan.core.services import special_day_off_create, special_day_off_delete


def home(request: HttpRequest) -> HttpResponse:
    # Citizens who type the site's address land on the public website; staff sign in there.
    if not request.user.is_authenticated:
        return redirect("portal:home")
    return render(
        request,
        "core/home.html",
        {"modules": modules_for(acting_user(request)), "today": timezone.localdate()},
    )


# Errors no view handled. The page is rendered without the request (no session, no user, no
# context processors): when the database is down they would fail too.
UNAVAILABLE_RETRY_SECONDS = 5


def server_error(request: HttpRequest) -> HttpResponse:
    """Django's handler500: a database that cannot be reached (restarting, failing over) is a
    503 the client may retry, not a 500; both in the API's error format under /api/."""
    error = sys.exc_info()[1]
    if isinstance(error, (OperationalError, InterfaceError)):
        status = 503
        code = "unavailable"
        title = _("Service temporarily unavailable")
        message = _(
            "The system cannot reach its database just now. Nothing you sent was saved; "
            "please try again in a moment."
        )
    else:
        status = 500
        code = "server_error"
        title = _("Something went wrong")
        message = _(
            "The system could not complete this request. Nothing was saved; the error has "
            "been logged. Please try again."
        )
    if request.path.startswith("/api/"):
        response: HttpResponse = JsonResponse(error_body(code, message), status=status)
    else:
        with override("th"):
            context = {"title_th": str(title), "message_th": str(message)}
        with override("en"):
            context |= {"title_en": str(title), "message_en": str(message)}
        response = HttpResponse(render_to_string("core/unavailable.html", context), status=status)
    if status == 503:
        response["Retry-After"] = str(UNAVAILABLE_RETRY_SECONDS)
    return response


@require_GET
@never_cache
def healthz(request: HttpRequest) -> JsonResponse:
    health = system_health()
    return JsonResponse(health, status=503 if health["status"] == "error" else 200)


# ---------------------------------------------------------------------------------------------
# The working calendar


def _is_htmx_partial(request: HttpRequest) -> bool:
    # A history restore asks for the whole page even though htmx sends it.
    htmx = getattr(request, "htmx", None)
    return htmx is not None and bool(htmx) and not htmx.history_restore_request


def _calendar_year(request: HttpRequest) -> int:
    try:
        year = int(request.GET.get("year", ""))
    except ValueError:
        return timezone.localdate().year
    return year if calendar.MIN_YEAR <= year <= calendar.MAX_YEAR else timezone.localdate().year


def _calculate(form: WorkingDaysForm) -> calendar.WorkingDaysResult | None:
    if not form.is_bound or not form.is_valid():
        return None
    try:
        return calendar.working_days_add(**form.cleaned_data)
    except DomainError as exc:
        form_error_add(form, exc)
        return None


def _calendar_page(
    request: HttpRequest,
    *,
    user: User,
    year: int,
    calculator: WorkingDaysForm | None = None,
    day_off_form: SpecialDayOffForm | None = None,
) -> HttpResponse:
    today = timezone.localdate()
    calculator = calculator or WorkingDaysForm(initial={"start": today, "days": 15})
    context: dict[str, Any] = {
        "year": year,
        "days_off": calendar.days_off(year=year),
        "worked_days": calendar.worked_days(year=year),
        "previous_year": year - 1 if year > calendar.MIN_YEAR else None,
        "next_year": year + 1 if year < calendar.MAX_YEAR else None,
        "today": today,
        "calculator": calculator,
        "result": _calculate(calculator),
        "can_edit": user.is_administrator,
        "day_off_form": day_off_form or SpecialDayOffForm(),
    }
    return render(request, "core/calendar.html", context)


@login_required
@require_GET
def calendar_page(request: HttpRequest) -> HttpResponse:
    """The year's days off, the working-days calculator, and for administrators a form to add a
    special day off."""
    user = acting_user(request)
    calculator = WorkingDaysForm(request.GET) if "days" in request.GET else None
    if calculator is not None and _is_htmx_partial(request):
        result = _calculate(calculator)
        response = render(
            request, "core/calendar_result.html", {"calculator": calculator, "result": result}
        )
    else:
        response = _calendar_page(
            request, user=user, year=_calendar_year(request), calculator=calculator
        )
    patch_vary_headers(response, ["HX-Request"])
    return response


@login_required
@require_POST
def calendar_day_off_add(request: HttpRequest) -> HttpResponse:
    user = acting_user(request)
    if not user.is_administrator:
        raise PermissionDenied
    form = SpecialDayOffForm(request.POST)
    if form.is_valid():
        try:
            day_off = special_day_off_create(**form.cleaned_data, by=user, request=request)
        except DomainError as exc:
            form_error_add(form, exc)
        else:
            if day_off.worked:
                messages.success(request, _("The day was entered as worked."))
            else:
                messages.success(request, _("The special day off was added."))
            return redirect(f"{reverse('calendar')}?year={day_off.date.year}")
    day = form.cleaned_data.get("date")
    year = day.year if day and calendar.MIN_YEAR <= day.year <= calendar.MAX_YEAR else None
    return _calendar_page(
        request, user=user, year=year or timezone.localdate().year, day_off_form=form
    )


@login_required
@require_POST
def calendar_day_off_delete(request: HttpRequest, date: str) -> HttpResponse:
    user = acting_user(request)
    if not user.is_administrator:
        raise PermissionDenied
    try:
        day = dt.date.fromisoformat(date)
        special_day_off_delete(date=day, by=user, request=request)
    except (ValueError, DomainError) as exc:
        raise Http404 from exc
    messages.success(request, _("The calendar entry was removed."))
    return redirect(f"{reverse('calendar')}?year={day.year}")
