"""The citizen's pages: request a consultation online, and see, move or cancel it by the signed
link sent with the confirmation (no account)."""

from __future__ import annotations

import datetime as dt
from typing import Any, cast

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from borikan.appointments.availability import officer_slots
from borikan.appointments.forms import PublicBookingForm, parse_start
from borikan.appointments.links import LinkError, citizen_appointment, citizen_token
from borikan.appointments.models import Mode, Status, Via
from borikan.appointments.notify import meeting_url_for
from borikan.appointments.services import (
    appointment_accept,
    appointment_cancel,
    appointment_reschedule,
)
from borikan.appointments.views import (
    book_from_form,
    booking_context,
    booking_form,
    both_languages,
)
from borikan.core.errors import DomainError
from borikan.core.ratelimit import client_ip, hit

# Online requests per address per 10 minutes; more is a script, not a citizen.
REQUESTS_PER_WINDOW = 10


@require_http_methods(["GET", "POST"])
def public_new(request: HttpRequest) -> HttpResponse:
    """A citizen asks for a consultation online (at home, or at a provincial office)."""
    initial = {
        "asked_at": timezone.localtime().isoformat(timespec="seconds"),
        "date": timezone.localdate() + dt.timedelta(days=1),
        "mode": Mode.ONLINE,
    }
    form = cast(
        PublicBookingForm, booking_form(request, initial=initial, form_class=PublicBookingForm)
    )
    if request.method == "POST" and "book" in request.POST and form.is_valid():
        if form.is_robot():  # a robot filled the hidden field: keep nothing
            return redirect("appointment_request")
        if form.too_fast():
            form.add_error(
                None, _("That was very quick: check what you typed, then send the form again.")
            )
        elif not hit(
            scope="appointment-request",
            key=client_ip(request),
            limit=REQUESTS_PER_WINDOW,
            window_seconds=600,
        ):
            form.add_error(None, _("Too many requests from this address: try again later."))
        else:
            language = "en" if (get_language() or "th").startswith("en") else "th"
            appointment = book_from_form(request, form, by=None, via=Via.ONLINE, language=language)
            if appointment is not None:
                return redirect("appointment_citizen", token=citizen_token(appointment))
    context = {
        "form": form,
        "public": True,
        **booking_context(request),
    }
    status = 400 if form.is_bound and form.errors else 200
    return render(request, "appointments/new.html", context, status=status)


@require_http_methods(["GET", "POST"])
def citizen_page(request: HttpRequest, token: str) -> HttpResponse:
    """The citizen's own appointment: accept a proposed time, move it, or cancel it."""
    try:
        appointment = citizen_appointment(token)
    except LinkError as exc:
        # Thai first, English too: the reader of a broken link may be either.
        messages_ = {"message_th": exc.message_in("th"), "message_en": exc.message_in("en")}
        return render(request, "appointments/citizen_bad_link.html", messages_, status=exc.status)
    error, status = "", 200
    if request.method == "POST":
        action = request.POST.get("action", "")
        try:
            if action == "accept":
                appointment_accept(appointment=appointment, by=None, actor_repr="citizen")
                messages.success(request, _("Thank you: the appointment is confirmed."))
            elif action == "reschedule":
                starts_at = parse_start(request.POST.get("starts_at", ""))
                if starts_at is None:
                    raise DomainError(_("Choose one of the free times shown."))
                appointment_reschedule(
                    appointment=appointment, by=None, starts_at=starts_at, actor_repr="citizen"
                )
                messages.success(request, _("Your appointment has moved to the new time."))
            elif action == "cancel":
                appointment_cancel(
                    appointment=appointment,
                    by=None,
                    actor_repr="citizen",
                    reason=request.POST.get("reason", "")[:500],
                )
                messages.success(request, _("Your appointment is cancelled."))
            else:
                raise DomainError(_("Unknown action."))
        except DomainError as exc:
            error, status = both_languages(exc), exc.status
        else:
            return redirect("appointment_citizen", token=token)
    appointment.refresh_from_db()
    free = []
    if appointment.status in (Status.REQUESTED, Status.PROPOSED, Status.CONFIRMED):
        free = officer_slots(officer=appointment.officer, start=timezone.localdate(), days=21)
    context: dict[str, Any] = {
        "a": appointment,
        "free": free,
        "error": error,
        "meeting_url": (
            meeting_url_for(appointment, officer=False)
            if appointment.mode == Mode.ONLINE and appointment.status == Status.CONFIRMED
            else ""
        ),
    }
    return render(request, "appointments/citizen.html", context, status=status)
