"""Staff pages of video consultations: book, one appointment and its actions, an officer's hours
and week, an office's day; and the officer's secret iCal feed."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from borikan.appointments import ical
from borikan.appointments.availability import AppointmentError, officer_slots
from borikan.appointments.forms import (
    ActionForm,
    BookingForm,
    ExceptionForm,
    WindowForm,
    parse_start,
)
from borikan.appointments.models import Mode, Status, StepTime, Via, Window, WindowException
from borikan.appointments.notify import meeting_url_for
from borikan.appointments.selectors import (
    AppointmentNotFoundError,
    appointment_events,
    appointment_get_visible,
    appointment_list_visible_to,
    booking_offices,
    feed_appointments,
    feed_officer,
    office_day,
    officer_hours,
    officer_week,
    officers_taking_consultations,
    topic_get,
    topic_list,
    topic_slots,
)
from borikan.appointments.services import (
    appointment_accept,
    appointment_book,
    appointment_cancel,
    appointment_check_in,
    appointment_complete,
    appointment_confirm,
    appointment_no_show,
    appointment_propose,
    appointment_reschedule,
    calendar_feed_renew,
    exception_add,
    exception_remove,
    may_act_as_officer,
    may_act_as_staff,
    window_add,
    window_remove,
)
from borikan.core.errors import DomainError
from borikan.core.forms import form_error_add
from borikan.core.http import acting_user, posted_int
from borikan.core.models import AuditEntry, Office, Role, User
from borikan.core.services import audit_record


def both_languages(exc: DomainError) -> str:
    """A refusal as the API gives it: Thai first, then English (once when they are the same)."""
    thai, english = exc.message_in("th"), exc.message_in("en")
    return thai if thai == english else f"{thai} / {english}"


def _parse_date(value: str | None, default: dt.date) -> dt.date:
    try:
        return dt.date.fromisoformat(value or "")
    except ValueError:
        return default


def booking_context(request: HttpRequest) -> dict[str, Any]:
    """The free times for the topic and date posted (the week from that date), whatever else
    the form still lacks: staff may look for a time before typing the citizen's details."""
    if request.method != "POST":
        return {"slots_by_day": []}
    try:
        topic = topic_get(code=request.POST.get("topic", ""))
    except DomainError:
        return {"slots_by_day": [], "searched": True}
    start = max(_parse_date(request.POST.get("date"), timezone.localdate()), timezone.localdate())
    days: dict[dt.date, list[Any]] = {}
    for slot in topic_slots(topic=topic, start=start, days=7):
        days.setdefault(slot.start.date(), []).append(slot)
    return {"slots_by_day": sorted(days.items()), "searched": True}


def booking_form(
    request: HttpRequest, *, initial: dict[str, Any], form_class: type[BookingForm] = BookingForm
) -> BookingForm:
    """Bound (and checked) only when booking; looking for free times keeps what was typed
    without showing errors for fields not filled in yet."""
    booking = request.method == "POST" and "book" in request.POST
    if request.method == "POST" and not booking:
        initial = {**initial, **request.POST.dict()}
    return form_class(
        request.POST if booking else None,
        initial=initial,
        topics=[(t.code, f"{t.name} ({t.agency.code})") for t in topic_list()],
        offices=[(o.code, o.name) for o in booking_offices()],
    )


def book_from_form(
    request: HttpRequest, form: BookingForm, *, by: User | None, via: str, language: str
) -> Any:
    """Books from a valid form and the chosen time; None (with the errors on the form) if not."""
    data = form.cleaned_data
    starts_at = parse_start(request.POST.get("starts_at", ""))
    if starts_at is None:
        form.add_error(None, _("Choose one of the free times shown."))
        return None
    office = None
    if data["mode"] == Mode.OFFICE and data.get("office"):
        office = Office.objects.filter(code=data["office"], is_active=True).first()
    try:
        return appointment_book(
            by=by,
            first_name=data["first_name"],
            last_name=data["last_name"],
            phone=data["phone"],
            email=data["email"],
            topic=topic_get(code=data["topic"]),
            topic_detail=data["topic_detail"],
            starts_at=starts_at,
            mode=data["mode"],
            office=office,
            via=via,
            language=language,
            asked_at=parse_start(data.get("asked_at") or ""),
        )
    except DomainError as exc:
        form_error_add(form, exc, both_languages(exc))
        return None


@login_required
def appointment_list(request: HttpRequest) -> HttpResponse:
    """Upcoming consultations the user may see; officers and offices have their own views."""
    user = acting_user(request)
    upcoming = (
        appointment_list_visible_to(user=user)
        .filter(starts_at__gte=timezone.now() - dt.timedelta(hours=2))
        .exclude(status=Status.CANCELLED)
        .order_by("starts_at")[:100]
    )
    context = {
        "rows": list(upcoming),
        "is_officer": user.role == Role.OFFICER,
        "officers": [] if user.role == Role.OFFICER else officers_taking_consultations(),
    }
    return render(request, "appointments/list.html", context)


@login_required
def appointment_new(request: HttpRequest) -> HttpResponse:
    """S3 steps 2–3: staff take the citizen's details and a convenient time, and book."""
    user = acting_user(request)
    if user.role == Role.OFFICER:
        raise PermissionDenied
    initial = {
        "asked_at": timezone.localtime().isoformat(timespec="seconds"),
        "date": timezone.localdate() + dt.timedelta(days=1),
        "office": user.office.code if user.office else "",
    }
    form = booking_form(request, initial=initial)
    if request.method == "POST" and "book" in request.POST and form.is_valid():
        appointment = book_from_form(request, form, by=user, via=Via.STAFF, language="th")
        if appointment is not None:
            messages.success(
                request,
                _("Booked %(reference)s: the officer is asked to confirm.")
                % {"reference": appointment.reference},
            )
            return redirect("appointments:detail", reference=appointment.reference)
    context = {"form": form, **booking_context(request)}
    status = 400 if form.is_bound and form.errors else 200
    return render(request, "appointments/new.html", context, status=status)


def _visible(user: User, reference: str) -> Any:
    try:
        return appointment_get_visible(user=user, reference=reference)
    except AppointmentNotFoundError as exc:
        raise Http404 from exc


@login_required
def appointment_detail(request: HttpRequest, reference: str) -> HttpResponse:
    user = acting_user(request)
    appointment = _visible(user, reference)
    audit_record(
        actor=user,
        action=AuditEntry.Action.VIEW,
        obj=appointment,
        contact_id=appointment.contact_id,
        request=request,
    )
    return _detail_page(request, user, appointment)


def _detail_page(
    request: HttpRequest, user: User, appointment: Any, *, error: str = "", status: int = 200
) -> HttpResponse:
    as_officer = may_act_as_officer(by=user, appointment=appointment)
    as_staff = may_act_as_staff(by=user, appointment=appointment)
    free = []
    if appointment.is_active and (as_officer or as_staff):
        free = officer_slots(officer=appointment.officer, start=timezone.localdate(), days=21)
    context = {
        "a": appointment,
        "events": appointment_events(appointment=appointment),
        "steps": StepTime.objects.filter(appointment=appointment),
        "as_officer": as_officer,
        "as_staff": as_staff,
        "free": free,
        "meeting_url": meeting_url_for(appointment, officer=as_officer),
        "now": timezone.now(),
        "error": error,
    }
    return render(request, "appointments/detail.html", context, status=status)


@login_required
@require_POST
def appointment_act(request: HttpRequest, reference: str) -> HttpResponse:
    user = acting_user(request)
    appointment = _visible(user, reference)
    form = ActionForm(request.POST)
    if not form.is_valid():
        return _detail_page(
            request, user, appointment, error=_("The request is not valid."), status=400
        )
    data = form.cleaned_data
    action, note, version = data["action"], data["note"] or "", data["version"]
    starts_at = parse_start(data["starts_at"] or "")
    try:
        if action in ("propose", "reschedule") and starts_at is None:
            raise AppointmentError(_("Choose one of the free times shown."))
        if action == "confirm":
            appointment_confirm(appointment=appointment, by=user, expected_version=version)
        elif action == "propose" and starts_at is not None:
            appointment_propose(
                appointment=appointment,
                by=user,
                starts_at=starts_at,
                note=note,
                expected_version=version,
            )
        elif action == "accept":
            appointment_accept(appointment=appointment, by=user)
        elif action == "reschedule" and starts_at is not None:
            appointment_reschedule(
                appointment=appointment, by=user, starts_at=starts_at, expected_version=version
            )
        elif action == "cancel":
            appointment_cancel(
                appointment=appointment, by=user, reason=note, expected_version=version
            )
        elif action == "check_in":
            appointment_check_in(appointment=appointment, by=user)
        elif action == "no_show":
            appointment_no_show(appointment=appointment, by=user, note=note)
        elif action == "complete":
            appointment_complete(appointment=appointment, by=user, outcome=note)
        else:
            raise AppointmentError(_("Unknown action."), code="unknown_action")
    except DomainError as exc:
        # Nothing was saved: the page again, with why, and the error's status.
        appointment.refresh_from_db()
        return _detail_page(
            request, user, appointment, error=both_languages(exc), status=exc.status
        )
    messages.success(request, _("Saved."))
    return redirect("appointments:detail", reference=reference)


def _officer_for(request: HttpRequest, user: User) -> User:
    """The officer whose hours or week a page shows: oneself, or (for staff) the one asked."""
    wanted = request.GET.get("officer") or request.POST.get("officer")
    if user.role == Role.OFFICER and not wanted:
        return user
    if wanted and str(wanted).isdigit():
        officer = User.objects.filter(pk=int(wanted), role=Role.OFFICER).first()
        if officer is not None:
            return officer
    raise Http404


@login_required
def officer_hours_page(request: HttpRequest) -> HttpResponse:
    """An officer publishes weekly windows and exceptions, and gets the secret feed address."""
    user = acting_user(request)
    officer = _officer_for(request, user)
    window_form = WindowForm(request.POST if "add_window" in request.POST else None)
    exception_form = ExceptionForm(request.POST if "add_exception" in request.POST else None)
    feed_url = ""
    try:
        if "add_window" in request.POST and window_form.is_valid():
            window_add(by=user, officer=officer, **window_form.cleaned_data)
            return redirect(request.get_full_path())
        if "add_exception" in request.POST and exception_form.is_valid():
            exception_add(by=user, officer=officer, **exception_form.cleaned_data)
            return redirect(request.get_full_path())
        if "remove_window" in request.POST:
            window = get_object_or_404(
                Window, pk=posted_int(request, "remove_window"), officer=officer
            )
            window_remove(by=user, window=window)
            return redirect(request.get_full_path())
        if "remove_exception" in request.POST:
            exception = get_object_or_404(
                WindowException, pk=posted_int(request, "remove_exception"), officer=officer
            )
            exception_remove(by=user, exception=exception)
            return redirect(request.get_full_path())
        if "new_feed" in request.POST and officer.pk == user.pk:
            token = calendar_feed_renew(officer=officer)
            feed_url = request.build_absolute_uri(f"/appointments/feed/{token}.ics")
    except DomainError as exc:
        form = window_form if "add_window" in request.POST else exception_form
        form_error_add(form, exc, both_languages(exc))
    windows, exceptions = officer_hours(officer=officer)
    context = {
        "officer": officer,
        "windows": windows,
        "exceptions": exceptions,
        "window_form": window_form,
        "exception_form": exception_form,
        "feed_url": feed_url,
        "own": officer.pk == user.pk,
    }
    return render(request, "appointments/hours.html", context)


@login_required
def officer_week_page(request: HttpRequest) -> HttpResponse:
    user = acting_user(request)
    officer = _officer_for(request, user)
    if user.role == Role.OFFICER and officer.agency_id != user.agency_id:
        raise Http404
    day = _parse_date(request.GET.get("date"), timezone.localdate())
    monday = day - dt.timedelta(days=day.weekday())
    context = {
        "officer": officer,
        "days": officer_week(officer=officer, start=monday),
        "previous": monday - dt.timedelta(days=7),
        "next": monday + dt.timedelta(days=7),
    }
    return render(request, "appointments/week.html", context)


@login_required
def office_day_page(request: HttpRequest) -> HttpResponse:
    user = acting_user(request)
    code = request.GET.get("office") or (user.office.code if user.office else "")
    day = _parse_date(request.GET.get("date"), timezone.localdate())
    offices = booking_offices() if user.sees_everything else Office.objects.none()
    if not code and user.sees_everything:  # a director or administrator of no office: choose
        return render(request, "appointments/day.html", {"offices": offices, "day": day})
    office = Office.objects.filter(code=code).first()
    if office is None or not (user.sees_everything or user.office_id == office.pk):
        raise Http404
    context = {
        "offices": offices,
        "office": office,
        "day": day,
        "rows": office_day(office=office, day=day),
        "previous": day - dt.timedelta(days=1),
        "next": day + dt.timedelta(days=1),
    }
    return render(request, "appointments/day.html", context)


def officer_feed(request: HttpRequest, token: str) -> HttpResponse:
    """The officer's consultations as an iCal feed, at a secret address (no sign-in)."""
    officer = feed_officer(token=token)
    if officer is None:
        raise Http404
    body = ical.feed(
        feed_appointments(officer=officer),
        name=_("Video consultations: %(name)s") % {"name": officer.display_name},
    )
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Cache-Control"] = "private, max-age=300"
    return response
