"""Satisfaction API (scope `surveys`): record a rating from any channel, ask a client by e-mail
or SMS, list the ratings. The figures are in the reports API."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Literal

from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from ninja import Field, Router, Schema, Status

from borikan.api.auth import api_actor, api_user, scoped
from borikan.api.schemas import ErrorOut
from borikan.cases.models import Case
from borikan.cases.selectors import case_get_visible
from borikan.core.errors import NotFoundError
from borikan.core.models import User
from borikan.interactions.models import Channel, Interaction
from borikan.interactions.selectors import interaction_list_visible_to
from borikan.surveys.models import Source, SurveyRequest, SurveyResponse
from borikan.surveys.selectors import response_list_visible_to
from borikan.surveys.services import response_record, survey_request_create

router = Router(tags=["surveys"], auth=scoped("surveys"))


class ResponseIn(Schema):
    channel: Channel
    source: Source
    score: int = Field(description="1 impressed, 2 satisfied, 3 dissatisfied")
    comment: str = Field("", max_length=2000)
    interaction_id: int | None = None
    case_number: str = Field("", max_length=20)


class ResponseOut(Schema):
    id: int
    channel: str
    source: str
    score: int
    satisfied: bool
    comment: str
    interaction_id: int | None
    case_id: int | None
    service: str | None = Field(None, alias="service.code")
    agency: str | None = Field(None, alias="agency.code")
    office: str | None = Field(None, alias="office.code")
    responded_at: dt.datetime


class RequestIn(Schema):
    via: Literal["email", "sms"]
    recipient: str = Field(max_length=254, description="E-mail address, or Thai mobile number")
    interaction_id: int | None = None
    case_number: str = Field("", max_length=20)
    language: Literal["th", "en"] = "th"


class RequestOut(Schema):
    id: int
    via: str
    channel: str
    interaction_id: int | None
    case_id: int | None
    created_at: dt.datetime
    expires_at: dt.datetime


def _rated(
    request: HttpRequest, interaction_id: int | None, case_number: str
) -> tuple[User, Interaction | None, Case | None]:
    user = api_user(request)
    interaction = case = None
    if interaction_id is not None:
        interaction = interaction_list_visible_to(user=user).filter(pk=interaction_id).first()
        if interaction is None:
            raise NotFoundError(_("No such interaction, or you may not see it."))
    if case_number:
        case = case_get_visible(user=user, number=case_number)
    return user, interaction, case


@router.post(
    "/responses",
    response={
        201: ResponseOut,
        400: ErrorOut,
        401: ErrorOut,
        404: ErrorOut,
        409: ErrorOut,
        422: ErrorOut,
    },
)
def responses_create(request: HttpRequest, payload: ResponseIn) -> Status[SurveyResponse]:
    """Record one rating (chat widget, kiosk, another system); an interaction is rated once."""
    _user, interaction, case = _rated(request, payload.interaction_id, payload.case_number)
    response = response_record(
        channel=payload.channel,
        source=payload.source,
        score=payload.score,
        comment=payload.comment,
        interaction=interaction,
        case=case,
    )
    return Status(201, response)


@router.post(
    "/requests",
    response={
        201: RequestOut,
        400: ErrorOut,
        401: ErrorOut,
        404: ErrorOut,
        409: ErrorOut,
        422: ErrorOut,
    },
)
def requests_create(request: HttpRequest, payload: RequestIn) -> Status[SurveyRequest]:
    """Ask a client to rate an interaction or a case: a signed single-use link by e-mail or SMS."""
    _user, interaction, case = _rated(request, payload.interaction_id, payload.case_number)
    actor, _repr = api_actor(request)
    survey = survey_request_create(
        via=payload.via,
        interaction=interaction,
        case=case,
        recipient=payload.recipient,
        by=actor,
        language=payload.language,
    )
    return Status(201, survey)


@router.get("/responses", response={200: list[ResponseOut], 401: ErrorOut})
def responses_list(
    request: HttpRequest,
    channel: Channel | None = None,
    score: Annotated[int | None, Field(ge=1, le=3)] = None,
    limit: Annotated[int, Field(ge=1, le=500)] = 50,
    offset: Annotated[int, Field(ge=0)] = 0,
) -> list[SurveyResponse]:
    """The ratings visible to the caller, newest first."""
    qs = response_list_visible_to(user=api_user(request))
    if channel is not None:
        qs = qs.filter(channel=channel)
    if score is not None:
        qs = qs.filter(score=score)
    return list(qs[offset : offset + limit])
