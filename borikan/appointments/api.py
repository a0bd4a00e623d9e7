"""Appointments API (scope `appointments`): topics, free slots, booking, and the officer's and
staff's actions. A token acts with a supervisor's rights, as in the cases API."""

from __future__ import annotations

import datetime as dt
from typing import Annotated

from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from ninja import Field, Router, Schema, Status

from borikan.api.auth import api_actor, api_user, scoped
from borikan.api.schemas import ErrorOut
from borikan.appointments.availability import AppointmentError, officer_slots
from borikan.appointments.models import Appointment, Mode, Via, Window, WindowException
from borikan.appointments.selectors import (
    appointment_events,
    appointment_get_visible,
    officer_hours,
    topic_get,
    topic_list,
    topic_slots,
)
from borikan.appointments.services import (
    appointment_book,
    appointment_cancel,
    appointment_check_in,
    appointment_complete,
    appointment_confirm,
    appointment_no_show,
    appointment_propose,
    appointment_reschedule,
    exception_add,
    window_add,
    window_remove,
)
from borikan.core.errors import NotFoundError
from borikan.core.models import AuditEntry, Office
from borikan.core.selectors import officer_get
from borikan.core.services import audit_record

router = Router(tags=["appointments"], auth=scoped("appointments"))

ERRORS = {400: ErrorOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 409: ErrorOut, 422: ErrorOut}


class TopicOut(Schema):
    code: str
    name_th: str
    name_en: str
    agency: str = Field(..., alias="agency.code")


class SlotOut(Schema):
    start: dt.datetime
    end: dt.datetime


class BookIn(Schema):
    first_name: str = Field(..., max_length=100)
    last_name: str = Field(..., max_length=100)
    phone: str = Field(..., max_length=30)
    email: str = Field(..., max_length=254)
    topic: str = Field(..., max_length=32, description="Topic code (GET /topics)")
    topic_detail: str = Field(..., max_length=2000, description="What exactly to discuss")
    starts_at: dt.datetime = Field(..., description="A free slot start, 2026-12-02T10:00+07:00")
    mode: Mode = Mode.OFFICE
    office: str = Field("", max_length=16, description="Office code for mode=office, e.g. PCO-CMI")
    officer: str = Field("", max_length=150, description="Username; empty routes the topic")
    language: str = Field("th", pattern="^(th|en)$")


class EventOut(Schema):
    at: dt.datetime = Field(..., alias="created_at")
    action: str
    by: str = Field(..., alias="actor_repr")
    note: str
    starts_at: dt.datetime | None


class AppointmentOut(Schema):
    reference: str
    status: str
    mode: str
    via: str
    first_name: str
    last_name: str
    phone: str
    email: str
    topic: str = Field(..., alias="topic.code")
    topic_detail: str
    agency: str = Field(..., alias="agency.code")
    officer: str = Field(..., alias="officer.username")
    office: str | None = Field(None, alias="office.code")
    room: str | None = Field(None, alias="room.name")
    starts_at: dt.datetime
    ends_at: dt.datetime
    sequence: int
    version: int


class AppointmentDetailOut(AppointmentOut):
    events: list[EventOut] = Field(..., alias="event_list")


class TimeIn(Schema):
    starts_at: dt.datetime
    note: str = Field("", max_length=5000)
    version: int | None = Field(None, description="The version you read: 409 if it changed")


class ConfirmIn(Schema):
    version: int | None = None


class CancelIn(Schema):
    reason: str = Field("", max_length=5000)
    version: int | None = None


def _detail(appointment: Appointment) -> Appointment:
    appointment.event_list = list(appointment_events(appointment=appointment))  # type: ignore[attr-defined]
    return appointment


def _get(request: HttpRequest, reference: str) -> Appointment:
    return appointment_get_visible(user=api_user(request), reference=reference)


@router.get("/topics", response={200: list[TopicOut], 401: ErrorOut})
def topics(request: HttpRequest) -> list[object]:
    """Consultation topics and the agency each routes to."""
    return list(topic_list())


@router.get("/slots", response={200: list[SlotOut], **ERRORS})
def slots(
    request: HttpRequest,
    topic: str = "",
    officer: str = "",
    date: dt.date | None = None,
    days: Annotated[int, Field(ge=1, le=31)] = 7,
) -> list[object]:
    """Free start times (Asia/Bangkok) for a topic, or for one officer, from `date`."""
    start = max(date or timezone.localdate(), timezone.localdate())
    if officer:
        return list(officer_slots(officer=officer_get(username=officer), start=start, days=days))
    if not topic:
        raise AppointmentError(_("Give a topic or an officer."), details={"field": "topic"})
    return list(topic_slots(topic=topic_get(code=topic), start=start, days=days))


@router.post("", response={201: AppointmentDetailOut, **ERRORS})
def book(request: HttpRequest, payload: BookIn) -> Status[Appointment]:
    """Book a consultation: the officer is asked to confirm (status `requested`)."""
    actor, actor_repr = api_actor(request)
    office = None
    if payload.office:
        office = Office.objects.filter(code=payload.office, is_active=True).first()
        if office is None:
            raise NotFoundError(_("No office with this code."), code="office_unknown")
    officer = officer_get(username=payload.officer) if payload.officer else None
    appointment = appointment_book(
        by=actor,
        actor_repr=actor_repr,
        first_name=payload.first_name,
        last_name=payload.last_name,
        phone=payload.phone,
        email=payload.email,
        topic=topic_get(code=payload.topic),
        topic_detail=payload.topic_detail,
        starts_at=payload.starts_at,
        mode=payload.mode,
        office=office,
        officer=officer,
        via=Via.API if actor is None else Via.STAFF,
        language=payload.language,
    )
    return Status(201, _detail(appointment))


@router.get("/{reference}", response={200: AppointmentDetailOut, 401: ErrorOut, 404: ErrorOut})
def get(request: HttpRequest, reference: str) -> Appointment:
    appointment = _get(request, reference)
    actor, actor_repr = api_actor(request)
    audit_record(
        actor=actor,
        actor_repr=actor_repr,
        action=AuditEntry.Action.VIEW,
        obj=appointment,
        contact_id=appointment.contact_id,
        request=request,
    )
    return _detail(appointment)


@router.post("/{reference}/confirm", response={200: AppointmentDetailOut, **ERRORS})
def confirm(request: HttpRequest, reference: str, payload: ConfirmIn) -> Appointment:
    """The officer confirms: invitations with the meeting link go to both sides."""
    appointment = appointment_confirm(
        appointment=_get(request, reference),
        by=api_user(request),
        expected_version=payload.version,
    )
    return _detail(appointment)


@router.post("/{reference}/propose", response={200: AppointmentDetailOut, **ERRORS})
def propose(request: HttpRequest, reference: str, payload: TimeIn) -> Appointment:
    """The officer proposes another of their free times."""
    appointment = appointment_propose(
        appointment=_get(request, reference),
        by=api_user(request),
        starts_at=payload.starts_at,
        note=payload.note,
        expected_version=payload.version,
    )
    return _detail(appointment)


@router.post("/{reference}/reschedule", response={200: AppointmentDetailOut, **ERRORS})
def reschedule(request: HttpRequest, reference: str, payload: TimeIn) -> Appointment:
    """Move to another free time of the same officer (updated invitations, higher SEQUENCE)."""
    _actor, actor_repr = api_actor(request)
    appointment = appointment_reschedule(
        appointment=_get(request, reference),
        by=api_user(request),
        starts_at=payload.starts_at,
        note=payload.note,
        actor_repr=actor_repr,
        expected_version=payload.version,
    )
    return _detail(appointment)


@router.post("/{reference}/cancel", response={200: AppointmentDetailOut, **ERRORS})
def cancel(request: HttpRequest, reference: str, payload: CancelIn) -> Appointment:
    """Cancel: the time is freed and both calendars get a CANCEL for the same UID."""
    _actor, actor_repr = api_actor(request)
    appointment = appointment_cancel(
        appointment=_get(request, reference),
        by=api_user(request),
        reason=payload.reason,
        actor_repr=actor_repr,
        expected_version=payload.version,
    )
    return _detail(appointment)


class NoteIn(Schema):
    note: str = Field("", max_length=5000)


class OutcomeIn(Schema):
    outcome: str = Field(..., max_length=5000)


@router.post("/{reference}/check-in", response={200: AppointmentDetailOut, **ERRORS})
def check_in(request: HttpRequest, reference: str) -> Appointment:
    """The citizen has come to the provincial office (from two hours before the start)."""
    return _detail(appointment_check_in(appointment=_get(request, reference), by=api_user(request)))


@router.post("/{reference}/no-show", response={200: AppointmentDetailOut, **ERRORS})
def no_show(request: HttpRequest, reference: str, payload: NoteIn) -> Appointment:
    """The citizen did not come (after the start time)."""
    appointment = appointment_no_show(
        appointment=_get(request, reference), by=api_user(request), note=payload.note
    )
    return _detail(appointment)


@router.post("/{reference}/outcome", response={200: AppointmentDetailOut, **ERRORS})
def outcome(request: HttpRequest, reference: str, payload: OutcomeIn) -> Appointment:
    """Record what came of the consultation; it is then completed."""
    appointment = appointment_complete(
        appointment=_get(request, reference), by=api_user(request), outcome=payload.outcome
    )
    return _detail(appointment)


class WindowIn(Schema):
    weekday: int = Field(..., ge=0, le=6, description="0 Monday … 6 Sunday")
    start: dt.time
    end: dt.time
    slot_minutes: int = 30
    valid_from: dt.date | None = None
    valid_until: dt.date | None = None


class WindowOut(WindowIn):
    id: int


class ExceptionIn(Schema):
    date: dt.date
    kind: WindowException.Kind = WindowException.Kind.CLOSED
    start: dt.time | None = None
    end: dt.time | None = None
    slot_minutes: int = 30
    note: str = Field("", max_length=200)


class ExceptionOut(ExceptionIn):
    id: int


class HoursOut(Schema):
    windows: list[WindowOut]
    exceptions: list[ExceptionOut]


@router.get("/officers/{username}/hours", response={200: HoursOut, 401: ErrorOut, 404: ErrorOut})
def hours(request: HttpRequest, username: str) -> dict[str, object]:
    """An officer's weekly windows and coming exceptions (Asia/Bangkok)."""
    windows, exceptions = officer_hours(officer=officer_get(username=username))
    return {"windows": windows, "exceptions": exceptions}


@router.post("/officers/{username}/windows", response={201: WindowOut, **ERRORS})
def windows_add(request: HttpRequest, username: str, payload: WindowIn) -> Status[Window]:
    """Publish a weekly window (409 when it overlaps another)."""
    window = window_add(
        by=api_user(request), officer=officer_get(username=username), **payload.dict()
    )
    return Status(201, window)


@router.delete("/officers/{username}/windows/{window_id}", response={204: None, **ERRORS})
def windows_remove(request: HttpRequest, username: str, window_id: int) -> Status[None]:
    window = Window.objects.filter(pk=window_id, officer=officer_get(username=username)).first()
    if window is None:
        raise NotFoundError(_("No such window."), code="window_unknown")
    window_remove(by=api_user(request), window=window)
    return Status(204, None)


@router.post("/officers/{username}/exceptions", response={201: ExceptionOut, **ERRORS})
def exceptions_add(
    request: HttpRequest, username: str, payload: ExceptionIn
) -> Status[WindowException]:
    """A day away (whole or some hours) or extra hours on one date."""
    exception = exception_add(
        by=api_user(request), officer=officer_get(username=username), **payload.dict()
    )
    return Status(201, exception)
