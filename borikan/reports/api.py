"""Reports API (scope `reports`): the dashboard's figures, every report as a table, and the
exports (CSV, Excel, PDF) for other systems; the same filters as the pages."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any, Literal

from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.utils.translation import gettext_lazy as _
from ninja import Field, Query, Router, Schema

from borikan.api.auth import api_user, scoped
from borikan.api.schemas import ErrorOut
from borikan.reports.exports import csv_response, xlsx_response
from borikan.reports.filters import ReportError, ReportFilters, filters_from
from borikan.reports.pdf import period_filters, report_pdf
from borikan.reports.selectors import dashboard
from borikan.reports.tables import percent, report_names, report_table

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

router = Router(tags=["reports"], auth=scoped("reports"))


class FiltersIn(Schema):
    date_from: dt.date | None = Field(None, alias="from")
    date_to: dt.date | None = Field(None, alias="to")
    office: str = Field("", max_length=16)
    agency: str = Field("", max_length=16)
    channel: str = Field("", max_length=10)
    service: str = Field("", max_length=4)

    def parsed(self) -> ReportFilters:
        return filters_from(
            {
                "from": self.date_from.isoformat() if self.date_from else "",
                "to": self.date_to.isoformat() if self.date_to else "",
                "office": self.office,
                "agency": self.agency,
                "channel": self.channel,
                "service": self.service,
            }
        )


class Share(Schema):
    part: int
    whole: int
    percent: float | None


class SummaryOut(Schema):
    date_from: dt.date
    date_to: dt.date
    interactions: int
    satisfaction: Share
    satisfaction_target: float
    satisfaction_met: bool | None
    response_rate: Share
    ratings: dict[str, int]
    steps_within_standard: Share
    answered_within_rings: Share
    rings: int
    cases_concluded_within_due: Share
    cases_overdue: int


class TableOut(Schema):
    name: str
    title: str
    headers: list[str]
    rows: list[list[Any]]


def _share(part: int, whole: int) -> dict[str, Any]:
    return {"part": part, "whole": whole, "percent": percent(part / whole) if whole else None}


@router.get("/summary", response={200: SummaryOut, 400: ErrorOut, 401: ErrorOut})
def reports_summary(request: HttpRequest, filters: Query[FiltersIn]) -> dict[str, Any]:
    """The dashboard's key figures for the filters (default: the last six months)."""
    f = filters.parsed()
    data = dashboard(user=api_user(request), filters=f)
    s = data.satisfaction
    return {
        "date_from": f.date_from,
        "date_to": f.date_to,
        "interactions": data.interactions,
        "satisfaction": _share(s.satisfied_total, s.responses),
        "satisfaction_target": s.target,
        "satisfaction_met": s.met,
        "response_rate": _share(s.responses, s.requests),
        "ratings": {"1": s.impressed, "2": s.satisfied, "3": s.dissatisfied},
        "steps_within_standard": _share(data.steps_within, data.steps_timed),
        "answered_within_rings": _share(data.rings.within, data.rings.answered),
        "rings": data.rings.rings,
        "cases_concluded_within_due": _share(data.cases.within, data.cases.concluded),
        "cases_overdue": data.cases.overdue,
    }


@router.get("/tables", response={200: list[str], 401: ErrorOut})
def reports_tables(request: HttpRequest) -> list[str]:
    """The names of the reports."""
    return report_names()


@router.get("/tables/{name}", response={200: TableOut, 400: ErrorOut, 401: ErrorOut, 404: ErrorOut})
def reports_table(
    request: HttpRequest,
    name: str,
    filters: Query[FiltersIn],
    limit: Annotated[int, Field(ge=1, le=1000)] = 200,
) -> dict[str, Any]:
    """One report as a table (records: the first `limit` rows; export for all of them)."""
    table = report_table(
        name, user=api_user(request), filters=filters.parsed(), params=dict(request.GET.items())
    )
    rows = []
    for i, row in enumerate(table.rows):
        if i >= limit:
            break
        rows.append(row)
    return {"name": table.name, "title": table.title, "headers": table.headers, "rows": rows}


@router.get(
    "/export/{name}",
    response={400: ErrorOut, 401: ErrorOut, 404: ErrorOut},
    openapi_extra={
        "responses": {
            "200": {
                "description": "The report as CSV or Excel, streamed",
                "content": {
                    "text/csv": {"schema": {"type": "string"}},
                    XLSX_TYPE: {"schema": {"type": "string", "format": "binary"}},
                },
            }
        }
    },
)
def reports_export(
    request: HttpRequest,
    name: str,
    filters: Query[FiltersIn],
    format: Literal["csv", "xlsx"] = "csv",
) -> HttpResponseBase:
    """One report, whole, as CSV or Excel (streamed)."""
    f = filters.parsed()
    table = report_table(name, user=api_user(request), filters=f, params=dict(request.GET.items()))
    filename = f"borikan-{name}-{f.date_from:%Y%m%d}-{f.date_to:%Y%m%d}"
    if format == "csv":
        return csv_response(filename, table.headers, table.rows)
    return xlsx_response(filename, table.title, table.headers, table.rows)


@router.get(
    "/pdf",
    response={400: ErrorOut, 401: ErrorOut, 503: ErrorOut},
    openapi_extra={
        "responses": {
            "200": {
                "description": "The report in Thai as a PDF",
                "content": {"application/pdf": {"schema": {"type": "string", "format": "binary"}}},
            }
        }
    },
)
def reports_pdf(
    request: HttpRequest,
    filters: Query[FiltersIn],
    month: Annotated[str, Field(pattern=r"^\d{4}-\d{2}$")],
    months: Annotated[int, Field(description="1, 6 or 12")] = 1,
) -> HttpResponse:
    """The 1-, 6- or 12-month report in Thai as a PDF, ending with `month` (YYYY-MM)."""
    try:
        last = dt.date.fromisoformat(f"{month}-01")
    except ValueError:
        raise ReportError(_("Give the month as YYYY-MM."), code="bad_month") from None
    f = period_filters(months=months, last=last, base=filters.parsed())
    content = report_pdf(user=api_user(request), filters=f, months=months)
    return HttpResponse(content, content_type="application/pdf")
