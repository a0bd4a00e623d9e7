"""The phone system's interface: Zammad-compatible Generic CTI events, caller lookup, calls."""

from __future__ import annotations

import datetime as dt
import json
from typing import Annotated, Any, Literal

from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext_lazy as _
from ninja import Field, Router, Schema
from pydantic import ValidationError as PydanticValidationError
from pydantic import field_validator, model_validator

from borikan.api.auth import StaffSessionAuth, TokenAuth, api_user, scoped
from borikan.api.schemas import ErrorOut
from borikan.core.errors import error_body
from borikan.telephony.models import Call
from borikan.telephony.selectors import call_list_visible_to, caller_name_for
from borikan.telephony.services import CAUSES, CtiEvent, cti_event_apply, cti_token_valid

# Beyond this an offset overflows the database's integers (a 500 found by schemathesis);
# nobody pages that far.
MAX_OFFSET = 10_000_000

router = Router(tags=["telephony"])

MAX_EVENT_BYTES = 16_384


class CtiEventIn(Schema):
    event: Literal["newCall", "answer", "hangup", "rating"]
    callId: str = Field(min_length=1, max_length=128)
    from_: str = Field("", alias="from", max_length=64)
    to: str = Field("", max_length=64)
    direction: Literal["in", "out"] = "in"
    user: list[str] = Field(default_factory=list, max_length=50)
    queue: str = Field("", max_length=64)
    answeringNumber: str = Field("", max_length=32)
    cause: str = Field("", max_length=32)
    # `rating` (Borikan's addition to Generic CTI): the caller's keypad digit after the call.
    score: str = Field("", max_length=8)
    dtmf: str = Field("", max_length=8)

    @field_validator("score", "dtmf", mode="before")
    @classmethod
    def digit(cls, value: Any) -> Any:
        value = str(value).strip() if value is not None else ""
        if value and value not in {"1", "2", "3"}:
            raise ValueError("a rating is 1 impressed, 2 satisfied or 3 dissatisfied")
        return value

    @model_validator(mode="after")
    def rating_has_score(self) -> CtiEventIn:
        if self.event == "rating" and not (self.score or self.dtmf):
            raise ValueError("a rating event needs score (or dtmf): 1, 2 or 3")
        return self

    @field_validator("cause")
    @classmethod
    def known_cause(cls, value: str) -> str:
        if value and value not in CAUSES:
            raise ValueError(f"unknown cause; one of {', '.join(CAUSES)}")
        return value

    @field_validator("user", mode="before")
    @classmethod
    def one_or_many(cls, value: Any) -> Any:
        return [value] if isinstance(value, str) else value


def _error(status: int, code: str, message: Any, details: Any = None) -> HttpResponse:
    return HttpResponse(
        json.dumps(error_body(code, message, details=details)),
        status=status,
        content_type="application/json",
    )


def _read_event(request: HttpRequest) -> dict[str, Any]:
    """JSON or form data, as PBXs send either; `user[]` is the form spelling of a list."""
    if request.content_type == "application/json":
        data = json.loads(request.body.decode("utf-8"))
        if not isinstance(data, dict):
            raise ValueError("a JSON object is expected")
        return data
    form = request.POST
    data = {key: form.get(key) for key in form if key not in {"user", "user[]"}}
    data["user"] = form.getlist("user[]") or form.getlist("user")
    return data


# Routed before /cti/{token}: Django tries URL patterns in order.
@router.get(
    "/cti/lookup",
    auth=scoped("cti"),
    response={200: dict[str, str], 401: ErrorOut},
    openapi_extra={
        "responses": {
            "200": {
                "description": "The caller's name (JSON), or with format=text the name alone",
                "content": {
                    "application/json": {
                        "schema": {"type": "object", "additionalProperties": {"type": "string"}}
                    },
                    "text/plain": {"schema": {"type": "string"}},
                },
            }
        }
    },
)
def cti_lookup(
    request: HttpRequest,
    number: Annotated[str, Field(max_length=64)],
    format: Literal["json", "text"] = "json",
) -> Any:
    """The caller's name for the PBX's display; `&format=text` gives the name alone."""
    name = caller_name_for(number=number)
    if format == "text":
        return HttpResponse(name, content_type="text/plain; charset=utf-8")
    return {"number": number, "name": name}


@router.post(
    "/cti/{token}",
    auth=None,
    response={200: dict[str, str], 401: ErrorOut, 413: ErrorOut, 422: ErrorOut},
)
def cti_event(request: HttpRequest, token: str) -> Any:
    """A Generic CTI event (newCall, answer, hangup; and `rating` with `score` or `dtmf` 1–3,
    the caller's keypad rating after the call) from the PBX. Answers `{}`, or
    `{"action": "reject", "reason": "busy"}` for a blocked caller."""
    if not cti_token_valid(secret=token):
        return _error(401, "unauthorized", _("Unknown phone-system token."))
    if len(request.body) > MAX_EVENT_BYTES:
        return _error(413, "too_large", _("The event is too large."))
    try:
        raw = _read_event(request)
        payload = CtiEventIn.model_validate(raw)
    except (UnicodeDecodeError, ValueError) as exc:
        if isinstance(exc, PydanticValidationError):
            details: Any = exc.errors(include_url=False, include_context=False, include_input=False)
        else:
            details = str(exc)[:300]
        return _error(422, "invalid_event", _("The event is not valid."), details)
    event = CtiEvent(
        event=payload.event,
        call_id=payload.callId,
        from_number=payload.from_,
        to_number=payload.to,
        direction=payload.direction,
        users=payload.user,
        queue=payload.queue,
        answering_number=payload.answeringNumber,
        cause=payload.cause,
        score=payload.score or payload.dtmf,
        payload=raw,
    )
    return cti_event_apply(event=event)


class CallOut(Schema):
    call_id: str
    direction: str
    caller: str
    hotline: str
    queue: str
    state: str
    cause: str
    missed: bool = Field(alias="is_missed")
    contact_id: int | None
    agent: str | None = Field(None, alias="agent.username")
    started_at: dt.datetime
    answered_at: dt.datetime | None
    ended_at: dt.datetime | None
    ring_seconds: float | None
    talk_seconds: float | None
    callback_done_at: dt.datetime | None


@router.get(
    "/calls",
    auth=[TokenAuth("interactions"), TokenAuth("cti"), StaffSessionAuth()],
    response={200: list[CallOut], 401: ErrorOut},
)
def calls_list(
    request: HttpRequest,
    missed: bool | None = None,
    limit: Annotated[int, Field(ge=1, le=500)] = 50,
    offset: Annotated[int, Field(ge=0, le=MAX_OFFSET)] = 0,
) -> list[Call]:
    """The call log, newest first; `missed=true` gives the missed calls."""
    return list(
        call_list_visible_to(user=api_user(request), missed=missed)[offset : offset + limit]
    )
