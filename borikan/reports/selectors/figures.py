"""The figures: volumes, satisfaction, steps within standard, rings, cases. Each is counted from
the daily rollups for the days they cover and from the records for the rest (see rollups.py);
both give the same numbers."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, F, Q, QuerySet, Sum
from django.db.models.functions import Coalesce

from borikan.cases.models import OPEN_STATUSES, Case
from borikan.catalog.models import Service, Step, pick
from borikan.core.conf import borikan_setting
from borikan.core.models import Office, User
from borikan.reports.filters import ReportFilters
from borikan.reports.models import Kind
from borikan.reports.selectors.base import (
    Row,
    calls_for,
    cases_for,
    cases_overdue_for,
    interactions_for,
    labels_for,
    month_label,
    offers_for,
    ratio,
    requests_for,
    responses_for,
    steps_for,
)
from borikan.surveys.models import Score

DEFAULT_RINGS = 3


def _combined(
    filters: ReportFilters,
    raw: Callable[[ReportFilters], Counter[Any]],
    rolled: Callable[[ReportFilters], Counter[Any]],
) -> Counter[Any]:
    """raw(records part) + rolled(rollup part) of the range."""
    from borikan.reports.rollups import split

    rolled_parts, raw_part = split(filters)
    total: Counter[Any] = Counter()
    for part in rolled_parts:
        total.update(rolled(part))
    if raw_part is not None:
        total.update(raw(raw_part))
    return total


def _rolled(kind: str, user: User, f: ReportFilters, **kwargs: Any) -> QuerySet[Any]:
    from borikan.reports.rollups import rolled

    return rolled(kind, user=user, filters=f, **kwargs)


def _counter(rows: Any) -> Counter[Any]:
    """Counter from (key, n) or (key…, n) tuples (n None counts as 0)."""
    counter: Counter[Any] = Counter()
    for *key, n in rows:
        counter[key[0] if len(key) == 1 else tuple(key)] += n or 0
    return counter


# --- volumes ---------------------------------------------------------------------------------

_VOLUME_RAW = {
    "channel": "channel",
    "service": "service_id",
    "agency": "agency_id",
    "province": "office__province_id",
    "topic": "category",
    "office": "office_id",
    "staff": "staff_id",
}
_VOLUME_ROLLED = {
    "channel": "channel",
    "service": "service_id",
    "agency": "agency_id",
    "province": "office_id",  # mapped to its province below
    "topic": "key",
    "office": "office_id",
}


def interactions_count(*, user: User, filters: ReportFilters) -> int:
    counts = _combined(
        filters,
        lambda f: Counter({"": interactions_for(user=user, filters=f).count()}),
        lambda f: _counter([("", _rolled(Kind.VOLUME, user, f).aggregate(n=Sum("count"))["n"])]),
    )
    return counts[""]


def volumes(*, user: User, filters: ReportFilters, by: str) -> list[Row]:
    """Interactions counted by channel, service, agency, province, topic, office or staff."""

    def raw(f: ReportFilters) -> Counter[Any]:
        column = _VOLUME_RAW[by]
        qs = interactions_for(user=user, filters=f).order_by().values_list(column)
        return _counter(qs.annotate(n=Count("id")))

    def rolled(f: ReportFilters) -> Counter[Any]:
        column = _VOLUME_ROLLED[by]
        qs = _rolled(Kind.VOLUME, user, f).values_list(column).annotate(n=Sum("count"))
        counts = _counter(qs)
        if by != "province":
            return counts
        provinces = dict(Office.objects.values_list("pk", "province_id"))
        mapped: Counter[Any] = Counter()
        for office, n in counts.items():
            mapped[provinces.get(office)] += n
        return mapped

    # Staff are not in the rollups: a report, not the dashboard.
    counts = raw(filters) if by == "staff" else _combined(filters, raw, rolled)
    labels = labels_for(by, list(counts))
    rows = [Row(key=labels[k][0], label=labels[k][1], count=n) for k, n in counts.items() if n]
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


_SCORES = ("impressed", "satisfied", "dissatisfied")
_RAW_SCORES = {
    "impressed": Count("id", filter=Q(score=Score.IMPRESSED)),
    "satisfied": Count("id", filter=Q(score=Score.SATISFIED)),
    "dissatisfied": Count("id", filter=Q(score=Score.DISSATISFIED)),
}
_ROLLED_SCORES = {name: Sum(name) for name in _SCORES}
_SATISFACTION_FIELDS = {
    "": "",
    "channel": "channel",
    "service": "service_id",
    "agency": "agency_id",
    "office": "office_id",
    "source": "source",
}


def _satisfaction_counts(user: User, filters: ReportFilters, by: str) -> Counter[Any]:
    """Counter keyed by (group, "impressed"|"satisfied"|"dissatisfied"|"requests")."""
    column = _SATISFACTION_FIELDS[by]

    def raw(f: ReportFilters) -> Counter[Any]:
        counts: Counter[Any] = Counter()
        qs = responses_for(user=user, filters=f).order_by()
        grouped = qs.values(column) if column else qs.values()
        for row in grouped.annotate(**_RAW_SCORES) if column else [qs.aggregate(**_RAW_SCORES)]:
            for name in _SCORES:
                counts[(row.get(column) if column else "", name)] += row[name]
        if by != "source":  # requests have no source
            for part in (requests_for(user=user, filters=f), offers_for(user=user, filters=f)):
                if column:
                    for key, n in part.order_by().values_list(column).annotate(n=Count("id")):
                        counts[(key, "requests")] += n
                else:
                    counts[("", "requests")] += part.count()
        return counts

    def rolled(f: ReportFilters) -> Counter[Any]:
        counts: Counter[Any] = Counter()
        rolled_column = "key" if by == "source" else column
        ratings = _rolled(Kind.RATING, user, f)
        rows = (
            ratings.values(rolled_column).annotate(**_ROLLED_SCORES)
            if rolled_column
            else [ratings.aggregate(**_ROLLED_SCORES)]
        )
        for row in rows:
            for name in _SCORES:
                counts[(row.get(rolled_column) if rolled_column else "", name)] += row[name] or 0
        if by != "source":
            requests = _rolled(Kind.REQUEST, user, f)
            if column:
                for key, n in requests.values_list(column).annotate(n=Sum("count")):
                    counts[(key, "requests")] += n or 0
            else:
                counts[("", "requests")] += requests.aggregate(n=Sum("count"))["n"] or 0
        return counts

    return _combined(filters, raw, rolled)


def _satisfaction_of(counts: Counter[Any], key: Any, target: float) -> Satisfaction:
    return Satisfaction(
        impressed=counts[(key, "impressed")],
        satisfied=counts[(key, "satisfied")],
        dissatisfied=counts[(key, "dissatisfied")],
        requests=counts[(key, "requests")],
        target=target,
    )


def satisfaction(*, user: User, filters: ReportFilters) -> Satisfaction:
    """Rating counts, satisfaction rate against the target, and the response rate."""
    counts = _satisfaction_counts(user, filters, "")
    return _satisfaction_of(counts, "", satisfaction_target(filters))


def satisfaction_by(
    *, user: User, filters: ReportFilters, by: str
) -> list[tuple[str, str, Satisfaction]]:
    """Satisfaction per channel, service, agency, office, source or month: (key, label, figures)."""
    if by == "month":
        return [
            (first.strftime("%Y-%m"), month_label(first), satisfaction(user=user, filters=sub))
            for first, sub in month_filters(filters)
        ]
    target = satisfaction_target(filters)
    counts = _satisfaction_counts(user, filters, by)
    keys = sorted({key for key, _name in counts}, key=str)
    figures = {key: _satisfaction_of(counts, key, target) for key in keys}
    figures = {k: s for k, s in figures.items() if s.responses or s.requests}
    labels = labels_for(by, list(figures))
    rows = [(labels[k][0], labels[k][1], figures[k]) for k in figures]
    return sorted(rows, key=lambda row: (-row[2].responses, row[1]))


def month_filters(filters: ReportFilters) -> list[tuple[dt.date, ReportFilters]]:
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


_STEP_RAW = {
    "staff": "interaction__staff_id",
    "office": "interaction__office_id",
    "agency": "interaction__agency_id",
    "channel": "interaction__channel",
}
_STEP_ROLLED = {"office": "office_id", "agency": "agency_id", "channel": "channel"}


def _step_counts(user: User, filters: ReportFilters, by: str) -> Counter[Any]:
    """Counter keyed by (service id, step key, group, "timed"|"within")."""

    def raw(f: ReportFilters) -> Counter[Any]:
        columns = ["interaction__service_id", "step_key"] + ([_STEP_RAW[by]] if by else [])
        counts: Counter[Any] = Counter()
        for row in (
            steps_for(user=user, filters=f)
            .order_by()
            .values(*columns)
            .annotate(timed=Count("id"), within=Count("id", filter=Q(within_standard=True)))
        ):
            group = row[columns[2]] if by else ""
            base = (row["interaction__service_id"], row["step_key"], group)
            counts[(*base, "timed")] += row["timed"]
            counts[(*base, "within")] += row["within"]
        return counts

    def rolled(f: ReportFilters) -> Counter[Any]:
        columns = ["service_id", "key"] + ([_STEP_ROLLED[by]] if by else [])
        counts: Counter[Any] = Counter()
        for row in (
            _rolled(Kind.STEP, user, f)
            .values(*columns)
            .annotate(timed=Sum("count"), within_n=Sum("within"))
        ):
            group = row[columns[2]] if by else ""
            base = (row["service_id"], row["key"], group)
            counts[(*base, "timed")] += row["timed"] or 0
            counts[(*base, "within")] += row["within_n"] or 0
        return counts

    return raw(filters) if by == "staff" else _combined(filters, raw, rolled)


def step_compliance(*, user: User, filters: ReportFilters, by: str = "") -> list[StepRow]:
    """For each catalogue step, the share of timings within its standard; per agent, office,
    agency, channel or month when `by` says so."""
    if by == "month":
        rows: list[StepRow] = []
        for first, sub in month_filters(filters):
            for row in step_compliance(user=user, filters=sub):
                rows.append(
                    StepRow(
                        row.service, row.step, row.title, first.strftime("%Y-%m"),
                        month_label(first), row.timed, row.within,
                    )
                )  # fmt: skip
        return rows
    counts = _step_counts(user, filters, by)
    groups = sorted({key[:3] for key in counts}, key=str)
    services = dict(Service.objects.values_list("pk", "code"))
    steps = {(s.service_id, s.key): s for s in Step.objects.all()}
    labels = labels_for(by, [group for _s, _k, group in groups]) if by else {}

    def order(group: tuple[Any, ...]) -> tuple[Any, ...]:
        step = steps.get((group[0], group[1]))
        return (services.get(group[0], ""), step.order if step else 99, group[1], str(group[2]))

    result = []
    for service_id, step_key, group in sorted(groups, key=order):
        timed = counts[(service_id, step_key, group, "timed")]
        if not timed:
            continue
        step = steps.get((service_id, step_key))
        key, label = labels.get(group, ("", "")) if by else ("", "")
        result.append(
            StepRow(
                service=services.get(service_id, "?"),
                step=step_key,
                title=pick(step.title_th, step.title_en) if step else step_key,
                key=key,
                label=label,
                timed=timed,
                within=counts[(service_id, step_key, group, "within")],
            )
        )
    return result


def steps_total(*, user: User, filters: ReportFilters) -> tuple[int, int]:
    """(timed, within) over every step of the report."""
    counts = _step_counts(user, filters, "")
    timed = sum(n for key, n in counts.items() if key[3] == "timed")
    within = sum(n for key, n in counts.items() if key[3] == "within")
    return timed, within


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
    from borikan.reports.rollups import ring_key

    rings, seconds = rings_standard()

    def raw(f: ReportFilters) -> Counter[Any]:
        agg = calls_for(user=user, filters=f).aggregate(
            answered=Count("id", filter=Q(answered_at__isnull=False)),
            within=Count("id", filter=Q(answered_at__isnull=False) & rings_within_q(seconds)),
            missed=Count("id", filter=Q(answered_at__isnull=True, state="ended")),
        )
        return Counter(agg)

    def rolled(f: ReportFilters) -> Counter[Any]:
        counts = _counter(
            _rolled(Kind.RING, user, f, channel=None)
            .filter(Q(channel="phone") if not f.channel else Q())
            .values_list("key")
            .annotate(n=Sum("count"))
        )
        within_key = ring_key(seconds)
        if any(k.startswith("within:") and k != within_key for k in counts):
            return raw(f)  # built with another standard: count from the records
        return Counter(
            answered=counts[within_key] + counts["over"],
            within=counts[within_key],
            missed=counts["missed"],
        )

    if filters.channel and filters.channel != "phone":
        return Rings(rings=rings, seconds=seconds, answered=0, within=0, missed=0)
    counts = _combined(filters.with_channel(""), raw, rolled)
    return Rings(
        rings=rings,
        seconds=seconds,
        answered=counts["answered"],
        within=counts["within"],
        missed=counts["missed"],
    )


@dataclass(frozen=True)
class CaseFigures:
    received: int
    concluded: int
    within: int
    open: int
    overdue: int | None  # None in the monthly trend: overdue is a figure of today

    @property
    def share(self) -> float | None:
        """Cases concluded within their due date (15 working days plus pauses) / concluded."""
        return ratio(self.within, self.concluded)


def concluded_within_q() -> Q:
    return Q(concluded_at__isnull=False, concluded_at__date__lte=F("due_date"))


def with_concluded(qs: QuerySet[Case]) -> QuerySet[Case]:
    """A case is concluded when answered (or closed without an answer)."""
    return qs.annotate(concluded_at=Coalesce("answered_at", "closed_at"))


_CASE_ORIGINS: dict[str, str] = {"phone": "phone", "counter": "counter", "chat": "chat"}


def case_compliance(
    *, user: User, filters: ReportFilters, with_overdue: bool = True
) -> CaseFigures:
    """Cases received in the range: concluded, concluded by their due date, still open; and
    the cases overdue today."""

    def raw(f: ReportFilters) -> Counter[Any]:
        return Counter(
            with_concluded(cases_for(user=user, filters=f)).aggregate(
                received=Count("id"),
                concluded=Count("id", filter=Q(concluded_at__isnull=False)),
                within=Count("id", filter=concluded_within_q()),
                open=Count("id", filter=Q(status__in=OPEN_STATUSES)),
            )
        )

    def rolled(f: ReportFilters) -> Counter[Any]:
        qs = _rolled(Kind.CASE, user, f.with_channel(""), channel=None)
        if f.channel:
            qs = qs.filter(channel=_CASE_ORIGINS.get(f.channel, f.channel))
        agg = qs.aggregate(
            received=Sum("count"),
            concluded=Sum("concluded"),
            within=Sum("within"),
            open=Sum("open"),
        )
        return Counter({k: v or 0 for k, v in agg.items()})

    counts = _combined(filters, raw, rolled)
    return CaseFigures(
        received=counts["received"],
        concluded=counts["concluded"],
        within=counts["within"],
        open=counts["open"],
        overdue=cases_overdue_for(user=user, filters=filters).count() if with_overdue else None,
    )
