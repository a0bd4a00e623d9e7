"""Service-log API (scope `interactions`): log a service with its step timings; list the log."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any

from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from ninja import Field, Router, Schema, Status

from borikan.api.auth import api_actor, api_user, scoped
from borikan.api.schemas import ErrorOut
from borikan.contacts.selectors import contact_list_visible_to
from borikan.core.errors import DomainError, NotFoundError
from borikan.core.models import Agency, User
from borikan.interactions.models import Channel, Interaction, Outcome
from borikan.interactions.selectors import interaction_list_visible_to
from borikan.interactions.services import StepDone, interaction_log

# Beyond this an offset overflows the database's integers (a 500 found by schemathesis);
# nobody pages that far.
MAX_OFFSET = 10_000_000
MAX_ID = 2**63 - 1  # the database's integers

router = Router(tags=["interactions"], auth=scoped("interactions"))


class StepIn(Schema):
    key: str = Field(max_length=40)
    started_at: dt.datetime
    ended_at: dt.datetime


class InteractionIn(Schema):
    channel: Channel
    service: str = Field("S1", max_length=8, description="Catalogue code, e.g. S1")
    subject: str = Field(min_length=1, max_length=300)
    contact_id: int | None = None
    category: str = Field("", max_length=100)
    agency: str = Field("", max_length=16, description="Agency code, e.g. DIT")
    transfer_extension: str = Field("", max_length=20)
    notes: str = Field("", max_length=5000)
    outcome: Outcome = Outcome.ANSWERED
    call_id: str = Field("", max_length=128)
    steps: list[StepIn] = Field(default_factory=list, max_length=30)
    staff: str = Field(
        "", max_length=150, description="With a token: the username of the staff member who served."
    )


class StepTimingOut(Schema):
    step_key: str
    seconds: float
    standard_max_seconds: int | None
    within_standard: bool | None


class InteractionOut(Schema):
    id: int
    channel: str
    service: str = Field(alias="service.code")
    subject: str
    contact_id: int | None
    agency: str | None = Field(None, alias="agency.code")
    transfer_extension: str
    outcome: str
    staff: str = Field(alias="staff.username")
    started_at: dt.datetime
    ended_at: dt.datetime
    step_timings: list[StepTimingOut]

    @staticmethod
    def resolve_step_timings(obj: Interaction) -> list[Any]:
        return list(obj.step_timings.all())


@router.post(
    "", response={201: InteractionOut, 400: ErrorOut, 401: ErrorOut, 404: ErrorOut, 422: ErrorOut}
)
def interactions_create(request: HttpRequest, payload: InteractionIn) -> Status[Interaction]:
    """Log one service given; with a token, `staff` names who served the citizen."""
    actor, _repr = api_actor(request)
    if actor is None:
        actor = User.objects.filter(username=payload.staff, is_active=True).first()
        if actor is None:
            raise DomainError(
                _("Name the staff member who served (field “staff”)."),
                code="staff_required",
                status=400,
            )
    contact = None
    if payload.contact_id is not None:
        contact = contact_list_visible_to(user=actor).filter(pk=payload.contact_id).first()
        if contact is None:
            raise NotFoundError(_("No such contact, or you may not see it."))
    agency = None
    if payload.agency:
        agency = Agency.objects.filter(code=payload.agency.upper()).first()
        if agency is None:
            raise DomainError(_("Unknown agency code."), code="unknown_agency")
    interaction = interaction_log(
        staff=actor,
        channel=payload.channel,
        service_code=payload.service,
        subject=payload.subject,
        contact=contact,
        category=payload.category,
        agency=agency,
        transfer_extension=payload.transfer_extension,
        notes=payload.notes,
        outcome=payload.outcome,
        call_id=payload.call_id,
        steps=[
            StepDone(key=s.key, started_at=s.started_at, ended_at=s.ended_at) for s in payload.steps
        ],
    )
    return Status(201, interaction)


@router.get("", response={200: list[InteractionOut], 401: ErrorOut})
def interactions_list(
    request: HttpRequest,
    contact_id: Annotated[int, Field(ge=1, le=MAX_ID)] | None = None,
    limit: Annotated[int, Field(ge=1, le=500)] = 50,
    offset: Annotated[int, Field(ge=0, le=MAX_OFFSET)] = 0,
) -> list[Interaction]:
    """The service log visible to the caller, newest first."""
    qs = interaction_list_visible_to(user=api_user(request)).prefetch_related("step_timings")
    if contact_id is not None:
        qs = qs.filter(contact_id=contact_id)
    return list(qs[offset : offset + limit])
