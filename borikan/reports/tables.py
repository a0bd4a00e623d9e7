"""Every report as a table (title, headers, rows): what the exports, the PDF and the API share."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext as _

from borikan.core.models import User
from borikan.reports.filters import ReportError, ReportFilters
from borikan.reports.records import RECORD_KINDS, record_headers, record_rows, records
from borikan.reports.selectors import (
    DIMENSION_LABELS,
    SATISFACTION_DIMENSIONS,
    STEP_DIMENSIONS,
    VOLUME_DIMENSIONS,
    Satisfaction,
    case_compliance,
    monthly_trend,
    ring_compliance,
    satisfaction,
    satisfaction_by,
    step_compliance,
    steps_total,
    volumes,
)


@dataclass
class Table:
    name: str
    title: str
    headers: list[str]
    rows: Iterable[list[Any]]


def percent(value: float | None) -> float | None:
    """A share as a percentage with one decimal (what people read and export)."""
    return None if value is None else round(value * 100, 1)


def report_names() -> list[str]:
    names = [f"volumes-{d}" for d in VOLUME_DIMENSIONS]
    names += ["satisfaction"] + [f"satisfaction-{d}" for d in SATISFACTION_DIMENSIONS]
    names += ["steps"] + [f"steps-{d}" for d in STEP_DIMENSIONS if d]
    names += ["standards", "trend"] + [f"records-{k}" for k in RECORD_KINDS]
    return names


def _satisfaction_cells(s: Satisfaction) -> list[Any]:
    return [
        s.requests,
        s.responses,
        percent(s.response_rate),
        s.impressed,
        s.satisfied,
        s.dissatisfied,
        percent(s.rate),
        s.target,
    ]


def _satisfaction_headers() -> list[str]:
    return [
        _("requests"),
        _("responses"),
        _("response rate (%)"),
        _("impressed"),
        _("satisfied"),
        _("dissatisfied"),
        _("satisfaction rate (%)"),
        _("target (%)"),
    ]


def standards_rows(*, user: User, filters: ReportFilters) -> list[list[Any]]:
    """One row per standard: (standard, part, whole, share %, target %)."""
    s = satisfaction(user=user, filters=filters)
    timed, within = steps_total(user=user, filters=filters)
    rings = ring_compliance(user=user, filters=filters)
    cases = case_compliance(user=user, filters=filters)
    steps_share = within / timed if timed else None
    rings_label = _("Calls answered within %(rings)s rings") % {"rings": rings.rings}
    return [
        [_("Satisfied clients"), s.satisfied_total, s.responses, percent(s.rate), s.target],
        [_("Response rate"), s.responses, s.requests, percent(s.response_rate), None],
        [_("Steps within standard time"), within, timed, percent(steps_share), None],
        [rings_label, rings.within, rings.answered, percent(rings.share), None],
        [
            _("Cases concluded within 15 working days"),
            cases.within,
            cases.concluded,
            percent(cases.share),
            None,
        ],
        [_("Cases overdue today"), cases.overdue, None, None, None],
    ]


def report_table(
    name: str, *, user: User, filters: ReportFilters, params: dict[str, Any] | None = None
) -> Table:
    """The table of report `name` (see `report_names`); ReportError for an unknown one."""
    params = params or {}
    kind, _sep, by = name.partition("-")
    if kind == "volumes" and by in VOLUME_DIMENSIONS:
        rows = volumes(user=user, filters=filters, by=by)
        total = sum(r.count for r in rows)
        return Table(
            name,
            _("Volume by %(dimension)s") % {"dimension": str(DIMENSION_LABELS[by])},
            [str(DIMENSION_LABELS[by]), _("code"), _("interactions"), _("share (%)")],
            [[r.label, r.key, r.count, percent(r.count / total if total else None)] for r in rows],
        )
    if name == "satisfaction":
        s = satisfaction(user=user, filters=filters)
        return Table(name, _("Satisfaction"), _satisfaction_headers(), [_satisfaction_cells(s)])
    if kind == "satisfaction" and by in SATISFACTION_DIMENSIONS:
        grouped = satisfaction_by(user=user, filters=filters, by=by)
        return Table(
            name,
            _("Satisfaction by %(dimension)s") % {"dimension": str(DIMENSION_LABELS[by])},
            [str(DIMENSION_LABELS[by]), _("code"), *_satisfaction_headers()],
            [[label, key, *_satisfaction_cells(s)] for key, label, s in grouped],
        )
    if kind == "steps" and (by in STEP_DIMENSIONS):
        steps = step_compliance(user=user, filters=filters, by=by)
        headers = [_("service"), _("step"), _("title")]
        if by:
            headers += [str(DIMENSION_LABELS[by]), _("code")]
        headers += [_("timed"), _("within standard"), _("share (%)")]
        return Table(
            name,
            _("Steps within standard time"),
            headers,
            [
                [
                    r.service,
                    r.step,
                    r.title,
                    *([r.label, r.key] if by else []),
                    r.timed,
                    r.within,
                    percent(r.share),
                ]
                for r in steps
            ],
        )
    if name == "standards":
        return Table(
            name,
            _("Service standards"),
            [_("standard"), _("met"), _("out of"), _("share (%)"), _("target (%)")],
            standards_rows(user=user, filters=filters),
        )
    if name == "trend":
        return Table(
            name,
            _("Monthly trend"),
            [
                _("month"), _("interactions"), _("responses"), _("satisfaction rate (%)"),
                _("steps within standard (%)"), _("calls answered"),
                _("answered within the rings (%)"), _("cases received"),
                _("cases concluded within 15 working days (%)"),
            ],
            [
                [m.label, m.interactions, m.satisfaction.responses,
                 percent(m.satisfaction.rate), percent(m.steps_share), m.rings.answered,
                 percent(m.rings.share), m.cases.received, percent(m.cases.share)]
                for m in monthly_trend(user=user, filters=filters)
            ],
        )  # fmt: skip
    if kind == "records" and by in RECORD_KINDS:
        qs = records(user=user, filters=filters, kind=by, params=params)
        return Table(name, _("Records"), record_headers(by), record_rows(by, qs))
    raise ReportError(_("Unknown report."), code="unknown_report", status=404)
