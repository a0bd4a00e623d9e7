"""The supervisors' dashboard, the records behind each figure, and the exports."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from borikan.catalog.selectors import service_list
from borikan.core.errors import DomainError
from borikan.core.http import acting_user
from borikan.core.models import AuditEntry
from borikan.core.paging import page_rows
from borikan.core.selectors import agency_list, office_list_visible_to
from borikan.core.services import audit_record
from borikan.interactions.models import Channel
from borikan.reports import charts
from borikan.reports.exports import csv_response, xlsx_response
from borikan.reports.filters import (
    ReportError,
    ReportFilters,
    default_filters,
    filters_from,
    month_end,
    month_start,
)
from borikan.reports.pdf import PERIODS, period_filters, report_pdf
from borikan.reports.records import RECORD_KINDS, record_headers, record_rows, records
from borikan.reports.selectors import Dashboard, dashboard
from borikan.reports.tables import percent, report_names, report_table

PAGE_SIZE = 50


def records_url(kind: str, filters: ReportFilters, **extra: Any) -> str:
    return f"{reverse('reports:records', args=[kind])}?{filters.query(**extra)}"


def _filters(request: HttpRequest) -> tuple[ReportFilters, str]:
    """The filters asked for, or the defaults with the reason they were refused."""
    try:
        return filters_from(request.GET), ""
    except ReportError as exc:
        return default_filters(), str(exc.message)


def _choices(request: HttpRequest) -> dict[str, Any]:
    user = acting_user(request)
    return {
        "offices": office_list_visible_to(user=user),
        "agencies": agency_list(),
        "channels": Channel.choices,
        "services": service_list(),
    }


def _charts(data: Dashboard) -> dict[str, Any]:
    f = data.filters
    drill = {"service": "service", "agency": "agency", "channel": "channel"}
    volume_charts = []
    for by, title in (
        ("channel", _("Interactions by channel")),
        ("service", _("Interactions by service")),
        ("agency", _("Interactions by agency")),
        ("province", _("Interactions by province")),
        ("topic", _("Interactions by topic")),
    ):
        bars = [
            charts.Bar(
                label=row.label,
                value=row.count,
                href=records_url("interactions", f, **{drill.get(by, by): row.key}),
            )
            for row in data.volumes[by]
        ]
        volume_charts.append((by, title, charts.bar_chart(bars, title=str(title))))
    months = [m.label for m in data.trend]
    month_links = [records_url("interactions", f.with_range(m.first, m.last)) for m in data.trend]
    response_links = [records_url("responses", f.with_range(m.first, m.last)) for m in data.trend]
    trend_volume = charts.line_chart(
        months,
        [charts.Series(_("Interactions"), [m.interactions for m in data.trend], month_links)],
        title=_("Interactions per month"),
    )
    target = data.satisfaction.target
    trend_standards = charts.line_chart(
        months,
        [
            charts.Series(
                _("Satisfied"), [percent(m.satisfaction.rate) for m in data.trend], response_links
            ),
            charts.Series(_("Steps on time"), [percent(m.steps_share) for m in data.trend]),
            charts.Series(_("Within 15 days"), [percent(m.cases.share) for m in data.trend]),
        ],
        title=_("Standards per month"),
        percent=True,
        target=target,
        target_label=_("target %(target)s%%") % {"target": f"{target:g}"},
    )
    satisfaction_bars = [
        charts.Bar(
            label=label,
            value=percent(s.rate) or 0,
            text=f"{percent(s.rate)}% ({s.responses})" if s.rate is not None else "–",
            href=records_url("responses", f, channel=key),
        )
        for key, label, s in data.satisfaction_by_channel
    ]
    return {
        "volume_charts": volume_charts,
        "trend_volume": trend_volume,
        "trend_standards": trend_standards,
        "satisfaction_chart": charts.bar_chart(
            satisfaction_bars, title=str(_("Satisfaction by channel"))
        ),
    }


def _kpis(data: Dashboard) -> list[dict[str, Any]]:
    f, s, rings, cases = data.filters, data.satisfaction, data.rings, data.cases

    def met(share: float | None, target: float | None = None) -> str:
        if share is None or target is None:
            return ""
        return "met" if share * 100 >= target else "missed"

    return [
        {
            "id": "kpi-satisfaction",
            "label": _("Satisfied clients (target %(target)s%%)") % {"target": f"{s.target:g}"},
            "value": percent(s.rate),
            "detail": f"{s.satisfied_total:,} / {s.responses:,}",
            "href": records_url("responses", f),
            "state": met(s.rate, s.target),
        },
        {
            "id": "kpi-response-rate",
            "label": _("Response rate"),
            "value": percent(s.response_rate),
            "detail": f"{s.responses:,} / {s.requests:,}",
            "href": records_url("responses", f),
        },
        {
            "id": "kpi-steps",
            "label": _("Steps within standard time"),
            "value": percent(data.steps_share),
            "detail": f"{data.steps_within:,} / {data.steps_timed:,}",
            "href": records_url("steps", f, within=1),
        },
        {
            "id": "kpi-rings",
            "label": _("Calls answered within %(rings)s rings") % {"rings": rings.rings},
            "value": percent(rings.share),
            "detail": f"{rings.within:,} / {rings.answered:,}",
            "href": records_url("calls", f, within=1),
        },
        {
            "id": "kpi-cases",
            "label": _("Cases concluded within 15 working days"),
            "value": percent(cases.share),
            "detail": f"{cases.within:,} / {cases.concluded:,}",
            "href": records_url("cases", f, state="within"),
        },
        {
            "id": "kpi-overdue",
            "label": _("Cases overdue today"),
            "value": cases.overdue,
            "detail": _("of %(open)s open cases received in the range") % {"open": cases.open},
            "href": records_url("cases", f, state="overdue"),
            "state": "missed" if cases.overdue else "met",
            "count": True,
        },
        {
            "id": "kpi-volume",
            "label": _("Interactions"),
            "value": data.interactions,
            "detail": "",
            "href": records_url("interactions", f),
            "count": True,
        },
    ]


@login_required
def dashboard_view(request: HttpRequest) -> HttpResponse:
    """The supervisors' dashboard: volumes, satisfaction and the standards, with charts."""
    user = acting_user(request)
    filters, error = _filters(request)
    data = dashboard(user=user, filters=filters)
    # The PDF is of whole months: the range's last one, or last month while this one runs.
    today = timezone.localdate()
    last_month = filters.date_to if month_end(filters.date_to) < today else month_start(today, 1)
    context = {
        "data": data,
        "filters": filters,
        "error": error,
        "kpis": _kpis(data),
        "query": filters.query(),
        "reports": report_names(),
        "pdf_month": last_month.strftime("%Y-%m"),
        "periods": PERIODS,
        "step_links": [
            (
                row,
                records_url("steps", filters, step=f"{row.service}:{row.step}"),
                records_url("steps", filters, step=f"{row.service}:{row.step}", within=0),
            )
            for row in data.steps
        ],
        **_charts(data),
        **_choices(request),
    }
    return render(request, "reports/dashboard.html", context, status=400 if error else 200)


@login_required
def records_view(request: HttpRequest, kind: str) -> HttpResponse:
    """The records behind a figure, 50 a page."""
    user = acting_user(request)
    if kind not in RECORD_KINDS:
        return render(
            request, "reports/error.html", {"error": _("Unknown kind of record.")}, status=404
        )
    try:
        filters = filters_from(request.GET)
        qs = records(user=user, filters=filters, kind=kind, params=request.GET)
    except ReportError as exc:
        return render(request, "reports/error.html", {"error": exc.message}, status=exc.status)
    page, objects = page_rows(qs, PAGE_SIZE, request.GET.get("page"))
    rows = list(record_rows(kind, objects))
    extra = {k: v for k, v in request.GET.items() if k != "page"}
    context = {
        "kind": kind,
        "filters": filters,
        "headers": record_headers(kind),
        "rows": rows,
        "page": page,
        "query": filters.query(**extra),
        "export_name": f"records-{kind}",
    }
    return render(request, "reports/records.html", context)


@login_required
def export_view(request: HttpRequest, name: str, fmt: str) -> HttpResponseBase:
    """A report as CSV or Excel, streamed; records exports are written to the audit log."""
    user = acting_user(request)
    try:
        filters = filters_from(request.GET)
        table = report_table(name, user=user, filters=filters, params=dict(request.GET.items()))
    except DomainError as exc:
        return render(request, "reports/error.html", {"error": exc.message}, status=exc.status)
    if name.startswith("records-"):
        audit_record(
            actor=user,
            action=AuditEntry.Action.EXPORT,
            object_type=f"reports.{name}",
            object_repr=filters.query(),
            request=request,
        )
    filename = f"borikan-{name}-{filters.date_from:%Y%m%d}-{filters.date_to:%Y%m%d}"
    if fmt == "csv":
        return csv_response(filename, table.headers, table.rows)
    return xlsx_response(filename, table.title, table.headers, table.rows)


@login_required
def pdf_view(request: HttpRequest) -> HttpResponse:
    """The 1-, 6- or 12-month report as a PDF in Thai, ending with `month` (YYYY-MM)."""
    user = acting_user(request)
    try:
        months = int(request.GET.get("months", "1"))
        raw = request.GET.get("month", "") or timezone.localdate().strftime("%Y-%m")
        last = dt.date.fromisoformat(f"{raw[:7]}-01")
    except ValueError:
        return render(
            request,
            "reports/error.html",
            {"error": _("Give the month as YYYY-MM and the period as 1, 6 or 12 months.")},
            status=400,
        )
    try:
        base = filters_from(request.GET)
        filters = period_filters(months=months, last=last, base=base)
        content = report_pdf(user=user, filters=filters, months=months)
    except DomainError as exc:
        return render(request, "reports/error.html", {"error": exc.message}, status=exc.status)
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = (
        f'inline; filename="borikan-report-{months}m-{last:%Y-%m}.pdf"'
    )
    return response
