"""Scoping and filtering of the records every figure counts, and the labels of what a figure is
counted by."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from borikan.cases.models import OPEN_STATUSES, Case, Status
from borikan.catalog.models import Service
from borikan.core.models import Agency, Office, Province, Role, User
from borikan.core.thai import be_year, month_name
from borikan.interactions.models import Channel, Interaction, StepTiming
from borikan.reports.filters import ReportFilters
from borikan.surveys.models import Source, SurveyRequest, SurveyResponse
from borikan.telephony.models import Call

VOLUME_DIMENSIONS = ("channel", "service", "agency", "province", "topic", "office", "staff")
STEP_DIMENSIONS = ("", "staff", "office", "agency", "channel", "month")
SATISFACTION_DIMENSIONS = ("channel", "service", "agency", "office", "source", "month")


DIMENSION_LABELS = {
    "channel": gettext_lazy("channel"),
    "service": gettext_lazy("service"),
    "agency": gettext_lazy("agency"),
    "province": gettext_lazy("province"),
    "topic": gettext_lazy("topic"),
    "office": gettext_lazy("office"),
    "staff": gettext_lazy("staff"),
    "source": gettext_lazy("source"),
    "month": gettext_lazy("month"),
}


def ratio(part: int, whole: int) -> float | None:
    return part / whole if whole else None


def month_label(first: dt.date, language: str = "th") -> str:
    if language.startswith("th"):
        return f"{month_name(first.month, style='short')} {be_year(first.year)}"
    return f"{month_name(first.month, language='en', style='short')} {first.year}"


# --- scoping and filtering -------------------------------------------------------------------


def scope_q(user: User, *, office: str, agency: str | None) -> Q | None:
    """The rows `user` may count: None for everything, else a condition (Q(pk__in=[]) none)."""
    if user.sees_everything:
        return None
    if user.role == Role.OFFICER:
        if agency is None or not user.agency_id:
            return Q(pk__in=[])
        return Q(**{f"{agency}_id": user.agency_id})
    if not user.office_id:
        return Q(pk__in=[])
    return Q(**{f"{office}_id": user.office_id})


@dataclass(frozen=True)
class _Ids:
    office: int | None
    agency: int | None
    service: int | None
    unknown: bool  # a code that names nothing: every figure is zero


def _ids(f: ReportFilters) -> _Ids:
    def one(model: Any, code: str) -> tuple[int | None, bool]:
        if not code:
            return None, False
        pk = model.objects.filter(code=code).values_list("pk", flat=True).first()
        return pk, pk is None

    office, a = one(Office, f.office)
    agency, b = one(Agency, f.agency)
    service, c = one(Service, f.service)
    return _Ids(office, agency, service, a or b or c)


def filtered(
    qs: QuerySet[Any],
    user: User,
    f: ReportFilters,
    *,
    at: str,
    prefix: str = "",
    channel: str | None = "channel",
    office: str = "office",
    agency: str | None = "agency",
    service: str | None = "service",
) -> QuerySet[Any]:
    """`qs` within the range on `at`, the filters, and the user's scope (fields under `prefix`)."""
    ids = _ids(f)
    if ids.unknown:
        return qs.none()
    p = prefix
    qs = qs.filter(**{f"{p}{at}__gte": f.start, f"{p}{at}__lt": f.end})
    if ids.office is not None:
        qs = qs.filter(**{f"{p}{office}_id": ids.office})
    if ids.agency is not None:
        qs = qs.filter(**{f"{p}{agency}_id": ids.agency}) if agency else qs.none()
    if ids.service is not None:
        qs = qs.filter(**{f"{p}{service}_id": ids.service}) if service else qs.none()
    if f.channel:
        qs = qs.filter(**{f"{p}{channel}": f.channel}) if channel else qs.none()
    scope = scope_q(
        user, office=f"{p}{office}", agency=f"{p}{agency}" if agency is not None else None
    )
    return qs if scope is None else qs.filter(scope)


def interactions_for(*, user: User, filters: ReportFilters) -> QuerySet[Interaction]:
    """The service log of the report: started in the range, with the filters, in scope."""
    return filtered(Interaction.objects.all(), user, filters, at="started_at")


def responses_for(*, user: User, filters: ReportFilters) -> QuerySet[SurveyResponse]:
    return filtered(SurveyResponse.objects.all(), user, filters, at="responded_at")


def requests_for(*, user: User, filters: ReportFilters) -> QuerySet[SurveyRequest]:
    return filtered(SurveyRequest.objects.all(), user, filters, at="created_at")


def steps_for(*, user: User, filters: ReportFilters) -> QuerySet[StepTiming]:
    """Timed steps with a standard, of the report's interactions."""
    qs = StepTiming.objects.filter(within_standard__isnull=False)
    return filtered(qs, user, filters, at="started_at", prefix="interaction__")


def calls_for(*, user: User, filters: ReportFilters) -> QuerySet[Call]:
    """Incoming calls that rang in the range; a call belongs to its agent's office, to no
    agency or service (those filters leave no call), and to the phone channel."""
    qs = Call.objects.filter(direction=Call.Direction.IN).exclude(cause="blocked")
    if filters.channel and filters.channel != Channel.PHONE:
        return qs.none()
    return filtered(
        qs,
        user,
        filters.with_channel(""),
        at="started_at",
        office="agent__office",
        agency=None,
        service=None,
        channel=None,
    )


_CASE_ORIGINS: dict[str, str] = {
    Channel.PHONE: "phone",
    Channel.COUNTER: "counter",
    Channel.CHAT: "chat",
}


def cases_for(*, user: User, filters: ReportFilters) -> QuerySet[Case]:
    """Cases received in the range (merged ones are counted in the case they joined)."""
    qs = Case.objects.exclude(status=Status.MERGED)
    if filters.channel:
        qs = qs.filter(origin=_CASE_ORIGINS.get(filters.channel, filters.channel))
    return filtered(qs, user, filters.with_channel(""), at="received_at", channel=None)


def cases_overdue_for(*, user: User, filters: ReportFilters) -> QuerySet[Case]:
    """Open, running cases past their due date today, whenever they were received."""
    wide = filters.with_range(dt.date(1950, 1, 1), dt.date(2100, 12, 31))
    active = [s for s in OPEN_STATUSES if s != Status.WAITING]
    return cases_for(user=user, filters=wide).filter(
        status__in=active, due_date__lt=timezone.localdate()
    )


# --- volumes ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Row:
    key: str  # what the drill-down filters on (a code, a value)
    label: str
    count: int


def labels_for(dimension: str, keys: list[Any]) -> dict[Any, tuple[str, str]]:
    """(drill-down key, label) for each grouped value."""
    if dimension == "channel":
        return {k: (k, str(Channel(k).label) if k in Channel.values else k) for k in keys}
    if dimension == "source":
        return {k: (k, str(Source(k).label) if k in Source.values else k) for k in keys}
    if dimension == "topic":
        return {k: (k, k or _("(no topic)")) for k in keys}
    models: dict[str, Any] = {
        "service": Service,
        "agency": Agency,
        "province": Province,
        "office": Office,
    }
    found: dict[Any, tuple[str, str]]
    if dimension == "staff":
        users = User.objects.filter(pk__in=[k for k in keys if k is not None])
        found = {u.pk: (u.username, u.display_name) for u in users}
    else:
        rows = models[dimension].objects.filter(pk__in=[k for k in keys if k is not None])
        found = {
            r.pk: (r.code, f"{r.code} · {r.name}" if dimension == "service" else r.name)
            for r in rows
        }
    found[None] = ("-", _("(none)"))
    return {k: found.get(k, (str(k), str(k))) for k in keys}


def offers_for(*, user: User, filters: ReportFilters) -> QuerySet[Interaction]:
    """Ratings offered without a request row: every answered call logged (the PBX plays the
    keypad survey after it) and every chat (the widget asks at its end)."""
    return interactions_for(user=user, filters=filters).filter(
        Q(channel=Channel.PHONE, call__isnull=False) | Q(channel=Channel.CHAT)
    )
