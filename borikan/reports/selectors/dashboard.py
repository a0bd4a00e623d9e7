"""The monthly trend and everything the dashboard shows, from the figures."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from borikan.core.models import User
from borikan.reports.filters import ReportFilters
from borikan.reports.selectors.base import Row, month_label, ratio
from borikan.reports.selectors.figures import (
    CaseFigures,
    Rings,
    Satisfaction,
    StepRow,
    case_compliance,
    interactions_count,
    month_filters,
    ring_compliance,
    satisfaction,
    satisfaction_by,
    step_compliance,
    steps_total,
    volumes,
)


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
    for first, sub in month_filters(filters):
        timed, within = steps_total(user=user, filters=sub)
        rows.append(
            MonthRow(
                month=first.strftime("%Y-%m"),
                label=month_label(first),
                first=sub.date_from,
                last=sub.date_to,
                interactions=interactions_count(user=user, filters=sub),
                satisfaction=satisfaction(user=user, filters=sub),
                steps_timed=timed,
                steps_within=within,
                rings=ring_compliance(user=user, filters=sub),
                cases=case_compliance(user=user, filters=sub, with_overdue=False),
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
        interactions=interactions_count(user=user, filters=filters),
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
