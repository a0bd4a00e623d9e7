"""Cases API (scope `cases`): open a case, read it with its events, act on it; and the public
tracking endpoint (no token)."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any

from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from ninja import Field, Router, Schema, Status

from borikan.api.auth import api_actor, api_user, scoped
from borikan.api.schemas import ErrorOut
from borikan.cases.models import Case, Kind, Origin
from borikan.cases.selectors import (
    case_due_explanation,
    case_events,
    case_get_visible,
    case_queue,
    case_rows,
    case_track_checked,
)
from borikan.cases.services import MAX_CASES, MAX_NOTE, case_act, case_dispatch_many, case_open
from borikan.cases.workflow import allowed_actions
from borikan.contacts.selectors import contact_list_visible_to
from borikan.core.errors import NotFoundError
from borikan.core.models import AuditEntry, User
from borikan.core.ratelimit import client_ip
from borikan.core.selectors import officer_get
from borikan.core.services import audit_record

router = Router(tags=["cases"], auth=scoped("cases"))
public_router = Router(tags=["tracking"])


class CaseIn(Schema):
    kind: Kind
    service: str = Field("S2", max_length=8, description="Catalogue service code")
    subject: str = Field(..., max_length=300)
    description: str = Field(..., description="At most 10,000 characters")
    category: str = Field("", max_length=100)
    origin: Origin = Origin.API
    origin_ref: str = Field("", max_length=100, description="The reference at the origin")
    contact_id: int | None = None
    first_name_th: str = Field("", max_length=100)
    last_name_th: str = Field("", max_length=100)
    phone: str = Field("", max_length=30)
    email: str = Field("", max_length=254)
    anonymous: bool = False
    submit: bool = Field(True, description="Submit to the director at once")


class EventOut(Schema):
    at: dt.datetime = Field(..., alias="created_at")
    action: str
    from_status: str
    to_status: str
    by: str = Field(..., alias="actor_repr")
    note: str
    public: bool
    agency: str | None = Field(None, alias="agency.code")


class CaseOut(Schema):
    number: str
    kind: str
    status: str
    service: str = Field(..., alias="service.code")
    subject: str
    description: str
    category: str
    origin: str
    origin_ref: str
    anonymous: bool
    contact_id: int | None
    agency: str | None = Field(None, alias="agency.code")
    unit: str
    officer: str | None = Field(None, alias="officer.username")
    received_at: dt.datetime
    due_date: dt.date
    due_explanation: str
    working_days_left: int | None
    answered_at: dt.datetime | None
    closed_at: dt.datetime | None
    merged_into: str | None = Field(None, alias="merged_into.number")
    version: int


class CaseDetailOut(CaseOut):
    events: list[EventOut] = Field(..., alias="event_list")
    allowed_actions: list[str]


class CaseCreatedOut(CaseOut):
    tracking_code: str = Field(
        "", description="Only for anonymous tip-offs: the secret code to track it, shown once"
    )


class ActionIn(Schema):
    action: str = Field(
        ...,
        description="submit, dispatch, accept, not_ours, pause, resume, "
        "answer, close, reopen, note",
    )
    note: str = Field("", description="Required for answer, pause, not_ours, reopen and note")
    agency: str = Field("", max_length=16, description="Agency code, for dispatch")
    unit: str = Field("", max_length=200)
    officer: str = Field("", max_length=150, description="Username of the officer, for dispatch")
    version: int | None = Field(None, description="The version you read: 409 if it changed")


def _decorate(case: Case, language: str = "th") -> Case:
    explanation = case_due_explanation(case=case, language=language)
    case.due_explanation = explanation.text  # type: ignore[attr-defined]
    case.working_days_left = explanation.left  # type: ignore[attr-defined]
    return case


@router.post(
    "",
    response={201: CaseCreatedOut, 400: ErrorOut, 401: ErrorOut, 404: ErrorOut, 422: ErrorOut},
)
def cases_open(request: HttpRequest, payload: CaseIn) -> Status[Case]:
    """Open a case: the ticket number, status and due date come back at once."""
    actor, actor_repr = api_actor(request)
    user = api_user(request)
    contact = None
    if payload.contact_id is not None:
        contact = contact_list_visible_to(user=user).filter(pk=payload.contact_id).first()
        if contact is None:
            raise NotFoundError(_("No such contact, or you may not see it."))
    opened = case_open(
        by=actor,
        actor_repr=actor_repr,
        kind=payload.kind,
        service_code=payload.service,
        subject=payload.subject,
        description=payload.description,
        category=payload.category,
        origin=payload.origin,
        origin_ref=payload.origin_ref,
        contact=contact,
        contact_fields={
            "first_name_th": payload.first_name_th,
            "last_name_th": payload.last_name_th,
            "email": payload.email,
        },
        phone=payload.phone,
        email=payload.email,
        anonymous=payload.anonymous,
        submit=payload.submit,
    )
    case = _decorate(opened.case)
    case.tracking_code = opened.tracking_code  # type: ignore[attr-defined]
    return Status(201, case)


@router.get("", response={200: list[CaseOut], 401: ErrorOut})
def cases_list(
    request: HttpRequest,
    status: str = "",
    kind: str = "",
    agency: str = "",
    due: str = "",
    q: str = "",
    page: Annotated[int, Field(ge=1, le=100_000)] = 1,
    per_page: Annotated[int, Field(ge=1, le=100)] = 25,
) -> list[Case]:
    """Cases visible to the caller, newest first (overdue and due-soon lists by due date)."""
    qs = case_queue(
        user=api_user(request), status=status, kind=kind, agency_code=agency, due=due, q=q
    )
    ids = list(qs.values_list("pk", flat=True)[(page - 1) * per_page : page * per_page])
    return [_decorate(c) for c in case_rows(ids=ids)]


class DispatchIn(Schema):
    numbers: list[str] = Field(..., min_length=1, max_length=MAX_CASES)
    agency: str = Field(..., max_length=16)
    note: str = Field("", max_length=MAX_NOTE)


class RefusedOut(Schema):
    number: str
    code: str
    message: str
    message_en: str


class DispatchOut(Schema):
    dispatched: list[str]
    refused: list[RefusedOut]


# Before "/{number}": Django would take "dispatch" for a case number.
@router.post(
    "/dispatch",
    response={200: DispatchOut, 400: ErrorOut, 401: ErrorOut, 403: ErrorOut, 422: ErrorOut},
)
def cases_dispatch(request: HttpRequest, payload: DispatchIn) -> dict[str, Any]:
    """Dispatch several cases to one agency (the director, signed in). Each case goes on its
    own: those dispatched, and those refused with why (taken meanwhile, closed, not visible)."""
    user = api_user(request)
    _actor, actor_repr = api_actor(request)
    result = case_dispatch_many(
        numbers=payload.numbers,
        by=user,
        agency_code=payload.agency,
        note=payload.note,
        actor_repr=actor_repr,
    )
    return {
        "dispatched": result.done,
        "refused": [
            {
                "number": number,
                "code": error.code,
                "message": error.message_in("th"),
                "message_en": error.message_in("en"),
            }
            for number, error in result.refused
        ],
    }


def _audited(request: HttpRequest, case: Case) -> None:
    if case.contact_id is None:
        return
    actor, actor_repr = api_actor(request)
    audit_record(
        actor=actor,
        actor_repr=actor_repr,
        action=AuditEntry.Action.VIEW,
        obj=case,
        contact_id=case.contact_id,
        request=request,
    )


def _detail(case: Case, user: User) -> Case:
    case = _decorate(case)
    case.event_list = list(case_events(case=case, internal=True))  # type: ignore[attr-defined]
    case.allowed_actions = allowed_actions(user=user, case=case)  # type: ignore[attr-defined]
    return case


@router.get("/{number}", response={200: CaseDetailOut, 401: ErrorOut, 404: ErrorOut})
def cases_get(request: HttpRequest, number: str) -> Case:
    """One case with every event (internal notes too) and the actions the caller may take."""
    user = api_user(request)
    case = case_get_visible(user=user, number=number)
    _audited(request, case)
    return _detail(case, user)


@router.post(
    "/{number}/events",
    response={
        200: CaseDetailOut,
        400: ErrorOut,
        401: ErrorOut,
        403: ErrorOut,
        404: ErrorOut,
        409: ErrorOut,
        422: ErrorOut,
    },
)
def cases_act(request: HttpRequest, number: str, payload: ActionIn) -> Case:
    """Take a workflow action allowed to the caller's role (a token acts as a supervisor)."""
    user = api_user(request)
    _actor, actor_repr = api_actor(request)
    case = case_get_visible(user=user, number=number)
    officer = officer_get(username=payload.officer) if payload.officer else None
    case = case_act(
        case=case,
        action=payload.action,
        by=user,
        actor_repr=actor_repr,
        note=payload.note,
        agency_code=payload.agency,
        unit=payload.unit,
        officer=officer,
        expected_version=payload.version,
    )
    return _detail(case, user)


class PublicEventOut(Schema):
    at: dt.datetime
    action: str
    label: str
    note: str


class TrackOut(Schema):
    number: str
    kind: str = Field(..., alias="kind_label")
    status: str
    status_label: str
    subject: str
    received_at: dt.datetime
    due_date: dt.date
    answered_at: dt.datetime | None
    closed_at: dt.datetime | None
    events: list[PublicEventOut]


@public_router.get(
    "", auth=None, response={200: TrackOut, 404: ErrorOut, 422: ErrorOut, 429: ErrorOut}
)
def track(request: HttpRequest, number: str = "", code: str = "") -> Any:
    """Public: a case's status, dates and public replies, with its ticket number and the last
    4 digits of the citizen's phone (or the secret code of an anonymous tip-off)."""
    return case_track_checked(client_key=client_ip(request), number=number, code=code)
