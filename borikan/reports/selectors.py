"""The figures of the reports, computed from the records (read-only), scoped to who asks.

Every figure keeps its counts, so a share is always `part / whole` of numbers one can drill
into; months are Bangkok calendar months, counted as date ranges (an index range each) rather
than by truncating every row.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, F, Min, Q, QuerySet
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from borikan.cases.models import OPEN_STATUSES, Case, Status
from borikan.catalog.models import Service, Step, pick
from borikan.core.conf import borikan_setting
from borikan.core.models import Agency, Office, Province, Role, User
from borikan.core.thai import be_year, month_name
from borikan.interactions.models import Channel, Interaction, StepTiming
from borikan.reports.filters import ReportFilters
from borikan.surveys.models import Score, Source, SurveyRequest, SurveyResponse
from borikan.telephony.models import Call

DEFAULT_RINGS = 3
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


def _scope(user: User, *, office: str, agency: str | None) -> Q | None:
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


def _filtered(
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
    scope = _scope(
        user, office=f"{p}{office}", agency=f"{p}{agency}" if agency is not None else None
    )
    return qs if scope is None else qs.filter(scope)


def interactions_for(*, user: User, filters: ReportFilters) -> QuerySet[Interaction]:
    """The service log of the report: started in the range, with the filters, in scope."""
    return _filtered(Interaction.objects.all(), user, filters, at="started_at")


def responses_for(*, user: User, filters: ReportFilters) -> QuerySet[SurveyResponse]:
    return _filtered(SurveyResponse.objects.all(), user, filters, at="responded_at")


def requests_for(*, user: User, filters: ReportFilters) -> QuerySet[SurveyRequest]:
    return _filtered(SurveyRequest.objects.all(), user, filters, at="created_at")


def steps_for(*, user: User, filters: ReportFilters) -> QuerySet[StepTiming]:
    """Timed steps with a standard, of the report's interactions."""
    qs = StepTiming.objects.filter(within_standard__isnull=False)
    return _filtered(qs, user, filters, at="started_at", prefix="interaction__")


def calls_for(*, user: User, filters: ReportFilters) -> QuerySet[Call]:
    """Incoming calls that rang in the range; a call belongs to its agent's office, to no
    agency or service (those filters leave no call), and to the phone channel."""
    qs = Call.objects.filter(direction=Call.Direction.IN).exclude(cause="blocked")
    if filters.channel and filters.channel != Channel.PHONE:
        return qs.none()
    return _filtered(
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
    return _filtered(qs, user, filters.with_channel(""), at="received_at", channel=None)


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


_VOLUME_FIELDS = {
    "channel": "channel",
    "service": "service_id",
    "agency": "agency_id",
    "province": "office__province_id",
    "topic": "category",
    "office": "office_id",
    "staff": "staff_id",
}


def _labels(dimension: str, keys: list[Any]) -> dict[Any, tuple[str, str]]:
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


def volumes(*, user: User, filters: ReportFilters, by: str) -> list[Row]:
    """Interactions counted by channel, service, agency, province, topic, office or staff."""
    column = _VOLUME_FIELDS[by]
    grouped = list(
        interactions_for(user=user, filters=filters)
        .order_by()
        .values_list(column)
        .annotate(n=Count("id"))
    )
    labels = _labels(by, [key for key, _n in grouped])
    rows = [Row(key=labels[key][0], label=labels[key][1], count=n) for key, n in grouped]
    return sorted(rows, key=lambda row: (-row.count, row.label))


# --- satisfaction ----------------------------------------------------------------------------


@dataclass
class Satisfaction:
    impressed: int = 0
    satisfied: int = 0
    dissatisfied: int = 0
    requests: int = 0
    target: float = 85.0

    @property
    def responses(self) -> int:
        return self.impressed + self.satisfied + self.dissatisfied

    @property
    def satisfied_total(self) -> int:
        return self.impressed + self.satisfied

    @property
    def rate(self) -> float | None:
        """(impressed + satisfied) / responses."""
        return ratio(self.satisfied_total, self.responses)

    @property
    def response_rate(self) -> float | None:
        return ratio(self.responses, self.requests)

    @property
    def met(self) -> bool | None:
        return None if self.rate is None else self.rate * 100 >= self.target


def satisfaction_target(filters: ReportFilters | None = None) -> float:
    """The configured target (85 %), or the catalogue's own for a report on one service."""
    if filters is not None and filters.service:
        own = (
            Service.objects.filter(code=filters.service)
            .values_list("satisfaction_target", flat=True)
            .first()
        )
        if own is not None:
            return float(own)
    return float(borikan_setting("SATISFACTION_TARGET"))


def offers_for(*, user: User, filters: ReportFilters) -> QuerySet[Interaction]:
    """Ratings offered without a request row: every answered call logged (the PBX plays the
    keypad survey after it) and every chat (the widget asks at its end)."""
    return interactions_for(user=user, filters=filters).filter(
        Q(channel=Channel.PHONE, call__isnull=False) | Q(channel=Channel.CHAT)
    )


_SCORES = {
    "impressed": Count("id", filter=Q(score=Score.IMPRESSED)),
    "satisfied": Count("id", filter=Q(score=Score.SATISFIED)),
    "dissatisfied": Count("id", filter=Q(score=Score.DISSATISFIED)),
}


def satisfaction(*, user: User, filters: ReportFilters) -> Satisfaction:
    """Rating counts, satisfaction rate against the target, and the response rate."""
    counts = responses_for(user=user, filters=filters).aggregate(**_SCORES)
    requests = requests_for(user=user, filters=filters).count()
    requests += offers_for(user=user, filters=filters).count()
    return Satisfaction(**counts, requests=requests, target=satisfaction_target(filters))


_SATISFACTION_FIELDS = {
    "channel": "channel",
    "service": "service_id",
    "agency": "agency_id",
    "office": "office_id",
    "source": "source",
}


def satisfaction_by(
    *, user: User, filters: ReportFilters, by: str
) -> list[tuple[str, str, Satisfaction]]:
    """Satisfaction per channel, service, agency, office, source or month: (key, label, figures)."""
    target = satisfaction_target(filters)
    if by == "month":
        return [
            (first.strftime("%Y-%m"), month_label(first), satisfaction(user=user, filters=sub))
            for first, sub in _month_filters(filters)
        ]
    column = _SATISFACTION_FIELDS[by]
    figures: dict[Any, Satisfaction] = {}
    for row in (
        responses_for(user=user, filters=filters).order_by().values(column).annotate(**_SCORES)
    ):
        key = row.pop(column)
        figures[key] = Satisfaction(**row, target=target)
    if by != "source":  # requests have no source; offers are phone and chat
        for qs in (
            requests_for(user=user, filters=filters),
            offers_for(user=user, filters=filters),
        ):
            for key, n in qs.order_by().values_list(column).annotate(n=Count("id")):
                figures.setdefault(key, Satisfaction(target=target)).requests += n
    labels = _labels(by, list(figures))
    rows = [(labels[k][0], labels[k][1], figures[k]) for k in figures]
    return sorted(rows, key=lambda row: (-row[2].responses, row[1]))


def _month_filters(filters: ReportFilters) -> list[tuple[dt.date, ReportFilters]]:
    return [(first, filters.with_range(first, last)) for first, last in filters.months()]


# --- standards: steps, rings, 15 working days ------------------------------------------------


@dataclass(frozen=True)
class StepRow:
    service: str
    step: str
    title: str
    key: str  # the dimension's key ("" when not grouped)
    label: str
    timed: int
    within: int

    @property
    def share(self) -> float | None:
        return ratio(self.within, self.timed)

    @property
    def over(self) -> int:
        return self.timed - self.within

    @property
    def share_percent(self) -> float | None:
        return None if self.share is None else round(self.share * 100, 1)


_STEP_FIELDS = {
    "staff": "interaction__staff_id",
    "office": "interaction__office_id",
    "agency": "interaction__agency_id",
    "channel": "interaction__channel",
}
_WITHIN = {"timed": Count("id"), "within": Count("id", filter=Q(within_standard=True))}


def step_compliance(*, user: User, filters: ReportFilters, by: str = "") -> list[StepRow]:
    """For each catalogue step, the share of timings within its standard; per agent, office,
    agency, channel or month when `by` says so."""
    if by == "month":
        rows: list[StepRow] = []
        for first, sub in _month_filters(filters):
            for row in step_compliance(user=user, filters=sub):
                rows.append(
                    StepRow(
                        row.service,
                        row.step,
                        row.title,
                        first.strftime("%Y-%m"),
                        month_label(first),
                        row.timed,
                        row.within,
                    )
                )
        return rows
    columns = ["interaction__service_id", "step_key"]
    if by:
        columns.append(_STEP_FIELDS[by])
    grouped = list(
        steps_for(user=user, filters=filters)
        .order_by()
        .values(*columns)
        .annotate(order=Min("step_order"), **_WITHIN)
    )
    services = dict(Service.objects.values_list("pk", "code"))
    titles = {(s.service_id, s.key): pick(s.title_th, s.title_en) for s in Step.objects.all()}
    labels = _labels(by, [row[columns[2]] for row in grouped]) if by else {}
    result = []
    for row in sorted(
        grouped,
        key=lambda r: (services.get(r["interaction__service_id"], ""), r["order"], r["step_key"]),
    ):
        service_id = row["interaction__service_id"]
        key, label = labels.get(row[columns[2]], ("", "")) if by else ("", "")
        result.append(
            StepRow(
                service=services.get(service_id, "?"),
                step=row["step_key"],
                title=titles.get((service_id, row["step_key"]), row["step_key"]),
                key=key,
                label=label,
                timed=row["timed"],
                within=row["within"],
            )
        )
    return result


def steps_total(*, user: User, filters: ReportFilters) -> tuple[int, int]:
    """(timed, within) over every step of the report."""
    agg = steps_for(user=user, filters=filters).aggregate(**_WITHIN)
    return agg["timed"], agg["within"]


@dataclass(frozen=True)
class Rings:
    rings: int
    seconds: float
    answered: int
    within: int
    missed: int

    @property
    def share(self) -> float | None:
        return ratio(self.within, self.answered)


def rings_standard() -> tuple[int, float]:
    """(rings, seconds): the catalogue's "answer within N rings" (S1: 3) and its length."""
    rings = (
        Step.objects.filter(answer_within_rings__isnull=False)
        .order_by("service__order", "order")
        .values_list("answer_within_rings", flat=True)
        .first()
    ) or DEFAULT_RINGS
    return rings, rings * float(borikan_setting("RING_SECONDS"))


def rings_within_q(seconds: float) -> Q:
    return Q(answered_at__lte=F("started_at") + dt.timedelta(seconds=seconds))


def ring_compliance(*, user: User, filters: ReportFilters) -> Rings:
    """Incoming calls answered within the standard's rings (ring time = answer − newCall)."""
    rings, seconds = rings_standard()
    agg = calls_for(user=user, filters=filters).aggregate(
        answered=Count("id", filter=Q(answered_at__isnull=False)),
        within=Count("id", filter=Q(answered_at__isnull=False) & rings_within_q(seconds)),
        missed=Count("id", filter=Q(answered_at__isnull=True, state=Call.State.ENDED)),
    )
    return Rings(rings=rings, seconds=seconds, **agg)


@dataclass(frozen=True)
class CaseFigures:
    received: int
    concluded: int
    within: int
    open: int
    overdue: int

    @property
    def share(self) -> float | None:
        """Cases concluded within their due date (15 working days plus pauses) / concluded."""
        return ratio(self.within, self.concluded)


def concluded_within_q() -> Q:
    return Q(concluded_at__isnull=False, concluded_at__date__lte=F("due_date"))


def with_concluded(qs: QuerySet[Case]) -> QuerySet[Case]:
    """A case is concluded when answered (or closed without an answer)."""
    return qs.annotate(concluded_at=Coalesce("answered_at", "closed_at"))


def case_compliance(*, user: User, filters: ReportFilters) -> CaseFigures:
    """Cases received in the range: concluded, concluded by their due date, still open; and
    the cases overdue today."""
    agg = with_concluded(cases_for(user=user, filters=filters)).aggregate(
        received=Count("id"),
        concluded=Count("id", filter=Q(concluded_at__isnull=False)),
        within=Count("id", filter=concluded_within_q()),
        open=Count("id", filter=Q(status__in=OPEN_STATUSES)),
    )
    return CaseFigures(**agg, overdue=cases_overdue_for(user=user, filters=filters).count())


# --- trends and the dashboard ----------------------------------------------------------------


@dataclass(frozen=True)
class MonthRow:
    month: str  # YYYY-MM
    label: str
    first: dt.date
    last: dt.date
    interactions: int
    satisfaction: Satisfaction
    steps_timed: int
    steps_within: int
    rings: Rings
    cases: CaseFigures

    @property
    def steps_share(self) -> float | None:
        return ratio(self.steps_within, self.steps_timed)


def monthly_trend(*, user: User, filters: ReportFilters) -> list[MonthRow]:
    """Each month of the range: volume, satisfaction, steps, rings and cases."""
    rows = []
    for first, sub in _month_filters(filters):
        timed, within = steps_total(user=user, filters=sub)
        rows.append(
            MonthRow(
                month=first.strftime("%Y-%m"),
                label=month_label(first),
                first=sub.date_from,
                last=sub.date_to,
                interactions=interactions_for(user=user, filters=sub).count(),
                satisfaction=satisfaction(user=user, filters=sub),
                steps_timed=timed,
                steps_within=within,
                rings=ring_compliance(user=user, filters=sub),
                cases=case_compliance(user=user, filters=sub),
            )
        )
    return rows


@dataclass
class Dashboard:
    filters: ReportFilters
    interactions: int
    satisfaction: Satisfaction
    steps_timed: int
    steps_within: int
    rings: Rings
    cases: CaseFigures
    volumes: dict[str, list[Row]] = field(default_factory=dict)
    satisfaction_by_channel: list[tuple[str, str, Satisfaction]] = field(default_factory=list)
    steps: list[StepRow] = field(default_factory=list)
    trend: list[MonthRow] = field(default_factory=list)

    @property
    def steps_share(self) -> float | None:
        return ratio(self.steps_within, self.steps_timed)


def dashboard(*, user: User, filters: ReportFilters) -> Dashboard:
    """Everything the supervisors' dashboard shows, for one set of filters."""
    timed, within = steps_total(user=user, filters=filters)
    return Dashboard(
        filters=filters,
        interactions=interactions_for(user=user, filters=filters).count(),
        satisfaction=satisfaction(user=user, filters=filters),
        steps_timed=timed,
        steps_within=within,
        rings=ring_compliance(user=user, filters=filters),
        cases=case_compliance(user=user, filters=filters),
        volumes={
            by: volumes(user=user, filters=filters, by=by)
            for by in ("channel", "service", "agency", "province", "topic")
        },
        satisfaction_by_channel=satisfaction_by(user=user, filters=filters, by="channel"),
        steps=step_compliance(user=user, filters=filters),
        trend=monthly_trend(user=user, filters=filters),
    )
