"""The figures of the reports, read-only and scoped to who asks (supervisors, the director and
administrators see everything; officers their agency; front-line staff their office).

Every figure keeps its counts, so a share is always `part / whole` of numbers one can drill
into; months are Bangkok calendar months, counted as date ranges.

- `base`: the records each figure counts (filters, scope) and labels;
- `figures`: volumes, satisfaction, steps within standard, rings, cases (rollups + records);
- `dashboard`: the monthly trend and the dashboard's bundle.
"""

from borikan.reports.selectors.base import (
    DIMENSION_LABELS,
    SATISFACTION_DIMENSIONS,
    STEP_DIMENSIONS,
    VOLUME_DIMENSIONS,
    Row,
    calls_for,
    cases_for,
    cases_overdue_for,
    interactions_for,
    month_label,
    offers_for,
    ratio,
    requests_for,
    responses_for,
    steps_for,
)
from borikan.reports.selectors.dashboard import Dashboard, MonthRow, dashboard, monthly_trend
from borikan.reports.selectors.figures import (
    CaseFigures,
    Rings,
    Satisfaction,
    StepRow,
    case_compliance,
    concluded_within_q,
    interactions_count,
    ring_compliance,
    rings_standard,
    rings_within_q,
    satisfaction,
    satisfaction_by,
    satisfaction_target,
    step_compliance,
    steps_total,
    volumes,
    with_concluded,
)

__all__ = [
    "DIMENSION_LABELS", "SATISFACTION_DIMENSIONS", "STEP_DIMENSIONS", "VOLUME_DIMENSIONS",
    "CaseFigures", "Dashboard", "MonthRow", "Rings", "Row", "Satisfaction", "StepRow",
    "calls_for", "case_compliance", "cases_for", "cases_overdue_for", "concluded_within_q",
    "dashboard", "interactions_count", "interactions_for", "month_label", "monthly_trend",
    "offers_for", "ratio", "requests_for", "responses_for", "ring_compliance", "rings_standard",
    "rings_within_q", "satisfaction", "satisfaction_by", "satisfaction_target",
    "step_compliance", "steps_for", "steps_total", "volumes", "with_concluded",
]  # fmt: skip
