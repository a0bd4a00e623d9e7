"""The working-calendar API (/api/v1/calendar/): due dates in Thai working days, days off."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from ninja import Field, Router, Schema, Status

from borikan.api.auth import api_actor, scoped
from borikan.api.schemas import ErrorOut
from borikan.core import calendar, services
from borikan.core.calendar import DayKind, DayOff
from borikan.core.errors import PermissionDeniedError
from borikan.core.models import SpecialDayOff, User

router = Router(tags=["calendar"])


class SkippedDayOut(Schema):
    date: dt.date
    kind: DayKind
    reason: str = Field(description="Why the day is not worked, in Thai.")
    reason_en: str


class WorkingDaysOut(Schema):
    start: dt.date
    days: int
    end: dt.date = Field(description="The day the last of the working days falls on.")
    skipped: list[SkippedDayOut]
    explanation: str
    explanation_en: str


class WorkingDaysBetweenOut(Schema):
    start: dt.date
    end: dt.date
    days: int = Field(
        description="Working days after start up to and including end; negative when end is "
        "before start."
    )
    skipped: list[SkippedDayOut]
    explanation: str
    explanation_en: str


class DayOffOut(Schema):
    date: dt.date
    kind: DayKind
    name: str = Field(description="Thai name.")
    name_en: str


class HolidaysOut(Schema):
    year: int
    days_off: list[DayOffOut]
    worked_days: list[WorkedDayOut]


class SpecialDayOffIn(Schema):
    date: dt.date
    name_th: str = Field(min_length=1, max_length=200)
    name_en: str = Field("", max_length=200)
    note: str = Field("", max_length=300)
    # True: a holiday or weekend day the offices work (due dates count it), not a day off.
    worked: bool = False


class SpecialDayOffOut(Schema):
    date: dt.date
    name_th: str
    name_en: str
    note: str
    worked: bool


class WorkedDayOut(Schema):
    date: dt.date
    name: str
    name_en: str
    overrides: str
    overrides_en: str


def _skipped(days: tuple[DayOff, ...]) -> list[dict[str, Any]]:
    return [
        {"date": d.date, "kind": d.kind, "reason": d.reason, "reason_en": d.reason_en} for d in days
    ]


_QUERY_ERRORS: dict[int, Any] = {400: ErrorOut, 422: ErrorOut}
_WRITE_ERRORS: dict[int, Any] = {401: ErrorOut, 403: ErrorOut, 422: ErrorOut}


@router.get("/working-days", response={200: WorkingDaysOut, **_QUERY_ERRORS})
def working_days(request: HttpRequest, start: dt.date, days: int) -> dict[str, Any]:
    """The date `days` Thai working days after `start` (the start day itself is not counted),
    skipping weekends, public and government holidays and special days off."""
    result = calendar.working_days_add(start=start, days=days)
    return {
        "start": result.start,
        "days": result.days,
        "end": result.end,
        "skipped": _skipped(result.skipped),
        "explanation": result.explanation("th"),
        "explanation_en": result.explanation("en"),
    }


@router.get("/working-days/between", response={200: WorkingDaysBetweenOut, **_QUERY_ERRORS})
def working_days_between(request: HttpRequest, start: dt.date, end: dt.date) -> dict[str, Any]:
    """How many working days lie after `start` up to and including `end`."""
    result = calendar.working_days_between(start=start, end=end)
    return {
        "start": result.start,
        "end": result.end,
        "days": result.days,
        "skipped": _skipped(result.skipped),
        "explanation": result.explanation("th"),
        "explanation_en": result.explanation("en"),
    }


@router.get("/holidays", response={200: HolidaysOut, **_QUERY_ERRORS})
def holidays_of_year(request: HttpRequest, year: int) -> dict[str, Any]:
    """A year's public and government holidays and special days off (weekends not listed), and
    the holidays and weekend days an administrator entered as worked."""
    days = calendar.days_off(year=year)
    return {
        "year": year,
        "days_off": [
            {"date": d.date, "kind": d.kind, "name": d.reason, "name_en": d.reason_en} for d in days
        ],
        "worked_days": [
            {
                "date": w.date,
                "name": w.reason,
                "name_en": w.reason_en,
                "overrides": w.overrides.reason,
                "overrides_en": w.overrides.reason_en,
            }
            for w in calendar.worked_days(year=year)
        ],
    }


def _require_administrator(request: HttpRequest) -> None:
    # A token carries its scope; a signed-in member of staff must also be an administrator.
    user = getattr(request, "user", None)
    if getattr(request, "api_token", None) is None and not (
        isinstance(user, User) and user.is_administrator
    ):
        raise PermissionDeniedError(_("Only an administrator can change the days off."))


@router.post(
    "/days-off",
    response={201: SpecialDayOffOut, 400: ErrorOut, 409: ErrorOut, **_WRITE_ERRORS},
    auth=scoped("calendar"),
)
def day_off_create(request: HttpRequest, payload: SpecialDayOffIn) -> Status[SpecialDayOff]:
    """Adds a special day off announced by the cabinet; later due dates skip it. With
    `"worked": true`, a holiday or weekend day the offices work: later due dates count it."""
    _require_administrator(request)
    by, actor_repr = api_actor(request)
    day_off = services.special_day_off_create(
        date=payload.date,
        name_th=payload.name_th,
        name_en=payload.name_en,
        note=payload.note,
        worked=payload.worked,
        by=by,
        actor_repr=actor_repr,
        request=request,
    )
    return Status(201, day_off)


@router.delete(
    "/days-off/{date}",
    response={204: None, 404: ErrorOut, **_WRITE_ERRORS},
    auth=scoped("calendar"),
)
def day_off_delete(request: HttpRequest, date: dt.date) -> Status[None]:
    """Removes a special day off or a worked day (public and government holidays cannot be
    removed; a worked one is a day off again)."""
    _require_administrator(request)
    by, actor_repr = api_actor(request)
    services.special_day_off_delete(date=date, by=by, actor_repr=actor_repr, request=request)
    return Status(204, None)
