"""The records behind each figure (the drill-down): the same filters as the figure, plus the
dimension the figure was counted by. Lists and exports read these, row by row."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Mapping
from typing import Any

from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from borikan.core.errors import interpolate
from borikan.core.models import User
from borikan.reports.filters import ReportError, ReportFilters
from borikan.reports.selectors import (
    calls_for,
    cases_for,
    cases_overdue_for,
    concluded_within_q,
    interactions_for,
    responses_for,
    rings_standard,
    rings_within_q,
    steps_for,
    with_concluded,
)

RECORD_KINDS = ("interactions", "responses", "steps", "calls", "cases")
CASE_STATES = ("", "concluded", "within", "late", "open", "overdue")
CHUNK = 500


def _flag(params: Mapping[str, Any], name: str) -> bool | None:
    value = str(params.get(name, "")).strip()
    if value == "":
        return None
    if value not in {"0", "1"}:
        raise ReportError(interpolate(_("“%(name)s” must be 0 or 1."), name=name), code="bad_flag")
    return value == "1"


def records(
    *, user: User, filters: ReportFilters, kind: str, params: Mapping[str, Any]
) -> QuerySet[Any]:
    """The records of one kind behind a figure, newest first."""
    if kind == "interactions":
        qs: QuerySet[Any] = interactions_for(user=user, filters=filters).select_related(
            "service", "agency", "office", "staff"
        )
        if params.get("province"):
            qs = qs.filter(office__province__code=str(params["province"])[:8])
        if "topic" in params:
            qs = qs.filter(category=str(params["topic"])[:100])
        if params.get("staff"):
            qs = qs.filter(staff__username=str(params["staff"])[:150])
        return qs.order_by("-started_at", "-id")
    if kind == "responses":
        qs = responses_for(user=user, filters=filters).select_related(
            "service", "agency", "office", "staff"
        )
        if str(params.get("score", "")) in {"1", "2", "3"}:
            qs = qs.filter(score=int(params["score"]))
        satisfied = _flag(params, "satisfied")
        if satisfied is not None:
            qs = qs.filter(score__lte=2) if satisfied else qs.filter(score=3)
        if params.get("source"):
            qs = qs.filter(source=str(params["source"])[:10])
        return qs.order_by("-responded_at", "-id")
    if kind == "steps":
        qs = steps_for(user=user, filters=filters).select_related(
            "interaction__service", "interaction__staff", "interaction__office"
        )
        step = str(params.get("step", ""))
        if ":" in step:
            service, key = step.split(":", 1)
            qs = qs.filter(interaction__service__code=service[:4], step_key=key[:50])
        within = _flag(params, "within")
        if within is not None:
            qs = qs.filter(within_standard=within)
        if params.get("staff"):
            qs = qs.filter(interaction__staff__username=str(params["staff"])[:150])
        return qs.order_by("-started_at", "-id")
    if kind == "calls":
        qs = calls_for(user=user, filters=filters).select_related("agent")
        answered = _flag(params, "answered")
        if answered is not None:
            qs = qs.filter(answered_at__isnull=not answered)
        within = _flag(params, "within")
        if within is not None:
            _rings, seconds = rings_standard()
            condition = rings_within_q(seconds)
            qs = qs.filter(answered_at__isnull=False)
            qs = qs.filter(condition) if within else qs.exclude(condition)
        return qs.order_by("-started_at", "-id")
    if kind == "cases":
        state = str(params.get("state", ""))
        if state not in CASE_STATES:
            raise ReportError(_("Unknown case state."), code="bad_state")
        if state == "overdue":
            qs = cases_overdue_for(user=user, filters=filters)
        else:
            qs = with_concluded(cases_for(user=user, filters=filters))
            if state in ("concluded", "within", "late"):
                qs = qs.filter(Q(concluded_at__isnull=False))
            if state == "within":
                qs = qs.filter(concluded_within_q())
            elif state == "late":
                qs = qs.exclude(concluded_within_q())
            elif state == "open":
                from borikan.cases.models import OPEN_STATUSES

                qs = qs.filter(status__in=OPEN_STATUSES)
        return qs.select_related("service", "agency", "office").order_by("-received_at", "-id")
    raise ReportError(_("Unknown kind of record."), code="bad_kind", status=404)


def _local(moment: dt.datetime | None) -> str:
    return timezone.localtime(moment).strftime("%Y-%m-%d %H:%M:%S") if moment else ""


def record_headers(kind: str) -> list[str]:
    headers: dict[str, list[Any]] = {
        "interactions": [
            "id", _("started"), _("channel"), _("service"), _("agency"), _("office"),
            _("topic"), _("subject"), _("outcome"), _("staff"), _("minutes"),
        ],
        "responses": [
            "id", _("responded"), _("channel"), _("source"), _("rating"), _("service"),
            _("agency"), _("office"), _("staff"), _("comment"),
        ],
        "steps": [
            "id", _("started"), _("service"), _("step"), _("seconds"), _("standard (seconds)"),
            _("within standard"), _("staff"), _("office"), _("interaction"),
        ],
        "calls": [
            _("call id"), _("rang at"), _("answered at"), _("ring seconds"), _("agent"),
            _("hotline"), _("end cause"),
        ],
        "cases": [
            _("ticket number"), _("received"), _("service"), _("agency"), _("office"),
            _("status"), _("due"), _("concluded"), _("subject"),
        ],
    }  # fmt: skip
    return [str(h) for h in headers[kind]]


def _each(objects: Any) -> Iterator[Any]:
    """A query's objects read in chunks (constant memory), or a page's objects as they are."""
    if isinstance(objects, QuerySet):
        yield from objects.iterator(chunk_size=CHUNK)
    else:
        yield from objects


def record_rows(kind: str, qs: Any) -> Iterator[list[Any]]:
    """The rows of `qs` (a query, or one page's objects) for a list or an export."""
    if kind == "interactions":
        for i in _each(qs):
            yield [
                i.pk, _local(i.started_at), i.channel, i.service.code,
                i.agency.code if i.agency else "", i.office.code if i.office else "",
                i.category, i.subject, i.outcome, i.staff.username,
                round(i.duration_seconds / 60, 1),
            ]  # fmt: skip
    elif kind == "responses":
        for r in _each(qs):
            yield [
                r.pk, _local(r.responded_at), r.channel, r.source, r.score,
                r.service.code if r.service else "", r.agency.code if r.agency else "",
                r.office.code if r.office else "", r.staff.username if r.staff else "",
                r.comment,
            ]  # fmt: skip
    elif kind == "steps":
        for s in _each(qs):
            yield [
                s.pk, _local(s.started_at), s.interaction.service.code, s.step_key,
                round(s.seconds), s.standard_max_seconds, int(bool(s.within_standard)),
                s.interaction.staff.username,
                s.interaction.office.code if s.interaction.office else "", s.interaction_id,
            ]  # fmt: skip
    elif kind == "calls":
        for c in _each(qs):
            ring = c.ring_seconds
            yield [
                c.call_id, _local(c.started_at), _local(c.answered_at),
                "" if ring is None else round(ring, 1), c.agent.username if c.agent else "",
                c.hotline, c.cause,
            ]  # fmt: skip
    elif kind == "cases":
        for k in _each(qs):
            concluded = k.answered_at or k.closed_at
            yield [
                k.number, _local(k.received_at), k.service.code,
                k.agency.code if k.agency else "", k.office.code if k.office else "", k.status,
                k.due_date.isoformat(), _local(concluded), k.subject,
            ]  # fmt: skip
