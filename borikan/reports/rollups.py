"""Daily rollups of the dashboard's counts: built from the records, read instead of them for
the days before `RollupState.until`.

Rebuilt by the worker: the last `REFRESH_DAYS` days every hour (late ratings, cases answered
since) and everything once a day; a figure counts days from `until` on from the records, so
today's work is always in it. Between two rebuilds a change to an older day (a case answered
today that was received two months ago) shows in the records lists and exports at once, in the
dashboard's counts at the next rebuild.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from typing import Any

from django.db import transaction
from django.db.models import Count, F, Q, QuerySet, Sum
from django.db.models.functions import Coalesce
from django.utils import timezone

from borikan.cases.models import OPEN_STATUSES, Case, Status
from borikan.core.models import User
from borikan.interactions.models import Channel, Interaction, StepTiming
from borikan.reports.filters import ReportFilters, local_tz, month_end, month_start
from borikan.reports.models import DailyCount, Kind, Period, RollupState
from borikan.reports.selectors.base import filtered
from borikan.surveys.models import Score, SurveyRequest, SurveyResponse
from borikan.telephony.models import Call

STATE = "daily"
REFRESH_DAYS = 45
BATCH = 2_000


# --- reading ---------------------------------------------------------------------------------


def rollup_until() -> dt.date | None:
    """Every day before this one is in the rollups (None: no rollup yet)."""
    return RollupState.objects.filter(name=STATE).values_list("until", flat=True).first()


def _months_split(first: dt.date, last: dt.date) -> list[tuple[dt.date, dt.date]]:
    """`first`–`last` cut into a partial first month, whole months, and a partial last month."""
    parts: list[tuple[dt.date, dt.date]] = []
    for start, end in ReportFilters(date_from=first, date_to=last).months():
        if parts and start.day == 1 and end == month_end(end) and _whole(*parts[-1]):
            parts[-1] = (parts[-1][0], end)  # whole months together: one query
        else:
            parts.append((start, end))
    return parts


def _whole(start: dt.date, end: dt.date) -> bool:
    return start.day == 1 and end == month_end(end)


def split(filters: ReportFilters) -> tuple[list[ReportFilters], ReportFilters | None]:
    """(the parts of the range the rollups cover: runs of whole months and partial months,
    the part counted from the records)."""
    until = rollup_until()
    if until is None or filters.date_from >= until:
        return [], filters
    rolled_to = min(filters.date_to, until - dt.timedelta(days=1))
    parts = [filters.with_range(a, b) for a, b in _months_split(filters.date_from, rolled_to)]
    if filters.date_to < until:
        return parts, None
    return parts, filters.with_range(until, filters.date_to)


def rolled(
    kind: str, *, user: User, filters: ReportFilters, channel: str | None = "channel"
) -> QuerySet[DailyCount]:
    """The rollup rows of one kind within the filters and the user's scope: month rows for a
    run of whole months, day rows otherwise."""
    period = Period.MONTH if _whole(filters.date_from, filters.date_to) else Period.DAY
    qs = DailyCount.objects.filter(
        kind=kind, period=period, day__gte=filters.date_from, day__lte=filters.date_to
    )
    # The day column takes the place of a timestamp: `filtered` needs a range on some field.
    return filtered(
        qs,
        user,
        filters.with_range(dt.date(1950, 1, 1), dt.date(2100, 12, 31)),
        at="day",
        channel=channel,
    ).order_by()


# --- building --------------------------------------------------------------------------------


def _range(field: str, day: dt.date) -> Q:
    """One Bangkok day of `field`: an index range, no per-row date function."""
    tz = local_tz()
    start = dt.datetime.combine(day, dt.time(), tzinfo=tz)
    end = dt.datetime.combine(day + dt.timedelta(days=1), dt.time(), tzinfo=tz)
    return Q(**{f"{field}__gte": start, f"{field}__lt": end})


def _rows(
    kind: str, grouped: Iterable[dict[str, Any]], names: dict[str, str], day: dt.date
) -> Iterable[DailyCount]:
    """DailyCount rows of `day` from grouped values; `names` maps their columns onto ours."""
    for row in grouped:
        values = {target: row[source] for source, target in names.items()}
        values["day"] = day
        values["channel"] = values.get("channel") or ""
        values["key"] = (values.get("key") or "")[:100]
        yield DailyCount(kind=kind, **values)


def _volumes(day: dt.date) -> Iterable[DailyCount]:
    qs = (
        Interaction.objects.filter(_range("started_at", day))
        .values("office_id", "agency_id", "service_id", "channel", "category")
        .annotate(n=Count("id"))
        .order_by()
    )
    names = {
        "office_id": "office_id", "agency_id": "agency_id",
        "service_id": "service_id", "channel": "channel", "category": "key", "n": "count",
    }  # fmt: skip
    return _rows(Kind.VOLUME, qs, names, day)


def _steps(day: dt.date) -> Iterable[DailyCount]:
    qs = (
        StepTiming.objects.filter(
            _range("interaction__started_at", day), within_standard__isnull=False
        )
        .values(
            "interaction__office_id", "interaction__agency_id", "interaction__service_id",
            "interaction__channel", "step_key",
        )
        .annotate(n=Count("id"), w=Count("id", filter=Q(within_standard=True)))
        .order_by()
    )  # fmt: skip
    names = {
        "interaction__office_id": "office_id", "interaction__agency_id": "agency_id",
        "interaction__service_id": "service_id", "interaction__channel": "channel",
        "step_key": "key", "n": "count", "w": "within",
    }  # fmt: skip
    return _rows(Kind.STEP, qs, names, day)


def _ratings(day: dt.date) -> Iterable[DailyCount]:
    qs = (
        SurveyResponse.objects.filter(_range("responded_at", day))
        .values("office_id", "agency_id", "service_id", "channel", "source")
        .annotate(
            i=Count("id", filter=Q(score=Score.IMPRESSED)),
            s=Count("id", filter=Q(score=Score.SATISFIED)),
            x=Count("id", filter=Q(score=Score.DISSATISFIED)),
        )
        .order_by()
    )
    names = {
        "office_id": "office_id", "agency_id": "agency_id",
        "service_id": "service_id", "channel": "channel", "source": "key",
        "i": "impressed", "s": "satisfied", "x": "dissatisfied",
    }  # fmt: skip
    return _rows(Kind.RATING, qs, names, day)


def _requests(day: dt.date) -> Iterable[DailyCount]:
    columns = ("office_id", "agency_id", "service_id", "channel")
    names = {c: c for c in columns} | {"n": "count"}
    requests = (
        SurveyRequest.objects.filter(_range("created_at", day))
        .values(*columns)
        .annotate(n=Count("id"))
        .order_by()
    )
    offers = (
        Interaction.objects.filter(_range("started_at", day))
        .filter(Q(channel=Channel.PHONE, call__isnull=False) | Q(channel=Channel.CHAT))
        .values(*columns)
        .annotate(n=Count("id"))
        .order_by()
    )
    yield from _rows(Kind.REQUEST, requests, names, day)
    yield from _rows(Kind.REQUEST, offers, names, day)


def ring_key(seconds: float) -> str:
    """The rollup's key of the calls answered within `seconds` (the standard of the day)."""
    return f"within:{seconds:g}"


def _rings(day: dt.date, seconds: float) -> Iterable[DailyCount]:
    """Per day and office: answered calls within and over the rings, and missed calls."""
    counts: dict[tuple[int | None, str], int] = defaultdict(int)
    calls = (
        Call.objects.filter(_range("started_at", day), direction=Call.Direction.IN)
        .exclude(cause="blocked")
        .values_list("started_at", "answered_at", "state", "agent__office_id")
    )
    for started, answered, state, office in calls.iterator(chunk_size=BATCH):
        if answered is not None:
            ring = (answered - started).total_seconds()
            key = ring_key(seconds) if ring <= seconds else "over"
        elif state == Call.State.ENDED:
            key = "missed"
        else:
            continue
        counts[(office, key)] += 1
    for (office_id, kind_key), n in counts.items():
        yield DailyCount(
            kind=Kind.RING,
            day=day,
            office_id=office_id,
            channel=Channel.PHONE,
            key=kind_key,
            count=n,
        )


def _cases(day: dt.date) -> Iterable[DailyCount]:
    concluded = Q(concluded_at__isnull=False)
    qs = (
        Case.objects.filter(_range("received_at", day))
        .exclude(status=Status.MERGED)
        .annotate(concluded_at=Coalesce("answered_at", "closed_at"))
        .values("office_id", "agency_id", "service_id", "origin")
        .annotate(
            n=Count("id"),
            c=Count("id", filter=concluded),
            w=Count("id", filter=concluded & Q(concluded_at__date__lte=F("due_date"))),
            o=Count("id", filter=Q(status__in=OPEN_STATUSES)),
        )
        .order_by()
    )
    names = {
        "office_id": "office_id", "agency_id": "agency_id",
        "service_id": "service_id", "origin": "channel", "n": "count", "c": "concluded",
        "w": "within", "o": "open",
    }  # fmt: skip
    return _rows(Kind.CASE, qs, names, day)


_SUMS = ("count", "within", "impressed", "satisfied", "dissatisfied", "concluded", "open")
_GROUP = ("kind", "office_id", "agency_id", "service_id", "channel", "key")


def _months(first: dt.date, last: dt.date) -> int:
    """Month rows, summed from the day rows, for every whole month that ends by `last` and
    touches `first`–`last`."""
    written = 0
    start = month_start(first)
    while month_end(start) <= last:
        end = month_end(start)
        grouped = (
            DailyCount.objects.filter(period=Period.DAY, day__gte=start, day__lte=end)
            .values(*_GROUP)
            .annotate(**{f"s_{name}": Sum(name) for name in _SUMS})
            .order_by()
        )
        rows = [
            DailyCount(
                period=Period.MONTH,
                day=start,
                **{name: row[name] for name in _GROUP},
                **{name: row[f"s_{name}"] or 0 for name in _SUMS},
            )
            for row in grouped
        ]
        with transaction.atomic():
            DailyCount.objects.filter(period=Period.MONTH, day=start).delete()
            DailyCount.objects.bulk_create(rows, batch_size=BATCH)
        written += len(rows)
        start = end + dt.timedelta(days=1)
    return written


def rollup_rebuild(*, first: dt.date, last: dt.date, seconds: float) -> int:
    """Counts the days `first`–`last` again from the records, and the whole months they touch
    from those days; returns the rows written. Each day is counted first and replaced in a
    short transaction of its own, so writers (calls, cases) never wait for the whole rebuild."""
    written = 0
    day = first
    while day <= last:
        rows = [
            *_volumes(day), *_steps(day), *_ratings(day), *_requests(day),
            *_rings(day, seconds), *_cases(day),
        ]  # fmt: skip
        with transaction.atomic():
            DailyCount.objects.filter(period=Period.DAY, day=day).delete()
            DailyCount.objects.bulk_create(rows, batch_size=BATCH)
        written += len(rows)
        day += dt.timedelta(days=1)
    return written + _months(first, last)


def _first_day() -> dt.date | None:
    firsts = [
        Interaction.objects.order_by("started_at").values_list("started_at", flat=True).first(),
        Case.objects.order_by("received_at").values_list("received_at", flat=True).first(),
        Call.objects.order_by("started_at").values_list("started_at", flat=True).first(),
        SurveyResponse.objects.order_by("responded_at")
        .values_list("responded_at", flat=True)
        .first(),
        SurveyRequest.objects.order_by("created_at").values_list("created_at", flat=True).first(),
    ]
    found = [moment for moment in firsts if moment is not None]
    return min(found).astimezone(local_tz()).date() if found else None


def rollups_refresh(*, full: bool = False, today: dt.date | None = None) -> int:
    """Rebuilds the rollups up to yesterday: everything when `full` or never built (or built
    with another ring standard), else the last REFRESH_DAYS days. Returns the rows written."""
    from borikan.reports.selectors import rings_standard

    today = today or timezone.localdate()
    _rings_count, seconds = rings_standard()
    state = RollupState.objects.filter(name=STATE).first()
    stale_rings = (
        state is not None
        and DailyCount.objects.filter(kind=Kind.RING)
        .exclude(key__in=["over", "missed"])
        .exclude(key=ring_key(seconds))
        .exists()
    )
    if full or state is None or stale_rings:
        first = _first_day()
    else:  # and any days since the last build, if the worker was away longer than that
        first = min(today - dt.timedelta(days=REFRESH_DAYS), state.until)
    last = today - dt.timedelta(days=1)
    written = 0
    if first is not None and first <= last:
        written = rollup_rebuild(first=first, last=last, seconds=seconds)
    RollupState.objects.update_or_create(
        name=STATE, defaults={"until": today, "built_at": timezone.now()}
    )
    return written


def rollups_refresh_full() -> int:
    return rollups_refresh(full=True)
