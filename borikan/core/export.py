"""Rows of a queryset as JSON-ready dicts, for machine-readable exports (PDPA right of access)."""

from __future__ import annotations

import datetime as dt
import decimal
import uuid
from collections.abc import Sequence
from typing import Any

from django.db.models import Model, QuerySet


def _plain(value: Any) -> Any:
    if isinstance(value, dt.datetime | dt.date | dt.time):
        return value.isoformat()
    if isinstance(value, decimal.Decimal | uuid.UUID):
        return str(value)
    return value


def export_rows(queryset: QuerySet[Model], fields: Sequence[str]) -> list[dict[str, Any]]:
    return [
        {key: _plain(value) for key, value in row.items()}
        for row in queryset.order_by("pk").values(*fields)
    ]


# What an erased free-text field says instead of what the person wrote.
ERASED_TEXT = "[ลบข้อมูลส่วนบุคคลตามคำขอ / personal data erased]"
