"""What a report is about: a date range (Bangkok dates, both ends included), and optionally one
office, agency, channel or service. Parsed from a query string, with clear errors."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, replace
from typing import Any
from urllib.parse import urlencode
from zoneinfo import ZoneInfo

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from borikan.core.errors import DomainError, interpolate
from borikan.core.models import Agency, Office
from borikan.interactions.models import Channel

# Longer ranges are a typo, and would make every figure scan the whole history.
MAX_DAYS = 3 * 366
DEFAULT_MONTHS = 6


class ReportError(DomainError):
    code = "report_invalid"


def local_tz() -> ZoneInfo:
    return ZoneInfo(settings.TIME_ZONE)


def month_start(day: dt.date, back: int = 0) -> dt.date:
    """The first day of `day`'s month, `back` months earlier."""
    index = day.year * 12 + day.month - 1 - back
    return dt.date(index // 12, index % 12 + 1, 1)


def month_end(day: dt.date) -> dt.date:
    return month_start(day, back=-1) - dt.timedelta(days=1)


@dataclass(frozen=True)
class ReportFilters:
    date_from: dt.date
    date_to: dt.date
    office: str = ""
    agency: str = ""
    channel: str = ""
    service: str = ""

    @property
    def start(self) -> dt.datetime:
        """Midnight in Bangkok at the start of `date_from`."""
        return dt.datetime.combine(self.date_from, dt.time(), tzinfo=local_tz())

    @property
    def end(self) -> dt.datetime:
        """Midnight in Bangkok after `date_to` (excluded)."""
        return dt.datetime.combine(
            self.date_to + dt.timedelta(days=1), dt.time(), tzinfo=local_tz()
        )

    def months(self) -> list[tuple[dt.date, dt.date]]:
        """Each calendar month the range touches, clipped to the range."""
        months = []
        first = month_start(self.date_from)
        while first <= self.date_to:
            last = month_end(first)
            months.append((max(first, self.date_from), min(last, self.date_to)))
            first = last + dt.timedelta(days=1)
        return months

    def with_range(self, date_from: dt.date, date_to: dt.date) -> ReportFilters:
        return replace(self, date_from=date_from, date_to=date_to)

    def with_channel(self, channel: str) -> ReportFilters:
        return replace(self, channel=channel)

    def params(self) -> dict[str, str]:
        values = {
            "from": self.date_from.isoformat(),
            "to": self.date_to.isoformat(),
            "office": self.office,
            "agency": self.agency,
            "channel": self.channel,
            "service": self.service,
        }
        return {key: value for key, value in values.items() if value}

    def query(self, **extra: Any) -> str:
        """The query string of these filters plus `extra` (a drill-down's dimension)."""
        params = self.params()
        params.update({key: str(value) for key, value in extra.items() if value not in ("", None)})
        return urlencode(params)


def default_filters(today: dt.date | None = None) -> ReportFilters:
    """The last six months up to today: the current month and the five before it."""
    today = today or timezone.localdate()
    return ReportFilters(date_from=month_start(today, back=DEFAULT_MONTHS - 1), date_to=today)


def _date(params: Mapping[str, Any], key: str, default: dt.date) -> dt.date:
    raw = str(params.get(key) or "").strip()
    if not raw:
        return default
    try:
        return dt.date.fromisoformat(raw[:10])
    except ValueError:
        raise ReportError(
            interpolate(_("The date “%(value)s” is not valid: use YYYY-MM-DD."), value=raw[:20]),
            code="bad_date",
            details={"field": key},
        ) from None


def filters_from(params: Mapping[str, Any], *, today: dt.date | None = None) -> ReportFilters:
    """Filters from a query string (`from`, `to`, `office`, `agency`, `channel`, `service`)."""
    base = default_filters(today)
    date_from = _date(params, "from", base.date_from)
    date_to = _date(params, "to", base.date_to)
    if date_to < date_from:
        raise ReportError(
            _("The end date is before the start date."), code="bad_range", details={"field": "to"}
        )
    if (date_to - date_from).days > MAX_DAYS:
        raise ReportError(
            _("A report covers at most three years."),
            code="range_too_long",
            details={"field": "to"},
        )
    office = str(params.get("office") or "").strip().upper()[:16]
    if office and not Office.objects.filter(code=office).exists():
        raise ReportError(
            _("Unknown office code."), code="unknown_office", details={"field": "office"}
        )
    agency = str(params.get("agency") or "").strip().upper()[:16]
    if agency and not Agency.objects.filter(code=agency).exists():
        raise ReportError(
            _("Unknown agency code."), code="unknown_agency", details={"field": "agency"}
        )
    channel = str(params.get("channel") or "").strip().lower()[:10]
    if channel and channel not in Channel.values:
        raise ReportError(
            _("Unknown channel."), code="unknown_channel", details={"field": "channel"}
        )
    service = str(params.get("service") or "").strip().upper()[:4]
    return ReportFilters(
        date_from=date_from,
        date_to=date_to,
        office=office,
        agency=agency,
        channel=channel,
        service=service,
    )
