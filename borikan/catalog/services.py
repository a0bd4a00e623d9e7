"""Writes of the catalogue: loading the services of the seed documents from data/services.json."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.apps import apps as global_apps
from django.apps.registry import Apps
from django.db import transaction

DATA_FILE = Path(__file__).resolve().parent / "data" / "services.json"

_STEP_DURATION_KEYS = ("minutes", "seconds", "working_days")


@dataclass(frozen=True)
class LoadResult:
    channels: int
    services: int
    steps: int


def _fields(model: Any) -> set[str]:
    return {field.name for field in model._meta.concrete_fields}


def _defaults(model: Any, row: dict[str, Any], *, skip: tuple[str, ...] = ()) -> dict[str, Any]:
    """The row's values for the model's fields. Keys the model does not have are left out, so
    that an old migration still runs after the file gains a field (notes start with "_")."""
    fields = _fields(model)
    return {k: v for k, v in row.items() if k in fields and k not in skip}


def _seconds_range(value: int | list[int], factor: int) -> tuple[int, int]:
    low, high = value if isinstance(value, list) else (value, value)
    return low * factor, high * factor


def step_duration_fields(row: dict[str, Any]) -> dict[str, int | None]:
    """{"minutes": [5, 20]} → 300–1200 seconds; {"minutes": 5} → 300–300; {"working_days": 15};
    no key → no standard time (the seed gives none)."""
    given = [key for key in _STEP_DURATION_KEYS if key in row]
    if len(given) > 1:
        raise ValueError(f"step {row.get('key')}: give one of {_STEP_DURATION_KEYS}, not {given}")
    fields: dict[str, int | None] = {
        "min_seconds": None,
        "max_seconds": None,
        "working_days": None,
    }
    if "minutes" in row:
        fields["min_seconds"], fields["max_seconds"] = _seconds_range(row["minutes"], 60)
    elif "seconds" in row:
        fields["min_seconds"], fields["max_seconds"] = _seconds_range(row["seconds"], 1)
    elif "working_days" in row:
        fields["working_days"] = int(row["working_days"])
    return fields


def catalog_load(*, apps: Apps = global_apps, path: Path = DATA_FILE) -> LoadResult:
    """Creates or updates channels, services and their steps, documents and laws from the data
    file; safe to run again (matched by code, by step key, and by order for texts).

    `apps` is the registry to take the models from: a migration passes its historical one.
    """
    data = json.loads(path.read_text(encoding="utf-8"))
    agency_model = apps.get_model("core", "Agency")
    channel_model = apps.get_model("catalog", "Channel")
    service_model = apps.get_model("catalog", "Service")
    step_model = apps.get_model("catalog", "Step")
    document_model = apps.get_model("catalog", "RequiredDocument")
    law_model = apps.get_model("catalog", "LegalBasis")

    steps = 0
    with transaction.atomic():
        channels = {}
        for row in data["channels"]:
            channels[row["code"]], _ = channel_model._default_manager.update_or_create(
                code=row["code"], defaults=_defaults(channel_model, row, skip=("code",))
            )
        for row in data["services"]:
            defaults = _defaults(service_model, row, skip=("code", "issuing_agency", "channels"))
            agency_code = row.get("issuing_agency")
            defaults["issuing_agency"] = (
                agency_model._default_manager.get(code=agency_code) if agency_code else None
            )
            service, _ = service_model._default_manager.update_or_create(
                code=row["code"], defaults=defaults
            )
            service.channels.set([channels[code] for code in row.get("channels", [])])

            for order, step_row in enumerate(row.get("steps", []), start=1):
                step_defaults = {
                    "order": order,
                    "responsible": "staff",
                    "role": "",
                    **_defaults(step_model, step_row, skip=("key", "service")),
                    **step_duration_fields(step_row),
                }
                step_model._default_manager.update_or_create(
                    service=service, key=step_row["key"], defaults=step_defaults
                )
                steps += 1
            for text_model, key in ((document_model, "documents"), (law_model, "laws")):
                for order, text_row in enumerate(row.get(key, []), start=1):
                    text_model._default_manager.update_or_create(
                        service=service,
                        order=order,
                        defaults=_defaults(text_model, text_row, skip=("service", "order")),
                    )
    return LoadResult(channels=len(channels), services=len(data["services"]), steps=steps)
